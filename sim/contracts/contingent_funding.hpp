#pragma once
// contingent_funding: `from` (funder) has committed `amount` of equity funding to `to`
// (recipient), to arrive on `start` with probability `probability`, else never. On the date the
// arrival is drawn from a stream of the contract's own (the run's seed and the contract's id), so
// no other draw of the run moves; if it arrives, the funder buys new shares of the recipient at
// its current price, exactly as an equity tranche. It does not arrive if either party has
// defaulted, the commitment is blocked, or the funder lacks the cash on the date. While pending
// it is a funding commitment between the two firms (price channel, network edge), weighted by
// `probability`.

namespace alchemy {

struct ContractKind;

struct ContingentFundingTerms {
  double probability = 1.0;  // chance that the funding arrives on `start`
};

template <class Keys>
void declare_keys(Keys& k, ContingentFundingTerms*) {
  k.fraction("probability", &ContingentFundingTerms::probability,
             "the chance that the funding arrives on `start` (else never)",
             Keys::Range::between(0, 1));
}

extern const ContractKind contingent_funding_kind;

}  // namespace alchemy
