// The run report's data block. Layout (all arrays aligned by index):
//   run      {scenario, file, seed, start, end, status}
//   firms    firm ids;  listed: 1/0 per firm
//   dates    the recorded dates of series.csv;  price[f][t], mv[f][t] (market value, USD)
//   bs       balance sheets at month ends: at[k] (index into dates, the last recorded date of each
//            month), and cash, fleet, stakes, warrants, receivables, other_assets,
//            operating_assets, debt, payables, other_liabilities, equity, each [f][k] in USD
//   market   dates (of market.csv), sentiment, gpu_index, risk_free
//   loops    names, classes, kinds, lengths (per distinct loop, in order of first row); dates
//            (distinct); rows: date (index), loop (index), gain, per_edge_gain
//   events   types (names), contracts (ids, in order of first use), dates (distinct); rows: seq,
//            date, type, firm, counterparty, contract (indices, -1 for none), amount (USD), cause
//            (seq, 0 for none); fields: {seq: {key: value}} for default and cascade events
//   network  the contract network at month ends (network.csv): kinds (names, in kind order),
//            colours (per kind, sim/analysis/kind_palette.hpp), loop_colour, inactive_colour,
//            inactive_fill; dates (the snapshots' dates); per date k: defaulted[k] (firm indices),
//            and per arrow i of it from[k][i], to[k][i] (firm indices), kind[k][i] (index into
//            kinds), contracts, amount (USD), width (the DOT pen width), active, loop (1/0)
//   summary  summary.txt
// Non-finite numbers are null (as in events.jsonl).

#include <cmath>
#include <map>

#include "sim/analysis/dot_export.hpp"
#include "sim/analysis/kind_palette.hpp"
#include "sim/output/text_output.hpp"
#include "sim/report/run_report.hpp"

namespace alchemy {

namespace {

class JsonOut {
 public:
  std::string text;
  void raw(std::string_view s) { text += s; }
  void key(std::string_view k) {
    comma();
    text += json_quote(k);
    text += ':';
    after_key_ = true;  // the value follows without a comma
  }
  void open(char c) {
    comma();
    text += c;
    first_ = true;
  }
  void close(char c) {
    text += c;
    first_ = false;
  }
  void number(double v) {
    comma();
    if (!std::isfinite(v)) {
      text += "null";
      return;
    }
    char buf[kMaxDoubleChars];
    text.append(buf, write_double(buf, v));
  }
  void integer(std::int64_t v) {
    comma();
    char buf[kMaxIntChars];
    text.append(buf, write_int(buf, v));
  }
  // USD from cents, exact: two decimals with trailing zeros dropped ("12.5", "3").
  void dollars(Money m) {
    comma();
    char buf[kMaxCentsChars];
    char* end = write_cents(buf, m.in_cents());
    if (end[-1] == '0') --end;
    if (end[-1] == '0') end -= 2;  // "x.00" → "x"
    text.append(buf, end);
  }
  void string(std::string_view s) {
    comma();
    text += json_quote(s);
  }

