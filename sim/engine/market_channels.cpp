#include "sim/engine/market_channels.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <tuple>

#include "agents/valuation.hpp"
#include "sim/contracts/contract_kind.hpp"
#include "sim/contracts/contract_settlement.hpp"
#include "sim/engine/commitment_values.hpp"

namespace alchemy {

namespace {

using Entry = MarketChannels::Entry;
using Key = MarketChannels::Key;

// out.order = the entries' indices ordered by (row, col, kind), stably: a counting sort by row,
// then insertion sort inside each row (a row has a few entries). Equal keys keep the order they
// were added in, so the CSR and its sums are reproducible.
void csr_order(const std::vector<Entry>& entries, std::size_t n, MarketChannels& out) {
  std::vector<std::size_t>& row_start = out.row_start;
  row_start.assign(n + 1, 0);
  for (const auto& e : entries)
    ++row_start[e.row + 1];
  for (std::size_t i = 0; i < n; ++i)
    row_start[i + 1] += row_start[i];
  std::vector<std::uint32_t>& order = out.order;
  order.resize(entries.size());
  std::vector<std::size_t>& next = out.row_next;
  next.assign(row_start.begin(), row_start.end() - 1);
  for (std::size_t k = 0; k < entries.size(); ++k)
    order[next[entries[k].row]++] = static_cast<std::uint32_t>(k);
  const auto before = [&](std::uint32_t x, std::uint32_t y) {
    return std::tie(entries[x].col, entries[x].kind) < std::tie(entries[y].col, entries[y].kind);
  };
  for (std::size_t i = 0; i < n; ++i) {
    for (std::size_t k = row_start[i] + 1; k < row_start[i + 1]; ++k) {
      const std::uint32_t e = order[k];
      std::size_t j = k;
      for (; j > row_start[i] && before(e, order[j - 1]); --j)
        order[j] = order[j - 1];
      order[j] = e;
    }
  }
}

}  // namespace

MarketChannels build_market_channels(const TickContext& ctx) {
  MarketChannels out;
  build_market_channels(ctx, out);
  return out;
}

void build_market_channels(const TickContext& ctx, MarketChannels& out,
                           const std::vector<CommitmentValue>* commitments) {
  const World& w = ctx.world;
  const std::size_t n = w.firms.size();
  out.mv0.assign(n, 0.0);
  std::vector<double>& network_loans = out.network_loans;
  network_loans.assign(n, 0.0);
  std::vector<Entry>& claims = out.claims;
  claims.clear();
  const auto u32 = [](std::size_t i) { return static_cast<std::uint32_t>(i); };

  // The multiple prices the growth scheduled over the next year (a known step moves the value
  // before its date, not on it) and carries the firm's news factor exp(news) (MODEL.md §7.7).
  std::vector<double>& multiple = out.multiple;
  multiple.resize(n);
  out.growth.resize(n, std::numeric_limits<double>::quiet_NaN());  // NaN: never equal, so computed
  out.growth_factor.resize(n);
  for (std::size_t i = 0; i < n; ++i) {
    const FirmState& f = w.firms[i];
    const FirmSpec& spec = ctx.spec.firms[i];
    const double g = spec.revenue.growth_path.empty()
                         ? f.growth
                         : forward_growth(spec.revenue, f.growth, w.date);
    if (!(out.growth[i] == g)) {
      out.growth[i] = g;
      out.growth_factor[i] = std::exp(g);
    }
    multiple[i] = revenue_multiple(spec.valuation, g, w.market.sentiment, w.market.risk_free) *
                  (f.news == 0.0 ? 1.0 : std::exp(f.news));
    out.mv0[i] = std::max(1.0, f.price * std::max(f.diluted_shares, 1e-9));
  }

  for (std::size_t i = 0; i < n; ++i) {
    for (const auto& s : w.firms[i].stakes) {
      if (s.shares <= 0.0) continue;
      const FirmState& issuer = w.firms[static_cast<std::size_t>(s.issuer)];
      claims.push_back({u32(i), u32(static_cast<std::size_t>(s.issuer)), EdgeKind::stake,
                        s.shares * issuer.price, 1.0});
    }
  }
  for (std::size_t c = 0; c < ctx.spec.contracts.size(); ++c) {
    const ContractSpec& cs = ctx.spec.contracts[c];
    const ContractState& st = w.contracts[c];
    if (!st.signed_ || st.cancelled) continue;
    // Loans have no channel here: they are read from the borrowers' debt below (what is
    // actually outstanding).
    if (const auto channels = kind_of(cs).channels)
      channels(ctx, static_cast<std::int32_t>(c), multiple, claims);
  }
  // A network loan is worth its principal less the expected loss on it, PD_j × loss given
  // default (the same credit read as the debt's price, tick_context.hpp), a level that moves with
  // the borrower's default probability, not with its price within the tick (MODEL.md §7.7).
  for (std::size_t j = 0; j < n; ++j) {
    const FirmState& borrower = w.firms[j];
    for (const auto& d : borrower.debt) {
      if (d.lender < 0 || !d.principal.is_positive()) continue;
      const auto lender = static_cast<std::size_t>(d.lender);
      network_loans[lender] += d.principal.dollars();
      claims.push_back({u32(lender), u32(j), EdgeKind::loan, d.principal.dollars(), 0.0,
                        MarketChannels::Credit::borrower, u32(j)});
    }
  }

  if (commitments) {
    if (commitments != &out.commitments) out.commitments = *commitments;
  } else {
    commitment_values(ctx, out.commitments);
  }
  out.own_operating.resize(n);
  out.own_value.resize(n);
  for (std::size_t i = 0; i < n; ++i) {
    const FirmState& f = w.firms[i];
    out.own_operating[i] =
        multiple[i] * forward_external_revenue(ctx.spec.firms[i], f, out.growth_factor[i]);
    out.own_value[i] =
        out.own_operating[i] + net_financial_assets(f, network_loans[i]) + out.commitments[i].net();
  }
  reprice_market_channels(ctx, out);
}

void reprice_market_channels(const TickContext& ctx, MarketChannels& out) {
  const World& w = ctx.world;
  const std::size_t n = w.firms.size();
  std::vector<Entry>& entries = out.entries;
  entries.clear();
  const double lgd = ctx.spec.market.funding.loss_given_default;
  for (const Entry& claim : out.claims) {
    Entry e = claim;
    if (e.credit == MarketChannels::Credit::payer) {
      // The receipts count as far as the payer is expected to survive to pay them (MODEL.md
      // §7.21): a buyer that will probably default is worth little to its seller before it does.
      const double payer_survival = 1.0 - w.firms[e.debtor].default_probability;
      if (!(payer_survival > 0.0)) continue;
      e.b *= payer_survival;
    } else if (e.credit == MarketChannels::Credit::borrower) {
      e.b *= 1.0 - w.firms[e.debtor].default_probability * lgd;
    }
    entries.push_back(e);
  }
  out.a.assign(out.own_value.begin(), out.own_value.end());
  std::vector<double>& operating = out.operating;
  operating.assign(out.own_operating.begin(), out.own_operating.end());
  out.going_concern.assign(out.a.begin(), out.a.end());
  for (const auto& e : entries) {
    out.going_concern[e.row] += e.b;
    if (e.row != e.col && e.b > 0.0) operating[e.row] += e.b;
  }
  // Limited liability (MODEL.md §7.7): equity is a call on the enterprise value struck at the
  // fixed claims, i.e. the going-concern value plus a put. The enterprise value's volatility is
  // its risky part's (own business and network claims) news and factor volatility, scaled by that
  // part's share of it. The put is read at the start-of-tick channel values.
  const double factor_vol = ctx.spec.market.sentiment.volatility;
  out.enterprise_value.resize(n);
  out.enterprise_volatility.resize(n);
  out.risky_value.resize(n);
  for (std::size_t i = 0; i < n; ++i) {
    const FirmState& f = w.firms[i];
    const double liabilities = (f.total_debt() + f.payables).dollars();
    const ValuationSpec& v = ctx.spec.firms[i].valuation;
    const double ev = out.going_concern[i] + liabilities;
    const double own_vol = value_volatility(v, factor_vol);
    const double sigma = ev > 0.0 ? own_vol * std::min(1.0, operating[i] / ev) : 0.0;
    out.enterprise_value[i] = ev;
    out.enterprise_volatility[i] = sigma;
    out.risky_value[i] = std::max(0.0, operating[i]);
    if (liabilities <= 0.0) continue;
    const double put = limited_liability_put(ev, liabilities, sigma);
    out.a[i] += put;
    out.going_concern[i] += put;
  }
  // Equity is the going-concern value times the probability of surviving the horizon (MODEL.md
  // §7.20): the firm's own part a_i and every channel of its row carry the factor.
  std::vector<double>& survival = out.survival;
  survival.resize(n);
  for (std::size_t i = 0; i < n; ++i) {
    survival[i] = 1.0 - w.firms[i].default_probability;
    out.a[i] *= survival[i];
  }

  // The CSR order of the entries (by row, col and kind, stably) depends on their keys only, and
  // from tick to tick they mostly stay: then last tick's order is reused and only the values are
  // written.
  bool same_keys = n == out.keyed_firms && entries.size() == out.keys.size();
  for (std::size_t k = 0; same_keys && k < entries.size(); ++k) {
    const Entry& e = entries[k];
    const Key& key = out.keys[k];
    same_keys = e.row == key.row && e.col == key.col && e.kind == key.kind;
  }
  FeedbackChannels& ch = out.channels;
  if (!same_keys) {
    csr_order(entries, n, out);
    out.keys.clear();
    for (const auto& e : entries)
      out.keys.push_back({e.row, e.col, e.kind});
    out.keyed_firms = n;
    // The structure: rows, columns and kinds in CSR order (a claim on oneself is no channel).
    ch.row_ptr.assign(n + 1, 0);
    ch.col.clear();
    ch.kind.clear();
    for (const std::uint32_t k : out.order) {
      const Entry& e = entries[k];
      if (e.row == e.col) continue;
      ++ch.row_ptr[e.row + 1];
      ch.col.push_back(e.col);
      ch.kind.push_back(e.kind);
    }
    for (std::size_t i = 0; i < n; ++i)
      ch.row_ptr[i + 1] += ch.row_ptr[i];
    ch.b.resize(ch.col.size());
    ch.elasticity.resize(ch.col.size());
  }
  // The values, in the same order. A firm's claim on itself is not a network channel: it is part
  // of a_i.
  std::size_t q = 0;
  for (const std::uint32_t k : out.order) {
    const Entry& e = entries[k];
    if (e.row == e.col) {
      out.a[e.row] += survival[e.row] * e.b;
      continue;
    }
    ch.b[q] = survival[e.row] * e.b;
    ch.elasticity[q] = e.e;
    ++q;
  }
}

}  // namespace alchemy
