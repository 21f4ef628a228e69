#include "sim/scenario/scenario_resolve.hpp"

#include "sim/engine/representable.hpp"

#include <algorithm>
#include <map>
#include <tuple>

#include "agents/strategy.hpp"
#include "sim/contracts/contract_kind.hpp"
#include "sim/engine/shocks.hpp"
#include "sim/scenario/config_suggest.hpp"

namespace alchemy {

namespace {

// The node to blame for a key: its value when written, else the map that would hold it.
const ConfigNode& at(const ConfigNode& map, std::string_view key) {
  const ConfigNode* v = map.is_map() ? map.find(key) : nullptr;
  return v && !v->is_null() ? *v : map;
}

const ConfigNode& item_at(const ConfigNode& map, std::string_view key, std::size_t i) {
  const ConfigNode& list = at(map, key);
  return list.is_sequence() && i < list.items.size() ? list.items[i] : list;
}

bool contains(const std::vector<std::string>& v, const std::string& s) {
  return std::find(v.begin(), v.end(), s) != v.end();
}

class Resolver {
 public:
  Resolver(ScenarioDraft& d, const ConfigNode& tree) : d_(d), s_(d.spec), root_(tree) {}

  ScenarioSpec run() {
    period();
    market();
    firms();
    contracts();
    rules();
    shocks();
    return assemble();
  }

 private:
  void period() {
    if (d_.end && d_.horizon) {
      throw ConfigError(at(root_, "horizon").where, "horizon",
                        "give either end or horizon, not both (end is given at " +
                            at(root_, "end").where.str() + ")");
    }
    if (d_.horizon && d_.horizon->count == 0) {
      throw ConfigError(at(root_, "horizon").where, "horizon", "the horizon must be longer than 0");
    }
    if (d_.end) {
      s_.end = *d_.end;
    } else {
      const Duration horizon = d_.horizon.value_or(Duration{10, DurationUnit::year});
      s_.end = horizon.after(s_.start).plus_days(-1);
    }
    if (s_.end < s_.start) {
      const char* key = d_.end ? "end" : "horizon";
      throw ConfigError(
          at(root_, key).where, key,
          "the run would end (" + s_.end.iso() + ") before it starts (" + s_.start.iso() + ")");
    }
  }

  // A contract's dates (and its milestones'): on or after the run's start. A date after the end
  // is legal and simply never reached, so a shorter horizon (--horizon, --until, `end`) only
  // stops the clock: the contracts keep their dates, and whatever the run writes up to its end
  // is what the longer run writes up to that date.
  void in_run(Date d, const ConfigNode& node, const std::string& path) const {
    if (d < s_.start) {
      throw ConfigError(node.where, path,
                        "date " + d.iso() + " is before the run's start (" + s_.start.iso() + ")");
    }
  }

  // A shock's date: within the run. A shock is an input to this run, not part of the world's
  // state, so one the run never reaches is a mistake worth reporting (a typo in its year).
  void within_run(Date d, const ConfigNode& node, const std::string& path) const {
    if (d < s_.start || d > s_.end) {
      throw ConfigError(node.where, path,
                        "date " + d.iso() + " is outside the run (" + s_.start.iso() + " to " +
                            s_.end.iso() + ")");
    }
  }

  // As the risk-free path: steps in date order, the first on or before the start, so every day
  // has a cost.
  void compute_cost(const ConfigNode& m) const {
    const ConfigNode& cc = at(m, "compute_cost");
    const auto& path = s_.market.compute_cost;
    for (std::size_t i = 1; i < path.size(); ++i) {
      if (!(path[i - 1].from < path[i].from)) {
        throw ConfigError(at(cc.items[i], "from").where,
                          "market.compute_cost[" + std::to_string(i) + "].from",
                          "steps must be in increasing date order; " + path[i].from.iso() +
                              " is not after " + path[i - 1].from.iso());
      }
    }
    if (!path.empty() && s_.start < path.front().from) {
      throw ConfigError(at(cc.items[0], "from").where, "market.compute_cost[0].from",
                        "the first step must start on or before the run's start (" +
                            s_.start.iso() + ") so every day has a cost");
    }
  }