 private:
  void comma() {
    if (after_key_) {
      after_key_ = false;
      first_ = false;
      return;
    }
    if (!first_) text += ',';
    first_ = false;
  }
  bool first_ = true;
  bool after_key_ = false;
};

template <typename T, typename F>
void array(JsonOut& j, const std::vector<T>& items, F each) {
  j.open('[');
  for (const T& item : items)
    each(item);
  j.close(']');
}

// Distinct values in order of first appearance, and each item's index among them.
template <typename K>
struct Table {
  std::vector<K> values;
  std::map<K, std::int64_t> index;
  std::int64_t of(const K& k) {
    const auto [it, added] = index.emplace(k, static_cast<std::int64_t>(values.size()));
    if (added) values.push_back(k);
    return it->second;
  }
};

void write_series(JsonOut& j, const RunData& d) {
  const std::size_t n = d.firm_ids.size();
  // Rows come date by date, every firm at each date, in firm order.
  std::vector<std::vector<const SeriesRow*>> by_firm(n);
  std::vector<Date> dates;
  for (const SeriesRow& r : d.series) {
    if (dates.empty() || dates.back() != r.date) dates.push_back(r.date);
    by_firm[static_cast<std::size_t>(r.firm)].push_back(&r);
  }
  j.key("listed");
  j.open('[');
  for (std::size_t f = 0; f < n; ++f)
    j.integer(!by_firm[f].empty() && by_firm[f].front()->listed ? 1 : 0);
  j.close(']');
  j.key("dates");
  array(j, dates, [&](Date t) { j.string(t.iso()); });
  const auto per_firm = [&](const char* name, auto value) {
    j.key(name);
    j.open('[');
    for (std::size_t f = 0; f < n; ++f)
      array(j, by_firm[f], [&](const SeriesRow* r) { value(*r); });
    j.close(']');
  };
  per_firm("price", [&](const SeriesRow& r) { j.number(r.price); });
  per_firm("mv", [&](const SeriesRow& r) { j.dollars(r.market_value); });
  per_firm("pd", [&](const SeriesRow& r) { j.number(r.default_probability); });
  per_firm("cv", [&](const SeriesRow& r) { j.number(r.commitment_value); });

  // Month ends: the last recorded date of each month.
  std::vector<std::size_t> at;
  for (std::size_t t = 0; t < dates.size(); ++t) {
    const bool last = t + 1 == dates.size() || dates[t + 1].month() != dates[t].month() ||
                      dates[t + 1].year() != dates[t].year();
    if (last) at.push_back(t);
  }
  j.key("bs");
  j.open('{');
  j.key("at");
  array(j, at, [&](std::size_t t) { j.integer(static_cast<std::int64_t>(t)); });
  const std::pair<const char*, Money SeriesRow::*> columns[] = {
      {"cash", &SeriesRow::cash},
      {"fleet", &SeriesRow::fleet},
      {"stakes", &SeriesRow::stakes},
      {"warrants", &SeriesRow::warrants},
      {"receivables", &SeriesRow::receivables},
      {"other_assets", &SeriesRow::other_assets},
      {"operating_assets", &SeriesRow::operating_assets},
      {"debt", &SeriesRow::debt},
      {"payables", &SeriesRow::payables},
      {"other_liabilities", &SeriesRow::other_liabilities},
      {"equity", &SeriesRow::equity}};
  for (const auto& [name, member] : columns) {
    j.key(name);
    j.open('[');
    for (std::size_t f = 0; f < n; ++f) {
      j.open('[');
      for (std::size_t t : at)
        if (t < by_firm[f].size()) j.dollars(by_firm[f][t]->*member);
      j.close(']');
    }
    j.close(']');
  }
  j.close('}');
}

void write_market(JsonOut& j, const RunData& d) {
  j.key("market");
  j.open('{');
  j.key("dates");
  array(j, d.market, [&](const MarketRow& r) { j.string(r.date.iso()); });
  j.key("sentiment");
  array(j, d.market, [&](const MarketRow& r) { j.number(r.sentiment); });
  j.key("gpu_index");
  array(j, d.market, [&](const MarketRow& r) { j.number(r.gpu_index); });
  j.key("risk_free");
  array(j, d.market, [&](const MarketRow& r) { j.number(r.risk_free); });
  j.close('}');
}

void write_loops(JsonOut& j, const RunData& d) {
  Table<std::string> names;
  Table<std::int32_t> dates;
  std::vector<const LoopRow*> first_rows;
  std::vector<std::int64_t> row_date, row_loop;
  for (const LoopRow& r : d.loops) {
    const std::size_t before = names.values.size();
    row_loop.push_back(names.of(r.loop));
    if (names.values.size() != before) first_rows.push_back(&r);
    row_date.push_back(dates.of(r.date.days()));
  }
  j.key("loops");
  j.open('{');
  j.key("names");
  array(j, names.values, [&](const std::string& s) { j.string(s); });
  j.key("classes");
  array(j, first_rows, [&](const LoopRow* r) { j.string(r->loop_class); });
  j.key("kinds");
  array(j, first_rows, [&](const LoopRow* r) { j.string(r->kinds); });
  j.key("lengths");
  array(j, first_rows, [&](const LoopRow* r) { j.integer(static_cast<std::int64_t>(r->length)); });
  j.key("dates");
  array(j, dates.values, [&](std::int32_t days) { j.string(Date::from_days(days).iso()); });
  j.key("date");
  array(j, row_date, [&](std::int64_t i) { j.integer(i); });
  j.key("loop");
  array(j, row_loop, [&](std::int64_t i) { j.integer(i); });
  j.key("gain");
  array(j, d.loops, [&](const LoopRow& r) { j.number(r.gain); });
  j.key("per_edge_gain");
  array(j, d.loops, [&](const LoopRow& r) { j.number(r.per_edge_gain); });
  j.close('}');
}

void write_events(JsonOut& j, const RunData& d) {
  Table<int> types;
  Table<std::string> contracts;
  Table<std::int32_t> dates;
  std::vector<std::int64_t> type, contract, date;
  for (const Event& e : d.events) {
    type.push_back(types.of(static_cast<int>(e.type)));
    date.push_back(dates.of(e.date.days()));
    contract.push_back(
        e.contract < 0 ? -1 : contracts.of(d.contract_ids[static_cast<std::size_t>(e.contract)]));
  }
  j.key("events");
  j.open('{');
  j.key("types");
  array(j, types.values, [&](int t) { j.string(to_string(static_cast<EventType>(t))); });
  j.key("contracts");
  array(j, contracts.values, [&](const std::string& s) { j.string(s); });
  j.key("dates");
  array(j, dates.values, [&](std::int32_t days) { j.string(Date::from_days(days).iso()); });
  j.key("seq");
  array(j, d.events, [&](const Event& e) { j.integer(static_cast<std::int64_t>(e.seq)); });
  j.key("date");
  array(j, date, [&](std::int64_t i) { j.integer(i); });
  j.key("type");
  array(j, type, [&](std::int64_t i) { j.integer(i); });
  j.key("firm");
  array(j, d.events, [&](const Event& e) { j.integer(e.firm); });
  j.key("counterparty");
  array(j, d.events, [&](const Event& e) { j.integer(e.counterparty); });
  j.key("contract");
  array(j, contract, [&](std::int64_t i) { j.integer(i); });
  j.key("amount");
  array(j, d.events, [&](const Event& e) { j.dollars(e.amount); });
  j.key("cause");
  array(j, d.events, [&](const Event& e) { j.integer(static_cast<std::int64_t>(e.cause)); });
  // The payload of the events the timeline and the cascade trees describe.
  j.key("fields");
  j.open('{');
  for (const Event& e : d.events) {
    if (e.type != EventType::default_ && e.type != EventType::cascade) continue;
    j.key(std::to_string(e.seq));
    j.open('{');
    for (std::uint8_t i = 0; i < e.field_count; ++i) {
      j.key(e.fields[i].key);
      if (e.fields[i].text) {
        j.string(e.fields[i].text);
      } else {
        j.number(e.fields[i].value);
      }
    }
    j.close('}');
  }
  j.close('}');
  j.close('}');
}

void write_network(JsonOut& j, const RunData& d) {
  std::map<std::string, std::int64_t, std::less<>> firm;
  for (std::size_t f = 0; f < d.firm_ids.size(); ++f)
    firm.emplace(d.firm_ids[f], static_cast<std::int64_t>(f));
  const auto index_of_firm = [&](const std::string& id) {
    const auto it = firm.find(id);
    return it == firm.end() ? std::int64_t{-1} : it->second;
  };
  const auto index_of_kind = [](const std::string& name) {
    const auto k = edge_kind_from_string(name);
    return k ? static_cast<std::int64_t>(*k) : std::int64_t{-1};
  };
  // The rows of each date, in file order.
  std::vector<std::pair<std::size_t, std::size_t>> spans;  // [begin, end) per date
  for (std::size_t i = 0; i < d.network.size(); ++i) {
    if (spans.empty() || d.network[spans.back().first].date != d.network[i].date)
      spans.emplace_back(i, i);
    spans.back().second = i + 1;
  }
  j.key("network");
  j.open('{');
  j.key("kinds");
  array(j, std::vector<EdgeKind>(all_edge_kinds.begin(), all_edge_kinds.end()),
        [&](EdgeKind k) { j.string(to_string(k)); });
  j.key("colours");
  array(j, std::vector<EdgeKind>(all_edge_kinds.begin(), all_edge_kinds.end()),
        [&](EdgeKind k) { j.string(kind_colour(k)); });
  j.key("loop_colour");
  j.string(kLoopColour);
  j.key("inactive_colour");
  j.string(kInactiveColour);
  j.key("inactive_fill");
  j.string(kInactiveFill);
  j.key("dates");
  array(j, spans, [&](const auto& s) { j.string(d.network[s.first].date.iso()); });
  // One array per date of `value` over its arrow rows (or firm rows, with `firms`).
  const auto per_date = [&](const char* name, bool firms, auto value) {
    j.key(name);
    j.open('[');
    for (const auto& [b, e] : spans) {
      j.open('[');
      for (std::size_t i = b; i < e; ++i)
        if (d.network[i].is_firm() == firms) value(d.network[i]);
      j.close(']');
    }
    j.close(']');
  };
  per_date("defaulted", true, [&](const NetworkRow& r) { j.integer(index_of_firm(r.from)); });
  per_date("from", false, [&](const NetworkRow& r) { j.integer(index_of_firm(r.from)); });
  per_date("to", false, [&](const NetworkRow& r) { j.integer(index_of_firm(r.to)); });
  per_date("kind", false, [&](const NetworkRow& r) { j.integer(index_of_kind(r.kind)); });
  per_date("contracts", false, [&](const NetworkRow& r) { j.integer(r.contracts); });
  per_date("amount", false, [&](const NetworkRow& r) { j.number(r.amount); });
  // Rounded to hundredths as the DOT export writes it.
  per_date("width", false, [&](const NetworkRow& r) {
    j.number(std::round(dot_pen_width(r.amount) * 100.0) / 100.0);
  });
  per_date("active", false, [&](const NetworkRow& r) { j.integer(r.active ? 1 : 0); });
  per_date("loop", false, [&](const NetworkRow& r) { j.integer(r.loop ? 1 : 0); });
  j.close('}');
}

}  // namespace

std::string run_report_json(const RunData& d) {
  JsonOut j;
  j.open('{');
  j.key("run");
  j.open('{');
  j.key("scenario");
  j.string(d.run.scenario_name);
  j.key("file");
  j.string(d.run.scenario_file);
  j.key("seed");
  j.string(std::to_string(d.run.seed));  // a string: JavaScript numbers stop at 2^53
  j.key("start");
  j.string(d.run.start);
  j.key("end");
  j.string(d.run.end);
  j.key("status");
  j.string(d.run.status);
  j.close('}');
  j.key("firms");
  array(j, d.firm_ids, [&](const std::string& s) { j.string(s); });
  write_series(j, d);
  write_market(j, d);
  write_loops(j, d);
  write_events(j, d);
  write_network(j, d);
  j.key("summary");
  j.string(d.summary);
  j.close('}');
  return std::move(j.text);
}

}  // namespace alchemy
