// Locale-correct ordering of names and labels ("az", "en", "ru").
//
// Azerbaijani order is a b c ç d e ə f g ğ h x ı i j k q l m n o ö p r s ş t
// u ü v y z; byte order and the root locale get it wrong. Compare sorts in
// memory; SortKey gives bytes whose memcmp order equals Compare order, to be
// stored in a BLOB/bytea column and used in ORDER BY. Sort keys depend on
// the ICU version: rebuild stored keys when ICU is upgraded.
//
// Strength is tertiary (letters, then accents, then case), so "ali" < "Ali"
// and no two distinct-case strings compare equal.
//
// Thread-safety: a Collation is immutable after ForLocale; ICU collators are
// safe for concurrent const use, so one instance may be shared by all threads.
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "core/error.h"

namespace nrm::text {

class Collation {
 public:
  // `locale` is "az", "en" or "ru"; anything else is kInvalidArgument.
  static Result<Collation> ForLocale(std::string_view locale);

  // The shared Azerbaijani collation (created on first use).
  static const Collation& Az();

  Collation(Collation&&) noexcept;
  Collation& operator=(Collation&&) noexcept;
  ~Collation();

  // <0, 0 or >0 as a sorts before, equal to, or after b.
  int Compare(std::string_view a, std::string_view b) const;
  bool Less(std::string_view a, std::string_view b) const { return Compare(a, b) < 0; }

  // Binary sort key (no trailing NUL); compare with memcmp / std::string <.
  std::string SortKey(std::string_view s) const;

  const std::string& locale() const;

 private:
  struct Impl;
  explicit Collation(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

// Sorts UTF-8 strings in Azerbaijani order (stable for equal keys).
void SortAz(std::vector<std::string>& v);

}  // namespace nrm::text
