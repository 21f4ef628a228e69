#pragma once
// Declared-once keys. Each section of a configuration file (a map, or the items of a list) is a
// table of fields: key, type, default, meaning and how to read the value into the spec struct.
// The one table drives parsing, the checks (unknown keys with "did you mean", wrong types, bad
// units, missing required keys, keys of another variant), --set override paths, the canonical
// key order of the resolved YAML, and the markdown reference. Scenario tables are in
// scenario_schema.cpp; the machinery is generic so sweep or network files can reuse it.

#include <cmath>
#include <cstdint>
#include <functional>
#include <initializer_list>
#include <limits>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>
#include <vector>

#include "sim/scenario/config_error.hpp"
#include "sim/scenario/config_tree.hpp"
#include "sim/scenario/config_values.hpp"

namespace alchemy {

struct SectionInfo;

// What the reference and the checks know about one key (the typed reader is kept alongside).
struct FieldInfo {
  std::string key;
  std::string type;  // for the reference: "money ≥ 0", "date", "fraction or %"
  std::string meaning;
  std::vector<std::string> defaults;   // one per SectionInfo::default_columns
  const SectionInfo* child = nullptr;  // the section of a nested map, or of a list's items
  bool list = false;                   // the value is a list of `child` maps
  bool required = false;
  bool first = false;          // read before the section's other keys
  std::uint32_t variants = 0;  // bit i: applies to variant_names[i]; 0 = to all
};

struct SectionInfo {
  std::string path;   // "firms[].revenue", "contracts[]"; "" for the top level
  std::string intro;  // a paragraph for the reference
  std::vector<std::string> default_columns;  // "default", or e.g. one column per firm kind
  std::vector<FieldInfo> fields;
  std::string id_key;       // items of a list of this section are addressed by it
  std::string variant_key;  // the key (read first) that selects which keys apply
  std::vector<std::string> variant_names;
  // Keys that were settings once: a file that still sets one gets an error saying why it went
  // (key → the reason and what replaces it) rather than "unknown key".
  std::vector<std::pair<std::string, std::string>> removed;

  const FieldInfo* find(std::string_view key) const;
  std::vector<std::string> keys() const;
  // The reason `key` was removed, if it was a setting once.
  const std::string* removal(std::string_view key) const;

 protected:
  // The checks of Section<S>::read that do not depend on S.
  void check_keys(const ConfigNode& node, const std::string& path) const;
  void check_variant(const ConfigEntry& entry, const FieldInfo& field, std::size_t variant,
                     const std::string& path) const;
};

// ---------------------------------------------------------------------------------------------
// Node-level readers: the parsers of config_values.hpp with the node's location and key path in
// every error.

struct Range {
  double lo = -std::numeric_limits<double>::infinity();
  double hi = std::numeric_limits<double>::infinity();
  bool lo_open = false;  // > lo rather than >= lo

  static Range at_least(double lo) { return {lo, std::numeric_limits<double>::infinity(), false}; }
  static Range above(double lo) { return {lo, std::numeric_limits<double>::infinity(), true}; }
  static Range between(double lo, double hi) { return {lo, hi, false}; }
  bool contains(double x) const;
  std::string text() const;  // "", "≥ 0", "> 0", "0 to 1", "> 0, ≤ 1e6"
};

template <class T>
T take(const Parsed<T>& p, const ConfigNode& n, const std::string& path) {
  if (!p.ok()) throw ConfigError(n.where, path, p.problem());
  return p.value();
}

const std::string& read_scalar(const ConfigNode& n, const std::string& path,
                               std::string_view expected);
std::string read_identifier(const ConfigNode& n, const std::string& path);
Money read_money(const ConfigNode& n, const std::string& path, Negative negative);
double read_usd(const ConfigNode& n, const std::string& path, const Range& range);
double read_number(const ConfigNode& n, const std::string& path, const Range& range);
double read_fraction(const ConfigNode& n, const std::string& path, const Range& range);
std::int64_t read_integer(const ConfigNode& n, const std::string& path, std::int64_t lo,
                          std::int64_t hi);
std::uint64_t read_unsigned(const ConfigNode& n, const std::string& path);
bool read_bool(const ConfigNode& n, const std::string& path);
Date read_date(const ConfigNode& n, const std::string& path);
Duration read_duration(const ConfigNode& n, const std::string& path);
std::int64_t read_days(const ConfigNode& n, const std::string& path);
StepUnit read_step(const ConfigNode& n, const std::string& path);
std::size_t read_choice(const ConfigNode& n, const std::string& path,
                        const std::vector<std::string>& names);
void expect_map(const ConfigNode& n, const std::string& path, std::string_view what);
void expect_sequence(const ConfigNode& n, const std::string& path, std::string_view what);

// ---------------------------------------------------------------------------------------------

// A section whose keys read into an S. The `instances` are what the reference shows as defaults:
// one default-constructed S, or e.g. one S per firm kind.
template <class S>
class Section : public SectionInfo {
 public:
  using Apply = std::function<void(S&, const ConfigNode&, const std::string&)>;

