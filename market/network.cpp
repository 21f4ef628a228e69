#include "market/network.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>
#include <stdexcept>
#include <tuple>

namespace alchemy {

namespace {

std::string unknown_firm(std::string_view id) {
  return "network: unknown firm '" + std::string(id) + "'";
}

}  // namespace

std::size_t Network::add_firm(const std::string& id, const std::string& name,
                              const std::string& kind) {
  if (id.empty()) throw std::invalid_argument("network: empty firm id");
  if (index_.contains(id)) throw std::invalid_argument("network: duplicate firm id '" + id + "'");
  if (firm_count() >= std::numeric_limits<std::uint32_t>::max()) {
    throw std::length_error("network: too many firms for 32-bit CSR indices");
  }
  const Vertex v = boost::add_vertex(FirmProps{id, name, kind, true}, graph_);
  index_.emplace(id, v);
  ++structure_version_;
  return v;
}

bool Network::has_firm(std::string_view id) const {
  return index_.find(id) != index_.end();
}

std::size_t Network::index_of(std::string_view id) const {
  const auto it = index_.find(id);
  if (it == index_.end()) throw std::out_of_range(unknown_firm(id));
  return it->second;
}

const FirmProps& Network::firm(std::size_t index) const {
  if (index >= firm_count()) throw std::out_of_range("network: firm index out of range");
  return graph_[index];
}

std::vector<std::string> Network::firm_ids() const {
  std::vector<std::string> ids;
  ids.reserve(index_.size());
  for (const auto& [id, v] : index_)
    ids.push_back(id);
  std::sort(ids.begin(), ids.end());
  return ids;
}

void Network::mark_inactive(std::string_view id) {
  FirmProps& f = graph_[index_of(id)];
  if (f.active) {
    f.active = false;
    ++structure_version_;
  }
}

bool Network::is_active(std::string_view id) const {
  return graph_[index_of(id)].active;
}

std::uint32_t Network::add_edge(std::string_view from, std::string_view to, EdgeKind kind,
                                const std::string& contract_id, double amount) {
  const std::size_t u = index_of(from);
  const std::size_t v = index_of(to);
  if (u == v) throw std::invalid_argument("network: contract '" + contract_id + "' is a self-edge");
  if (!std::isfinite(amount)) {
    throw std::invalid_argument("network: contract '" + contract_id + "' has a non-finite amount");
  }
  if (contract_id.empty()) throw std::invalid_argument("network: empty contract id");
  const auto it = by_contract_.find(contract_id);
  if (it != by_contract_.end()) {
    for (std::uint32_t id : it->second) {
      if (graph_[edges_[id]].kind == kind) {
        throw std::invalid_argument("network: contract '" + contract_id + "' already has a " +
                                    std::string(to_string(kind)) + " edge");
      }
    }
  }
  if (edges_.size() >= std::numeric_limits<std::uint32_t>::max()) {
    throw std::length_error("network: too many edges for 32-bit edge ids");
  }
  const auto edge_id = static_cast<std::uint32_t>(edges_.size());
  const auto [e, added] =
      boost::add_edge(u, v, EdgeProps{kind, contract_id, amount, true, edge_id}, graph_);
  (void)added;  // adjacency_list with vecS out-edges allows parallel edges: always added
  edges_.push_back(e);
  by_contract_[contract_id].push_back(edge_id);
  ++structure_version_;
  return edge_id;
}

std::vector<std::uint32_t> Network::edges_of(std::string_view contract_id) const {
  const auto it = by_contract_.find(contract_id);
  if (it == by_contract_.end()) {
    throw std::out_of_range("network: unknown contract '" + std::string(contract_id) + "'");
  }
  return it->second;
}

bool Network::has_contract(std::string_view contract_id) const {
  return by_contract_.find(contract_id) != by_contract_.end();
}

std::size_t Network::set_amount(std::string_view contract_id, double amount) {
  if (!std::isfinite(amount)) throw std::invalid_argument("network: non-finite amount");
  const auto ids = edges_of(contract_id);
  for (std::uint32_t id : ids)
    graph_[edges_[id]].amount = amount;
  ++amount_version_;
  return ids.size();
}

std::size_t Network::set_amount(std::string_view contract_id, EdgeKind kind, double amount) {
  if (!std::isfinite(amount)) throw std::invalid_argument("network: non-finite amount");
  for (std::uint32_t id : edges_of(contract_id)) {
    if (graph_[edges_[id]].kind == kind) {
      graph_[edges_[id]].amount = amount;
      ++amount_version_;
      return 1;
    }
  }
  throw std::out_of_range("network: contract '" + std::string(contract_id) + "' has no " +
                          std::string(to_string(kind)) + " edge");
}

std::size_t Network::deactivate(std::string_view contract_id) {
  std::size_t changed = 0;
  for (std::uint32_t id : edges_of(contract_id)) {
    EdgeProps& p = graph_[edges_[id]];
    if (p.active) {
      p.active = false;
      ++changed;
    }
  }
  if (changed > 0) ++structure_version_;
  return changed;
}

std::size_t Network::deactivate(std::string_view contract_id, EdgeKind kind) {
  for (std::uint32_t id : edges_of(contract_id)) {
    EdgeProps& p = graph_[edges_[id]];
    if (p.kind != kind) continue;
    if (!p.active) return 0;
    p.active = false;
    ++structure_version_;
    return 1;
  }
  throw std::out_of_range("network: contract '" + std::string(contract_id) + "' has no " +
                          std::string(to_string(kind)) + " edge");
}

EdgeRecord Network::record_of(const Edge& e) const {
  const EdgeProps& p = graph_[e];
  return EdgeRecord{graph_[boost::source(e, graph_)].id,
                    graph_[boost::target(e, graph_)].id,
                    p.kind,
                    p.contract_id,
                    p.amount,
                    p.active,
                    p.edge_id};
}

EdgeRecord Network::edge(std::uint32_t edge_id) const {
  if (edge_id >= edges_.size()) throw std::out_of_range("network: edge id out of range");
  return record_of(edges_[edge_id]);
}

void Network::sort_canonical(std::vector<EdgeRecord>& records) const {
  std::sort(records.begin(), records.end(), [](const EdgeRecord& a, const EdgeRecord& b) {
    return std::tie(a.from, a.to, a.kind, a.contract_id) <
           std::tie(b.from, b.to, b.kind, b.contract_id);
  });
}

std::vector<EdgeRecord> Network::out_edges(std::string_view id, bool active_only) const {
  std::vector<EdgeRecord> out;
  for (const Edge& e : boost::make_iterator_range(boost::out_edges(index_of(id), graph_))) {
    if (!active_only || graph_[e].active) out.push_back(record_of(e));
  }
  sort_canonical(out);  // `from` is the same for all: sorts by `to`, kind, contract
  return out;
}

std::vector<EdgeRecord> Network::in_edges(std::string_view id, bool active_only) const {
  std::vector<EdgeRecord> out;
  for (const Edge& e : boost::make_iterator_range(boost::in_edges(index_of(id), graph_))) {
    if (!active_only || graph_[e].active) out.push_back(record_of(e));
  }
  sort_canonical(out);  // `to` is the same for all: sorts by `from`, kind, contract
  return out;
}

std::vector<EdgeRecord> Network::edges(bool active_only) const {
  std::vector<EdgeRecord> out;
  out.reserve(edges_.size());
  for (const Edge& e : edges_) {
    if (!active_only || graph_[e].active) out.push_back(record_of(e));
  }
  sort_canonical(out);
  return out;
}

const NetworkCsr& Network::to_csr() const {
  if (csr_built_ && csr_.structure_version == structure_version_) {
    if (csr_amount_version_ != amount_version_) {
      for (std::size_t k = 0; k < csr_.edge_id.size(); ++k) {
        csr_.amount[k] = graph_[edges_[csr_.edge_id[k]]].amount;
      }
      csr_amount_version_ = amount_version_;
    }
    return csr_;
  }
  const std::size_t n = firm_count();
  NetworkCsr c;
  c.structure_version = structure_version_;
  c.row_ptr.assign(n + 1, 0);
  c.firm_active.resize(n);
  for (std::size_t v = 0; v < n; ++v)
    c.firm_active[v] = graph_[v].active ? 1 : 0;

  // Counting sort by row, then a sort inside each row: O(E + sum of d log d).
  for (const Edge& e : edges_) {
    if (graph_[e].active) ++c.row_ptr[boost::source(e, graph_) + 1];
  }
  std::partial_sum(c.row_ptr.begin(), c.row_ptr.end(), c.row_ptr.begin());
  const std::size_t m = c.row_ptr[n];
  c.edge_id.resize(m);
  std::vector<std::size_t> next(c.row_ptr.begin(), c.row_ptr.end() - 1);
  for (const Edge& e : edges_) {
    if (graph_[e].active) c.edge_id[next[boost::source(e, graph_)]++] = graph_[e].edge_id;
  }
  for (std::size_t v = 0; v < n; ++v) {
    std::sort(c.edge_id.begin() + static_cast<std::ptrdiff_t>(c.row_ptr[v]),
              c.edge_id.begin() + static_cast<std::ptrdiff_t>(c.row_ptr[v + 1]),
              [this](std::uint32_t a, std::uint32_t b) {
                const Edge& ea = edges_[a];
                const Edge& eb = edges_[b];
                const EdgeProps& pa = graph_[ea];
                const EdgeProps& pb = graph_[eb];
                const std::size_t ta = boost::target(ea, graph_);
                const std::size_t tb = boost::target(eb, graph_);
                return std::tie(ta, pa.kind, pa.contract_id) <
                       std::tie(tb, pb.kind, pb.contract_id);
              });
  }
  c.col.resize(m);
  c.kind.resize(m);
  c.amount.resize(m);
  for (std::size_t k = 0; k < m; ++k) {
    const Edge& e = edges_[c.edge_id[k]];
    c.col[k] = static_cast<std::uint32_t>(boost::target(e, graph_));
    c.kind[k] = graph_[e].kind;
    c.amount[k] = graph_[e].amount;
  }
  csr_ = std::move(c);
  csr_amount_version_ = amount_version_;
  csr_built_ = true;
  return csr_;
}

}  // namespace alchemy
