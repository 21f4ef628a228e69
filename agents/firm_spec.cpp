#include "agents/firm_spec.hpp"

#include <array>
#include <utility>

namespace alchemy {

namespace {
constexpr std::array<std::pair<FirmKind, std::string_view>, 5> kKindNames{{
    {FirmKind::lab, "lab"},
    {FirmKind::chipmaker, "chipmaker"},
    {FirmKind::cloud, "cloud"},
    {FirmKind::investor, "investor"},
    {FirmKind::lender, "lender"},
}};
}  // namespace

std::string_view to_string(FirmKind k) {
  for (const auto& [kind, name] : kKindNames) {
    if (kind == k) return name;
  }
  return "?";
}

std::optional<FirmKind> firm_kind_from_string(std::string_view s) {
  for (const auto& [kind, name] : kKindNames) {
    if (name == s) return kind;
  }
  return std::nullopt;
}

Date growth_scale_from() {
  static const Date from = Date::from_ymd(2026, 1, 1);
  return from;
}

double step_growth(const RevenueSpec& revenue, const GrowthStep& step) {
  return step.from >= growth_scale_from() ? step.growth * revenue.growth_scale : step.growth;
}

}  // namespace alchemy
