#include "sim/engine/default_outlook.hpp"

#include <algorithm>
#include <cmath>

#include "agents/valuation.hpp"
#include "market/credit_risk.hpp"
#include "market/funding_outlook.hpp"
#include "sim/engine/cash_projection.hpp"
#include "sim/engine/tick_context.hpp"

namespace alchemy {

namespace {

// The first day of the calendar quarter after `d`.
Date next_quarter_start(Date d) {
  const unsigned first_month = ((d.month() - 1) / 3) * 3 + 1;
  return Date::from_ymd(d.year(), first_month, 1).plus_months(3);
}

// What the outside market is expected to supply from today until (not including) `until`.
Money expected_supply(const TickContext& ctx, Date until) {
  const MarketState& m = ctx.world.market;
  const SentimentSpec& s = ctx.spec.market.sentiment;
  const FundingSpec& f = ctx.spec.market.funding;
  double total = m.sentiment < f.freeze_below ? 0.0 : std::max(0.0, m.funding_left.dollars());
  const double rate_factor = std::exp(-f.rate_sensitivity * (m.risk_free - 0.04));
  const double base = f.quarterly_supply.dollars() * rate_factor;
  const Date today = ctx.world.date;
  for (Date q = next_quarter_start(today); q < until; q = q.plus_months(3)) {
    const double years = (q.days() - today.days()) / 365.0;
    const LogNormalMoments x = sentiment_outlook(std::log(m.sentiment), std::log(s.mean),
                                                 s.reversion, s.volatility, years);
    total += base * expected_supply_factor(x, f.sentiment_elasticity, f.freeze_below);
  }
  return Money::from_dollars(total);
}

}  // namespace

double equity_access_probability(double risky, double hurdle, double spread) {
  if (hurdle <= 0.0) return 1.0;  // the fixed part alone covers the old shares
  if (risky <= 0.0) return 0.0;
  if (spread <= 0.0) return risky >= hurdle ? 1.0 : 0.0;
  return 0.5 * std::erfc(-std::log(risky / hurdle) / (spread * std::sqrt(2.0)));
}

EquityOffer equity_offer(const TickContext& ctx, std::int32_t firm, Money amount) {
  const FirmState& f = ctx.world.firms[static_cast<std::size_t>(firm)];
  const FundingSpec& fs = ctx.spec.market.funding;
  const double diluted = std::max(f.diluted_shares, f.shares);
  const double mv = std::max(1.0, f.price * diluted);
  EquityOffer e;
  e.discount = std::min(0.9, fs.base_discount + fs.size_discount * amount.dollars() / mv);
  e.price = f.price > 0.0 ? std::max(kMinimumQuote, f.price * (1.0 - e.discount)) : 0.0;
  e.shares = e.price > 0.0 ? amount.dollars() / e.price : 0.0;
  e.value_net = (f.going_concern_value + amount.dollars()) / (diluted + e.shares);
  e.accepted = e.price > 0.0 && e.value_net >= e.price;
  return e;
}

DefaultOutlook default_outlook(const TickContext& ctx, std::int32_t firm, const CashProjection& p) {
  DefaultOutlook out;
  const FirmState& f = ctx.world.firms[static_cast<std::size_t>(firm)];
  const FirmSpec& spec = ctx.spec.firms[static_cast<std::size_t>(firm)];
  if (p.months.empty() || f.backstopped) return out;  // a rescued firm pays: PD 0

  // Solvency: Black–Cox first passage of the enterprise value V (the market phase's: going
  // concern before limited liability + debt + payables, with its risky share's volatility)
  // through the default point K = half the debt (Crosbie & Bohn 2003: what is due within the
  // horizon is paid through the projection, so it is the liquidity half's, and the commitments'
  // cost is already in V — their idle capacity as stranded value, §7.21, the rest in what the
  // multiple prices). A firm without debt has no creditor who could put it into default: it fails
  // only by missing a payment (the liquidity half).
  const double horizon_years = static_cast<double>(p.months.size()) / 12.0;
  const double debt = f.total_debt().dollars();
  const double V = f.enterprise_value;
  const double sigma_V = f.enterprise_volatility;
  const double r = ctx.world.market.risk_free;
  const auto solvency_pd = [&](double debt_after) {
    const double K = 0.5 * debt_after;
    if (K <= 0.0) return 0.0;
    if (V <= K) return 1.0;
    return black_cox_default_probability(V, sigma_V, K, r, horizon_years);
  };
  out.solvency_pd = solvency_pd(debt);

  // Liquidity: the uncovered need, whether any funder would take the firm, and the supply
  // expected before the need falls due.
  const Money lowest = p.min_cash();
  if (lowest.is_negative()) {
    const FundingSpec& fs = ctx.spec.market.funding;
    out.need = -lowest;
    out.need_month = p.first_gap_month(Money::zero()).value_or(0);
    // Investors decide when the issue is made, on the value they see then. An issue of N at
    // price p_e for s = N / p_e new shares passes their test, (G + N) / (D + s) ≥ p_e, exactly
    // when G ≥ p_e D: the going-concern value must cover the old shares at the issue price. Of G
    // only the risky part R (own business and network claims, §7.7) moves with news, at the
    // firm's value volatility; the rest (net financial assets, the idle commitments' cost) is
    // fixed. So access is the probability that R is still above the hurdle G's fixed part leaves,
    // R* = R − G + p_e D, when the need falls due: Φ(ln(R / R*) / (σ √t)) — continuous through
    // G = 0, so a firm whose commitments outweigh its business today keeps the chance that its
    // business outgrows them before the money is needed, and that chance shrinks as the date
    // comes near (a switch on the margin's sign made PDs jump between 0 and 1; a firm whose
    // going-concern value was below 0 sat at PD 1 for a year before its default).
    const EquityOffer offer = equity_offer(ctx, firm, out.need);
    const double until_need = std::max(
        1.0 / 12.0, (p.month_start(out.need_month + 1).days() - ctx.world.date.days()) / 365.0);
    const double value_vol = value_volatility(spec.valuation, ctx.spec.market.sentiment.volatility);
    const double diluted = std::max(f.diluted_shares, f.shares);
    out.equity_access_probability =
        offer.price > 0.0
            ? equity_access_probability(
                  f.risky_value, f.risky_value - f.going_concern_value + offer.price * diluted,
                  value_vol * std::sqrt(until_need))
            : 0.0;
    out.equity_access = offer.accepted;
    // Lenders lend the need if the enterprise still clears their cut-off with it as debt: the
    // money pays committed invoices, so V is what it was and the default point rises by N/2.
    out.debt_access = solvency_pd(debt + out.need.dollars()) <= fs.max_default_probability;
    const double access = out.debt_access ? 1.0 : out.equity_access_probability;
    if (access > 0.0) {
      out.expected_funding = expected_supply(ctx, p.month_start(out.need_month + 1));
      out.liquidity_survival = access * std::min(1.0, out.expected_funding.dollars() /
                                                          std::max(1.0, out.need.dollars()));
    } else {
      out.liquidity_survival = 0.0;
    }
  }
  out.default_probability = 1.0 - out.liquidity_survival * (1.0 - out.solvency_pd);
  return out;
}

}  // namespace alchemy
