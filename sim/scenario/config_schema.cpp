#include "sim/scenario/config_schema.hpp"

#include <algorithm>
#include <cctype>
#include <optional>
#include <set>

#include "sim/scenario/config_suggest.hpp"
#include "sim/scenario/input_file.hpp"

namespace alchemy {

const FieldInfo* SectionInfo::find(std::string_view key) const {
  for (const auto& f : fields) {
    if (f.key == key) return &f;
  }
  return nullptr;
}

std::vector<std::string> SectionInfo::keys() const {
  std::vector<std::string> out;
  for (const auto& f : fields)
    out.push_back(f.key);
  return out;
}

const std::string* SectionInfo::removal(std::string_view key) const {
  for (const auto& [k, why] : removed) {
    if (k == key) return &why;
  }
  return nullptr;
}

namespace {
std::string section_name(const SectionInfo& s) {
  return s.path.empty() ? std::string("the top level") : "'" + s.path + "'";
}

std::string removed_text(const SectionInfo& s, const std::string& key, const std::string& why) {
  return "key '" + key + "' in " + section_name(s) + " was removed: " + why;
}
}  // namespace

void SectionInfo::check_keys(const ConfigNode& node, const std::string& path_) const {
  const std::vector<std::string> known = keys();
  for (const ConfigEntry& e : node.entries) {
    if (find(e.key)) continue;
    if (const std::string* why = removal(e.key))
      throw ConfigError(e.key_where, key_path_join(path_, e.key), removed_text(*this, e.key, *why));
    const std::string hint = did_you_mean(e.key, known);
    throw ConfigError(e.key_where, key_path_join(path_, e.key),
                      "unknown key '" + e.key + "' in " + section_name(*this) +
                          (hint.empty() ? " (valid keys: " + join_choices(known) + ")" : hint));
  }
  for (const FieldInfo& f : fields) {
    if (!f.required) continue;
    const ConfigNode* v = node.find(f.key);
    if (!v || v->is_null()) {
      throw ConfigError(node.where, key_path_join(path_, f.key),
                        "missing required key '" + f.key + "' (" + f.meaning + ")");
    }
  }
}

void SectionInfo::check_variant(const ConfigEntry& entry, const FieldInfo& field,
                                std::size_t variant, const std::string& path_) const {
  if (field.variants == 0 || (field.variants & (1U << variant)) != 0) return;
  std::vector<std::string> applies;
  for (std::size_t i = 0; i < variant_names.size(); ++i) {
    if (field.variants & (1U << i)) applies.push_back(variant_names[i]);
  }
  throw ConfigError(entry.key_where, key_path_join(path_, entry.key),
                    "'" + entry.key + "' applies only when " + variant_key + " is " +
                        join_choices(applies) + ", not " + variant_names[variant]);
}

// ---------------------------------------------------------------------------------------------

bool Range::contains(double x) const {
  if (lo_open ? !(x > lo) : !(x >= lo)) return false;
  return x <= hi;
}

std::string Range::text() const {
  const bool has_lo = std::isfinite(lo), has_hi = std::isfinite(hi);
  if (has_lo && has_hi) {
    if (lo_open) return "> " + number_text(lo) + ", ≤ " + number_text(hi);  // 0 itself refused
    return number_text(lo) + " to " + number_text(hi);
  }
  if (has_lo) return (lo_open ? "> " : "≥ ") + number_text(lo);
  if (has_hi) return "≤ " + number_text(hi);
  return "";
}

const std::string& read_scalar(const ConfigNode& n, const std::string& path,
                               std::string_view expected) {
  if (!n.is_scalar()) {
    throw ConfigError(n.where, path,
                      "expected " + std::string(expected) + ", got " + std::string(n.kind_name()));
  }
  return n.text;
}

std::string read_identifier(const ConfigNode& n, const std::string& path) {
  const std::string& t = read_scalar(n, path, "an id");
  // Ids appear in --set paths (firms.<id>.cash) and output columns, so no dots or spaces.
  const bool ok = !t.empty() && std::isalnum(static_cast<unsigned char>(t[0])) &&
                  std::all_of(t.begin(), t.end(), [](char c) {
                    return std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '-';
                  });
  if (!ok) {
    throw ConfigError(n.where, path,
                      "expected an id of letters, digits, '_' and '-' starting with a letter or "
                      "digit, got '" +
                          t + "'");
  }
  return t;
}

namespace {
// Every amount of a scenario is at most 10^15 USD (1,000 T), the bound the run keeps a firm's
// amounts under (sim/engine/representable.hpp), so sums over firms fit in int64 cents.
void check_amount(Money m, const ConfigNode& n, const std::string& path) {
  constexpr std::int64_t kMaxCents = 100'000'000'000'000'000;  // 10^15 USD
  if (m.in_cents() > kMaxCents || m.in_cents() < -kMaxCents) {
    throw ConfigError(n.where, path,
                      "expected an amount of at most 1000T (10^15 USD, the largest a run "
                      "represents), got '" +
                          n.text + "'");
  }
}

void check_range(double x, const Range& r, const ConfigNode& n, const std::string& path,
                 std::string_view what) {
  // A denormal loses precision and makes inf when divided by; no model quantity needs one.
  if (x != 0.0 && std::fabs(x) < std::numeric_limits<double>::min()) {
    throw ConfigError(n.where, path,
                      "expected " + std::string(what) + (r.text().empty() ? "" : " ") + r.text() +
                          ", got '" + n.text +
                          "', a nonzero number below 2.2e-308 in size (denormal); write 0 or a "
                          "larger number");
  }
  if (!r.contains(x)) {
    throw ConfigError(n.where, path,
                      "expected " + std::string(what) + " " + r.text() + ", got '" + n.text + "'");
  }
}
}  // namespace

Money read_money(const ConfigNode& n, const std::string& path, Negative negative) {
  const Money m = take(parse_money(read_scalar(n, path, "a money amount"), negative), n, path);
  check_amount(m, n, path);
  return m;
}

double read_usd(const ConfigNode& n, const std::string& path, const Range& range) {
  const Money m =
      take(parse_money(read_scalar(n, path, "an amount in USD"), Negative::allowed), n, path);
  check_amount(m, n, path);
  check_range(m.dollars(), range, n, path, "an amount");
  return m.dollars();
}

double read_number(const ConfigNode& n, const std::string& path, const Range& range) {
  const double x = take(parse_number(read_scalar(n, path, "a number")), n, path);
  check_range(x, range, n, path, "a number");
  return x;
}

double read_fraction(const ConfigNode& n, const std::string& path, const Range& range) {
  const double x = take(parse_fraction(read_scalar(n, path, "a fraction or percentage")), n, path);
  check_range(x, range, n, path, "a fraction");
  return x;
}

std::int64_t read_integer(const ConfigNode& n, const std::string& path, std::int64_t lo,
                          std::int64_t hi) {
  const std::int64_t x = take(parse_integer(read_scalar(n, path, "a whole number")), n, path);
  if (x < lo || x > hi) {
    const std::string range = hi == std::numeric_limits<std::int64_t>::max()
                                  ? "≥ " + std::to_string(lo)
                                  : std::to_string(lo) + " to " + std::to_string(hi);
    throw ConfigError(n.where, path, "expected a whole number " + range + ", got '" + n.text + "'");
  }
  return x;
}

std::uint64_t read_unsigned(const ConfigNode& n, const std::string& path) {
  return take(parse_unsigned(read_scalar(n, path, "a whole number")), n, path);
}

bool read_bool(const ConfigNode& n, const std::string& path) {
  return take(parse_bool(read_scalar(n, path, "true or false")), n, path);
}

Date read_date(const ConfigNode& n, const std::string& path) {
  return take(parse_date(read_scalar(n, path, "a date YYYY-MM-DD")), n, path);
}

Duration read_duration(const ConfigNode& n, const std::string& path) {
  return take(parse_duration(read_scalar(n, path, "a duration such as 10y")), n, path);
}

std::int64_t read_days(const ConfigNode& n, const std::string& path) {
  return take(parse_days(read_scalar(n, path, "a number of days")), n, path);
}

StepUnit read_step(const ConfigNode& n, const std::string& path) {
  return take(parse_step(read_scalar(n, path, "a step (1d, 1w or 1m)")), n, path);
}

double read_number_percent_or_money(const ConfigNode& n, const std::string& path) {
  const std::string& t = read_scalar(n, path, "a number");
  const Parsed<double> f = parse_fraction(t);
  if (f.ok()) return f.value();
  const Parsed<Money> m = parse_money(t, Negative::allowed);
  if (m.ok()) return m.value().dollars();
  throw ConfigError(
      n.where, path,
      "expected a number (0.25), a percentage (24%) or an amount (4.3B), got '" + t + "'");
}

std::size_t read_choice(const ConfigNode& n, const std::string& path,
                        const std::vector<std::string>& names) {
  return take(parse_choice(read_scalar(n, path, "one of " + join_choices(names)), names), n, path);
}

void expect_map(const ConfigNode& n, const std::string& path, std::string_view what) {
  if (!n.is_map()) {
    throw ConfigError(n.where, path,
                      "expected " + std::string(what) + ", got " + std::string(n.kind_name()));
  }
}

void expect_sequence(const ConfigNode& n, const std::string& path, std::string_view what) {
  if (!n.is_sequence()) {
    throw ConfigError(n.where, path,
                      "expected " + std::string(what) + ", got " + std::string(n.kind_name()));
  }
}

// ---------------------------------------------------------------------------------------------
// Overrides

namespace {

struct Segment {
  std::string name;
  std::optional<std::size_t> index;
};

std::vector<Segment> split_path(std::string_view path, const SourceLocation& where) {
  std::vector<Segment> out;
  auto bad = [&](const std::string& why) {
    return ConfigError(where, std::string(path), "bad key path: " + why);
  };
  std::size_t from = 0;
  while (true) {
    const std::size_t dot = path.find('.', from);
    const std::string_view piece =
        path.substr(from, dot == std::string_view::npos ? dot : dot - from);
    if (piece.empty()) throw bad("empty key (two dots, or a dot at an end)");
    Segment s;
    const std::size_t open = piece.find('[');
    if (open == std::string_view::npos) {
      s.name = std::string(piece);
    } else {
      const std::string_view digits = piece.substr(open + 1, piece.size() - open - 2);
      const auto n = parse_integer(digits);
      if (open == 0 || piece.back() != ']' || digits.empty() || !n.ok() || n.value() < 0) {
        throw bad("expected key[index] with a whole index, got '" + std::string(piece) + "'");
      }
      s.name = std::string(piece.substr(0, open));
      s.index = static_cast<std::size_t>(n.value());
    }
    out.push_back(std::move(s));
    if (dot == std::string_view::npos) break;
    from = dot + 1;
  }
  return out;
}

void set_entry(ConfigNode& map, const std::string& key, const ConfigNode& value) {
  if (ConfigNode* slot = map.find(key)) {
    merge_config(*slot, value);
  } else {
    map.entries.push_back({key, value.where, value});
  }
}

}  // namespace

namespace {

// Where `path` points in `tree`, every segment checked against the schema (unknown keys with "did
// you mean", list items by id or index, which must exist). The result is the map that holds the
// last key, or the list item the path ends on. With `create`, maps missing on the way are made
// (located at `where`); without, a missing map ends the walk with nothing found.
struct PathTarget {
  ConfigNode* map = nullptr;  // the path ends on a key of this map ...
  std::string key;
  ConfigNode* item = nullptr;  // ... or on this list item
};

std::optional<PathTarget> walk_path(ConfigNode& tree, const SectionInfo& schema,
                                    std::string_view path, const SourceLocation& where,
                                    bool create) {
  const std::string full(path);
  const std::vector<Segment> segs = split_path(path, where);
  const SectionInfo* sec = &schema;
  ConfigNode* cur = &tree;
  std::string shown;
  for (std::size_t i = 0; i < segs.size(); ++i) {
    const Segment& s = segs[i];
    if (cur->is_null()) {
      if (!create) return std::nullopt;
      *cur = ConfigNode::map_at(where);
    }
    if (!cur->is_map()) {
      throw ConfigError(where, full,
                        "cannot set it: '" + shown + "' is " + std::string(cur->kind_name()) +
                            " (at " + cur->where.str() + "), not a map");
    }
    const FieldInfo* f = sec->find(s.name);
    if (!f) {
      if (const std::string* why = sec->removal(s.name))
        throw ConfigError(where, full, removed_text(*sec, s.name, *why));
      const std::string hint = did_you_mean(s.name, sec->keys());
      throw ConfigError(
          where, full,
          "unknown key '" + s.name + "' in " + section_name(*sec) +
              (hint.empty() ? " (valid keys: " + join_choices(sec->keys()) + ")" : hint));
    }
    shown = key_path_join(shown, s.name);
    const bool last = i + 1 == segs.size();
    if (last && !s.index) return PathTarget{cur, s.name, nullptr};
    if (!f->child) {
      throw ConfigError(where, full,
                        "'" + shown + "' is a single setting; it has no keys below it");
    }
    if (!f->list) {
      if (s.index) throw ConfigError(where, full, "'" + shown + "' is a map, not a list");
      if (!cur->find(s.name)) {
        if (!create) return std::nullopt;
        cur->entries.push_back({s.name, where, ConfigNode::map_at(where)});
      }
      cur = cur->find(s.name);
      sec = f->child;
      continue;
    }
    ConfigNode* list = cur->find(s.name);
    if (!list || !list->is_sequence()) {
      throw ConfigError(where, full,
                        "'" + shown +
                            "' has no list of items in the scenario to address; set the "
                            "whole list instead (" +
                            shown + "=[...])");
    }
    ConfigNode* item = nullptr;
    if (s.index) {
      if (*s.index >= list->items.size()) {
        throw ConfigError(where, full,
                          "'" + shown + "' has " + std::to_string(list->items.size()) +
                              " items; index " + std::to_string(*s.index) + " is out of range");
      }
      item = &list->items[*s.index];
      shown += "[" + std::to_string(*s.index) + "]";
    } else {
      if (f->child->id_key.empty()) {
        throw ConfigError(
            where, full,
            "items of '" + shown + "' have no id; address them by index, e.g. " + shown + "[0]");
      }
      const Segment& id = segs[++i];
      std::vector<std::string> ids;
      for (ConfigNode& candidate : list->items) {
        if (auto cid = candidate.id()) {
          ids.push_back(*cid);
          if (*cid == id.name && !item) item = &candidate;
        }
      }
      if (!item || id.index) {
        throw ConfigError(
            where, full,
            "no item with id '" + id.name + "' in '" + shown + "'" + did_you_mean(id.name, ids));
      }
      shown += "." + id.name;
    }
    if (i + 1 == segs.size()) return PathTarget{nullptr, {}, item};
    cur = item;
    sec = f->child;
  }
  return std::nullopt;  // not reached: split_path gives at least one segment
}

}  // namespace

void set_config_value(ConfigNode& tree, const SectionInfo& schema, std::string_view path,
                      const ConfigNode& value) {
  const std::optional<PathTarget> t = walk_path(tree, schema, path, value.where, true);
  if (t->item) {
    merge_config(*t->item, value);
  } else {
    set_entry(*t->map, t->key, value);
  }
}

const ConfigNode* find_config_value(const ConfigNode& tree, const SectionInfo& schema,
                                    std::string_view path, const SourceLocation& where) {
  // Without `create` the walk changes nothing, so the tree may be const.
  const std::optional<PathTarget> t =
      walk_path(const_cast<ConfigNode&>(tree), schema, path, where, false);
  if (!t) return nullptr;
  if (t->item) return t->item;
  const ConfigNode* n = t->map->find(t->key);
  return n && !n->is_null() ? n : nullptr;
}

void apply_config_override(ConfigNode& tree, const SectionInfo& schema, std::string_view assignment,
                           const SourceLocation& where) {
  // A value given on the command line is held to the rule of files: UTF-8 (its names reach JSON,
  // GraphML and DOT outputs); the column is counted in the assignment.
  check_utf8(assignment, where.file);
  const std::size_t eq = assignment.find('=');
  if (eq == std::string_view::npos || eq == 0) {
    throw ConfigError(where, std::string(assignment),
                      "expected key.path=value, e.g. firms.openai.revenue.growth=0.2");
  }
  const std::string_view path = assignment.substr(0, eq);
  const std::string_view text = assignment.substr(eq + 1);
  ConfigNode value;
  if (!text.empty() && std::string_view("[{\"'").find(text.front()) != std::string_view::npos) {
    try {
      value = parse_config_text(text, where.file);
    } catch (const ConfigError& e) {
      throw ConfigError(where, std::string(path), "the value is not valid YAML: " + e.problem());
    }
  } else if (text.empty() || text == "null" || text == "~") {
    value = ConfigNode::null_at(where);
  } else {
    value = ConfigNode::scalar_at(std::string(text), where);
  }
  value.relocate(where);
  set_config_value(tree, schema, path, value);
}

// ---------------------------------------------------------------------------------------------

void canonicalize_config(ConfigNode& tree, const SectionInfo& schema) {
  if (!tree.is_map()) return;
  std::erase_if(tree.entries, [](const ConfigEntry& e) { return e.value.is_null(); });
  auto rank = [&](const ConfigEntry& e) {
    const FieldInfo* f = schema.find(e.key);
    return f ? static_cast<std::size_t>(f - schema.fields.data()) : schema.fields.size();
  };
  std::stable_sort(tree.entries.begin(), tree.entries.end(),
                   [&](const ConfigEntry& a, const ConfigEntry& b) { return rank(a) < rank(b); });
  for (ConfigEntry& e : tree.entries) {
    const FieldInfo* f = schema.find(e.key);
    if (!f || !f->child) continue;
    if (f->list && e.value.is_sequence()) {
      for (ConfigNode& item : e.value.items)
        canonicalize_config(item, *f->child);
    } else if (!f->list && e.value.is_map()) {
      canonicalize_config(e.value, *f->child);
    }
  }
}

namespace {

std::string cell(std::string_view t) {
  std::string out;
  for (char c : t) {
    if (c == '|') {
      out += "\\|";
    } else if (c == '\n') {
      out += ' ';
    } else {
      out += c;
    }
  }
  return out;
}

void section_markdown(const SectionInfo& s, int level, std::string& out,
                      std::set<const SectionInfo*>& done) {
  if (!done.insert(&s).second) return;
  out += std::string(static_cast<std::size_t>(level), '#') + " `" +
         (s.path.empty() ? std::string("top level") : s.path) + "`\n\n";
  if (!s.intro.empty()) out += s.intro + "\n\n";
  out += "| key | type |";
  for (const auto& c : s.default_columns)
    out += " " + cell(c) + " |";
  out += " meaning |\n|---|---|";
  for (std::size_t i = 0; i < s.default_columns.size(); ++i)
    out += "---|";
  out += "---|\n";
  for (const FieldInfo& f : s.fields) {
    out += "| `" + f.key + "` | " + cell(f.type) + " |";
    for (const auto& d : f.defaults)
      out += " " + cell(d) + " |";
    std::string meaning = f.meaning;
    if (f.variants != 0) {
      std::vector<std::string> applies;
      for (std::size_t i = 0; i < s.variant_names.size(); ++i) {
        if (f.variants & (1U << i)) applies.push_back(s.variant_names[i]);
      }
      meaning = "*" + s.variant_key + " " + join_choices(applies) + " only.* " + meaning;
    }
    out += " " + cell(meaning) + " |\n";
  }
  out += "\n";
  for (const FieldInfo& f : s.fields) {
    if (f.child) section_markdown(*f.child, level, out, done);
  }
}

}  // namespace

std::string sections_markdown(const SectionInfo& root, int level) {
  std::string out;
  std::set<const SectionInfo*> done;
  section_markdown(root, level, out, done);
  return out;
}

}  // namespace alchemy
