#include "sim/scenario/scenario_consistency.hpp"

#include <algorithm>
#include <cstdio>
#include <string>

#include "agents/strategy.hpp"
#include "sim/contracts/common.hpp"
#include "sim/contracts/contract_kind.hpp"
#include "sim/contracts/equity_investment.hpp"
#include "sim/contracts/loan.hpp"
#include "sim/contracts/supply.hpp"
#include "sim/contracts/warrant.hpp"
#include "sim/engine/model_value.hpp"
#include "sim/scenario/config_error.hpp"

namespace alchemy {

namespace {

std::string billions(double dollars) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.1f B", dollars / 1e9);
  return buf;
}

std::string gw_text(double gw) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.2f GW", gw);
  return buf;
}

class Checker {
 public:
  Checker(ScenarioSpec& spec, const ConfigNode& tree) : s_(spec), root_(tree) {}

  void run() {
    link_financing();
    for (std::size_t i = 0; i < s_.firms.size(); ++i) {
      starting_equity(i);
      rule_guards(i);
      applicable_actions(i);
    }
    for (std::size_t c = 0; c < s_.contracts.size(); ++c) {
      const ContractSpec& cs = s_.contracts[c];
      if (cs.type() == ContractType::warrant || cs.type() == ContractType::equity_investment)
        milestones(cs);
      if (cs.type() == ContractType::loan) loan_to_value(cs);
    }
  }

 private:
  // The list item of `list` (firms, contracts) whose id is `id`, with its key path.
  struct Found {
    const ConfigNode* node;
    std::string path;
  };
  Found item(std::string_view list, const std::string& id) const {
    const ConfigNode* items = root_.is_map() ? root_.find(list) : nullptr;
    if (items && items->is_sequence()) {
      for (std::size_t i = 0; i < items->items.size(); ++i) {
        const ConfigNode& n = items->items[i];
        const ConfigNode* k = n.is_map() ? n.find("id") : nullptr;
        if (k && k->is_scalar() && k->text == id) return {&n, key_path_item(list, i, n)};
      }
    }
    return {&root_, std::string(list)};
  }
  static const ConfigNode& at(const ConfigNode& map, std::string_view key) {
    const ConfigNode* v = map.is_map() ? map.find(key) : nullptr;
    return v && !v->is_null() ? *v : map;
  }
  static const ConfigNode& item_at(const ConfigNode& map, std::string_view key, std::size_t i) {
    const ConfigNode& list = at(map, key);
    return list.is_sequence() && i < list.items.size() ? list.items[i] : list;
  }
  [[noreturn]] void fail(const ConfigNode& node, const std::string& path,
                         const std::string& message) const {
    throw ConfigError(node.where, path, message);
  }
  std::size_t contract_index(const std::string& id) const {
    for (std::size_t c = 0; c < s_.contracts.size(); ++c) {
      if (s_.contracts[c].id == id) return c;
    }
    return s_.contracts.size();
  }

  void link_financing() {
    for (ContractSpec& cs : s_.contracts) {
      if (cs.type() != ContractType::loan) continue;
      LoanTerms& t = cs.as<LoanTerms>();
      if (t.finances.empty()) continue;
      const auto [node, path] = item("contracts", cs.id);
      const ConfigNode& where = at(*node, "finances");
      const std::size_t f = contract_index(t.finances);
      if (f == s_.contracts.size()) {
        fail(where, path + ".finances", "unknown contract '" + t.finances + "'");
      }
      const ContractSpec& supply = s_.contracts[f];
      if (supply.type() != ContractType::supply ||
          supply.as<SupplyTerms>().delivery != Delivery::gpus) {
        fail(where, path + ".finances",
             "'" + t.finances + "' is not a supply of GPUs; a loan finances GPUs it is secured by");
      }
      if (supply.from != cs.to) {
        fail(where, path + ".finances",
             "'" + t.finances + "' is bought by " + s_.firms[supply.from].id +
                 ", not by this loan's borrower " + s_.firms[cs.to].id);
      }
      t.financed = static_cast<std::int32_t>(f);
    }
  }

  void starting_equity(std::size_t i) const {
    const FirmSpec& f = s_.firms[i];
    if (!f.deliberate.empty()) return;
    double assets = f.cash.dollars() + f.other_assets.dollars() + f.operating_assets.dollars() +
                    f.compute.fleet_book.dollars();
    for (const StakeSpec& st : f.stakes) {
      for (const FirmSpec& issuer : s_.firms) {
        if (issuer.id == st.issuer) assets += st.shares * issuer.price;
      }
    }
    double liabilities = f.other_liabilities.dollars();
    for (const DebtSpec& d : f.debt)
      liabilities += d.principal.dollars();
    if (assets - liabilities >= 0.0) return;
    const auto [node, path] = item("firms", f.id);
    fail(at(*node, "id"), path,
         "book equity at the start is " + billions(assets - liabilities) + " (assets " +
             billions(assets) + ", liabilities " + billions(liabilities) +
             "): give the balance sheet's other lines (operating_assets: goodwill, intangibles, "
             "inventories, …), or say why it is negative with deliberate: \"reason\"");
  }

