#pragma once
// Typed events: every change of state a researcher would ask about. The engine emits them to an
// OutputSink; it never formats or writes them itself. Schema (stable, versioned by
// kEventSchemaVersion; documented in README "Event schema"):
//   seq      1, 2, ... in emission order within a run (unique)
//   date     ISO date of the tick;  tick: 0-based tick index
//   type     one of EventType (snake_case name)
//   firm, counterparty, contract: indices into the run's firm / contract id tables, or -1
//   amount   money in cents (0 when the type has no amount)
//   cause    seq of the event that led to this one, 0 for none (written as null)
//   fields   up to kMaxEventFields named numbers specific to the type (the payload)

#include <array>
#include <cstdint>
#include <string_view>

#include "market/date.hpp"
#include "market/money.hpp"

namespace alchemy {

inline constexpr int kEventSchemaVersion = 1;

#define ALCHEMY_EVENT_TYPES(X)                                                                    \
  X(deal_signed)            /* a contract enters the network; fields: mv_jump_from/to */          \
  X(announcement)           /* price jump of a party on a deal; fields: return, mv_change */      \
  X(shock)                  /* a scenario shock applied; fields: value */                         \
  X(delivery)               /* supply delivered; fields: gw */                                    \
  X(delivery_suspended)     /* buyer owes the seller overdue invoices; fields: overdue */         \
  X(payment)                /* a contractual payment made */                                      \
  X(payment_missed)         /* a payment that could not be made in full; fields: shortfall */     \
  X(tranche_drawn)          /* an investment tranche paid in; fields: shares, price */            \
  X(tranche_blocked)        /* a tranche due but its milestone unmet; fields: tranche */          \
  X(warrant_vested)         /* fields: shares, tranche */                                         \
  X(warrant_exercised)      /* fields: shares, price */                                           \
  X(warrant_lapsed)         /* a tranche's milestone can no longer be met */                      \
  X(loan_drawn)             /* fields: rate; a financing draw: pledged, index */                  \
  X(loan_repaid)            /* principal repaid at maturity or amortised */                       \
  X(credit_line_drawn)      /* the treasury drew a credit line; fields: rate, undrawn */          \
  X(treasury_gap)           /* projected cash below the buffer; fields: opens_in, floor, low */   \
  X(treasury_action_failed) /* nothing to sell or cut; fields: action, reason */                  \
  X(equity_raised)          /* fields: shares, price, discount, value_net */                      \
  X(raise_failed)           /* no buyer, over max_rate, or below value: equity, supply, reason */ \
  X(debt_raised)            /* fields: rate */                                                    \
  X(funding_frozen)         /* the funding market closes; fields: sentiment, freeze_below */      \
  X(funding_reopened)       /* it opens again; fields: sentiment, freeze_below */                 \
  X(commitment_cut)         /* fields: share, penalty */                                          \
  X(commitment_cancelled)   /* fields: penalty */                                                 \
  X(commitment_deferred)    /* a supply's deliveries pushed back; fields: months, penalty */      \
  X(stake_sold)             /* fields: shares, price */                                           \
  X(assets_sold)            /* other assets sold at a haircut; fields: book, haircut */           \
  X(compute_bought)         /* fields: gw */                                                      \
  X(vendor_investment)      /* fields: shares, price */                                           \
  X(buyback)                /* fields: shares, price */                                           \
  X(mark_impaired)          /* private mark cut to the shadow value; fields: old, new */          \
  X(large_move)             /* |daily return| above the threshold; fields: return */              \
  X(price_not_converged)    /* fields: residual, iterations, diverged */                          \
  X(distress)               /* a firm cannot meet what is due; fields: shortfall */               \
  X(margin_call)            /* fields: ltv, limit, index; a pledged draw: index_at_draw */        \
  X(margin_cured)                                                                                 \
  X(collateral_seized) /* fields: gw */                                                           \
  X(fire_sale)         /* fields: index (the pass's clearing GPU index), book */                  \
  X(default_)       /* fields: liabilities, round; shortfall, reference_days, top_share, stale */ \
  X(shortfall_line) /* a default's loss on one line; fields: expected, realised, projected, */    \
  /* share, event; text: line */                                                                  \
  X(default_settled) /* amount: its creditors' loss; fields: due, paid, recovery, loss_* */       \
  X(cascade)         /* fields: size, depth, loss_network, loss_outside */                        \
  X(backstop_paid)   /* a rescuer lent what the due claims needed; fields: lent (in all) */       \
  X(estate_opened)   /* amount: what it owes; fields: cash, outside_assets, claims_held */        \
  X(estate_cleared)  /* amount: paid now; fields: value, due, recovery, in_default */             \
  X(estate_closed)   /* amount: paid in all; fields: written_off, residual, cost */               \
  X(loop_ignited)    /* fields: gain, per_edge_gain */                                            \
  X(loop_broken)     /* fields: gain, per_edge_gain */                                            \
  X(revenue)         /* verbose only: daily accruals */                                           \
  X(cost)            /* verbose only */                                                           \
  X(interest)        /* verbose only */                                                           \
  X(overflow)        /* run stopped out of range; fields: variable (name), value, limit */        \
  X(condition_resolved)                                                                           \
  /* a contract's condition on its date; amount: undrawn; fields: failed (1/0), probability */

enum class EventType : std::uint8_t {
#define ALCHEMY_ENUM_ITEM(name) name,
  ALCHEMY_EVENT_TYPES(ALCHEMY_ENUM_ITEM)
#undef ALCHEMY_ENUM_ITEM
};

// snake_case name ("default" for default_).
std::string_view to_string(EventType t);
inline constexpr int kEventTypeCount = 0
#define ALCHEMY_COUNT_ITEM(name) +1
    ALCHEMY_EVENT_TYPES(ALCHEMY_COUNT_ITEM)
#undef ALCHEMY_COUNT_ITEM
    ;

inline constexpr int kMaxEventFields = 6;

struct EventField {
  const char* key = nullptr;  // a string literal; static storage
  double value = 0.0;
  // A name instead of a number (written as a JSON string), e.g. the variable of an overflow
  // event: a string literal of letters, digits and '_' (nothing to escape); else null.
  const char* text = nullptr;
};

struct Event {
  std::uint64_t seq = 0;
  Date date;
  std::int32_t tick = 0;
  EventType type = EventType::shock;
  std::int32_t firm = -1;
  std::int32_t counterparty = -1;
  std::int32_t contract = -1;
  Money amount;
  std::uint64_t cause = 0;
  std::array<EventField, kMaxEventFields> fields{};
  std::uint8_t field_count = 0;

  Event& with(const char* key, double value) {
    if (field_count < kMaxEventFields) fields[field_count++] = {key, value, nullptr};
    return *this;
  }
  // A name rather than a number (e.g. the variable an `overflow` names); `text` must outlive the
  // event's writers (a string literal). Its own name, so that with("x", 0) stays a number.
  Event& with_text(const char* key, const char* text) {
    if (field_count < kMaxEventFields) fields[field_count++] = {key, 0.0, text};
    return *this;
  }
};

}  // namespace alchemy