  void market() {
    const ConfigNode& m = at(root_, "market");
    const ConfigNode& rf = at(m, "risk_free");
    const auto& path = s_.market.risk_free;
    if (rf.is_sequence()) {
      if (path.empty()) {
        throw ConfigError(rf.where, "market.risk_free", "expected at least one {from, rate} step");
      }
      for (std::size_t i = 1; i < path.size(); ++i) {
        if (!(path[i - 1].from < path[i].from)) {
          throw ConfigError(at(rf.items[i], "from").where,
                            "market.risk_free[" + std::to_string(i) + "].from",
                            "steps must be in increasing date order; " + path[i].from.iso() +
                                " is not after " + path[i - 1].from.iso());
        }
      }
      if (s_.start < path.front().from) {
        throw ConfigError(at(rf.items[0], "from").where, "market.risk_free[0].from",
                          "the first step must start on or before the run's start (" +
                              s_.start.iso() + ") so every day has a rate");
      }
    }
    compute_cost(m);
    const SentimentSpec& se = s_.market.sentiment;
    const ConfigNode& sn = at(m, "sentiment");
    if (!(se.floor < se.cap)) {
      throw ConfigError(
          at(sn, "cap").where, "market.sentiment.cap",
          "cap (" + number_text(se.cap) + ") must be above floor (" + number_text(se.floor) + ")");
    }
    for (const auto& [key, value] : {std::pair{"initial", se.initial}, {"mean", se.mean}}) {
      if (value < se.floor || value > se.cap) {
        throw ConfigError(at(sn, key).where, std::string("market.sentiment.") + key,
                          std::string(key) + " (" + number_text(value) +
                              ") must lie between floor and cap (" + number_text(se.floor) +
                              " to " + number_text(se.cap) + ")");
      }
    }
  }

  void firms() {
    if (s_.firms.empty() && !s_.network) {
      // Where `firms` was emptied (a null from --set is at <command line>), else the file's top.
      const ConfigNode* given = root_.is_map() ? root_.find("firms") : nullptr;
      throw ConfigError(given ? given->where : root_.where, "firms",
                        "a scenario needs at least one firm under firms:, or a network: generator");
    }
    std::map<std::string, SourceLocation> seen;
    for (std::size_t i = 0; i < s_.firms.size(); ++i) {
      FirmSpec& f = s_.firms[i];
      const ConfigNode& item = item_at(root_, "firms", i);
      const std::string path = key_path_item("firms", i, item);
      const auto [first, fresh] = seen.emplace(f.id, at(item, "id").where);
      if (!fresh) {
        throw ConfigError(
            at(item, "id").where, path + ".id",
            "duplicate firm id '" + f.id + "' (first at " + first->second.str() + ")");
      }
      if (f.name.empty()) f.name = f.id;
      firm_ids_.push_back(f.id);
      debts(f, item, path);
      growth_path(f, item, path);
      representable_start(f, item, path);
    }
    std::sort(firm_ids_.begin(), firm_ids_.end());
    for (std::size_t i = 0; i < s_.firms.size(); ++i) {
      const ConfigNode& item = item_at(root_, "firms", i);
      stakes(s_.firms[i], item, key_path_item("firms", i, item));
    }
  }

  // What a firm's keys make together must be representable at the start, as each key is alone:
  // market value and demand at most 10^15 USD, the bound the run keeps (representable.hpp).
  static void representable_start(const FirmSpec& f, const ConfigNode& item,
                                  const std::string& path) {
    if (f.price * f.shares > kMaxAmountUsd) {
      const char* key = item.find("price") ? "price" : "shares";
      throw ConfigError(at(item, key).where, path + "." + key,
                        "price × shares (" + number_text(f.price) + " × " + number_text(f.shares) +
                            ") must be at most 1000T (10^15 USD, the largest amount a run "
                            "represents)");
    }
    const RevenueSpec& r = f.revenue;
    const double demand = r.users * r.paying_share * r.arpu_monthly * 12.0 +
                          r.enterprise_annual.dollars() + r.annual.dollars();
    if (demand > kMaxAmountUsd) {
      const ConfigNode& rev = at(item, "revenue");
      throw ConfigError(rev.where, path + ".revenue",
                        "the demand at the start (" + number_text(demand) +
                            " USD a year) must be at most 1000T (10^15 USD, the largest amount "
                            "a run represents)");
    }
  }

  // After all firm ids are known: a stake's issuer is another firm of the scenario.
  void stakes(const FirmSpec& f, const ConfigNode& item, const std::string& path) const {
    for (std::size_t j = 0; j < f.stakes.size(); ++j) {
      const std::string& issuer = f.stakes[j].issuer;
      const ConfigNode& node = at(item_at(item, "stakes", j), "issuer");
      const std::string spath = path + ".stakes[" + std::to_string(j) + "].issuer";
      if (issuer == f.id)
        throw ConfigError(node.where, spath, "a firm cannot hold a stake in itself");
      if (!contains(firm_ids_, issuer)) {
        throw ConfigError(node.where, spath,
                          "unknown firm id '" + issuer + "'" + did_you_mean(issuer, firm_ids_));
      }
    }
  }