  void rule_guards(std::size_t i) const {
    const FirmSpec& f = s_.firms[i];
    for (std::size_t r = 0; r < f.rules.size(); ++r) {
      const RuleSpec& rule = f.rules[r];
      if (!rule.deliberate.empty()) continue;
      const auto action = action_from_string(rule.action);
      if (!action) continue;  // rejected by the resolver already
      const bool spends = *action == ActionId::buyback || *action == ActionId::buy_compute ||
                          *action == ActionId::vendor_invest;
      const bool borrows = *action == ActionId::raise_debt;
      if (!(spends && !rule.min_cash.is_positive()) && !(borrows && rule.max_rate >= 1.0)) continue;
      const auto [node, path] = item("firms", f.id);
      const ConfigNode& rule_node = item_at(*node, "rules", r);
      const std::string rpath = path + ".rules[" + std::to_string(r) + "]";
      if (spends) {
        fail(at(rule_node, "do"), rpath + ".min_cash",
             "a " + rule.action +
                 " rule can spend all of the firm's cash: give min_cash (the cash it must leave, "
                 "> 0), or say why not with deliberate: \"reason\"");
      }
      fail(at(rule_node, "do"), rpath + ".max_rate",
           "a raise_debt rule can borrow at any price, again and again: give max_rate (the "
           "highest annual rate the firm accepts, below 100 %), or say why not with deliberate: "
           "\"reason\"");
    }
  }

  // Two actions need a contract to act on: draw_credit_line a credit line the firm borrows on,
  // defer_purchases a supply it buys with deferral_months > 0. A kind's default order holds both;
  // a firm without such a contract has the action dropped (it could only fail), and an order the
  // scenario writes out naming it for such a firm is a mistake.
  void applicable_actions(std::size_t i) {
    const auto has = [&](auto pred) {
      return std::any_of(s_.contracts.begin(), s_.contracts.end(), pred);
    };
    const bool line = has([&](const ContractSpec& cs) {
      return cs.type() == ContractType::credit_line && cs.to == i;
    });
    const bool deferrable = has([&](const ContractSpec& cs) {
      return cs.type() == ContractType::supply && cs.from == i &&
             cs.as<SupplyTerms>().deferral_months > 0;
    });
    needs_contract(i, TreasuryAction::draw_credit_line, line,
                   "borrows on no credit_line contract (add one with to: " + s_.firms[i].id +
                       ", or drop the action)");
    needs_contract(i, TreasuryAction::defer_purchases, deferrable,
                   "buys on no supply contract with deferral_months > 0 (give one, or drop the "
                   "action)");
  }
  void needs_contract(std::size_t i, TreasuryAction action, bool has_one,
                      const std::string& missing) {
    std::vector<TreasuryAction>& actions = s_.firms[i].treasury.actions;
    if (has_one || std::find(actions.begin(), actions.end(), action) == actions.end()) return;
    const auto [node, path] = item("firms", s_.firms[i].id);
    const ConfigNode& treasury = at(*node, "treasury");
    if (&treasury != node && treasury.is_map() && treasury.find("actions")) {
      fail(at(treasury, "actions"), path + ".treasury.actions",
           std::string(to_string(action)) + ": " + s_.firms[i].id + " " + missing);
    }
    std::erase(actions, action);
  }

  // The last date a tranche of `cs` can still vest or be drawn.
  Date last_chance(const ContractSpec& cs) const {
    if (cs.type() == ContractType::warrant) {
      const auto dates = monthly_dates(cs.start, cs.end);
      return dates.empty() ? cs.end : dates.back();
    }
    return cs.end.plus_days(365);  // investments retry monthly for a year after the end
  }

  void milestones(const ContractSpec& cs) const {
    if (!cs.deliberate.empty()) return;
    const bool warrant = cs.type() == ContractType::warrant;
    const TrancheTerms& t = warrant ? cs.as<WarrantTerms>().tranche : cs.as<EquityTerms>().tranche;
    const auto [node, path] = item("contracts", cs.id);
    if (!warrant && cs.as<EquityTerms>().gw_source == GwSource::all) {
      for (const Milestone& m : t.milestones) {
        if (m.min_gw_deployed <= 0.0) continue;
        fail(at(*node, "gw_source"), path + ".gw_source",
             "min_gw would count capacity from every supplier of " + s_.firms[cs.to].id +
                 ", not only the GPUs " + s_.firms[cs.from].id +
                 " delivers: use gw_source: counterparty, or say why with deliberate: \"reason\"");
      }
    }
    const Date last = last_chance(cs);
    const std::string what = warrant ? "the warrant's last vesting check" : "the last retry";
    for (std::size_t j = 0; j < t.milestones.size(); ++j) {
      const Milestone& m = t.milestones[j];
      const ConfigNode& ms = item_at(*node, "milestones", j);
      const std::string mpath = path + ".milestones[" + std::to_string(j) + "]";
      if (m.not_before && last < *m.not_before) {
        fail(at(ms, "not_before"), mpath + ".not_before",
             "tranche " + std::to_string(j + 1) + " cannot vest: not_before " +
                 m.not_before->iso() + " is after " + what + " (" + last.iso() + ")");
      }
      if (m.min_gw_deployed <= 0.0) continue;
      if (!warrant && cs.as<EquityTerms>().gw_source == GwSource::all) continue;
      const double reachable = gw_scheduled_by(s_.contracts, cs.from, cs.to, last);
      if (reachable >= m.min_gw_deployed * (1.0 - 1e-9)) continue;
      fail(at(ms, "min_gw"), mpath + ".min_gw",
           "tranche " + std::to_string(j + 1) + " needs " + gw_text(m.min_gw_deployed) + " of " +
               s_.firms[cs.from].id + "'s GPUs delivered to " + s_.firms[cs.to].id +
               ", but its supply contracts deliver " + gw_text(reachable) + " by " + what + " (" +
               last.iso() +
               "): move the deliveries or the contract's end, lower min_gw, or say why with "
               "deliberate: \"reason\"");
    }
  }

