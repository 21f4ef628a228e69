#include "sim/run/world_io.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cmath>
#include <fstream>
#include <optional>
#include <sstream>
#include <stdexcept>
#include <system_error>

#include "sim/folder/sha256.hpp"
#include "sim/folder/version.hpp"
#include "sim/run/json_int.hpp"

namespace alchemy {

namespace fs = std::filesystem;
using nlohmann::json;

CheckpointError::CheckpointError(const fs::path& file, std::string problem)
    : ConfigError(SourceLocation{file.string(), 0, 0}, "", std::move(problem)) {}

namespace {

// ---- values ----------------------------------------------------------------------------------

json dbl(double x) {
  if (std::isnan(x)) return "nan";
  if (std::isinf(x)) return x > 0 ? "inf" : "-inf";
  return x;
}

double get_dbl(const json& j) {
  if (j.is_string()) {
    const auto& s = j.get_ref<const std::string&>();
    if (s == "nan") return std::nan("");
    if (s == "inf") return HUGE_VAL;
    if (s == "-inf") return -HUGE_VAL;
    throw std::invalid_argument("expected a number, got \"" + s + "\"");
  }
  return j.get<double>();
}

std::vector<std::vector<std::uint32_t>> get_int_lists(const json& j) {
  if (!j.is_array()) throw std::invalid_argument("expected a list of lists, got " + j.dump());
  std::vector<std::vector<std::uint32_t>> v;
  for (const auto& x : j)
    v.push_back(json_ints<std::uint32_t>(x));
  return v;
}

json money(Money m) {
  return m.in_cents();
}
Money get_money(const json& j) {
  return Money::cents(json_int<std::int64_t>(j));
}

json date(Date d) {
  return d.iso();
}
Date get_date(const json& j) {
  const auto d = Date::parse_iso(j.get<std::string>());
  if (!d) throw std::invalid_argument("expected a date YYYY-MM-DD, got " + j.dump());
  return *d;
}

json rng(const Rng& r) {
  return r.state();
}
Rng get_rng(const json& j) {
  const auto v = json_ints<std::uint64_t>(j);
  Rng::State state{};
  if (v.size() != state.size()) throw std::invalid_argument("expected 4 integers, got " + j.dump());
  std::copy(v.begin(), v.end(), state.begin());
  return Rng::from_state(state);
}

template <class E>
E get_enum(const json& j, const char* key, int count) {
  const int v = json_int<int>(j.at(key));
  if (v < 0 || v >= count) {
    throw std::invalid_argument(std::string(key) + ": " + std::to_string(v) +
                                " is out of range (0 to " + std::to_string(count - 1) + ")");
  }
  return static_cast<E>(v);
}

// Reads each element of the list `j[key]` with `read`, naming the element in any error
// ("firms[3]: ..."), so that a refused checkpoint says where it is wrong.
template <class F>
void each(const json& j, const char* key, F read) {
  const json& list = j.at(key);
  if (!list.is_array()) throw std::invalid_argument(std::string(key) + ": expected a list");
  for (std::size_t i = 0; i < list.size(); ++i) {
    try {
      read(list[i]);
    } catch (const std::exception& e) {
      throw std::invalid_argument(std::string(key) + "[" + std::to_string(i) + "]: " + e.what());
    }
  }
}

// Reads the object `j[key]` with `read`, naming it in any error ("market: ...").
template <class F>
auto in(const json& j, const char* key, F read) {
  try {
    return read(j.at(key));
  } catch (const std::exception& e) {
    throw std::invalid_argument(std::string(key) + ": " + e.what());
  }
}

template <class T, class F>
json list(const std::vector<T>& v, F f) {
  json a = json::array();
  for (const auto& x : v)
    a.push_back(f(x));
  return a;
}

// ---- structs ---------------------------------------------------------------------------------

json debt_json(const DebtState& d) {
  return {{"id", d.id},
          {"principal", money(d.principal)},
          {"rate", dbl(d.rate)},
          {"maturity", date(d.maturity)},
          {"amortising", d.amortising},
          {"seniority", d.seniority},
          {"lender", d.lender},
          {"contract", d.contract},
          {"gpu_collateral", d.gpu_collateral},
          {"max_ltv", dbl(d.max_ltv)},
          {"pledged_cost", money(d.pledged_cost)},
          {"pledged_book", money(d.pledged_book)},
          {"pledged_gw", dbl(d.pledged_gw)},
          {"pledged_index", dbl(d.pledged_index)},
          {"margin_call_day", d.margin_call_day}};
}

DebtState debt_from(const json& j) {
  DebtState d;
  d.id = j.at("id").get<std::string>();
  d.principal = get_money(j.at("principal"));
  d.rate = get_dbl(j.at("rate"));
  d.maturity = get_date(j.at("maturity"));
  d.amortising = j.at("amortising").get<bool>();
  d.seniority = json_int<int>(j.at("seniority"));
  d.lender = json_int<std::int32_t>(j.at("lender"));
  d.contract = json_int<std::int32_t>(j.at("contract"));
  d.gpu_collateral = j.at("gpu_collateral").get<bool>();
  d.max_ltv = get_dbl(j.at("max_ltv"));
  d.pledged_cost = get_money(j.at("pledged_cost"));
  d.pledged_book = get_money(j.at("pledged_book"));
  d.pledged_gw = get_dbl(j.at("pledged_gw"));
  d.pledged_index = get_dbl(j.at("pledged_index"));
  d.margin_call_day = json_int<std::int32_t>(j.at("margin_call_day"));
  return d;
}

json stake_json(const StakeState& s) {
  return {{"issuer", s.issuer}, {"shares", dbl(s.shares)}, {"booked", money(s.booked)}};
}

StakeState stake_from(const json& j) {
  StakeState s;
  s.issuer = json_int<std::int32_t>(j.at("issuer"));
  s.shares = get_dbl(j.at("shares"));
  s.booked = get_money(j.at("booked"));
  return s;
}

json firm_json(const FirmState& f) {
  return {
      {"cash", money(f.cash)},
      {"receivables", money(f.receivables)},
      {"fleet_book", money(f.fleet_book)},
      {"fleet_gross", money(f.fleet_gross)},
      {"loans_held", money(f.loans_held)},
      {"other_assets", money(f.other_assets)},
      {"operating_assets", money(f.operating_assets)},
      {"stakes", list(f.stakes, stake_json)},
      {"warrants_booked", money(f.warrants_booked)},
      {"debt", list(f.debt, debt_json)},
      {"payables", money(f.payables)},
      {"other_liabilities", money(f.other_liabilities)},
      {"gw_owned", dbl(f.gw_owned)},
      {"gw_leased", dbl(f.gw_leased)},
      {"shares", dbl(f.shares)},
      {"diluted_shares", dbl(f.diluted_shares)},
      {"price", dbl(f.price)},
      {"mark", dbl(f.mark)},
      {"peak_price", dbl(f.peak_price)},
      {"news", dbl(f.news)},
      {"last_round_price", dbl(f.last_round_price)},
      {"demand", dbl(f.demand)},
      {"growth", dbl(f.growth)},
      {"fixed_costs", dbl(f.fixed_costs)},
      {"distressed", f.distressed},
      {"defaulted", f.defaulted},
      {"backstopped", f.backstopped},
      {"overdue_days", f.overdue_days},
      {"treasury_gap_event", f.treasury_gap_event},
      {"treasury_step", f.treasury_step},
      {"treasury_wait_until", f.treasury_wait_until},
      {"default_probability", dbl(f.default_probability)},
      {"commitment_value", dbl(f.commitment_value)},
      {"going_concern_value", dbl(f.going_concern_value)},
      {"enterprise_value", dbl(f.enterprise_value)},
      {"enterprise_volatility", dbl(f.enterprise_volatility)},
      {"risky_value", dbl(f.risky_value)},
      {"surprise_event", f.surprise_event},
      {"surprise_day", f.surprise_day},
      {"default_event", f.default_event},
      {"period_revenue", money(f.period_revenue)},
      {"period_net_income", money(f.period_net_income)},
      {"net_income_trailing", dbl(f.net_income_trailing)},
      {"income_at_last_tick", money(f.income_at_last_tick)},
      {"flows",
       {{"net_income", money(f.flows.net_income)},
        {"revaluations", money(f.flows.revaluations)},
        {"capital_issued", money(f.flows.capital_issued)},
        {"distributions", money(f.flows.distributions)}}},
      {"rule_last_fired", f.rule_last_fired},
      {"rng", rng(f.rng)},
  };
}

FirmState firm_from(const json& j) {
  FirmState f;
  f.cash = get_money(j.at("cash"));
  f.receivables = get_money(j.at("receivables"));
  f.fleet_book = get_money(j.at("fleet_book"));
  f.fleet_gross = get_money(j.at("fleet_gross"));
  f.loans_held = get_money(j.at("loans_held"));
  f.other_assets = get_money(j.at("other_assets"));
  f.operating_assets = get_money(j.at("operating_assets"));
  each(j, "stakes", [&](const json& s) { f.stakes.push_back(stake_from(s)); });
  f.warrants_booked = get_money(j.at("warrants_booked"));
  each(j, "debt", [&](const json& d) { f.debt.push_back(debt_from(d)); });
  f.payables = get_money(j.at("payables"));
  f.other_liabilities = get_money(j.at("other_liabilities"));
  f.gw_owned = get_dbl(j.at("gw_owned"));
  f.gw_leased = get_dbl(j.at("gw_leased"));
  f.shares = get_dbl(j.at("shares"));
  f.diluted_shares = get_dbl(j.at("diluted_shares"));
  f.price = get_dbl(j.at("price"));
  f.mark = get_dbl(j.at("mark"));
  f.peak_price = get_dbl(j.at("peak_price"));
  f.news = get_dbl(j.at("news"));
  f.last_round_price = get_dbl(j.at("last_round_price"));
  f.demand = get_dbl(j.at("demand"));
  f.growth = get_dbl(j.at("growth"));
  f.fixed_costs = get_dbl(j.at("fixed_costs"));
  f.distressed = j.at("distressed").get<bool>();
  f.defaulted = j.at("defaulted").get<bool>();
  // Absent from checkpoints written before the backstop shock.
  f.backstopped = j.contains("backstopped") && j.at("backstopped").get<bool>();
  f.overdue_days = json_int<std::int32_t>(j.at("overdue_days"));
  f.treasury_gap_event = json_int<std::uint64_t>(j.at("treasury_gap_event"));
  f.treasury_step = json_int<std::int32_t>(j.at("treasury_step"));
  f.treasury_wait_until = json_int<std::int32_t>(j.at("treasury_wait_until"));
  f.default_probability = get_dbl(j.at("default_probability"));
  f.commitment_value = get_dbl(j.at("commitment_value"));
  f.going_concern_value = get_dbl(j.at("going_concern_value"));
  f.enterprise_value = get_dbl(j.at("enterprise_value"));
  f.enterprise_volatility = get_dbl(j.at("enterprise_volatility"));
  f.risky_value = get_dbl(j.at("risky_value"));
  f.surprise_event = json_int<std::uint64_t>(j.at("surprise_event"));
  f.surprise_day = json_int<std::int32_t>(j.at("surprise_day"));
  f.default_event = json_int<std::uint64_t>(j.at("default_event"));
  f.period_revenue = get_money(j.at("period_revenue"));
  f.period_net_income = get_money(j.at("period_net_income"));
  f.net_income_trailing = get_dbl(j.at("net_income_trailing"));
  f.income_at_last_tick = get_money(j.at("income_at_last_tick"));
  const json& flows = j.at("flows");
  f.flows.net_income = get_money(flows.at("net_income"));
  f.flows.revaluations = get_money(flows.at("revaluations"));
  f.flows.capital_issued = get_money(flows.at("capital_issued"));
  f.flows.distributions = get_money(flows.at("distributions"));
  f.rule_last_fired = json_ints<std::int32_t>(j.at("rule_last_fired"));
  f.rng = get_rng(j.at("rng"));
  return f;
}

json contract_json(const ContractState& c) {
  return {{"signed", c.signed_},
          {"cancelled", c.cancelled},
          {"blocked", c.blocked},
          {"remaining", money(c.remaining)},
          {"delivered", money(c.delivered)},
          {"tranches_done", c.tranches_done},
          {"vested_mask", c.vested_mask},
          {"lapsed_mask", c.lapsed_mask},
          {"parts_deferred", c.parts_deferred},
          {"months_deferred", c.months_deferred},
          {"cut_factor", dbl(c.cut_factor)},
          {"changed_by", c.changed_by},
          {"changed_by_firm", c.changed_by_firm}};
}

ContractState contract_from(const json& j) {
  ContractState c;
  c.signed_ = j.at("signed").get<bool>();
  c.cancelled = j.at("cancelled").get<bool>();
  c.blocked = j.at("blocked").get<bool>();
  c.remaining = get_money(j.at("remaining"));
  c.delivered = get_money(j.at("delivered"));
  c.tranches_done = json_int<std::int32_t>(j.at("tranches_done"));
  c.vested_mask = json_int<std::uint32_t>(j.at("vested_mask"));
  c.lapsed_mask = json_int<std::uint32_t>(j.at("lapsed_mask"));
  c.parts_deferred = json_int<std::int32_t>(j.at("parts_deferred"));
  // Absent from checkpoints written before purchases could be deferred.
  c.months_deferred =
      j.contains("months_deferred") ? json_int<std::int32_t>(j.at("months_deferred")) : 0;
  c.cut_factor = get_dbl(j.at("cut_factor"));
  c.changed_by = json_int<std::uint64_t>(j.at("changed_by"));
  c.changed_by_firm = json_int<std::int32_t>(j.at("changed_by_firm"));
  return c;
}

json claim_json(const Claim& c) {
  return {{"debtor", c.debtor},     {"creditor", c.creditor},
          {"contract", c.contract}, {"amount", money(c.amount)},
          {"due", date(c.due)},     {"channel", static_cast<int>(c.channel)}};
}

Claim claim_from(const json& j) {
  Claim c;
  c.debtor = json_int<std::int32_t>(j.at("debtor"));
  c.creditor = json_int<std::int32_t>(j.at("creditor"));
  c.contract = json_int<std::int32_t>(j.at("contract"));
  c.amount = get_money(j.at("amount"));
  c.due = get_date(j.at("due"));
  c.channel = get_enum<Channel>(j, "channel", static_cast<int>(kChannelCount));
  return c;
}

json estate_json(const Estate& e) {
  return {{"firm", e.firm},
          {"opened", date(e.opened)},
          {"last_cleared", date(e.last_cleared)},
          {"default_event", e.default_event},
          {"outside_book", money(e.outside_book)},
          {"paid", money(e.paid)},
          {"cleared_once", e.cleared_once},
          {"in_default", e.in_default},
          {"closed", e.closed}};
}

Estate estate_from(const json& j) {
  Estate e;
  e.firm = json_int<std::int32_t>(j.at("firm"));
  e.opened = get_date(j.at("opened"));
  e.last_cleared = get_date(j.at("last_cleared"));
  e.default_event = json_int<std::uint64_t>(j.at("default_event"));
  e.outside_book = get_money(j.at("outside_book"));
  e.paid = get_money(j.at("paid"));
  e.cleared_once = j.at("cleared_once").get<bool>();
  e.in_default = j.at("in_default").get<bool>();
  e.closed = j.at("closed").get<bool>();
  return e;
}

json lines_json(const std::vector<LineTotal>& lines) {
  return list(lines, [](const LineTotal& l) {
    return json{{"kind", static_cast<int>(l.key.kind)},
                {"contract", l.key.contract},
                {"counterparty", l.key.counterparty},
                {"amount", money(l.amount)}};
  });
}

std::vector<LineTotal> lines_from(const json& j, const char* key) {
  std::vector<LineTotal> out;
  each(j, key, [&](const json& l) {
    out.push_back(
        {{get_enum<LineKind>(l, "kind", static_cast<int>(LineKind::other) + 1),
          json_int<std::int32_t>(l.at("contract")), json_int<std::int32_t>(l.at("counterparty"))},
         get_money(l.at("amount"))});
  });
  return out;
}

json reference_json(const Reference& r) {
  return {{"open", r.open},
          {"made", date(r.made)},
          {"end", date(r.end)},
          {"cash", money(r.cash)},
          {"expected", lines_json(r.expected)},
          {"realised", lines_json(r.realised)}};
}

Reference reference_from(const json& j) {
  Reference r;
  r.open = j.at("open").get<bool>();
  r.made = get_date(j.at("made"));
  r.end = get_date(j.at("end"));
  r.cash = get_money(j.at("cash"));
  r.expected = lines_from(j, "expected");
  r.realised = lines_from(j, "realised");
  return r;
}

json market_json(const MarketState& m) {
  return {{"sentiment", dbl(m.sentiment)},
          {"gpu_index", dbl(m.gpu_index)},
          {"risk_free", dbl(m.risk_free)},
          {"funding_left", money(m.funding_left)},
          {"last_sector_return", dbl(m.last_sector_return)},
          {"recent_defaults", m.recent_defaults},
          {"recent_failed_raises", m.recent_failed_raises},
          {"recent_deal_volume", dbl(m.recent_deal_volume)},
          {"sentiment_innovation_ss", dbl(m.sentiment_innovation_ss)},
          {"sentiment_feedback_ss", dbl(m.sentiment_feedback_ss)},
          {"sentiment_change_ss", dbl(m.sentiment_change_ss)},
          {"sentiment_years", dbl(m.sentiment_years)}};
}

MarketState market_from(const json& j) {
  MarketState m;
  m.sentiment = get_dbl(j.at("sentiment"));
  m.gpu_index = get_dbl(j.at("gpu_index"));
  m.risk_free = get_dbl(j.at("risk_free"));
  m.funding_left = get_money(j.at("funding_left"));
  m.last_sector_return = get_dbl(j.at("last_sector_return"));
  m.recent_defaults = json_int<std::int32_t>(j.at("recent_defaults"));
  m.recent_failed_raises = json_int<std::int32_t>(j.at("recent_failed_raises"));
  m.recent_deal_volume = get_dbl(j.at("recent_deal_volume"));
  m.sentiment_innovation_ss = get_dbl(j.at("sentiment_innovation_ss"));
  m.sentiment_feedback_ss = get_dbl(j.at("sentiment_feedback_ss"));
  m.sentiment_change_ss = get_dbl(j.at("sentiment_change_ss"));
  m.sentiment_years = get_dbl(j.at("sentiment_years"));
  return m;
}

json item_json(const ScheduledItem& it) {
  return {{"date", date(it.date)}, {"phase", static_cast<int>(it.phase)},
          {"firm", it.firm},       {"contract", it.contract},
          {"seq", it.seq},         {"kind", static_cast<int>(it.kind)},
          {"index", it.index},     {"amount", money(it.amount)}};
}

ScheduledItem item_from(const json& j) {
  ScheduledItem it;
  it.date = get_date(j.at("date"));
  it.phase = get_enum<Phase>(j, "phase", kPhaseCount);
  it.firm = json_int<std::int32_t>(j.at("firm"));
  it.contract = json_int<std::int32_t>(j.at("contract"));
  it.seq = json_int<std::uint64_t>(j.at("seq"));
  it.kind = get_enum<ItemKind>(j, "kind", kItemKindCount);
  it.index = json_int<std::int32_t>(j.at("index"));
  it.amount = get_money(j.at("amount"));
  return it;
}

// ---- the file --------------------------------------------------------------------------------

constexpr std::string_view kMagic = "alchemy-checkpoint ";

// The next line of `bytes` from `pos` (without its '\n'); advances pos. nullopt at the end.
std::optional<std::string_view> next_line(std::string_view bytes, std::size_t& pos) {
  if (pos >= bytes.size()) return std::nullopt;
  const std::size_t nl = bytes.find('\n', pos);
  if (nl == std::string_view::npos) return std::nullopt;
  const std::string_view line = bytes.substr(pos, nl - pos);
  pos = nl + 1;
  return line;
}

// "key value" → value, or nullopt.
std::optional<std::string_view> field(std::optional<std::string_view> line, std::string_view key) {
  if (!line || line->size() <= key.size() || line->substr(0, key.size()) != key ||
      (*line)[key.size()] != ' ') {
    return std::nullopt;
  }
  return line->substr(key.size() + 1);
}

// Round-trip tracing (sim/world/fund_tracing.hpp): each firm's tagged cash, each investment's
// totals.
json funds_json(const FundTracing& t) {
  json held = json::array();
  for (const auto& firm : t.held) {
    held.push_back(list(firm, [](const TracedCash& x) -> json {
      return {{"investment", x.investment}, {"investor", x.investor}, {"amount", money(x.amount)}};
    }));
  }
  json keep = json::array();
  for (double k : t.keep)
    keep.push_back(dbl(k));
  return {{"held", std::move(held)},
          {"keep", std::move(keep)},
          {"investments", list(t.investments, [](const InvestmentTrace& x) -> json {
             return {{"contract", x.contract},
                     {"invested", money(x.invested)},
                     {"came_back", money(x.came_back)},
                     {"paid_outside", money(x.paid_outside)}};
           })}};
}

FundTracing funds_from(const json& j) {
  FundTracing t;
  each(j, "held", [&](const json& firm) {
    auto& cash = t.held.emplace_back();
    if (!firm.is_array()) throw std::invalid_argument("expected a list, got " + firm.dump());
    for (const json& x : firm) {
      cash.push_back({json_int<std::int32_t>(x.at("investment")),
                      json_int<std::int32_t>(x.at("investor")), get_money(x.at("amount"))});
    }
  });
  each(j, "keep", [&](const json& k) { t.keep.push_back(get_dbl(k)); });
  each(j, "investments", [&](const json& x) {
    t.investments.push_back({json_int<std::int32_t>(x.at("contract")), get_money(x.at("invested")),
                             get_money(x.at("came_back")), get_money(x.at("paid_outside"))});
  });
  return t;
}

}  // namespace

json world_to_json(const World& w) {
  json sched = {{"next_seq", w.scheduler.next_seq()},
                {"pending", list(w.scheduler.pending(), item_json)}};
  json row = json::array();
  for (const Money& m : w.rest_of_world)
    row.push_back(money(m));
  json jumps = json::array();
  for (double x : w.pending_jump)
    jumps.push_back(dbl(x));
  return {{"seed", w.seed},
          {"date", date(w.date)},
          {"tick", w.tick},
          {"previous_date", date(w.previous_date)},
          {"firms", list(w.firms, firm_json)},
          {"contracts", list(w.contracts, contract_json)},
          {"claims", list(w.claims, claim_json)},
          {"rest_of_world", std::move(row)},
          {"market", market_json(w.market)},
          {"scheduler", std::move(sched)},
          {"market_rng", rng(w.market_rng)},
          {"decision_rng", rng(w.decision_rng)},
          {"next_event_seq", w.next_event_seq},
          {"pending_jump", std::move(jumps)},
          {"jump_cause", w.jump_cause},
          {"ignited_loops", w.ignited_loops},
          {"rho_ignited", w.rho_ignited},
          {"estates", list(w.estates, estate_json)},
          {"funds", funds_json(w.funds)},
          {"references", list(w.references, reference_json)}};
}

World world_from_json(const json& j) {
  World w;
  w.seed = json_int<std::uint64_t>(j.at("seed"));
  w.date = get_date(j.at("date"));
  w.tick = json_int<std::int32_t>(j.at("tick"));
  w.previous_date = get_date(j.at("previous_date"));
  each(j, "firms", [&](const json& f) { w.firms.push_back(firm_from(f)); });
  each(j, "contracts", [&](const json& c) { w.contracts.push_back(contract_from(c)); });
  each(j, "claims", [&](const json& c) { w.claims.push_back(claim_from(c)); });
  const json& row = j.at("rest_of_world");
  if (row.size() != kChannelCount) {
    throw std::invalid_argument("rest_of_world has " + std::to_string(row.size()) +
                                " channels, expected " + std::to_string(kChannelCount));
  }
  for (std::size_t i = 0; i < kChannelCount; ++i)
    w.rest_of_world[i] = get_money(row[i]);
  w.market = in(j, "market", market_from);
  w.scheduler = in(j, "scheduler", [](const json& sched) {
    std::vector<ScheduledItem> items;
    each(sched, "pending", [&](const json& it) { items.push_back(item_from(it)); });
    return Scheduler::restore(std::move(items), json_int<std::uint64_t>(sched.at("next_seq")));
  });
  w.market_rng = get_rng(j.at("market_rng"));
  w.decision_rng = get_rng(j.at("decision_rng"));
  w.next_event_seq = json_int<std::uint64_t>(j.at("next_event_seq"));
  for (const auto& x : j.at("pending_jump"))
    w.pending_jump.push_back(get_dbl(x));
  w.jump_cause = json_ints<std::uint64_t>(j.at("jump_cause"));
  w.ignited_loops = get_int_lists(j.at("ignited_loops"));
  w.rho_ignited = j.at("rho_ignited").get<bool>();
  // Absent from checkpoints written before defaults opened estates.
  if (j.contains("estates"))
    each(j, "estates", [&](const json& e) { w.estates.push_back(estate_from(e)); });
  w.funds = in(j, "funds", funds_from);
  each(j, "references", [&](const json& r) { w.references.push_back(reference_from(r)); });
  return w;
}

std::string encode_checkpoint(const Checkpoint& c, std::string_view version) {
  std::string out;
  out += kMagic;
  out += std::to_string(kCheckpointFormat) + "\n";
  out += "alchemy-version " + std::string(version) + "\n";
  out += "scenario-sha256 " + sha256_hex(c.scenario_yaml) + "\n";
  out += "scenario-bytes " + std::to_string(c.scenario_yaml.size()) + "\n\n";
  out += c.scenario_yaml;
  const json body = {{"run", c.run}, {"world", world_to_json(c.world)}};
  out += body.dump();  // one line: dump() without indent escapes every newline inside strings
  out += "\n";
  out += "sha256 " + sha256_hex(out) + "\n";
  return out;
}

Checkpoint decode_checkpoint(std::string_view bytes, const fs::path& file) {
  const auto fail = [&](const std::string& problem) { return CheckpointError(file, problem); };
  std::size_t pos = 0;
  const auto magic = next_line(bytes, pos);
  if (!magic || magic->substr(0, kMagic.size()) != kMagic) {
    throw fail("not an alchemy checkpoint (it does not start with 'alchemy-checkpoint')");
  }
  const std::string format(magic->substr(kMagic.size()));
  if (format != std::to_string(kCheckpointFormat)) {
    throw fail("checkpoint format " + format + "; this alchemy (" + std::string(version()) +
               ") reads format " + std::to_string(kCheckpointFormat));
  }

  // The closing line covers everything else, so check it before believing any of it.
  constexpr std::string_view kSumKey = "sha256 ";
  constexpr std::size_t kSumLine = kSumKey.size() + 64 + 1;
  if (bytes.size() < kSumLine || bytes.back() != '\n' ||
      bytes.substr(bytes.size() - kSumLine, kSumKey.size()) != kSumKey ||
      (bytes.size() > kSumLine && bytes[bytes.size() - kSumLine - 1] != '\n')) {
    throw fail("truncated: the closing 'sha256' line is missing (the file is " +
               std::to_string(bytes.size()) + " bytes; was it copied or written completely?)");
  }
  const std::string_view content = bytes.substr(0, bytes.size() - kSumLine);
  const std::string stated(bytes.substr(bytes.size() - kSumLine + kSumKey.size(), 64));
  const std::string actual = sha256_hex(content);
  if (stated != actual) {
    throw fail("corrupt: the SHA-256 of its contents is " + actual + " but the file says " +
               stated + " (the file was damaged or edited)");
  }

  const auto written_by = field(next_line(bytes, pos), "alchemy-version");
  if (!written_by) throw fail("malformed header: no 'alchemy-version' line");
  if (*written_by != version()) {
    throw fail("written by alchemy " + std::string(*written_by) + "; this is alchemy " +
               std::string(version()) +
               ". A checkpoint resumes only with the release that wrote it, since another "
               "release may simulate differently; use alchemy " +
               std::string(*written_by));
  }
  const auto yaml_sha = field(next_line(bytes, pos), "scenario-sha256");
  const auto yaml_bytes = field(next_line(bytes, pos), "scenario-bytes");
  const auto blank = next_line(bytes, pos);
  if (!yaml_sha || !yaml_bytes || !blank || !blank->empty()) throw fail("malformed header");
  std::size_t n = 0;
  try {
    n = std::stoull(std::string(*yaml_bytes));
  } catch (const std::exception&) {
    throw fail("malformed header: scenario-bytes '" + std::string(*yaml_bytes) + "'");
  }
  if (pos + n > content.size()) throw fail("malformed: the scenario is cut short");
  Checkpoint c;
  c.scenario_yaml = std::string(content.substr(pos, n));
  if (sha256_hex(c.scenario_yaml) != *yaml_sha) {
    throw fail("malformed: the scenario's SHA-256 does not match the header");
  }
  try {
    const json body = json::parse(content.substr(pos + n));
    c.run = body.at("run");
    c.world = world_from_json(body.at("world"));
  } catch (const std::exception& e) {
    throw fail(std::string("malformed world: ") + e.what());
  }
  return c;
}

void save_checkpoint(const fs::path& file, const Checkpoint& c) {
  const std::string bytes = encode_checkpoint(c, version());
  fs::path tmp = file;
  tmp += ".tmp-" + std::to_string(::getpid());
  const int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (fd < 0)
    throw std::system_error(errno, std::generic_category(), "cannot create " + tmp.string());
  std::size_t done = 0;
  while (done < bytes.size()) {
    const ssize_t w = ::write(fd, bytes.data() + done, bytes.size() - done);
    if (w < 0 && errno == EINTR) continue;
    if (w < 0) {
      const int err = errno;
      ::close(fd);
      fs::remove(tmp);
      throw std::system_error(err, std::generic_category(), "cannot write " + tmp.string());
    }
    done += static_cast<std::size_t>(w);
  }
  // On disk before the rename, so a crash leaves either the old file or the whole new one.
  if (::fsync(fd) != 0 || ::close(fd) != 0) {
    const int err = errno;
    fs::remove(tmp);
    throw std::system_error(err, std::generic_category(), "cannot write " + tmp.string());
  }
  fs::rename(tmp, file);
}

Checkpoint load_checkpoint(const fs::path& file) {
  std::error_code ec;
  if (!fs::is_regular_file(file, ec)) {
    throw CheckpointError(file, fs::exists(file, ec) ? "not a regular file" : "no such file");
  }
  std::ifstream in(file, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  if (!in && !in.eof()) throw CheckpointError(file, "cannot be read");
  return decode_checkpoint(s.str(), file);
}

}  // namespace alchemy
