#include "python/frame_columns.hpp"

#include <cmath>
#include <cstring>
#include <limits>
#include <string>
#include <vector>

#include <pybind11/numpy.h>
#include <pybind11/stl.h>

namespace py = pybind11;

namespace alchemy::python {

namespace {

// A numpy array of `rows.size()` values of T, each `get(row)`.
template <typename T, typename Rows, typename Get>
py::array_t<T> column(const Rows& rows, Get get) {
  py::array_t<T> out(static_cast<py::ssize_t>(rows.size()));
  T* data = out.mutable_data();
  for (std::size_t i = 0; i < rows.size(); ++i)
    data[i] = get(rows[i]);
  return out;
}

template <typename Rows>
py::array_t<std::int64_t> dates(const Rows& rows) {
  return column<std::int64_t>(rows, [](const auto& r) { return r.date.days(); });
}

// The two-decimal amount the files write, as pandas reads it back exactly: cents / 100 is the
// correctly rounded quotient, the double nearest the decimal.
template <typename Rows, typename Get>
py::array_t<double> money(const Rows& rows, Get get) {
  return column<double>(
      rows, [&](const auto& r) { return static_cast<double>(get(r).in_cents()) / 100.0; });
}

// The files leave a non-finite number empty (CSV) or null (JSON); both read back as NaN.
double finite_or_nan(double v) {
  return std::isfinite(v) ? v : std::numeric_limits<double>::quiet_NaN();
}

py::dict event_columns(const std::vector<Event>& events) {
  py::dict c;
  c["seq"] =
      column<std::int64_t>(events, [](const Event& e) { return static_cast<std::int64_t>(e.seq); });
  c["date"] = dates(events);
  c["tick"] = column<std::int64_t>(events, [](const Event& e) { return e.tick; });
  c["type"] = column<std::int32_t>(
      events, [](const Event& e) { return static_cast<std::int32_t>(e.type); });
  py::list type_names;
  for (int t = 0; t < kEventTypeCount; ++t)
    type_names.append(py::str(std::string(to_string(static_cast<EventType>(t)))));
  c["type_names"] = type_names;
  c["firm"] = column<std::int32_t>(events, [](const Event& e) { return e.firm; });
  c["counterparty"] = column<std::int32_t>(events, [](const Event& e) { return e.counterparty; });
  c["contract"] = column<std::int32_t>(events, [](const Event& e) { return e.contract; });
  c["amount"] = money(events, [](const Event& e) { return e.amount; });
  c["cause"] = column<std::int64_t>(
      events, [](const Event& e) { return static_cast<std::int64_t>(e.cause); });

  // The payload keys in order of first appearance (as a JSON reader meets them).
  std::vector<std::string> keys;
  std::vector<std::vector<double>> values;
  // (row, name) of the fields that give a name instead of a number, per key.
  std::vector<std::vector<std::pair<std::size_t, const char*>>> texts;
  const double nan = std::numeric_limits<double>::quiet_NaN();
  for (std::size_t row = 0; row < events.size(); ++row) {
    const Event& e = events[row];
    for (std::uint8_t f = 0; f < e.field_count; ++f) {
      const EventField& field = e.fields[f];
      std::size_t k = 0;
      while (k < keys.size() && keys[k] != field.key)
        ++k;
      if (k == keys.size()) {
        keys.emplace_back(field.key);
        values.emplace_back(events.size(), nan);
        texts.emplace_back();
      }
      if (field.text)
        texts[k].emplace_back(row, field.text);
      else
        values[k][row] = finite_or_nan(field.value);
    }
  }
  py::dict data;
  for (std::size_t k = 0; k < keys.size(); ++k) {
    py::array_t<double> v(static_cast<py::ssize_t>(values[k].size()));
    if (!values[k].empty())
      std::memcpy(v.mutable_data(), values[k].data(), values[k].size() * sizeof(double));
    py::object names = py::none();
    if (!texts[k].empty()) {
      py::list column;
      for (std::size_t i = 0; i < events.size(); ++i)
        column.append(py::none());
      for (const auto& [row, text] : texts[k])
        column[row] = py::str(text);
      names = column;
    }
    data[py::str(keys[k])] = py::make_tuple(v, names);
  }
  c["data"] = data;
  return c;
}

py::dict series_columns(const std::vector<SeriesRow>& rows) {
  py::dict c;
  c["date"] = dates(rows);
  c["firm"] = column<std::int32_t>(rows, [](const SeriesRow& r) { return r.firm; });
  c["listed"] = column<bool>(rows, [](const SeriesRow& r) { return r.listed; });
  c["defaulted"] = column<bool>(rows, [](const SeriesRow& r) { return r.defaulted; });
  c["price"] = column<double>(rows, [](const SeriesRow& r) { return finite_or_nan(r.price); });
  c["shadow_price"] =
      column<double>(rows, [](const SeriesRow& r) { return finite_or_nan(r.shadow_price); });
  c["shares"] = column<double>(rows, [](const SeriesRow& r) { return finite_or_nan(r.shares); });
  c["market_value"] = money(rows, [](const SeriesRow& r) { return r.market_value; });
  c["cash"] = money(rows, [](const SeriesRow& r) { return r.cash; });
  c["fleet"] = money(rows, [](const SeriesRow& r) { return r.fleet; });
  c["stakes"] = money(rows, [](const SeriesRow& r) { return r.stakes; });
  c["warrants"] = money(rows, [](const SeriesRow& r) { return r.warrants; });
  c["receivables"] = money(rows, [](const SeriesRow& r) { return r.receivables; });
  c["other_assets"] = money(rows, [](const SeriesRow& r) { return r.other_assets; });
  c["operating_assets"] = money(rows, [](const SeriesRow& r) { return r.operating_assets; });
  c["debt"] = money(rows, [](const SeriesRow& r) { return r.debt; });
  c["payables"] = money(rows, [](const SeriesRow& r) { return r.payables; });
  c["other_liabilities"] = money(rows, [](const SeriesRow& r) { return r.other_liabilities; });
  c["equity"] = money(rows, [](const SeriesRow& r) { return r.equity; });
  c["revenue"] = money(rows, [](const SeriesRow& r) { return r.revenue; });
  c["net_income"] = money(rows, [](const SeriesRow& r) { return r.net_income; });
  c["gw"] = column<double>(rows, [](const SeriesRow& r) { return finite_or_nan(r.gw); });
  c["unmet_demand"] =
      column<double>(rows, [](const SeriesRow& r) { return finite_or_nan(r.unmet_demand); });
  c["default_probability"] =
      column<double>(rows, [](const SeriesRow& r) { return finite_or_nan(r.default_probability); });
  c["commitment_value"] =
      column<double>(rows, [](const SeriesRow& r) { return finite_or_nan(r.commitment_value); });
  return c;
}

py::dict market_columns(const std::vector<MarketRow>& rows) {
  py::dict c;
  c["date"] = dates(rows);
  c["sentiment"] = column<double>(rows, [](const MarketRow& r) { return r.sentiment; });
  c["gpu_index"] = column<double>(rows, [](const MarketRow& r) { return r.gpu_index; });
  c["risk_free"] = column<double>(rows, [](const MarketRow& r) { return r.risk_free; });
  return c;
}

py::dict loop_columns(const std::vector<LoopRow>& rows) {
  py::dict c;
  c["date"] = dates(rows);
  py::list loop, loop_class, kinds;
  for (const LoopRow& r : rows) {
    loop.append(py::str(r.loop));
    loop_class.append(py::str(r.loop_class));
    kinds.append(py::str(r.kinds));
  }
  c["loop"] = loop;
  c["class"] = loop_class;
  c["kinds"] = kinds;
  c["length"] = column<std::int64_t>(
      rows, [](const LoopRow& r) { return static_cast<std::int64_t>(r.length); });
  c["gain"] = column<double>(rows, [](const LoopRow& r) { return r.gain; });
  c["per_edge_gain"] = column<double>(rows, [](const LoopRow& r) { return r.per_edge_gain; });
  return c;
}

}  // namespace

py::dict frame_columns(const MemorySink& records) {
  py::dict out;
  out["firms"] = py::cast(records.header.firm_ids);
  out["contracts"] = py::cast(records.header.contract_ids);
  out["events"] = event_columns(records.events);
  out["series"] = series_columns(records.rows);
  out["market"] = market_columns(records.market_rows);
  out["loops"] = loop_columns(records.loop_rows);
  return out;
}

}  // namespace alchemy::python
