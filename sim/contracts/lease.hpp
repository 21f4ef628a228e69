#pragma once
// lease (take-or-pay capacity): `from` (lessee) pays `to` (lessor) in equal monthly parts from
// start to end and holds `gw` of capacity from the first payment until the end. A purchase
// commitment like supply: cut or cancelled by the lessee's rules at the default penalty.

namespace alchemy {

struct ContractKind;

struct LeaseTerms {
  double gw = 0.0;  // capacity leased (GW)
};

template <class Keys>
void declare_keys(Keys& k, LeaseTerms*) {
  k.number("gw", &LeaseTerms::gw,
           "capacity leased, or for a supply of GPUs, capacity delivered (GW)",
           Keys::Range::between(0, 1e6));
}

extern const ContractKind lease_kind;

}  // namespace alchemy
