#include "sim/sweep/run_metrics.hpp"

#include <algorithm>
#include <cmath>

#include "sim/output/text_output.hpp"
#include "sim/world/scenario_spec.hpp"
#include "sim/world/world.hpp"

namespace alchemy {

namespace {

using Kind = MetricColumn::Kind;

// Per-firm columns, in this order, each once per reported firm.
struct FirmColumn {
  const char* name;
  Kind kind;
};
constexpr FirmColumn kFirmColumns[] = {
    {"defaulted", Kind::flag},       {"default_date", Kind::text},
    {"creditor_loss", Kind::number}, {"peak_drawdown", Kind::number},
    {"final_price", Kind::number},   {"final_market_value", Kind::number},
};

std::string date_cell(Date d) {
  return d == Date{} ? std::string() : d.iso();
}

}  // namespace

std::string metric_number(double v) {
  if (!std::isfinite(v)) return {};
  if (v == 0.0) v = 0.0;  // -0 → 0
  char buf[kMaxDoubleChars];
  return std::string(buf, write_double(buf, v));
}

std::vector<MetricColumn> metric_columns(const std::vector<std::string>& reported_firms) {
  std::vector<MetricColumn> out{
      {"defaults", Kind::number, ""},         {"first_default_date", Kind::text, ""},
      {"first_default_firm", Kind::text, ""}, {"largest_cascade", Kind::number, ""},
      {"final_sentiment", Kind::number, ""},  {"peak_rho", Kind::number, ""},
  };
  for (const FirmColumn& c : kFirmColumns) {
    for (const std::string& f : reported_firms) {
      out.push_back({std::string(c.name) + "." + f, c.kind, f});
    }
  }
  return out;
}

RunMetrics::RunMetrics(std::vector<std::string> reported_firms)
    : reported_(std::move(reported_firms)), firms_(reported_.size()) {}

void RunMetrics::begin(const RunHeader& h) {
  scenario_ = h.scenario;
  ids_ = h.firm_ids;
  slot_.assign(ids_.size(), -1);
  for (std::size_t i = 0; i < ids_.size(); ++i) {
    const auto it = std::find(reported_.begin(), reported_.end(), ids_[i]);
    if (it != reported_.end()) slot_[i] = static_cast<std::int32_t>(it - reported_.begin());
  }
}

void RunMetrics::event(const Event& e) {
  if (e.type == EventType::default_ && e.firm >= 0) {
    ++defaults_;
    if (first_default_firm_ < 0) {
      first_default_firm_ = e.firm;
      first_default_date_ = e.date;
    }
    const std::int32_t s = slot_[static_cast<std::size_t>(e.firm)];
    if (s >= 0 && !firms_[static_cast<std::size_t>(s)].defaulted) {
      firms_[static_cast<std::size_t>(s)].defaulted = true;
      firms_[static_cast<std::size_t>(s)].default_date = e.date;
    }
  } else if (e.type == EventType::default_settled && e.firm >= 0) {
    // The engine settles each default once; summed all the same, so the column reads as "all
    // its creditors lost on it" whatever the engine's rounds do.
    const std::int32_t s = slot_[static_cast<std::size_t>(e.firm)];
    if (s >= 0) firms_[static_cast<std::size_t>(s)].creditor_loss += e.amount;
  } else if (e.type == EventType::cascade) {
    for (std::uint8_t i = 0; i < e.field_count; ++i) {
      if (std::string_view(e.fields[i].key) == "size") {
        largest_cascade_ = std::max(largest_cascade_, e.fields[i].value);
      }
    }
  }
}

void RunMetrics::series(const SeriesRow& r) {
  const std::int32_t s = slot_[static_cast<std::size_t>(r.firm)];
  if (s < 0) return;
  Firm& f = firms_[static_cast<std::size_t>(s)];
  f.peak = std::max(f.peak, r.price);
  if (f.peak > 0.0) f.drawdown = std::max(f.drawdown, 1.0 - r.price / f.peak);
}

void RunMetrics::loop(const LoopRow& r) {
  if (r.loop_class != "rho") return;
  peak_rho_ = saw_rho_ ? std::max(peak_rho_, r.gain) : r.gain;
  saw_rho_ = true;
}

void RunMetrics::end_state(const World& w) {
  final_sentiment_ = w.market.sentiment;
  for (std::size_t i = 0; i < w.firms.size() && i < slot_.size(); ++i) {
    if (slot_[i] < 0) continue;
    const FirmState& fs = w.firms[i];
    // As series.csv prices a firm: market price if listed, accounting mark if private.
    const bool listed = scenario_ ? scenario_->firms[i].listed : true;
    const double price = listed ? fs.price : fs.mark;
    Firm& f = firms_[static_cast<std::size_t>(slot_[i])];
    f.final_price = price;
    f.final_market_value = price * std::max(fs.diluted_shares, fs.shares);
  }
}

std::vector<std::string> RunMetrics::cells() const {
  std::vector<std::string> out;
  out.reserve(6 + firms_.size() * std::size(kFirmColumns));
  out.push_back(std::to_string(defaults_));
  out.push_back(date_cell(first_default_date_));
  out.push_back(first_default_firm_ >= 0 ? ids_[static_cast<std::size_t>(first_default_firm_)]
                                         : std::string());
  out.push_back(metric_number(largest_cascade_));
  out.push_back(metric_number(final_sentiment_));
  out.push_back(saw_rho_ ? metric_number(peak_rho_) : std::string());
  for (const Firm& f : firms_)
    out.push_back(f.defaulted ? "1" : "0");
  for (const Firm& f : firms_)
    out.push_back(date_cell(f.default_date));
  for (const Firm& f : firms_)
    out.push_back(metric_number(f.creditor_loss.dollars()));
  for (const Firm& f : firms_)
    out.push_back(metric_number(f.drawdown));
  for (const Firm& f : firms_)
    out.push_back(metric_number(f.final_price));
  for (const Firm& f : firms_)
    out.push_back(metric_number(f.final_market_value));
  return out;
}

}  // namespace alchemy