  Section(std::string path_, std::string intro_,
          std::vector<std::pair<std::string, S>> instances = {{"default", S{}}})
      : instances_(std::move(instances)) {
    path = std::move(path_);
    intro = std::move(intro_);
    for (const auto& inst : instances_)
      default_columns.push_back(inst.first);
  }
  Section(const Section&) = delete;  // children are referenced by address
  Section& operator=(const Section&) = delete;

  // Reads the map `node` into `s`: keys marked first, then the others in written order; null
  // values keep the default. Throws ConfigError.
  void read(S& s, const ConfigNode& node, const std::string& key_path) const {
    if (!node.is_map()) {
      throw ConfigError(node.where, key_path,
                        "expected a map of keys (see " + reference_name() + "), got " +
                            std::string(node.kind_name()));
    }
    check_keys(node, key_path);
    for (const bool first_pass : {true, false}) {
      const std::size_t variant =
          variant_of_ && !first_pass ? variant_of_(s) : static_cast<std::size_t>(-1);
      for (const ConfigEntry& e : node.entries) {
        const auto i = static_cast<std::size_t>(find(e.key) - fields.data());
        if (fields[i].first != first_pass || e.value.is_null()) continue;
        if (variant != static_cast<std::size_t>(-1)) check_variant(e, fields[i], variant, key_path);
        apply_[i](s, e.value, key_path_join(key_path, e.key));
      }
    }
  }

  // Chained settings of the field just declared.
  class Ref {
   public:
    Ref(Section& s, std::size_t i) : s_(s), i_(i) {}
    Ref& required() {
      s_.fields[i_].required = true;
      return default_text("required");
    }
    Ref& first() {
      s_.fields[i_].first = true;
      return *this;
    }
    Ref& only_for(std::initializer_list<std::size_t> variants) {
      for (std::size_t v : variants)
        s_.fields[i_].variants |= 1U << v;
      return *this;
    }
    Ref& default_text(const std::string& text) {
      for (auto& d : s_.fields[i_].defaults)
        d = text;
      return *this;
    }

   private:
    Section& s_;
    std::size_t i_;
  };

  // The variant (bit index into variant_names) of a value read so far; set with variant_key.
  void set_variants(std::string key, std::vector<std::string> names,
                    std::function<std::size_t(const S&)> variant_of) {
    variant_key = std::move(key);
    variant_names = std::move(names);
    variant_of_ = std::move(variant_of);
  }

  // ---- declaring keys. `get` is a member pointer or a callable S& -> T&.

