#include "sim/analysis/cascades.hpp"

#include <algorithm>
#include <string_view>
#include <unordered_map>

namespace alchemy {

namespace {

double field(const Event& e, std::string_view key, double otherwise = 0.0) {
  for (std::uint8_t i = 0; i < e.field_count; ++i) {
    if (key == e.fields[i].key) return e.fields[i].value;
  }
  return otherwise;
}

std::string text_field(const Event& e, std::string_view key) {
  for (std::uint8_t i = 0; i < e.field_count; ++i) {
    if (key == e.fields[i].key && e.fields[i].text) return e.fields[i].text;
  }
  return "";
}

}  // namespace

bool CascadeDefault::joins(std::int32_t earlier) const {
  for (const Rescue& r : rescues) {
    if (r.rescued != earlier) continue;
    return !r.date || r.date->days() - date.days() >= kLaterDays;
  }
  return false;
}

CascadeAnalysis analyse_cascades(const std::vector<Event>& events) {
  CascadeAnalysis a;
  auto& d = a.defaults;
  // The defaults' indices by their event's seq (the first, were a seq repeated), so that reading
  // a run's lines is linear in its events rather than in events times defaults.
  std::unordered_map<std::uint64_t, std::int32_t> by_seq;
  for (const Event& e : events) {
    if (e.type == EventType::default_) {
      CascadeDefault x;
      x.firm = e.firm;
      x.date = e.date;
      x.seq = e.seq;
      x.liabilities = field(e, "liabilities");
      // Only a default with a reference carries the decomposition's fields (MODEL.md §7.23).
      for (std::uint8_t i = 0; i < e.field_count; ++i) {
        if (std::string_view(e.fields[i].key) == "shortfall") x.decomposed = true;
      }
      x.shortfall = field(e, "shortfall");
      x.reference_days = field(e, "reference_days");
      x.stale = field(e, "stale") != 0.0;
      by_seq.emplace(e.seq, static_cast<std::int32_t>(d.size()));
      d.push_back(x);
    } else if (e.type == EventType::shortfall_line || e.type == EventType::default_settled) {
      const auto k = by_seq.find(e.cause);
      if (k == by_seq.end()) continue;
      CascadeDefault& x = d[static_cast<std::size_t>(k->second)];
      if (e.type == EventType::default_settled) {
        x.due = field(e, "due");
        x.recovery = field(e, "recovery", 1.0);
        continue;
      }
      CascadeLine l;
      l.line = text_field(e, "line");
      l.contract = e.contract;
      l.counterparty = e.counterparty;
      l.expected = field(e, "expected");
      l.realised = field(e, "realised");
      l.projected = field(e, "projected");
      l.loss = e.amount.dollars();
      l.share = field(e, "share");
      l.event = static_cast<std::uint64_t>(field(e, "event"));
      x.lines.push_back(l);
    }
  }
  // Cause links: the earlier defaulter whose lines hold the largest share, if at least half. A
  // stale decomposition (its reference's window ended before the default) explains nothing.
  // Every earlier default of one firm holds the same share (the lines name firms), so of each
  // counterparty only its latest earlier default can win, ties going to the later default: one
  // pass over each default's lines, not over every earlier default (linear in the lines).
  std::unordered_map<std::int32_t, std::int32_t> latest;  // firm -> its latest default so far
  std::vector<std::pair<std::int32_t, double>> shares;    // counterparty, share: in line order
  for (std::size_t y = 0; y < d.size(); ++y) {
    if (d[y].decomposed && !d[y].stale) {
      shares.clear();
      for (const CascadeLine& l : d[y].lines) {
        auto s = std::find_if(shares.begin(), shares.end(),
                              [&](const auto& c) { return c.first == l.counterparty; });
        if (s == shares.end()) s = shares.insert(shares.end(), {l.counterparty, 0.0});
        s->second += l.share;  // summed in line order, as a scan over earlier defaults summed
      }
      double best = 0.0;
      for (const auto& [firm, share] : shares) {
        const auto x = latest.find(firm);
        if (firm == d[y].firm || x == latest.end() || !(share >= kLinkShare && share >= best))
          continue;
        if (share == best && x->second < d[y].link_parent) continue;
        best = share;
        d[y].link_parent = x->second;
        d[y].link_share = share;
      }
    }
    d[y].parent = d[y].link_parent;
    latest[d[y].firm] = static_cast<std::int32_t>(y);
  }
  return a;
}

void add_rescue(CascadeAnalysis& a, std::size_t rescued,
                const std::vector<std::optional<Date>>& date_in_fork) {
  a.counterfactual = true;
  for (std::size_t y = rescued + 1; y < a.defaults.size(); ++y) {
    if (a.defaults[y].firm == a.defaults[rescued].firm) continue;
    a.defaults[y].rescues.push_back({static_cast<std::int32_t>(rescued), date_in_fork[y]});
  }
}

void finish_counterfactual(CascadeAnalysis& a) {
  for (std::size_t y = 0; y < a.defaults.size(); ++y) {
    CascadeDefault& x = a.defaults[y];
    x.counterfactual_parent = -1;
    for (std::size_t e = 0; e < y; ++e) {
      if (x.joins(static_cast<std::int32_t>(e)))
        x.counterfactual_parent = static_cast<std::int32_t>(e);
    }
    // Both: the cause link, when the rescue of that firm also removes or delays the default.
    x.parent = x.link_parent >= 0 && x.joins(x.link_parent) ? x.link_parent : -1;
  }
}

std::vector<std::size_t> link_tree_sizes(const CascadeAnalysis& a) {
  const auto& d = a.defaults;
  std::vector<std::size_t> size(d.size(), 1);
  // Parents come earlier, so from the last default back each subtree is complete when it is
  // added to its parent's.
  for (std::size_t y = d.size(); y-- > 0;) {
    if (d[y].link_parent >= 0) size[static_cast<std::size_t>(d[y].link_parent)] += size[y];
  }
  return size;
}

CascadeSizes cascade_sizes(const CascadeAnalysis& a, std::size_t root) {
  CascadeSizes s;
  const auto& d = a.defaults;
  // Parents always come earlier, so one pass in order marks every descendant.
  auto size_by = [&](auto parent_of) {
    std::vector<std::uint8_t> in(d.size(), 0);
    in[root] = 1;
    std::size_t n = 1;
    for (std::size_t y = root + 1; y < d.size(); ++y) {
      const std::int32_t p = parent_of(d[y]);
      if (p >= 0 && in[static_cast<std::size_t>(p)]) {
        in[y] = 1;
        ++n;
      }
    }
    return n;
  };
  s.links = size_by([](const CascadeDefault& x) { return x.link_parent; });
  s.counterfactual = size_by([](const CascadeDefault& x) { return x.counterfactual_parent; });
  s.both = size_by([](const CascadeDefault& x) {
    return x.link_parent >= 0 && x.joins(x.link_parent) ? x.link_parent : -1;
  });
  return s;
}

}  // namespace alchemy
