#pragma once
// Who owes whom, indexed for the contagion phase (issue 20, item 1): the world's claims by debtor
// and by creditor, and the firms' debts by lender. The phase's work on a default then touches the
// defaulter's own claims and loans, not every claim and every firm's debts, so a cascade costs in
// proportion to what it reaches. Derived data, made by the phase for one pass and never saved.
//
// Every list is in ascending order of what it indexes (claim index; borrower, then debt slot), the
// order of a scan of the whole world, so code reading an index sees the same sequence as before.

#include <cstdint>
#include <span>
#include <vector>

#include "sim/world/world.hpp"

namespace alchemy {

class ClaimIndex {
 public:
  // Indexes every claim afresh (after compact_claims moved them): O(claims + firms indexed before).
  void rebuild(const World& w);
  // Adds the claims appended to the world since the last rebuild or sync: O(new claims).
  void sync(const World& w);

  // Calls f(k) for each claim k (an index into World::claims) whose debtor, or creditor, is
  // `firm`, in ascending order of k.
  template <class F>
  void for_debtor(std::int32_t firm, F&& f) const {
    walk(head_debtor_, next_debtor_, firm, f);
  }
  template <class F>
  void for_creditor(std::int32_t firm, F&& f) const {
    walk(head_creditor_, next_creditor_, firm, f);
  }
  // The claims a firm is a party of (debtor, or creditor of another), ascending, each once: what
  // ProjectionIndex::claims_of holds for it.
  void of_party(std::int32_t firm, std::vector<std::int32_t>& out) const;

 private:
  struct List {
    std::int32_t head = -1;
    std::int32_t tail = -1;
  };
  template <class F>
  void walk(const std::vector<List>& heads, const std::vector<std::int32_t>& next,
            std::int32_t firm, F& f) const {
    const auto i = static_cast<std::size_t>(firm);
    if (i >= heads.size()) return;
    for (std::int32_t k = heads[i].head; k >= 0; k = next[static_cast<std::size_t>(k)])
      f(static_cast<std::size_t>(k));
  }
  static void append(std::vector<List>& heads, std::vector<std::int32_t>& next, std::size_t firm,
                     std::int32_t k, std::vector<std::int32_t>& touched);

  std::vector<List> head_debtor_, head_creditor_;          // [firm]
  std::vector<std::int32_t> next_debtor_, next_creditor_;  // [claim]: the next in its list, −1 last
  std::vector<std::int32_t> touched_;                      // the firms with a list, to reset
  std::size_t indexed_ = 0;                                // claims indexed so far
};

// Debts by lender: each network lender's loans as (borrower, slot in the borrower's debts), in
// ascending order of borrower and slot. The debts' slots stay valid for a contagion pass: the
// pass changes principals, it adds no debt.
class LenderIndex {
 public:
  struct Loan {
    std::int32_t borrower;
    std::int32_t debt;
  };
  // O(firms + debts).
  void build(const World& w);
  std::span<const Loan> of(std::int32_t lender) const;

 private:
  std::vector<std::size_t> start_;  // [lender], firms + 1 offsets into loans_
  std::vector<Loan> loans_;
};

// Both, as the contagion phase hands them to the estates and the shortfall.
struct ContagionIndex {
  ClaimIndex claims;
  LenderIndex lenders;
  // Scratch for the estates' clearing problem, kept at 0 and −1 between uses (the problem resets
  // what it set): making a problem costs what the estates hold and a byte per firm, no sort.
  std::vector<std::uint8_t> open;
  std::vector<std::int32_t> node;
  std::vector<std::uint8_t> borrows;  // [firm]: an estate, or a borrower of one
  std::vector<std::uint8_t> mark;     // [claim]: on an estate or held by one
};

}  // namespace alchemy