  template <class G>
  Ref text(std::string key, G get, std::string meaning) {
    return add(
        std::move(key), "text", std::move(meaning), get,
        [](const ConfigNode& n, const std::string& p) { return read_scalar(n, p, "text"); },
        [](const std::string& v) { return v.empty() ? std::string("—") : v; });
  }
  template <class G>
  Ref identifier(std::string key, G get, std::string meaning) {
    return add(std::move(key), "id", std::move(meaning), get, &read_identifier,
               [](const std::string& v) { return v.empty() ? std::string("—") : v; });
  }
  template <class G>
  Ref flag(std::string key, G get, std::string meaning) {
    return add(std::move(key), "true/false", std::move(meaning), get, &read_bool,
               [](bool v) { return std::string(v ? "true" : "false"); });
  }
  template <class G>
  Ref integer(std::string key, G get, std::string meaning, std::int64_t lo,
              std::int64_t hi = std::numeric_limits<std::int64_t>::max()) {
    std::string type = "whole number";
    if (hi == std::numeric_limits<std::int64_t>::max()) {
      type += " ≥ " + std::to_string(lo);
    } else {
      type += " " + std::to_string(lo) + " to " + std::to_string(hi);
    }
    return add(
        std::move(key), type, std::move(meaning), get,
        [lo, hi](const ConfigNode& n, const std::string& p) { return read_integer(n, p, lo, hi); },
        [](auto v) { return std::to_string(static_cast<std::int64_t>(v)); });
  }
  template <class G>
  Ref unsigned_integer(std::string key, G get, std::string meaning) {
    return add(std::move(key), "whole number ≥ 0", std::move(meaning), get, &read_unsigned,
               [](std::uint64_t v) { return std::to_string(v); });
  }
  template <class G>
  Ref number(std::string key, G get, std::string meaning, Range range = {}) {
    return add(
        std::move(key), with_range("number", range), std::move(meaning), get,
        [range](const ConfigNode& n, const std::string& p) { return read_number(n, p, range); },
        [](double v) { return number_text(v); });
  }
  template <class G>
  Ref fraction(std::string key, G get, std::string meaning, Range range = {}) {
    return add(
        std::move(key), with_range("fraction or %", range), std::move(meaning), get,
        [range](const ConfigNode& n, const std::string& p) { return read_fraction(n, p, range); },
        [](double v) { return number_text(v); });
  }
  template <class G>
  Ref money(std::string key, G get, std::string meaning, Negative negative = Negative::rejected) {
    return add(
        std::move(key), negative == Negative::rejected ? "money ≥ 0" : "money", std::move(meaning),
        get,
        [negative](const ConfigNode& n, const std::string& p) {
          return read_money(n, p, negative);
        },
        [](Money v) { return money_text(v); });
  }
  template <class G>
  Ref usd(std::string key, G get, std::string meaning, Range range = Range::at_least(0)) {
    return add(
        std::move(key), with_range("USD", range), std::move(meaning), get,
        [range](const ConfigNode& n, const std::string& p) { return read_usd(n, p, range); },
        [](double v) { return usd_text(v); });
  }
  template <class G>
  Ref date(std::string key, G get, std::string meaning) {
    return add(std::move(key), "date", std::move(meaning), get, &read_date,
               [](const auto& v) { return date_text(v); });
  }
  template <class G>
  Ref days(std::string key, G get, std::string meaning) {
    return add(
        std::move(key), "days or duration", std::move(meaning), get,
        [](const ConfigNode& n, const std::string& p) { return read_days(n, p); },
        [](auto v) { return std::to_string(static_cast<std::int64_t>(v)) + "d"; });
  }
  template <class G>
  Ref step(std::string key, G get, std::string meaning) {
    return add(std::move(key), "1d, 1w or 1m", std::move(meaning), get, &read_step,
               [](StepUnit v) { return std::string(to_string(v)); });
  }
  // An enum; `values[i]` is written `names[i]`.
  template <class G, class E>
  Ref choice(std::string key, G get, std::string meaning, std::vector<E> values,
             std::vector<std::string> names) {
    std::string type = join_names(names);
    return add(
        std::move(key), type, std::move(meaning), get,
        [values, names](const ConfigNode& n, const std::string& p) {
          return values[read_choice(n, p, names)];
        },
        [values, names](const E& v) {
          for (std::size_t i = 0; i < values.size(); ++i) {
            if (values[i] == v) return names[i];
          }
          return std::string("—");
        });
  }
  // A list of enum values in a given order, e.g. [raise_debt, raise_equity]; `values[i]` is
  // written `names[i]`. An empty list is allowed (none).
  template <class G, class E>
  Ref choices(std::string key, G get, std::string meaning, std::vector<E> values,
              std::vector<std::string> names) {
    const auto show = [values, names](const std::vector<E>& list) {
      if (list.empty()) return std::string("none");
      std::string out;
      for (const E& v : list) {
        for (std::size_t i = 0; i < values.size(); ++i) {
          if (values[i] == v) out += (out.empty() ? "" : ", ") + names[i];
        }
      }
      return "[" + out + "]";
    };
    return add(
        std::move(key), "list of " + join_names(names), std::move(meaning), get,
        [values, names](const ConfigNode& n, const std::string& p) {
          expect_sequence(n, p, "a list of " + join_names(names));
          std::vector<E> out;
          for (std::size_t i = 0; i < n.items.size(); ++i)
            out.push_back(values[read_choice(n.items[i], key_path_item(p, i, n.items[i]), names)]);
          return out;
        },
        show);
  }
  // A nested map read by `child` into the member `get` returns.
  template <class G, class T>
  Ref nested(std::string key, G get, const Section<T>& child, std::string meaning) {
    FieldInfo f =
        field(std::move(key), "map (see " + child.reference_name() + ")", std::move(meaning));
    f.defaults.assign(instances_.size(), "");
    f.child = &child;
    return push(std::move(f), [get, &child](S& s, const ConfigNode& n, const std::string& p) {
      child.read(std::invoke(get, s), n, p);
    });
  }
  // A list of maps, each read by `child` into an item made by `make` (default: the child's
  // first instance).
  template <class G, class T>
  Ref list(
      std::string key, G get, const Section<T>& child, std::string meaning,
      std::type_identity_t<std::function<T(const ConfigNode&, const std::string&)>> make = {}) {
    FieldInfo f =
        field(std::move(key), "list (see " + child.reference_name() + ")", std::move(meaning));
    for (auto& inst : instances_) {
      const auto n = std::invoke(get, inst.second).size();
      f.defaults.push_back(n == 0 ? "none" : n == 1 ? "1 item" : std::to_string(n) + " items");
    }
    f.child = &child;
    f.list = true;
    return push(std::move(f), [get, &child, make](S& s, const ConfigNode& n, const std::string& p) {
      expect_sequence(n, p, "a list of maps (see " + child.reference_name() + ")");
      auto& out = std::invoke(get, s);
      out.clear();
      for (std::size_t i = 0; i < n.items.size(); ++i) {
        const ConfigNode& item = n.items[i];
        const std::string item_path = key_path_item(p, i, item);
        expect_map(item, item_path, "a map of keys (see " + child.reference_name() + ")");
        T value = make ? make(item, item_path) : child.first_instance();
        child.read(value, item, item_path);
        out.push_back(std::move(value));
      }
    });
  }
  // Anything else: the reader and the reference texts given explicitly.
  Ref custom(std::string key, std::string type, std::string meaning, std::string default_shown,
             Apply apply, const SectionInfo* child = nullptr, bool list = false) {
    FieldInfo f = field(std::move(key), std::move(type), std::move(meaning));
    f.defaults.assign(instances_.size(), default_shown);
    f.child = child;
    f.list = list;
    return push(std::move(f), std::move(apply));
  }

