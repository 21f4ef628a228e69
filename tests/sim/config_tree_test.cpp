// The located tree: every node and key knows file:line:column; duplicate keys are errors; `base:`
// merges; the canonical text reads back to itself.

#include <doctest/doctest.h>

#include <optional>
#include <string>

#include "sim/scenario/config_error.hpp"
#include "sim/scenario/config_tree.hpp"

using namespace alchemy;

namespace {

const std::string kData = std::string(ALCHEMY_SOURCE_DIR) + "/tests/data/config/";

template <class F>
std::optional<ConfigError> error_of(F&& f) {
  try {
    f();
  } catch (const ConfigError& e) {
    return e;
  }
  return std::nullopt;
}

}  // namespace

TEST_CASE("nodes and keys carry 1-based file:line:column") {
  const ConfigNode t = parse_config_text(
      "name: x\n"
      "firms:\n"
      "  - id: a\n"
      "    cash: \"4B\"\n",
      "s.yaml");
  REQUIRE(t.is_map());
  const ConfigEntry* firms = t.find_entry("firms");
  REQUIRE(firms);
  CHECK(firms->key_where.str() == "s.yaml:2:1");
  const ConfigNode& item = firms->value.items.at(0);
  CHECK(item.where.str() == "s.yaml:3:5");
  const ConfigEntry* cash = item.find_entry("cash");
  CHECK(cash->key_where.str() == "s.yaml:4:5");
  CHECK(cash->value.where.str() == "s.yaml:4:11");
  CHECK(cash->value.text == "4B");
  CHECK(cash->value.quoted);
  CHECK_FALSE(item.find("id")->quoted);
  CHECK(item.id() == "a");
}

TEST_CASE("empty values are null, anchors copy, flow collections work") {
  const ConfigNode t = parse_config_text(
      "a:\n"
      "b: ~\n"
      "c: &x {k: [1, 2]}\n"
      "d: *x\n",
      "s.yaml");
  CHECK(t.find("a")->is_null());
  CHECK(t.find("b")->is_null());
  CHECK(t.find("d")->is_map());
  CHECK(t.find("d")->find("k")->items.size() == 2);
  CHECK(parse_config_text("", "e.yaml").is_null());
}

TEST_CASE("a duplicate key is an error at the second occurrence") {
  const auto e = error_of([] { parse_config_file(kData + "err_duplicate_key.yaml"); });
  REQUIRE(e);
  CHECK(e->where().line == 6);
  CHECK(e->where().column == 5);
  CHECK(e->key_path() == "firms[0].kind");
  CHECK(e->problem().find("duplicate key 'kind' (first given at") != std::string::npos);
  CHECK(std::string(e->what()).find("err_duplicate_key.yaml:6:5") != std::string::npos);
}

TEST_CASE("YAML syntax errors, non-scalar keys and second documents are located") {
  auto e = error_of([] { parse_config_file(kData + "err_yaml_syntax.yaml"); });
  REQUIRE(e);
  CHECK(e->problem().find("YAML syntax error") == 0);
  CHECK(e->where().line >= 4);
  e = error_of([] { parse_config_text("[a, b]: 1\n", "k.yaml"); });
  REQUIRE(e);
  CHECK(e->problem() == "a key must be a plain name, not a list");
  CHECK(e->where().str() == "k.yaml:1:1");
  e = error_of([] { parse_config_text("a: 1\n---\nb: 2\n", "d.yaml"); });
  REQUIRE(e);
  CHECK(e->problem().find("one YAML document") != std::string::npos);
  e = error_of([] { parse_config_file(kData + "no_such.yaml"); });
  REQUIRE(e);
  CHECK(e->where().line == 0);
  CHECK(e->problem() == "cannot read the file: no such file");
}

