#include <doctest/doctest.h>

#include <cmath>
#include <stdexcept>
#include <string>
#include <vector>

#include "market/network.hpp"

using alchemy::EdgeKind;
using alchemy::EdgeRecord;
using alchemy::Network;

namespace {

std::vector<std::string> contracts(const std::vector<EdgeRecord>& edges) {
  std::vector<std::string> out;
  for (const auto& e : edges)
    out.push_back(e.contract_id);
  return out;
}

// Firms and contracts added in a scrambled order, so canonical order is visible.
Network sample() {
  Network n;
  n.add_firm("openai", "OpenAI", "lab");
  n.add_firm("nvidia", "NVIDIA", "chipmaker");
  n.add_firm("coreweave", "CoreWeave", "cloud");
  n.add_firm("amd", "AMD", "chipmaker");
  n.add_edge("openai", "nvidia", EdgeKind::supply, "c2", 100e9);
  n.add_edge("nvidia", "openai", EdgeKind::funding, "c1", 100e9);
  n.add_edge("openai", "amd", EdgeKind::supply, "c4", 90e9);
  n.add_edge("amd", "openai", EdgeKind::warrant, "c3", 20e9);
  n.add_edge("openai", "coreweave", EdgeKind::lease, "c5", 22.4e9);
  n.add_edge("nvidia", "coreweave", EdgeKind::stake, "c6", 3e9);
  // A GPU-backed loan: one contract, two edges.
  n.add_edge("nvidia", "coreweave", EdgeKind::loan, "c7", 2e9);
  n.add_edge("coreweave", "nvidia", EdgeKind::collateral, "c7", 2.5e9);
  return n;
}

}  // namespace

TEST_CASE("edge kinds round-trip through their names") {
  for (EdgeKind k : alchemy::all_edge_kinds) {
    CHECK(alchemy::edge_kind_from_string(alchemy::to_string(k)) == k);
  }
  CHECK(alchemy::to_string(EdgeKind::collateral) == "collateral");
  CHECK_FALSE(alchemy::edge_kind_from_string("equity").has_value());
}

TEST_CASE("firms are indexed by insertion and listed by id") {
  Network n = sample();
  CHECK(n.firm_count() == 4);
  CHECK(n.index_of("openai") == 0);
  CHECK(n.index_of("amd") == 3);
  CHECK(n.firm(1).name == "NVIDIA");
  CHECK(n.firm(2).kind == "cloud");
  CHECK(n.firm_ids() == std::vector<std::string>{"amd", "coreweave", "nvidia", "openai"});
  CHECK_THROWS_AS(n.add_firm("openai"), std::invalid_argument);
  CHECK_THROWS_AS(n.add_firm(""), std::invalid_argument);
  CHECK_THROWS_AS(n.index_of("meta"), std::out_of_range);
  CHECK_FALSE(n.has_firm("meta"));
}

TEST_CASE("edge queries come in canonical order: firm id, kind, contract") {
  Network n = sample();
  // out-edges of openai: to amd (c4), coreweave (c5), nvidia (c2)
  CHECK(contracts(n.out_edges("openai")) == std::vector<std::string>{"c4", "c5", "c2"});
  // out-edges of nvidia: coreweave stake c6, coreweave loan c7 (stake < loan), openai c1
  CHECK(contracts(n.out_edges("nvidia")) == std::vector<std::string>{"c6", "c7", "c1"});
  // in-edges of openai: from amd (c3), nvidia (c1)
  CHECK(contracts(n.in_edges("openai")) == std::vector<std::string>{"c3", "c1"});
  // all edges by (from, to, kind, contract)
  CHECK(contracts(n.edges()) ==
        std::vector<std::string>{"c3", "c7", "c6", "c7", "c1", "c4", "c5", "c2"});
  const EdgeRecord first = n.edges().front();
  CHECK(first.from == "amd");
  CHECK(first.to == "openai");
  CHECK(first.kind == EdgeKind::warrant);
  CHECK(first.amount == 20e9);
  CHECK(first.active);

  // The same content in another insertion order gives the same lists.
  Network m;
  for (const char* id : {"amd", "coreweave", "nvidia", "openai"})
    m.add_firm(id);
  for (const EdgeRecord& e : n.edges())
    m.add_edge(e.from, e.to, e.kind, e.contract_id, e.amount);
  auto strip = [](std::vector<EdgeRecord> v) {
    for (auto& e : v)
      e.edge_id = 0;
    return v;
  };
  CHECK(strip(m.edges()) == strip(n.edges()));
}