  const S& first_instance() const { return instances_.front().second; }
  std::string reference_name() const { return "`" + (path.empty() ? "top level" : path) + "`"; }

 private:
  template <class G, class Read, class Show>
  Ref add(std::string key, std::string type, std::string meaning, G get, Read read, Show show) {
    FieldInfo f = field(std::move(key), std::move(type), std::move(meaning));
    for (auto& inst : instances_)
      f.defaults.push_back(show(std::invoke(get, inst.second)));
    return push(std::move(f), [get, read](S& s, const ConfigNode& n, const std::string& p) {
      auto& target = std::invoke(get, s);
      using Target = std::remove_reference_t<decltype(target)>;
      target = static_cast<Target>(std::invoke(read, n, p));
    });
  }
  static FieldInfo field(std::string key, std::string type, std::string meaning) {
    FieldInfo f;
    f.key = std::move(key);
    f.type = std::move(type);
    f.meaning = std::move(meaning);
    return f;
  }
  Ref push(FieldInfo f, Apply apply) {
    fields.push_back(std::move(f));
    apply_.push_back(std::move(apply));
    return Ref(*this, fields.size() - 1);
  }
  static std::string with_range(std::string type, const Range& r) {
    const std::string t = r.text();
    return t.empty() ? type : type + " " + t;
  }
  static std::string join_names(const std::vector<std::string>& names) {
    std::string out;
    for (std::size_t i = 0; i < names.size(); ++i)
      out += (i ? ", " : "") + names[i];
    return out;
  }
  static std::string usd_text(double v);
  static std::string date_text(const Date& d) { return d == Date{} ? "—" : d.iso(); }
  static std::string date_text(const std::optional<Date>& d) { return d ? d->iso() : "—"; }

  std::vector<std::pair<std::string, S>> instances_;
  std::vector<Apply> apply_;
  std::function<std::size_t(const S&)> variant_of_;
};

template <class S>
std::string Section<S>::usd_text(double v) {
  return std::isfinite(v) && std::fabs(v) < 9e16 ? money_text(Money::from_dollars(v))
                                                 : number_text(v);
}

// ---------------------------------------------------------------------------------------------
// Working with a tree through its schema.

// Sets `path` in `tree` to `value` after checking the path against the schema: keys must exist
// (did you mean), list items are addressed by id ("firms.openai") or index ("rules[0]") and must
// exist; maps missing on the way are created. The value merges like a derived file's would.
// Errors point at the value's location.
void set_config_value(ConfigNode& tree, const SectionInfo& schema, std::string_view path,
                      const ConfigNode& value);

// The node `path` names in `tree`, checked against the schema as set_config_value checks it
// (errors located at `where`); nullptr when the path is valid but the tree does not set it.
const ConfigNode* find_config_value(const ConfigNode& tree, const SectionInfo& schema,
                                    std::string_view path, const SourceLocation& where);

// A number as a sweep's bounds are written: a plain number (0.25), a percentage (24%) or an
// amount of money (4.3B, read as dollars). Anything else is a ConfigError at the node.
double read_number_percent_or_money(const ConfigNode& n, const std::string& path);

// "key.path=value" from a command line, sweep or fork. The value is YAML flow text when it starts
// with [ { " or ', otherwise taken literally ("null" or nothing resets the key to its default).
// Every node made is located at `where`.
void apply_config_override(ConfigNode& tree, const SectionInfo& schema, std::string_view assignment,
                           const SourceLocation& where);

// Orders every map's keys as the schema declares them (so written order does not change the
// canonical text) and drops null entries.
void canonicalize_config(ConfigNode& tree, const SectionInfo& schema);

// Markdown: one heading and table per section, depth first from `root`. Heading level `level`.
std::string sections_markdown(const SectionInfo& root, int level);

}  // namespace alchemy