  // Loan-to-value when drawn, at the GPU index of 1 (the most favourable case): a financing
  // loan's draws are amount / the supply's amount of the GPUs each draw buys; any other loan is
  // drawn in full against the borrower's fleet at book (before depreciation) plus the GPUs
  // scheduled to reach it by the draw, shared with the other GPU loans drawn by then.
  void loan_to_value(const ContractSpec& cs) const {
    const LoanTerms& t = cs.as<LoanTerms>();
    if (!t.gpu_collateral || !cs.deliberate.empty()) return;
    double ltv = 0.0;
    std::string against;
    if (t.financed >= 0) {
      const ContractSpec& supply = s_.contracts[static_cast<std::size_t>(t.financed)];
      ltv = cs.amount.dollars() / supply.amount.dollars();
      against =
          "the GPUs of " + supply.id + " it pays for (" + billions(supply.amount.dollars()) + ")";
    } else {
      const FirmSpec& b = s_.firms[cs.to];
      double fleet = b.compute.fleet_book.dollars();
      for (const ContractSpec& o : s_.contracts) {
        if (o.type() != ContractType::supply || o.from != cs.to ||
            o.as<SupplyTerms>().delivery != Delivery::gpus)
          continue;
        const auto dates = monthly_dates(o.start, o.end);
        std::size_t due = 0;
        for (const Date d : dates)
          due += d <= cs.start ? 1 : 0;
        if (!dates.empty())
          fleet +=
              o.amount.dollars() * static_cast<double>(due) / static_cast<double>(dates.size());
      }
      double secured = 0.0;
      for (const ContractSpec& o : s_.contracts) {
        if (o.type() == ContractType::loan && o.to == cs.to && o.start <= cs.start &&
            o.as<LoanTerms>().gpu_collateral && o.as<LoanTerms>().financed < 0)
          secured += o.amount.dollars();
      }
      ltv = fleet > 0.0 ? secured / fleet : INFINITY;
      against = s_.firms[cs.to].id + "'s fleet when it is drawn (" + billions(fleet) +
                " at book, shared with " + billions(secured) + " of GPU loans)";
    }
    if (ltv <= t.max_ltv) return;
    const auto [node, path] = item("contracts", cs.id);
    char ratio[64];
    std::snprintf(ratio, sizeof ratio, "%.2f against its max_ltv of %.2f", ltv, t.max_ltv);
    fail(at(*node, t.financed >= 0 ? "amount" : "gpu_collateral"), path + ".max_ltv",
         std::string("the loan is margin-called the day it is drawn: loan-to-value ") + ratio +
             ", secured by " + against +
             ": secure it by the GPUs it buys (finances: <supply id>), lower the amount, or say "
             "why with deliberate: \"reason\"");
  }

  ScenarioSpec& s_;
  const ConfigNode& root_;
};

}  // namespace

void check_consistency(ScenarioSpec& spec, const ConfigNode& tree) {
  Checker(spec, tree).run();
}

std::vector<std::string> starting_price_warnings(const ScenarioSpec& spec) {
  std::vector<std::string> out;
  if (spec.firms.empty()) return out;
  const std::vector<double> model = model_prices_at_start(spec);
  for (std::size_t i = 0; i < spec.firms.size(); ++i) {
    const FirmSpec& f = spec.firms[i];
    if (!f.deliberate.empty() || f.price <= 0.0) continue;
    const double ratio = f.price / std::max(model[i], 1e-300);
    if (ratio >= 0.5 && ratio <= 2.0) continue;
    char text[200];
    std::snprintf(text, sizeof text,
                  "firms.%s.price: the starting price %.4g USD is %.2f× the firm's own model "
                  "value per share (%.4g USD)",
                  f.id.c_str(), f.price, ratio, model[i]);
    out.emplace_back(text);
  }
  return out;
}

}  // namespace alchemy