  void debts(const FirmSpec& f, const ConfigNode& item, const std::string& path) const {
    std::map<std::string, SourceLocation> seen;
    for (std::size_t j = 0; j < f.debt.size(); ++j) {
      const DebtSpec& d = f.debt[j];
      const ConfigNode& node = item_at(item, "debt", j);
      const std::string dpath = key_path_item(path + ".debt", j, node);
      const auto [first, fresh] = seen.emplace(d.id, at(node, "id").where);
      if (!fresh) {
        throw ConfigError(at(node, "id").where, dpath + ".id",
                          "duplicate debt id '" + d.id + "' in firm '" + f.id + "' (first at " +
                              first->second.str() + ")");
      }
      if (!d.lender.empty() && (d.lender == f.id || !contains(firm_ids_, d.lender))) {
        throw ConfigError(at(node, "lender").where, dpath + ".lender",
                          d.lender == f.id ? "a firm cannot lend to itself"
                                           : "unknown firm id '" + d.lender + "'" +
                                                 did_you_mean(d.lender, firm_ids_));
      }
      if (!(s_.start < d.maturity)) {
        throw ConfigError(at(node, "maturity").where, dpath + ".maturity",
                          "debt outstanding at the start must mature after it (" + s_.start.iso() +
                              "), got " + d.maturity.iso());
      }
    }
  }

  void growth_path(const FirmSpec& f, const ConfigNode& item, const std::string& path) const {
    const auto& steps = f.revenue.growth_path;
    const ConfigNode& rev = at(item, "revenue");
    for (std::size_t j = 1; j < steps.size(); ++j) {
      if (!(steps[j - 1].from < steps[j].from)) {
        throw ConfigError(at(item_at(rev, "growth_path", j), "from").where,
                          path + ".revenue.growth_path[" + std::to_string(j) + "].from",
                          "steps must be in increasing date order; " + steps[j].from.iso() +
                              " is not after " + steps[j - 1].from.iso());
      }
    }
  }

  std::size_t party(const std::string& id, const ConfigNode& node, const std::string& path) const {
    const auto it = std::lower_bound(firm_ids_.begin(), firm_ids_.end(), id);
    if (it == firm_ids_.end() || *it != id) {
      throw ConfigError(node.where, path,
                        "unknown firm id '" + id + "'" + did_you_mean(id, firm_ids_));
    }
    return static_cast<std::size_t>(it - firm_ids_.begin());
  }

  void contracts() {
    std::map<std::string, SourceLocation> seen;
    for (std::size_t i = 0; i < d_.contracts.size(); ++i) {
      ContractDraft& c = d_.contracts[i];
      ContractSpec& k = c.spec;
      if (k.type() != c.type) k.set_type(c.type);  // none of its kind's keys given: defaults
      const ConfigNode& item = item_at(root_, "contracts", i);
      const std::string path = key_path_item("contracts", i, item);
      const auto [first, fresh] = seen.emplace(k.id, at(item, "id").where);
      if (!fresh) {
        throw ConfigError(
            at(item, "id").where, path + ".id",
            "duplicate contract id '" + k.id + "' (first at " + first->second.str() + ")");
      }
      contract_ids_.push_back(k.id);
      // Indices into the firms sorted by id, which is the order assemble() gives them.
      k.from = party(c.from, at(item, "from"), path + ".from");
      k.to = party(c.to, at(item, "to"), path + ".to");
      if (k.from == k.to) {
        throw ConfigError(
            at(item, "to").where, path + ".to",
            "a contract needs two different firms; from and to are both '" + c.to + "'");
      }
      k.start = c.start.value_or(k.signed_on);
      k.end = c.end.value_or(k.start);
      in_run(k.signed_on, at(item, "signed"), path + ".signed");
      in_run(k.start, at(item, "start"), path + ".start");
      in_run(k.end, at(item, "end"), path + ".end");
      if (k.start < k.signed_on) {
        throw ConfigError(at(item, "start").where, path + ".start",
                          "the contract starts (" + k.start.iso() + ") before it is signed (" +
                              k.signed_on.iso() + ")");
      }
      if (k.end < k.start) {
        throw ConfigError(
            at(item, "end").where, path + ".end",
            "the contract ends (" + k.end.iso() + ") before it starts (" + k.start.iso() + ")");
      }
      if (k.type() == ContractType::supply && k.as<SupplyTerms>().invoice == Invoice::path &&
          s_.market.compute_cost.empty()) {
        throw ConfigError(at(item, "invoice").where, path + ".invoice",
                          "invoice: path prices deliveries on market.compute_cost, which the "
                          "scenario does not give: add the path or use invoice: fixed");
      }
      if (const auto problem = kind_of(k).check(k, s_.start, s_.end)) {
        if (problem->item) {
          const ConfigNode& sub = item_at(item, problem->key, *problem->item);
          throw ConfigError(at(sub, problem->item_key).where,
                            path + "." + problem->key + "[" + std::to_string(*problem->item) +
                                "]." + problem->item_key,
                            problem->message);
        }
        throw ConfigError(at(item, problem->key).where, path + "." + problem->key,
                          problem->message);
      }
    }
    std::vector<std::string> sorted = contract_ids_;
    std::sort(sorted.begin(), sorted.end());
    contract_ids_ = std::move(sorted);
  }

