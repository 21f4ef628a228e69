#include "sim/sweep/sweep_tables.hpp"

#include <sqlite3.h>

#include <algorithm>
#include <charconv>
#include <cmath>
#include <stdexcept>

#include "sim/output/sqlite_writer.hpp"
#include "sim/output/text_output.hpp"

namespace alchemy {

namespace fs = std::filesystem;

namespace {

bool parse_double(const std::string& s, double& out) {
  if (s.empty()) return false;
  const auto [ptr, ec] = std::from_chars(s.data(), s.data() + s.size(), out);
  return ec == std::errc() && ptr == s.data() + s.size();
}

// real when every cell is a number, else text.
Table::Type column_type(const std::vector<std::vector<std::string>>& rows, std::size_t col) {
  for (const auto& r : rows) {
    double ignored = 0.0;
    if (!r[col].empty() && !parse_double(r[col], ignored)) return Table::Type::text;
  }
  return Table::Type::real;
}

Table::Type metric_type(const MetricColumn& c) {
  switch (c.kind) {
    case MetricColumn::Kind::flag:
      return Table::Type::integer;
    case MetricColumn::Kind::text:
      return Table::Type::text;
    case MetricColumn::Kind::number:
      break;
  }
  return c.name == "defaults" ? Table::Type::integer : Table::Type::real;
}

struct Stats {
  std::size_t n = 0;
  std::string mean, se, p05, p50, p95;
};

Stats describe(std::vector<double> v) {
  Stats s;
  s.n = v.size();
  if (v.empty()) return s;
  double sum = 0.0;
  for (double x : v)
    sum += x;  // in run order
  const double mean = sum / static_cast<double>(v.size());
  s.mean = metric_number(mean);
  if (v.size() >= 2) {
    double ss = 0.0;
    for (double x : v)
      ss += (x - mean) * (x - mean);
    const double sd = std::sqrt(ss / static_cast<double>(v.size() - 1));
    s.se = metric_number(sd / std::sqrt(static_cast<double>(v.size())));
  }
  std::sort(v.begin(), v.end());
  s.p05 = metric_number(quantile_sorted(v, 0.05));
  s.p50 = metric_number(quantile_sorted(v, 0.50));
  s.p95 = metric_number(quantile_sorted(v, 0.95));
  return s;
}

}  // namespace

double quantile_sorted(const std::vector<double>& sorted, double q) {
  const double h = q * static_cast<double>(sorted.size() - 1);
  const auto lo = static_cast<std::size_t>(std::floor(h));
  if (lo + 1 >= sorted.size()) return sorted.back();
  const double frac = h - static_cast<double>(lo);
  return frac == 0.0 ? sorted[lo] : sorted[lo] + frac * (sorted[lo + 1] - sorted[lo]);
}

Table runs_table(const SweepPlan& plan, const JournalRecords& records) {
  Table t;
  t.header = {"run", "point", "seed_index", "seed"};
  // Seeds are full 64-bit values, beyond SQLite's signed INTEGER: kept exact as text there.
  t.types = {Table::Type::integer, Table::Type::integer, Table::Type::integer, Table::Type::text};
  for (const auto& k : plan.parameter_keys())
    t.header.push_back(k);
  for (const auto& c : plan.metric_columns())
    t.header.push_back(c.name);
  for (const auto& [run, cells] : records) {
    std::vector<std::string> row{std::to_string(run), std::to_string(plan.point_of(run)),
                                 std::to_string(plan.seed_index_of(run)),
                                 std::to_string(plan.seed_of(run))};
    const auto& values = plan.point_values(plan.point_of(run));
    row.insert(row.end(), values.begin(), values.end());
    row.insert(row.end(), cells.begin(), cells.end());
    t.rows.push_back(std::move(row));
  }
  for (std::size_t i = 0; i < plan.parameter_keys().size(); ++i) {
    t.types.push_back(column_type(t.rows, 4 + i));
  }
  for (const auto& c : plan.metric_columns())
    t.types.push_back(metric_type(c));
  return t;
}

Table summary_table(const SweepPlan& plan, const JournalRecords& records) {
  const auto& columns = plan.metric_columns();
  Table t;
  t.header = {"point"};
  t.types = {Table::Type::integer};
  for (const auto& k : plan.parameter_keys())
    t.header.push_back(k);
  t.header.push_back("runs");
  for (const auto& c : columns) {
    if (c.kind == MetricColumn::Kind::flag) t.header.push_back("pd." + c.firm);
  }
  for (const auto& c : columns) {
    if (c.kind != MetricColumn::Kind::number) continue;
    for (const char* stat : {".mean", ".se", ".p05", ".p50", ".p95"})
      t.header.push_back(c.name + stat);
  }

  // The runs of each point, in run order (records are sorted by run).
  std::vector<std::vector<const std::vector<std::string>*>> by_point(plan.points());
  for (const auto& [run, cells] : records)
    by_point[plan.point_of(run)].push_back(&cells);

  for (std::size_t p = 0; p < plan.points(); ++p) {
    const auto& runs = by_point[p];
    if (runs.empty()) continue;
    std::vector<std::string> row{std::to_string(p)};
    const auto& values = plan.point_values(p);
    row.insert(row.end(), values.begin(), values.end());
    row.push_back(std::to_string(runs.size()));
    auto numbers = [&](std::size_t col) {
      std::vector<double> v;
      for (const auto* cells : runs) {
        double x = 0.0;
        if (parse_double((*cells)[col], x) && std::isfinite(x)) v.push_back(x);
      }
      return v;
    };
    for (std::size_t c = 0; c < columns.size(); ++c) {
      if (columns[c].kind == MetricColumn::Kind::flag) row.push_back(describe(numbers(c)).mean);
    }
    for (std::size_t c = 0; c < columns.size(); ++c) {
      if (columns[c].kind != MetricColumn::Kind::number) continue;
      Stats s = describe(numbers(c));
      for (std::string* cell : {&s.mean, &s.se, &s.p05, &s.p50, &s.p95})
        row.push_back(std::move(*cell));
    }
    t.rows.push_back(std::move(row));
  }
  for (std::size_t i = 0; i < plan.parameter_keys().size(); ++i) {
    t.types.push_back(column_type(t.rows, 1 + i));
  }
  t.types.push_back(Table::Type::integer);
  while (t.types.size() < t.header.size())
    t.types.push_back(Table::Type::real);
  return t;
}

void write_csv(const Table& t, const fs::path& file) {
  fs::path tmp = file;
  tmp += ".tmp";
  {
    BufferedFile out(tmp);
    auto line = [&](const std::vector<std::string>& cells) {
      for (std::size_t i = 0; i < cells.size(); ++i) {
        if (i) out.append(",");
        out.append(csv_field(cells[i]));
      }
      out.append("\n");
    };
    line(t.header);
    for (const auto& r : t.rows)
      line(r);
    out.close();
  }
  fs::rename(tmp, file);
}

namespace {

class Db {
 public:
  explicit Db(const fs::path& file) {
    sqlite_setup_once();
    if (sqlite3_open(file.c_str(), &db_) != SQLITE_OK) fail("cannot open " + file.string());
  }
  ~Db() { sqlite3_close(db_); }
  Db(const Db&) = delete;
  Db& operator=(const Db&) = delete;
  void exec(const std::string& sql) {
    if (sqlite3_exec(db_, sql.c_str(), nullptr, nullptr, nullptr) != SQLITE_OK) fail(sql);
  }
  sqlite3_stmt* prepare(const std::string& sql) {
    sqlite3_stmt* s = nullptr;
    if (sqlite3_prepare_v2(db_, sql.c_str(), -1, &s, nullptr) != SQLITE_OK) fail(sql);
    return s;
  }
  [[noreturn]] void fail(const std::string& what) {
    throw_sqlite_failure(db_, "sqlite: " + what + ": " + sqlite3_errmsg(db_));
  }

