#pragma once
// The contract network: firms are vertices, contracts are typed, directed edges (one contract may
// own several edges of different kinds, e.g. a GPU-backed loan is a `loan` edge and a
// `collateral` edge). Held in a Boost.Graph adjacency_list for analysis and editing; the hot path
// (price feedback) reads the contiguous copy that to_csr() returns.
//
// Firms are named by their string id outside and by a vertex index (insertion order) inside.
// Nothing is ever removed: a defaulted firm is marked inactive and a drawn, cancelled or defaulted
// contract has its edges deactivated, so indices stay valid for the whole run and the event log
// can always name what an index meant.
//
// Edge direction follows sim/contracts/contract_spec.hpp (see market/edge_kind.hpp): `from` pays
// cash, or issues the warrant; `to` receives.
//
// Canonical order (every query that returns a list): by firm id (for out-edges the `to` firm,
// for in-edges the `from` firm, for whole-network lists `from` then `to`), then kind (enum
// order), then contract id. It depends only on the ids, never on insertion order, so outputs
// are stable when a scenario lists its firms or contracts in another order.

#include <boost/graph/adjacency_list.hpp>
#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "market/edge_kind.hpp"

namespace alchemy {

struct FirmProps {
  std::string id;
  std::string name;  // display name; may be empty
  std::string kind;  // free text from the scenario (e.g. "lab"); market/ knows no firm kinds
  bool active = true;
};

struct EdgeProps {
  EdgeKind kind = EdgeKind::stake;
  std::string contract_id;
  double amount = 0.0;  // dollars: a valuation quantity, not booked money
  bool active = true;
  std::uint32_t edge_id = 0;  // position in insertion order; stable for the network's life
};

// A copy of one edge, for queries and exports (copies, so they stay valid while the network grows).
struct EdgeRecord {
  std::string from;
  std::string to;
  EdgeKind kind = EdgeKind::stake;
  std::string contract_id;
  double amount = 0.0;
  bool active = true;
  std::uint32_t edge_id = 0;
  friend bool operator==(const EdgeRecord&, const EdgeRecord&) = default;
};

// Contiguous arrays of the active edges, rows = `from` firm index (out-edges). Within a row,
// entries are sorted by (`to` index, kind, contract id), so the layout is a pure function of the
// network's content and insertion order.
struct NetworkCsr {
  std::uint64_t structure_version = 0;  // Network::structure_version() it was built from
  std::vector<std::size_t> row_ptr;     // firm_count() + 1 entries
  std::vector<std::uint32_t> col;       // `to` firm index
  std::vector<EdgeKind> kind;
  std::vector<double> amount;
  std::vector<std::uint32_t> edge_id;     // Network::edge(edge_id) names the contract
  std::vector<std::uint8_t> firm_active;  // 1 if the firm is active
  std::size_t firm_count() const { return row_ptr.empty() ? 0 : row_ptr.size() - 1; }
  std::size_t edge_count() const { return col.size(); }
};

class Network {
 public:
  using Graph =
      boost::adjacency_list<boost::vecS, boost::vecS, boost::bidirectionalS, FirmProps, EdgeProps>;
  using Vertex = Graph::vertex_descriptor;
  using Edge = Graph::edge_descriptor;

  // Returns the new firm's index. Throws std::invalid_argument if `id` is empty or already used.
  std::size_t add_firm(const std::string& id, const std::string& name = {},
                       const std::string& kind = {});
  bool has_firm(std::string_view id) const;
  std::size_t index_of(std::string_view id) const;  // throws std::out_of_range if unknown
  const FirmProps& firm(std::size_t index) const;   // throws std::out_of_range
  std::size_t firm_count() const { return boost::num_vertices(graph_); }
  // All firm ids, sorted.
  std::vector<std::string> firm_ids() const;

  // On default. The firm's edges are left as they are: the engine deactivates each contract as
  // its own event. Throws std::out_of_range if unknown.
  void mark_inactive(std::string_view id);
  bool is_active(std::string_view id) const;

  // Throws std::out_of_range for an unknown firm, std::invalid_argument for a self-edge, a
  // non-finite amount or a (contract id, kind) pair that already exists. Returns the edge id.
  std::uint32_t add_edge(std::string_view from, std::string_view to, EdgeKind kind,
                         const std::string& contract_id, double amount);

  // Edits by contract id. The (contract, kind) forms touch one edge; the others every edge of the
  // contract. Each returns the number of edges changed and throws std::out_of_range when the
  // contract (or the pair) is unknown.
  std::size_t set_amount(std::string_view contract_id, double amount);
  std::size_t set_amount(std::string_view contract_id, EdgeKind kind, double amount);
  std::size_t deactivate(std::string_view contract_id);
  std::size_t deactivate(std::string_view contract_id, EdgeKind kind);
  bool has_contract(std::string_view contract_id) const;

  std::size_t edge_count() const { return edges_.size(); }  // active or not
  EdgeRecord edge(std::uint32_t edge_id) const;             // throws std::out_of_range

  // Canonical order (see the top of this file). `active_only` drops deactivated edges.
  std::vector<EdgeRecord> out_edges(std::string_view id, bool active_only = false) const;
  std::vector<EdgeRecord> in_edges(std::string_view id, bool active_only = false) const;
  std::vector<EdgeRecord> edges(bool active_only = false) const;
  std::vector<EdgeRecord> active_edges() const { return edges(true); }

  // Bumped by every change of structure: a firm or an edge added, a firm or an edge deactivated.
  std::uint64_t structure_version() const { return structure_version_; }
  // Bumped by amount edits, which to_csr() refreshes in place without re-sorting.
  std::uint64_t amount_version() const { return amount_version_; }

  // The active edges as CSR. Cached: rebuilt only when structure_version() changed since the last
  // call, amounts refreshed when only amount_version() changed. The reference stays valid until
  // the next call. Not thread-safe (the cache is filled on demand).
  const NetworkCsr& to_csr() const;

  const Graph& graph() const { return graph_; }

 private:
  EdgeRecord record_of(const Edge& e) const;
  std::vector<std::uint32_t> edges_of(std::string_view contract_id) const;
  void sort_canonical(std::vector<EdgeRecord>& records) const;

  // Hashed, with lookups by string_view: a month-end contract network of 10^5 firms and 10^6
  // loans looks up two firms and a contract per edge, and ordered maps made that n log n string
  // comparisons (a fifth of such an `alchemy run`). Nothing iterates them in their order.
  struct StringHash {
    using is_transparent = void;
    std::size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
  };
  template <class T>
  using StringMap = std::unordered_map<std::string, T, StringHash, std::equal_to<>>;

  Graph graph_;
  StringMap<std::size_t> index_;
  // Edge descriptors by edge id. Valid for the network's life: edges are never removed, and with
  // the default listS edge list an edge's properties never move.
  std::vector<Edge> edges_;
  StringMap<std::vector<std::uint32_t>> by_contract_;
  std::uint64_t structure_version_ = 0;
  std::uint64_t amount_version_ = 0;

  mutable NetworkCsr csr_;
  mutable std::uint64_t csr_amount_version_ = 0;
  mutable bool csr_built_ = false;
};

}  // namespace alchemy