TEST_CASE("merge: maps by key, id lists by id, everything else replaces") {
  ConfigNode base = parse_config_text(
      "a: {x: 1, y: 2}\n"
      "l: [{id: p, v: 1}, {id: q, v: 2}]\n"
      "plain: [1, 2, 3]\n"
      "s: old\n"
      "gone: 5\n",
      "base.yaml");
  const ConfigNode over = parse_config_text(
      "a: {y: 3, z: 4}\n"
      "l: [{id: q, v: 20, w: 1}, {id: r, v: 3}]\n"
      "plain: [9]\n"
      "s: new\n"
      "gone: null\n",
      "over.yaml");
  merge_config(base, over);
  CHECK(emit_config_yaml(base) ==
        "a:\n  x: 1\n  y: 3\n  z: 4\n"
        "l:\n  - id: p\n    v: 1\n  - id: q\n    v: 20\n    w: 1\n  - id: r\n    v: 3\n"
        "plain:\n  - 9\n"
        "s: new\n");
  // Each node keeps the location it was written at.
  CHECK(base.find("a")->find("x")->where.file == "base.yaml");
  CHECK(base.find("a")->find("y")->where.file == "over.yaml");

  ConfigNode dup_base = parse_config_text("l: [{id: p}]\n", "b.yaml");
  const auto e = error_of(
      [&] { merge_config(dup_base, parse_config_text("l: [{id: p}, {id: p}]\n", "o.yaml")); });
  REQUIRE(e);
  CHECK(e->where().str() == "o.yaml:1:19");
  CHECK(e->problem().find("duplicate id 'p'") != std::string::npos);
}

TEST_CASE("canonical YAML quotes what needs it and reads back to itself") {
  ConfigNode t = ConfigNode::map_at({});
  auto add = [&](const std::string& k, const std::string& v) {
    t.set(k, ConfigNode::scalar_at(v, {}));
  };
  add("plain", "runway_months < 9 and sentiment > 0.8");
  add("percent", "drawdown > 30% or distress(openai)");
  add("colon", "facts: 100B");
  add("hash", "a #comment");
  add("dash", "- x");
  add("negative", "-0.5");
  add("null_word", "null");
  add("empty", "");
  add("multi", "line one\nline \"two\"\\");
  add("unicode", "société − ≥");
  add("lead_space", " x");
  add("key with space", "[not a list]");
  ConfigNode list = ConfigNode::sequence_at({});
  list.items.push_back(ConfigNode::map_at({}));
  list.items.push_back(ConfigNode::sequence_at({}));
  list.items.back().items.push_back(ConfigNode::scalar_at("inner", {}));
  t.set("list", list);
  const std::string text = emit_config_yaml(t);
  CHECK(text.find("plain: runway_months < 9 and sentiment > 0.8\n") != std::string::npos);
  CHECK(text.find("colon: \"facts: 100B\"\n") != std::string::npos);
  CHECK(text.find("null_word: \"null\"\n") != std::string::npos);
  CHECK(text.find("negative: -0.5\n") != std::string::npos);
  const ConfigNode back = parse_config_text(text, "canonical.yaml");
  CHECK(emit_config_yaml(back) == text);
  CHECK(back.find("multi")->text == "line one\nline \"two\"\\");
  CHECK(back.find("empty")->is_scalar());
  CHECK(back.find("empty")->text.empty());
  CHECK(back.find("lead_space")->text == " x");
  CHECK(back.find("key with space")->text == "[not a list]");
}

TEST_CASE("base chains merge oldest first, relative to each file") {
  const ConfigNode t = load_config_with_bases(kData + "inherit_chain.yaml");
  CHECK_FALSE(t.find("base"));
  CHECK(t.find("seed")->text == "99");
  CHECK(t.find("name")->text == "inherit-derived");
  const ConfigNode* firms = t.find("firms");
  REQUIRE(firms->items.size() == 3);
  CHECK(firms->items[0].id() == "openai");
  CHECK(firms->items[1].find("cash")->text == "60B");
  CHECK(firms->items[2].id() == "oracle");

  const ConfigNode sub = load_config_with_bases(kData + "nested/derived_in_subdir.yaml");
  CHECK(sub.find("name")->text == "from-a-subdirectory");
  CHECK(sub.find("firms")->items.size() == 3);
}

TEST_CASE("a base cycle or a missing base file is an error at the base: line") {
  auto e = error_of([] { load_config_with_bases(kData + "cycle_a.yaml"); });
  REQUIRE(e);
  CHECK(e->where().file.find("cycle_b.yaml") != std::string::npos);
  CHECK(e->where().line == 1);
  CHECK(e->where().column == 7);
  CHECK(e->problem().find("cycle: cycle_a.yaml -> cycle_b.yaml -> cycle_a.yaml") !=
        std::string::npos);

  e = error_of([] { load_config_with_bases(kData + "missing_base.yaml"); });
  REQUIRE(e);
  CHECK(e->where().file.find("missing_base.yaml") != std::string::npos);
  CHECK(e->where().line == 2);
  CHECK(e->where().column == 7);
  CHECK(e->problem().find("no_such_file.yaml") != std::string::npos);
}
