#pragma once
// events.jsonl: one JSON object per line, one line per event, in emission (seq) order.
//
//   {"v":1,"seq":7,"date":"2025-10-06","tick":191,"type":"deal_signed","firm":"amd",
//    "counterparty":"openai","contract":"amd-openai-warrant","amount":123.45,"cause":null,
//    "data":{"mv_jump_from":0.5,"mv_jump_to":1.25}}
//
// (one line in the file). The fixed fields always appear, always in this order:
//   v             event schema version (kEventSchemaVersion)
//   seq, tick     integers;  date: "YYYY-MM-DD";  type: the EventType name
//   firm, counterparty, contract   ids from the run's tables, null when the event has none
//   amount        USD with exactly two decimals, written from the integer cents (exact)
//   cause         seq of the causing event, or null
//   data          the type's payload as an object of numbers (always present, {} when empty);
//                 shortest round-trip decimals; a non-finite value is written as null
// The payload is nested so that the fixed columns never collide with payload keys and stay the
// same for every type: pandas.read_json(path, lines=True) gives one column per fixed field plus a
// "data" column of dicts; pandas.json_normalize(records) flattens it to data.<key> columns.

#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include "sim/output/text_output.hpp"
#include "sim/world/output_sink.hpp"

namespace alchemy {

// The id tables of a run, pre-quoted as JSON strings so a line is built by copying bytes.
class JsonlIdTables {
 public:
  JsonlIdTables() = default;
  JsonlIdTables(const std::vector<std::string>& firm_ids,
                const std::vector<std::string>& contract_ids);

  // An upper bound of the line length of e (to reserve buffer space).
  std::size_t max_line_size(const Event& e) const;
  // Writes e's line, with its trailing '\n', at out (max_line_size(e) bytes available); returns
  // the end. Throws std::out_of_range when an index is outside the tables (an engine bug).
  char* write_line(char* out, const Event& e, IsoDateCache& dates) const;

 private:
  const std::string& firm(std::int32_t index, const Event& e, const char* role) const;
  std::vector<std::string> firms_;
  std::vector<std::string> contracts_;
  std::size_t longest_firm_ = 4;  // "null"
  std::size_t longest_contract_ = 4;
};

// One event's line (with '\n'), for tests and tools; the writer below does not go through it.
std::string format_event_line(const Event& e, const std::vector<std::string>& firm_ids,
                              const std::vector<std::string>& contract_ids);

class JsonlWriter final : public OutputSink {
 public:
  explicit JsonlWriter(const std::filesystem::path& file);

  Wants wants() const override { return wants_nothing; }
  void begin(const RunHeader& header) override;
  void event(const Event& e) override {
    char* p = out_.reserve(ids_.max_line_size(e));
    out_.commit(ids_.write_line(p, e, dates_));
    ++events_;
  }
  void finish(bool complete) override;  // flushes, so an interrupted run keeps what it wrote

  void close() { out_.close(); }  // flush and close; throws std::system_error on I/O errors
  std::uint64_t events_written() const { return events_; }
  std::uint64_t bytes_written() const { return out_.bytes_written(); }

 private:
  BufferedFile out_;
  JsonlIdTables ids_;
  IsoDateCache dates_;
  std::uint64_t events_ = 0;
};

}  // namespace alchemy