TEST_CASE("bad edges are refused") {
  Network n = sample();
  CHECK_THROWS_AS(n.add_edge("openai", "meta", EdgeKind::supply, "x", 1.0), std::out_of_range);
  CHECK_THROWS_AS(n.add_edge("openai", "openai", EdgeKind::supply, "x", 1.0),
                  std::invalid_argument);
  CHECK_THROWS_AS(n.add_edge("openai", "nvidia", EdgeKind::supply, "c2", 1.0),
                  std::invalid_argument);  // (contract, kind) already there
  CHECK_THROWS_AS(n.add_edge("openai", "nvidia", EdgeKind::supply, "x", std::nan("")),
                  std::invalid_argument);
}

TEST_CASE("contracts are updated and deactivated by id, firms marked inactive") {
  Network n = sample();
  const auto v0 = n.structure_version();
  CHECK(n.set_amount("c7", EdgeKind::collateral, 1.5e9) == 1);
  CHECK(n.structure_version() == v0);  // an amount is not structure
  CHECK(n.deactivate("c7") == 2);      // both edges of the loan
  CHECK(n.structure_version() == v0 + 1);
  CHECK(n.deactivate("c7") == 0);  // already inactive: no change
  CHECK(n.structure_version() == v0 + 1);
  CHECK(contracts(n.active_edges()) ==
        std::vector<std::string>{"c3", "c6", "c1", "c4", "c5", "c2"});
  CHECK(n.edges().size() == 8);  // never removed
  CHECK(n.out_edges("nvidia", true).size() == 2);
  CHECK_THROWS_AS(n.deactivate("nope"), std::out_of_range);
  CHECK_THROWS_AS(n.set_amount("c1", EdgeKind::stake, 1.0), std::out_of_range);

  n.mark_inactive("coreweave");
  CHECK_FALSE(n.is_active("coreweave"));
  CHECK(n.firm_count() == 4);
  CHECK(n.structure_version() == v0 + 2);
}

TEST_CASE("to_csr gives sorted contiguous rows and is rebuilt only on structural change") {
  Network n = sample();
  const alchemy::NetworkCsr* csr = &n.to_csr();
  REQUIRE(csr->firm_count() == 4);
  REQUIRE(csr->edge_count() == 8);
  CHECK(csr->row_ptr == std::vector<std::size_t>{0, 3, 6, 7, 8});
  // Row of nvidia (index 1): to openai(0) funding, coreweave(2) stake, coreweave(2) loan.
  CHECK(csr->col[3] == 0);
  CHECK(csr->kind[3] == EdgeKind::funding);
  CHECK(csr->col[4] == 2);
  CHECK(csr->kind[4] == EdgeKind::stake);
  CHECK(csr->kind[5] == EdgeKind::loan);
  CHECK(n.edge(csr->edge_id[5]).contract_id == "c7");
  const auto version = csr->structure_version;

  n.set_amount("c6", 4e9);  // amount only: refreshed in place, same build
  csr = &n.to_csr();
  CHECK(csr->structure_version == version);
  CHECK(csr->amount[4] == 4e9);

  n.deactivate("c6");
  csr = &n.to_csr();
  CHECK(csr->structure_version == n.structure_version());
  CHECK(csr->edge_count() == 7);
  CHECK(csr->row_ptr == std::vector<std::size_t>{0, 3, 5, 6, 7});
  n.mark_inactive("amd");
  CHECK(n.to_csr().firm_active == std::vector<std::uint8_t>{1, 1, 1, 0});
}
