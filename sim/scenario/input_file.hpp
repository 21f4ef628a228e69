#pragma once
// The bounds every input file is read within, before any parser sees it: a size limit (a 50 MB
// file would otherwise keep the YAML parser busy for minutes) and UTF-8 validity (names end up in
// JSON, GraphML and DOT, which must stay well-formed). Scenario, sweep and network files (YAML and
// CSV) are all read through here; the limits are documented in README.md.

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>

#include "sim/scenario/config_error.hpp"

namespace alchemy {

// Larger files are refused before they are read. The baseline scenario is 30 KB; a network file
// of 1000 firms with a dense matrix is about 3 MB.
inline constexpr std::uintmax_t kMaxInputBytes = 16ull * 1024 * 1024;

// A YAML file's tree is built within these budgets (config_tree.cpp), so that a small file cannot
// ask for unbounded memory or recursion: nodes in all (a 16 MiB file of `[0,0,...]` has 8 M;
// real scenarios have thousands), nodes copied by aliases (a 1 KB "billion laughs" file of nested
// aliases would expand to 10^9), and nesting depth (scenarios nest 6 levels; yaml-cpp itself
// recurses once per level).
inline constexpr std::size_t kMaxYamlNodes = 4'000'000;
inline constexpr std::size_t kMaxYamlAliasNodes = 100'000;
inline constexpr std::size_t kMaxYamlDepth = 64;

// The whole file as bytes. Throws ConfigError when it is missing, not a regular file, larger
// than kMaxInputBytes (naming the file and the limit) or unreadable; located at `referenced_from`
// (e.g. the `base:` line naming it) when given, else at the file itself.
std::string read_input_file(const std::filesystem::path& file,
                            const std::optional<SourceLocation>& referenced_from = std::nullopt);

// Throws ConfigError at the file:line:column of the first byte that does not begin a valid UTF-8
// sequence (overlong forms, surrogates and code points above U+10FFFF included). Columns count
// characters, as yaml-cpp's do.
void check_utf8(std::string_view text, const std::string& file);

}  // namespace alchemy
