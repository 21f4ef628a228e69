#include "sim/engine/shortfall.hpp"

#include <algorithm>

#include "sim/engine/cash_projection.hpp"
#include "sim/engine/contagion_index.hpp"
#include "sim/engine/projection_lines.hpp"
#include "sim/engine/tick_context.hpp"

namespace alchemy {

namespace {

ShortfallLine& line_of(std::vector<ShortfallLine>& lines, const LineKey& key) {
  const auto it = std::find_if(lines.begin(), lines.end(),
                               [&](const ShortfallLine& l) { return l.key == key; });
  if (it != lines.end()) return *it;
  lines.push_back(ShortfallLine{key, {}, {}, {}, {}, 0.0, 0});
  return lines.back();
}

// The event behind a line: the counterparty's default; else what last changed the contract's
// terms (the other party's cut or deferral, a cancelling or blocking shock), unless it was the
// firm's own decision (then none: the default falls back to its gap episode); else, for the
// firm's own operations, funding and margin, the latest surprise it had (MODEL.md §7.19) if it
// came on or after the reference's day (one before was in the reference's projection already).
std::uint64_t line_event(const TickContext& ctx, std::int32_t firm, const LineKey& key,
                         Date reference_day) {
  const World& w = ctx.world;
  if (key.counterparty >= 0) {
    const FirmState& cp = w.firms[static_cast<std::size_t>(key.counterparty)];
    if (cp.defaulted && cp.default_event != 0) return cp.default_event;
  }
  if (key.contract >= 0) {
    const ContractState& c = w.contracts[static_cast<std::size_t>(key.contract)];
    return c.changed_by_firm == firm ? 0 : c.changed_by;
  }
  switch (key.kind) {
    case LineKind::operations:
    case LineKind::funding:
    case LineKind::margin: {
      const FirmState& f = w.firms[static_cast<std::size_t>(firm)];
      return f.surprise_day >= reference_day.days() ? f.surprise_event : 0;
    }
    default:
      return 0;
  }
}

}  // namespace

namespace {

// The decomposition, with the projection's index made by `index_for(end, index)`.
template <class IndexFor>
Shortfall decompose(const TickContext& ctx, std::int32_t firm, ProjectionIndex& index,
                    IndexFor&& index_for) {
  Shortfall s;
  const World& w = ctx.world;
  if (w.references.empty()) return s;
  const Reference& r = w.references[static_cast<std::size_t>(firm)];
  if (!r.open) return s;
  s.has_reference = true;
  s.reference_day = r.made;
  s.window_end = r.end;
  s.reference_cash = r.cash;
  s.cash = w.firms[static_cast<std::size_t>(firm)].cash;
  s.stale = !(w.date < r.end);
  s.expected_end = r.cash;
  for (const LineTotal& l : r.expected) {
    line_of(s.lines, l.key).expected += l.amount;
    s.expected_end += l.amount;
  }
  for (const LineTotal& l : r.realised)
    line_of(s.lines, l.key).realised += l.amount;
  if (!s.stale) {
    index_for(r.end, index);
    CashProjection p;
    std::vector<LineTotal> projected;
    project_lines(ctx, index, firm, static_cast<int>(index.bounds.size()) - 1, p, &projected);
    for (const LineTotal& l : projected) {
      line_of(s.lines, l.key).projected += l.amount;
      s.projected_total += l.amount;
    }
  }
  std::sort(s.lines.begin(), s.lines.end(),
            [](const ShortfallLine& a, const ShortfallLine& b) { return a.key < b.key; });
  for (ShortfallLine& l : s.lines) {
    l.loss = l.expected - (l.realised + l.projected);
    s.total += l.loss;
    if (l.loss.is_positive()) s.positive += l.loss;
    l.event = line_event(ctx, firm, l.key, r.made);
  }
  const ShortfallLine* top = nullptr;
  for (ShortfallLine& l : s.lines) {
    if (!l.loss.is_positive()) continue;
    l.share = l.loss.dollars() / s.positive.dollars();
    if (!top || l.loss > top->loss) top = &l;  // the first of equals, in key order
  }
  if (top) {
    s.top_share = top->share;
    // A stale reference's window ended before the default: its lines say what went wrong then,
    // not what brought the default about, so the default keeps the older rules for its cause.
    if (!s.stale) s.cause = top->event;
  }
  return s;
}

}  // namespace

Shortfall decompose_shortfall(const TickContext& ctx, std::int32_t firm) {
  ProjectionIndex index;
  return decompose(ctx, firm, index, [&](Date end, ProjectionIndex& into) {
    index_for_projection_until(ctx, end, into);
  });
}

Shortfall decompose_shortfall(const TickContext& ctx, std::int32_t firm, const ContagionIndex& by,
                              ProjectionIndex& projection) {
  std::vector<std::int32_t> claims;
  std::vector<ProjectionIndex::Lent> lent;
  return decompose(ctx, firm, projection, [&](Date end, ProjectionIndex& into) {
    by.claims.of_party(firm, claims);
    for (const LenderIndex::Loan& l : by.lenders.of(firm)) {
      const DebtState& d = ctx.world.firms[static_cast<std::size_t>(l.borrower)]
                               .debt[static_cast<std::size_t>(l.debt)];
      if (d.contract < 0) lent.push_back({l.borrower, l.debt});  // as fill_index gathers them
    }
    index_firm_until(ctx, end, firm, claims, lent, into);
  });
}

void add_shortfall_fields(Event& e, const Shortfall& s, Date today) {
  if (!s.has_reference) return;
  e.with("shortfall", s.total.dollars())
      .with("reference_days", static_cast<double>(today.days() - s.reference_day.days()))
      .with("top_share", s.top_share)
      .with("stale", s.stale ? 1.0 : 0.0);
}

void record_shortfall(TickContext& ctx, std::int32_t firm, const Shortfall& s,
                      std::uint64_t default_seq) {
  for (const ShortfallLine& l : s.lines) {
    if (l.loss.is_zero()) continue;
    Event e;
    e.type = EventType::shortfall_line;
    e.firm = firm;
    e.counterparty = l.key.counterparty;
    e.contract = l.key.contract;
    e.amount = l.loss;
    e.cause = default_seq;
    ctx.emit(e.with("expected", l.expected.dollars())
                 .with("realised", l.realised.dollars())
                 .with("projected", l.projected.dollars())
                 .with("share", l.share)
                 .with("event", static_cast<double>(l.event))
                 .with_text("line", to_string(l.key.kind)));
  }
  ctx.firm(firm).default_event = default_seq;
  if (!ctx.world.references.empty())
    ctx.world.references[static_cast<std::size_t>(firm)].open = false;
}

}  // namespace alchemy
