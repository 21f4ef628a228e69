#include "sim/output/jsonl_writer.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstring>
#include <stdexcept>

namespace alchemy {

namespace {

// Every fixed piece of a line; together with the numbers they are at most this many bytes.
constexpr std::size_t kFixedLineBytes = 320;

// `"name"` of each event type, built once.
const std::array<std::string, kEventTypeCount>& quoted_type_names() {
  static const auto names = [] {
    std::array<std::string, kEventTypeCount> n;
    for (int i = 0; i < kEventTypeCount; ++i)
      n[i] = json_quote(to_string(static_cast<EventType>(i)));
    return n;
  }();
  return names;
}

char* put(char* out, std::string_view s) {
  std::memcpy(out, s.data(), s.size());
  return out + s.size();
}

// A payload key (a string literal in the engine) as a JSON string; at most 6 bytes per char + 2.
char* put_key(char* out, const char* key) {
  *out++ = '"';
  for (const char* k = key; *k; ++k) {
    const auto c = static_cast<unsigned char>(*k);
    if (c == '"' || c == '\\') {
      *out++ = '\\';
      *out++ = static_cast<char>(c);
    } else if (c < 0x20) {
      static constexpr char hex[] = "0123456789abcdef";
      out = put(out, "\\u00");
      *out++ = hex[c >> 4];
      *out++ = hex[c & 0xf];
    } else {
      *out++ = static_cast<char>(c);
    }
  }
  *out++ = '"';
  return out;
}

std::vector<std::string> quote_all(const std::vector<std::string>& ids, std::size_t& longest) {
  std::vector<std::string> out;
  out.reserve(ids.size());
  for (const auto& id : ids) {
    out.push_back(json_quote(id));
    longest = std::max(longest, out.back().size());
  }
  return out;
}

const std::string kNull = "null";

}  // namespace

JsonlIdTables::JsonlIdTables(const std::vector<std::string>& firm_ids,
                             const std::vector<std::string>& contract_ids) {
  // In the body: the longest_* members are initialised after the tables they measure.
  firms_ = quote_all(firm_ids, longest_firm_);
  contracts_ = quote_all(contract_ids, longest_contract_);
}

std::size_t JsonlIdTables::max_line_size(const Event& e) const {
  std::size_t n = kFixedLineBytes + 2 * longest_firm_ + longest_contract_;
  for (std::uint8_t i = 0; i < e.field_count; ++i) {
    n += 6 * std::strlen(e.fields[i].key) + 4 + kMaxDoubleChars;   // "key": value,
    if (e.fields[i].text) n += std::strlen(e.fields[i].text) + 2;  // "name"
  }
  return n;
}

const std::string& JsonlIdTables::firm(std::int32_t index, const Event& e, const char* role) const {
  if (index < 0) return kNull;
  if (static_cast<std::size_t>(index) >= firms_.size()) {
    throw std::out_of_range("event seq " + std::to_string(e.seq) + ": " + role + " index " +
                            std::to_string(index) + " outside the firm table (" +
                            std::to_string(firms_.size()) + " firms)");
  }
  return firms_[static_cast<std::size_t>(index)];
}

char* JsonlIdTables::write_line(char* out, const Event& e, IsoDateCache& dates) const {
  static const std::string prefix = "{\"v\":" + std::to_string(kEventSchemaVersion) + ",\"seq\":";
  const std::string* contract = &kNull;
  if (e.contract >= 0) {
    if (static_cast<std::size_t>(e.contract) >= contracts_.size()) {
      throw std::out_of_range("event seq " + std::to_string(e.seq) + ": contract index " +
                              std::to_string(e.contract) + " outside the contract table (" +
                              std::to_string(contracts_.size()) + " contracts)");
    }
    contract = &contracts_[static_cast<std::size_t>(e.contract)];
  }
  const auto type = static_cast<std::size_t>(e.type);
  if (type >= static_cast<std::size_t>(kEventTypeCount)) {
    throw std::out_of_range("event seq " + std::to_string(e.seq) + ": unknown type");
  }

  out = put(out, prefix);
  out = write_uint(out, e.seq);
  out = put(out, ",\"date\":\"");
  out = dates.write(out, e.date);
  out = put(out, "\",\"tick\":");
  out = write_int(out, e.tick);
  out = put(out, ",\"type\":");
  out = put(out, quoted_type_names()[type]);
  out = put(out, ",\"firm\":");
  out = put(out, firm(e.firm, e, "firm"));
  out = put(out, ",\"counterparty\":");
  out = put(out, firm(e.counterparty, e, "counterparty"));
  out = put(out, ",\"contract\":");
  out = put(out, *contract);
  out = put(out, ",\"amount\":");
  out = write_cents(out, e.amount.in_cents());
  out = put(out, ",\"cause\":");
  out = e.cause == 0 ? put(out, kNull) : write_uint(out, e.cause);
  out = put(out, ",\"data\":{");
  for (std::uint8_t i = 0; i < e.field_count; ++i) {
    if (i > 0) *out++ = ',';
    out = put_key(out, e.fields[i].key);
    *out++ = ':';
    if (const char* text = e.fields[i].text) {  // a name: nothing to escape (event.hpp)
      *out++ = '"';
      out = put(out, std::string_view(text));
      *out++ = '"';
      continue;
    }
    const double v = e.fields[i].value;
    // JSON has no NaN or infinity; null reads back as NaN in pandas and NA in R.
    out = std::isfinite(v) ? write_double(out, v) : put(out, kNull);
  }
  return put(out, "}}\n");
}

std::string format_event_line(const Event& e, const std::vector<std::string>& firm_ids,
                              const std::vector<std::string>& contract_ids) {
  const JsonlIdTables ids(firm_ids, contract_ids);
  IsoDateCache dates;
  std::string line(ids.max_line_size(e), '\0');
  const char* end = ids.write_line(line.data(), e, dates);
  line.resize(static_cast<std::size_t>(end - line.data()));
  return line;
}

JsonlWriter::JsonlWriter(const std::filesystem::path& file) : out_(file) {}

void JsonlWriter::begin(const RunHeader& header) {
  ids_ = JsonlIdTables(header.firm_ids, header.contract_ids);
}

void JsonlWriter::finish(bool /*complete*/) {
  out_.flush();
}

}  // namespace alchemy
