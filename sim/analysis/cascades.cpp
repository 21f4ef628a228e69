#include "sim/analysis/cascades.hpp"

#include <string_view>

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

// The defaults' indices by their event's seq.
std::int32_t index_of_seq(const std::vector<CascadeDefault>& d, std::uint64_t seq) {
  for (std::size_t k = 0; k < d.size(); ++k) {
    if (d[k].seq == seq) return static_cast<std::int32_t>(k);
  }
  return -1;
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
      d.push_back(x);
    } else if (e.type == EventType::shortfall_line || e.type == EventType::default_settled) {
      const std::int32_t k = index_of_seq(d, e.cause);
      if (k < 0) continue;
      CascadeDefault& x = d[static_cast<std::size_t>(k)];
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
  for (std::size_t y = 0; y < d.size(); ++y) {
    if (!d[y].decomposed || d[y].stale) continue;
    double best = 0.0;
    for (std::size_t x = 0; x < y; ++x) {
      if (d[x].firm == d[y].firm) continue;
      double share = 0.0;
      for (const CascadeLine& l : d[y].lines) {
        if (l.counterparty == d[x].firm) share += l.share;
      }
      if (share >= kLinkShare && share >= best) {  // ties: the later default
        best = share;
        d[y].link_parent = static_cast<std::int32_t>(x);
        d[y].link_share = share;
      }
    }
    d[y].parent = d[y].link_parent;
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
