// Name/Parse of an enum through one table of (value, name) pairs, so each
// state machine spells its names once (in its module's model.cc) and both
// directions read the same table.
//
// Input: a constexpr std::array of {enum value, name}; NameIn gives "" for a
// value missing from the table (a programming error, caught by the module's
// round-trip test), ParseIn gives nullopt for an unknown name.
//
// Thread-safety: pure functions over immutable tables.
#pragma once

#include <array>
#include <cstddef>
#include <optional>
#include <string_view>
#include <utility>

namespace nrm {

template <typename E, size_t N>
using EnumNames = std::array<std::pair<E, const char*>, N>;

template <typename E, size_t N>
const char* NameIn(const EnumNames<E, N>& table, E value) {
  for (const auto& [e, name] : table)
    if (e == value) return name;
  return "";
}

template <typename E, size_t N>
std::optional<E> ParseIn(const EnumNames<E, N>& table, std::string_view name) {
  for (const auto& [e, n] : table)
    if (name == n) return e;
  return std::nullopt;
}

}  // namespace nrm