 private:
  sqlite3* db_ = nullptr;
};

std::string sql_name(const std::string& s) {
  std::string out = "\"";
  for (char c : s)
    out += c == '"' ? std::string("\"\"") : std::string(1, c);
  return out + "\"";
}

std::string sql_text(const std::string& s) {
  std::string out = "'";
  for (char c : s)
    out += c == '\'' ? std::string("''") : std::string(1, c);
  return out + "'";
}

}  // namespace

void write_sqlite(const std::vector<std::pair<std::string, const Table*>>& tables,
                  const std::vector<fs::path>& run_databases, const fs::path& file) {
  fs::path tmp = file;
  tmp += ".tmp";
  fs::remove(tmp);
  {
    Db db(tmp);
    // The file only becomes sweep.sqlite by the rename below, so it needs no crash safety.
    db.exec("PRAGMA journal_mode=OFF");
    db.exec("PRAGMA synchronous=OFF");
    db.exec("PRAGMA temp_store=MEMORY");  // the index builds sort in memory
    db.exec("BEGIN");
    for (const auto& [name, t] : tables) {
      std::string create = "CREATE TABLE " + sql_name(name) + " (";
      std::string insert = "INSERT INTO " + sql_name(name) + " VALUES (";
      for (std::size_t i = 0; i < t->header.size(); ++i) {
        const char* type = t->types[i] == Table::Type::integer ? "INTEGER"
                           : t->types[i] == Table::Type::real  ? "REAL"
                                                               : "TEXT";
        create += (i ? ", " : "") + sql_name(t->header[i]) + " " + type;
        insert += i ? ", ?" : "?";
      }
      db.exec(create + ")");
      sqlite3_stmt* stmt = db.prepare(insert + ")");
      for (const auto& row : t->rows) {
        for (std::size_t i = 0; i < row.size(); ++i) {
          const int at = static_cast<int>(i + 1);
          double x = 0.0;
          long long n = 0;
          const char* end = row[i].data() + row[i].size();
          if (row[i].empty()) {
            sqlite3_bind_null(stmt, at);
          } else if (t->types[i] == Table::Type::integer &&
                     std::from_chars(row[i].data(), end, n).ptr == end) {
            sqlite3_bind_int64(stmt, at, static_cast<sqlite3_int64>(n));
          } else if (t->types[i] == Table::Type::real && parse_double(row[i], x)) {
            sqlite3_bind_double(stmt, at, x);
          } else {
            sqlite3_bind_text(stmt, at, row[i].c_str(), static_cast<int>(row[i].size()),
                              SQLITE_TRANSIENT);
          }
        }
        if (sqlite3_step(stmt) != SQLITE_DONE) {
          sqlite3_finalize(stmt);
          db.fail("insert into " + name);
        }
        sqlite3_reset(stmt);
      }
      sqlite3_finalize(stmt);
    }
    if (!run_databases.empty()) {
      db.exec(sqlite_record_tables_sql());
      for (const fs::path& run : run_databases) {
        if (!fs::is_regular_file(run)) {
          throw std::runtime_error("sqlite: " + run.string() + ": not found");
        }
        // ATTACH cannot be inside a transaction; the inserts of one run are.
        db.exec("COMMIT");
        db.exec("ATTACH DATABASE " + sql_text(run.string()) + " AS src");
        db.exec("BEGIN");
        for (const char* t : {"firms", "contracts", "events", "series", "market", "loops"}) {
          db.exec(std::string("INSERT INTO main.") + t + " SELECT * FROM src." + t +
                  " ORDER BY rowid");  // in the order the run wrote them
        }
        db.exec("COMMIT");
        db.exec("DETACH DATABASE src");
        db.exec("BEGIN");
      }
      db.exec(sqlite_record_indexes_sql());
    }
    db.exec("COMMIT");
  }
  fs::rename(tmp, file);
}

}  // namespace alchemy
