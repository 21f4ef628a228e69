#include "agents/strategy.hpp"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdlib>
#include <memory>

#include "market/magnitude.hpp"

namespace alchemy {

namespace {

constexpr Observable kObservables[] = {
    {"cash", "USD", "cash on hand", false},
    {"runway_months", "months",
     "months until the treasury's projected cash falls below 0 (999 if not within its horizon)",
     false},
    {"projected_gap", "USD",
     "the largest shortfall of projected cash below 0 within the treasury's horizon (0: none)",
     false},
    {"months_to_gap", "months",
     "the first projected month (0 = the coming one) whose end cash is below 0 (999: none)", false},
    {"leverage", "ratio", "debt / market value (or mark) of equity", false},
    {"drawdown", "fraction", "1 − price / highest price so far", false},
    {"price", "USD/share", "share price (private firms: shadow price)", false},
    {"market_value", "USD", "price × fully diluted shares", false},
    {"revenue_growth", "annual rate", "current annual growth of the firm's demand", false},
    {"net_income", "USD/year", "net income over the last 365 days", false},
    {"gw", "GW", "compute capacity deployed (owned + leased)", false},
    {"utilisation", "fraction", "revenue demand / revenue capacity of deployed compute", false},
    {"unmet_demand", "USD/year",
     "demand the deployed compute cannot serve: max(0, demand − revenue capacity)", false},
    {"default_probability", "fraction",
     "probability of default over the treasury horizon (MODEL.md §7.20), as of yesterday", false},
    {"commitment_value", "USD",
     "what the firm's purchase commitments cost its value: the discounted cost of the committed "
     "compute its demand path leaves idle, ≤ 0 (MODEL.md §7.21), as of yesterday",
     false},
    {"sentiment", "index", "the market-wide AI sentiment index (1 = neutral)", false},
    {"risk_free", "annual rate", "the risk-free rate", false},
    {"year", "year", "calendar year of the tick", false},
    {"distress", "0/1", "1 when the firm (or the named firm) could not pay what was due", true},
    {"defaulted", "0/1", "1 when the firm (or the named firm) has defaulted", true},
};
static_assert(std::size(kObservables) == static_cast<std::size_t>(ObservableId::count_));

constexpr ActionInfo kActions[] = {
    {ActionId::raise_equity, "raise_equity", "amount",
     "sell new shares to outside investors at the current price (private: shadow price) less a "
     "discount that grows with the raise's size; a short quarter's capital goes by value and "
     "growth",
     true, false, false},
    {ActionId::raise_debt, "raise_debt", "amount",
     "borrow from outside lenders for 5 years at the risk-free rate plus a spread set by leverage "
     "and sentiment",
     true, false, false},
    {ActionId::draw_tranche, "draw_tranche", "target (an equity_investment contract of the firm)",
     "draw the next investment tranche of the contract now if its milestone is met", false, false,
     true},
    {ActionId::cut_commitment, "cut_commitment",
     "target (a supply or lease the firm buys under, or *), share",
     "cut this share of the undelivered part of a purchase commitment, paying the penalty on it",
     false, true, true},
    {ActionId::cancel_commitment, "cancel_commitment",
     "target (a supply or lease the firm buys under, or *)",
     "cancel the undelivered part of a purchase commitment, paying its penalty", false, false,
     true},
    {ActionId::sell_stake, "sell_stake", "target (the issuer of the stake), share",
     "sell this share of the stake held in the target firm to outside investors at its price or "
     "mark",
     false, true, true},
    {ActionId::buy_compute, "buy_compute", "amount, target (supplier firm, optional)",
     "buy GPUs for this amount (adds amount / hardware_per_gw GW); the supplier books the sale",
     true, false, false},
    {ActionId::vendor_invest, "vendor_invest",
     "target (a supply or lease the firm sells under), share",
     "invest this share of the contract's undelivered value into the customer's equity", false,
     true, true},
    {ActionId::buyback, "buyback", "amount", "buy back own shares at the current price", true,
     false, false},
};

bool is_ident_char(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '-' || c == '.';
}

}  // namespace

std::span<const Observable> observables() {
  return kObservables;
}
std::span<const ActionInfo> actions() {
  return kActions;
}

std::optional<ActionId> action_from_string(std::string_view name) {
  for (const auto& a : kActions) {
    if (a.name == name) return a.id;
  }
  return std::nullopt;
}

// ---- expression tree -------------------------------------------------------------------------

struct Condition::Node {
  enum class Kind { and_, or_, not_, compare, truthy } kind = Kind::truthy;
  std::shared_ptr<const Node> left, right;
  ObservableId observable = ObservableId::cash;
  int firm = -1;  // -1: the deciding firm itself
  enum class Op { lt, le, gt, ge, eq, ne } op = Op::lt;
  double number = 0.0;
};

Condition::Condition() = default;
Condition::~Condition() = default;
Condition::Condition(Condition&&) noexcept = default;
Condition& Condition::operator=(Condition&&) noexcept = default;
Condition::Condition(const Condition&) = default;
Condition& Condition::operator=(const Condition&) = default;

namespace {
using Flat = Condition::Flat;
using Kind = Condition::Node::Kind;
using Op = Condition::Node::Op;

bool eval(const Flat* nodes, std::uint32_t i, std::size_t self, const ObservationTable& t) {
  const Flat& n = nodes[i];
  switch (static_cast<Kind>(n.kind)) {
    case Kind::and_:
      return eval(nodes, i + 1, self, t) && eval(nodes, n.right, self, t);
    case Kind::or_:
      return eval(nodes, i + 1, self, t) || eval(nodes, n.right, self, t);
    case Kind::not_:
      return !eval(nodes, i + 1, self, t);
    case Kind::truthy:
    case Kind::compare: {
      const std::size_t who = n.firm >= 0 ? static_cast<std::size_t>(n.firm) : self;
      const double v = t.get(who, n.observable);
      if (static_cast<Kind>(n.kind) == Kind::truthy) return v != 0.0;
      switch (static_cast<Op>(n.op)) {
        case Op::lt:
          return v < n.number;
        case Op::le:
          return v <= n.number;
        case Op::gt:
          return v > n.number;
        case Op::ge:
          return v >= n.number;
        case Op::eq:
          return v == n.number;
        case Op::ne:
          return v != n.number;
      }
    }
  }
  return false;
}

// Appends the subtree at `n` in preorder; returns the index of its root.
std::uint32_t flatten(const Condition::Node& n, std::vector<Flat>& out) {
  const auto at = static_cast<std::uint32_t>(out.size());
  out.push_back(Flat{static_cast<std::uint8_t>(n.kind), static_cast<std::uint8_t>(n.op),
                     n.observable, n.firm, 0, n.number});
  if (n.left) flatten(*n.left, out);
  if (n.right) out[at].right = flatten(*n.right, out);
  return at;
}
}  // namespace

bool Condition::holds(std::size_t self, const ObservationTable& table) const {
  return !nodes_.empty() && eval(nodes_.data(), 0, self, table);
}

void Condition::mark_observables(
    std::array<bool, static_cast<std::size_t>(ObservableId::count_)>& used) const {
  for (const Flat& n : nodes_) {
    const auto kind = static_cast<Kind>(n.kind);
    if (kind == Kind::compare || kind == Kind::truthy)
      used[static_cast<std::size_t>(n.observable)] = true;
  }
}

// ---- parser: recursive descent over the condition text -------------------------------------

struct ConditionParser {
  std::string_view text;
  std::span<const std::string> firm_ids;
  std::size_t pos = 0;
  std::optional<RuleProblem> problem;

