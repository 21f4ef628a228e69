#pragma once
// "Did you mean …" for misspelt keys, firm ids and enum values: the candidate nearest by edit
// distance, when it is near enough to be a likely typo rather than a different word.

#include <optional>
#include <span>
#include <string>
#include <string_view>

namespace alchemy {

// Optimal-string-alignment distance: insertions, deletions, substitutions and transpositions of
// adjacent characters each cost 1 (a transposition is the most common typing error).
std::size_t edit_distance(std::string_view a, std::string_view b);

// The candidate nearest to `word`, if within max(1, length/3) edits (case-insensitive equality
// counts as nearest). Ties go to the earlier candidate so the suggestion is deterministic.
std::optional<std::string> closest_match(std::string_view word,
                                         std::span<const std::string> candidates);

// "; did you mean 'x'?" or "" — ready to append to a message.
std::string did_you_mean(std::string_view word, std::span<const std::string> candidates);

// "a, b or c" for messages that list the valid choices.
std::string join_choices(std::span<const std::string> choices);

}  // namespace alchemy