  // check_rule reports a character offset in the condition; a one-line scalar's column plus
  // that offset (plus the opening quote) is where the problem is in the file.
  static SourceLocation column_of(const ConfigNode& node, std::size_t offset) {
    SourceLocation w = node.where;
    if (w.line > 0 && node.text.find('\n') == std::string::npos) {
      w.column += static_cast<int>(offset) + (node.quoted ? 1 : 0);
    }
    return w;
  }

  void rules() const {
    for (std::size_t i = 0; i < s_.firms.size(); ++i) {
      const FirmSpec& f = s_.firms[i];
      const ConfigNode& item = item_at(root_, "firms", i);
      const std::string path = key_path_item("firms", i, item);
      for (std::size_t j = 0; j < f.rules.size(); ++j) {
        const RuleSpec& r = f.rules[j];
        const ConfigNode& node = item_at(item, "rules", j);
        const std::string rpath = path + ".rules[" + std::to_string(j) + "]";
        if (const auto problem = check_rule(r, firm_ids_)) {
          const std::string field = problem->field.empty() ? "when" : problem->field;
          const ConfigNode& where = at(node, field);
          const SourceLocation loc =
              field == "when" && &where != &node ? column_of(where, problem->offset) : where.where;
          throw ConfigError(loc, rpath + "." + field, problem->message);
        }
        // "*" (every counterparty or commitment) is the kinds' default rules' wildcard.
        if (!r.target.empty() && r.target != "*" && !contains(firm_ids_, r.target) &&
            !contains(contract_ids_, r.target)) {
          std::vector<std::string> ids = firm_ids_;
          ids.insert(ids.end(), contract_ids_.begin(), contract_ids_.end());
          throw ConfigError(at(node, "target").where, rpath + ".target",
                            "unknown target '" + r.target +
                                "': neither a firm id nor a contract id" +
                                did_you_mean(r.target, ids));
        }
        target_role(r, i, at(node, "target"), rpath + ".target");
      }
    }
  }

  // A target that exists but that the action cannot use would make the rule do nothing when it
  // fires; it is a config error instead, saying what the action needs.
  void target_role(const RuleSpec& r, std::size_t firm, const ConfigNode& node,
                   const std::string& path) const {
    const auto action = action_from_string(r.action);
    if (!action || r.target.empty() || r.target == "*") return;
    const auto fail = [&](const std::string& expected) {
      throw ConfigError(node.where, path,
                        r.action + " of " + s_.firms[firm].id + ": target '" + r.target +
                            "' must be " + expected);
    };
    const ContractSpec* c = nullptr;
    for (const auto& k : s_.contracts) {
      if (k.id == r.target) c = &k;
    }
    const bool purchase = c && kind_of(*c).cancel_penalty != nullptr;
    switch (*action) {
      case ActionId::draw_tranche:
        if (!c || !kind_of(*c).draw_early || (c->from != firm && c->to != firm)) {
          fail("an equity_investment contract in which this firm invests or is invested in");
        }
        break;
      case ActionId::cut_commitment:
      case ActionId::cancel_commitment:
        if (!purchase || c->from != firm)
          fail("a supply or lease contract in which this firm is the buyer (or \"*\")");
        break;
      case ActionId::vendor_invest:
        if (!purchase || c->to != firm)
          fail("a supply or lease contract in which this firm is the seller");
        break;
      case ActionId::sell_stake:
        if (!contains(firm_ids_, r.target) || r.target == s_.firms[firm].id)
          fail("another firm's id (the issuer of the stake)");
        break;
      case ActionId::buy_compute:
        if (!contains(firm_ids_, r.target) || r.target == s_.firms[firm].id)
          fail("another firm's id (the supplier)");
        break;
      case ActionId::raise_equity:
      case ActionId::raise_debt:
      case ActionId::buyback:
        break;
    }
  }