  using NodePtr = std::shared_ptr<Condition::Node>;

  static Condition make(NodePtr root) {
    Condition c;
    if (root) flatten(*root, c.nodes_);
    return c;
  }

  void fail(std::size_t at, std::string message) {
    if (!problem) problem = RuleProblem{"when", at, std::move(message)};
  }
  void skip_space() {
    while (pos < text.size() && std::isspace(static_cast<unsigned char>(text[pos])))
      ++pos;
  }
  std::string_view peek_word() {
    skip_space();
    std::size_t end = pos;
    while (end < text.size() && is_ident_char(text[end]))
      ++end;
    return text.substr(pos, end - pos);
  }
  bool accept_word(std::string_view w) {
    if (peek_word() == w) {
      pos += w.size();
      return true;
    }
    return false;
  }

  NodePtr parse_or() {
    NodePtr left = parse_and();
    while (!problem && accept_word("or")) {
      auto n = std::make_shared<Condition::Node>();
      n->kind = Condition::Node::Kind::or_;
      n->left = left;
      n->right = parse_and();
      left = n;
    }
    return left;
  }
  NodePtr parse_and() {
    NodePtr left = parse_not();
    while (!problem && accept_word("and")) {
      auto n = std::make_shared<Condition::Node>();
      n->kind = Condition::Node::Kind::and_;
      n->left = left;
      n->right = parse_not();
      left = n;
    }
    return left;
  }
  NodePtr parse_not() {
    if (accept_word("not")) {
      auto n = std::make_shared<Condition::Node>();
      n->kind = Condition::Node::Kind::not_;
      n->left = parse_not();
      return n;
    }
    skip_space();
    if (pos < text.size() && text[pos] == '(') {
      ++pos;
      NodePtr inner = parse_or();
      skip_space();
      if (pos >= text.size() || text[pos] != ')') {
        fail(pos, "expected ')'");
        return inner;
      }
      ++pos;
      return inner;
    }
    return parse_comparison();
  }

