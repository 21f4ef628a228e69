#pragma once
// credit_line: `from` (lender) commits to lend `to` (borrower) up to `amount` (the limit) from
// `start` until `end` (its expiry), on the borrower's demand: a revolving facility. The borrower's
// treasury draws it first when its projected cash falls below its buffer (`draw_credit_line`,
// MODEL.md §7.19) and repays it when its cash is above the buffer again; what is repaid may be
// drawn again. Each draw is a debt of the borrower to the lender (a DebtState naming the
// contract) at the risk-free rate of the day plus `spread`, due at `end`. The borrower pays
// `commitment_fee` a year on the undrawn limit, monthly. With `max_leverage`, the lender lends
// only while the borrower's debt stays at most that share of its book assets (a covenant).

#include <cstdint>

#include "market/money.hpp"

namespace alchemy {

struct ContractKind;
struct TickContext;

struct CreditLineTerms {
  double spread = 0.01;           // over the risk-free rate on the day of a draw, annual
  double commitment_fee = 0.002;  // annual, on the undrawn limit, paid monthly
  double max_leverage = 0.0;      // covenant: debt / book assets after a draw; 0: none
};

template <class Keys>
void declare_keys(Keys& k, CreditLineTerms*) {
  k.fraction("spread", &CreditLineTerms::spread,
             "annual spread over the risk-free rate at which each draw is lent",
             Keys::Range::between(0, 1));
  k.fraction("commitment_fee", &CreditLineTerms::commitment_fee,
             "annual fee on the undrawn limit, paid monthly by the borrower",
             Keys::Range::between(0, 1));
  k.fraction("max_leverage", &CreditLineTerms::max_leverage,
             "covenant: the lender lends only while the borrower's debt stays at most this share "
             "of its book assets (0: no covenant)",
             Keys::Range::between(0, 0.99));
}

// Draws on `firm`'s credit lines, in contract order, until `wanted` is drawn or none will lend
// more; each draw is a `credit_line_drawn` event whose cause is `cause`. Returns what was drawn;
// when nothing was, `reason` says why (a string literal).
Money draw_credit_lines(TickContext& ctx, std::int32_t firm, Money wanted, std::uint64_t cause,
                        const char*& reason);

// Repays up to `surplus` of `firm`'s drawn credit lines, the most expensive first, and makes the
// repaid amounts available again. Returns what was repaid.
Money repay_credit_lines(TickContext& ctx, std::int32_t firm, Money surplus);

extern const ContractKind credit_line_kind;

}  // namespace alchemy