  void shocks() const {
    for (std::size_t i = 0; i < s_.shocks.size(); ++i) {
      const ShockSpec& sh = s_.shocks[i];
      const ConfigNode& node = item_at(root_, "shocks", i);
      const std::string path = "shocks[" + std::to_string(i) + "]";
      within_run(sh.on, at(node, "on"), path + ".on");
      const ShockKindInfo* info = &shock_info(sh.kind);
      const std::string kind = "shock kind '" + std::string(info->name) + "'";
      switch (info->target) {
        case ShockTarget::none:
          if (!sh.target.empty()) {
            throw ConfigError(at(node, "target").where, path + ".target",
                              kind + " takes no target");
          }
          break;
        case ShockTarget::firm:
          target(sh, node, path, kind, "a firm id", firm_ids_);
          break;
        case ShockTarget::contract:
          target(sh, node, path, kind, "a contract id", contract_ids_);
          break;
      }
      const ConfigNode* value = node.find("value");
      if (info->value_unit != "-" && (!value || value->is_null())) {
        throw ConfigError(node.where, path + ".value",
                          kind + " needs a value (" + std::string(info->value_unit) + ")");
      }
      if (value && !value->is_null()) shock_value(sh, *value, path + ".value", kind);
    }
  }

  // A shock's value within what the model represents for its unit (the same bounds as the
  // scenario keys of that unit, scenario_schema.cpp): a log change of e^±50 at most, a factor
  // up to 10^6, a growth rate as revenue.growth, a rate as risk_free, a share 0 to 1.
  static void shock_value(const ShockSpec& sh, const ConfigNode& node, const std::string& path,
                          const std::string& kind) {
    double lo = -50, hi = 50;
    switch (sh.kind) {
      case ShockKind::revenue_growth:
        lo = -10, hi = 10;
        break;
      case ShockKind::revenue_level:
      case ShockKind::gpu_index:
        lo = 0, hi = 1e6;
        break;
      case ShockKind::risk_free:
        lo = -1, hi = 1;
        break;
      case ShockKind::asset_write_off:
        lo = 0, hi = 1;
        break;
      case ShockKind::sentiment:
      case ShockKind::price:
      case ShockKind::cancel_contract:
      case ShockKind::block_tranches:
      case ShockKind::backstop:
        break;
    }
    if (!(sh.value >= lo && sh.value <= hi)) {
      throw ConfigError(node.where, path,
                        "expected " + number_text(lo) + " to " + number_text(hi) + " for " + kind +
                            ", got '" + node.text + "'");
    }
  }

  static void target(const ShockSpec& sh, const ConfigNode& node, const std::string& path,
                     const std::string& kind, const std::string& what,
                     const std::vector<std::string>& ids) {
    if (sh.target.empty()) {
      throw ConfigError(node.where, path + ".target", kind + " needs a target: " + what);
    }
    if (!contains(ids, sh.target)) {
      throw ConfigError(
          at(node, "target").where, path + ".target",
          "unknown target '" + sh.target + "': expected " + what + did_you_mean(sh.target, ids));
    }
  }

  ScenarioSpec assemble() {
    std::stable_sort(s_.firms.begin(), s_.firms.end(),
                     [](const FirmSpec& a, const FirmSpec& b) { return a.id < b.id; });
    s_.contracts.clear();
    for (ContractDraft& c : d_.contracts)
      s_.contracts.push_back(std::move(c.spec));
    std::stable_sort(s_.contracts.begin(), s_.contracts.end(),
                     [](const ContractSpec& a, const ContractSpec& b) {
                       return std::tie(a.signed_on, a.id) < std::tie(b.signed_on, b.id);
                     });
    std::stable_sort(s_.shocks.begin(), s_.shocks.end(),
                     [](const ShockSpec& a, const ShockSpec& b) { return a.on < b.on; });
    return std::move(s_);
  }

  ScenarioDraft& d_;
  ScenarioSpec& s_;
  const ConfigNode& root_;
  std::vector<std::string> firm_ids_;      // sorted
  std::vector<std::string> contract_ids_;  // sorted after contracts()
};

}  // namespace

ScenarioSpec resolve_scenario(ScenarioDraft draft, const ConfigNode& tree) {
  return Resolver(draft, tree).run();
}

}  // namespace alchemy