  NodePtr parse_comparison() {
    auto n = std::make_shared<Condition::Node>();
    skip_space();
    const std::size_t at = pos;
    const std::string_view name = peek_word();
    if (name.empty()) {
      fail(at, at >= text.size()
                   ? "expected an observable, found the end of the condition"
                   : "expected an observable, found '" + std::string(1, text[at]) + "'");
      return n;
    }
    const Observable* found = nullptr;
    for (std::size_t i = 0; i < std::size(kObservables); ++i) {
      if (kObservables[i].name == name) {
        found = &kObservables[i];
        n->observable = static_cast<ObservableId>(i);
      }
    }
    if (!found) {
      std::string list;
      for (const auto& o : kObservables)
        list += (list.empty() ? "" : ", ") + std::string(o.name);
      fail(at, "unknown observable '" + std::string(name) + "' (known: " + list + ")");
      return n;
    }
    pos += name.size();
    skip_space();
    if (pos < text.size() && text[pos] == '(') {
      if (!found->takes_firm) {
        fail(pos, "observable '" + std::string(name) + "' takes no firm argument");
        return n;
      }
      ++pos;
      const std::size_t arg_at = (skip_space(), pos);
      const std::string_view arg = peek_word();
      auto it = std::find(firm_ids.begin(), firm_ids.end(), std::string(arg));
      if (arg.empty() || it == firm_ids.end()) {
        fail(arg_at, "unknown firm '" + std::string(arg) + "' in " + std::string(name) + "(...)");
        return n;
      }
      n->firm = static_cast<int>(it - firm_ids.begin());
      pos += arg.size();
      skip_space();
      if (pos >= text.size() || text[pos] != ')') {
        fail(pos, "expected ')'");
        return n;
      }
      ++pos;
    }
    skip_space();
    using O = Condition::Node::Op;
    static constexpr std::pair<std::string_view, O> kOps[] = {
        {"<=", O::le}, {">=", O::ge}, {"==", O::eq}, {"!=", O::ne}, {"<", O::lt}, {">", O::gt}};
    for (const auto& [sym, op] : kOps) {
      if (text.substr(pos, sym.size()) == sym) {
        pos += sym.size();
        n->kind = Condition::Node::Kind::compare;
        n->op = op;
        n->number = parse_number();
        return n;
      }
    }
    n->kind = Condition::Node::Kind::truthy;
    return n;
  }

  double parse_number() {
    skip_space();
    const std::size_t at = pos;
    std::size_t end = pos;
    while (end < text.size() &&
           (std::isdigit(static_cast<unsigned char>(text[end])) || text[end] == '.' ||
            text[end] == '-' || text[end] == '_' || text[end] == '+')) {
      ++end;
    }
    std::string digits;
    for (std::size_t i = pos; i < end; ++i) {
      if (text[i] != '_') digits += text[i];
    }
    char* parse_end = nullptr;
    const double v = digits.empty() ? 0.0 : std::strtod(digits.c_str(), &parse_end);
    if (digits.empty() || parse_end != digits.c_str() + digits.size() || !std::isfinite(v)) {
      fail(at, "expected a number (e.g. 0.5, 30%, 4.3B)");
      return 0.0;
    }
    pos = end;
    double scale = 1.0;
    if (pos < text.size() && (text[pos] == '%' || magnitude_power(text[pos]) > 0)) {
      scale = text[pos] == '%' ? 0.01 : magnitude_scale(text[pos]);
      ++pos;
    }
    if (pos < text.size() && is_ident_char(text[pos])) {
      fail(pos, "unexpected text after the number");
    }
    return v * scale;
  }
};

ParsedCondition parse_condition(std::string_view text, std::span<const std::string> firm_ids) {
  ConditionParser p{text, firm_ids, 0, std::nullopt};
  auto root = p.parse_or();
  p.skip_space();
  if (!p.problem && p.pos < text.size()) {
    p.fail(p.pos, "unexpected '" + std::string(text.substr(p.pos, 12)) +
                      "' (expected 'and', 'or' or the end of the condition)");
  }
  ParsedCondition out;
  if (p.problem) {
    out.problem = p.problem;
    return out;
  }
  out.condition = ConditionParser::make(std::move(root));
  return out;
}

std::optional<RuleProblem> check_rule(const RuleSpec& rule, std::span<const std::string> firm_ids) {
  if (rule.when.empty()) return RuleProblem{"when", 0, "a rule needs a condition"};
  const auto parsed = parse_condition(rule.when, firm_ids);
  if (parsed.problem) return parsed.problem;
  const auto id = action_from_string(rule.action);
  if (!id) {
    std::string list;
    for (const auto& a : kActions)
      list += (list.empty() ? "" : ", ") + std::string(a.name);
    return RuleProblem{"do", 0, "unknown action '" + rule.action + "' (known: " + list + ")"};
  }
  const ActionInfo& info = kActions[static_cast<std::size_t>(*id)];
  if (info.needs_amount && !rule.amount.is_positive()) {
    return RuleProblem{"amount", 0, "action '" + rule.action + "' needs a positive amount"};
  }
  if (info.needs_share && !(rule.share > 0.0 && rule.share <= 1.0)) {
    return RuleProblem{"share", 0, "action '" + rule.action + "' needs a share in (0, 100%]"};
  }
  if (info.needs_target && rule.target.empty()) {
    return RuleProblem{"target", 0, "action '" + rule.action + "' needs a target"};
  }
  return std::nullopt;
}

}  // namespace alchemy
