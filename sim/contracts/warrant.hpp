#pragma once
// warrant: `from` (issuer) grants `to` (holder) `shares` of its stock in tranches that vest when
// their milestones are met (checked monthly from start to end; what has not vested at the end
// lapses). The holder exercises at once at `strike`. Until then the unvested tranches are an
// asset of the holder (valued as options, market/options.hpp) and dilute the issuer (treasury
// stock method).

#include <cstdint>
#include <vector>

#include "sim/contracts/tranche_terms.hpp"

namespace alchemy {

struct ContractKind;
struct TickContext;

struct WarrantTerms {
  TrancheTerms tranche;
  double shares = 0.0;   // total shares of the issuer (`from`) granted to the holder
  double strike = 0.01;  // USD per share
};

template <class Keys>
void declare_keys(Keys& k, WarrantTerms*) {
  declare_tranche_keys<WarrantTerms>(k);
  k.number("shares", &WarrantTerms::shares,
           "total shares of the issuer (`from`) granted to the holder",
           Keys::Range::between(0, 1e15));
  k.number("strike", &WarrantTerms::strike, "USD per share", Keys::Range::between(0, 1e15));
}

extern const ContractKind warrant_kind;

// Value of the warrant tranches of contract `c` that have neither vested nor lapsed, at the
// issuer's current price (market/options.hpp: warrant_tranche_value).
double unvested_warrant_value(const TickContext& ctx, std::int32_t c);
// Shares of tranches of contract `c` that have neither vested nor lapsed.
double outstanding_warrant_shares(const TickContext& ctx, std::int32_t c);

}  // namespace alchemy
