#include "text/script.h"

#include <unicode/uchar.h>
#include <unicode/uscript.h>
#include <unicode/utf8.h>

#include <cstdint>

namespace nrm::text {
namespace {

bool IsAzCyrillicLetter(UChar32 c) {
  switch (c) {
    case 0x04D8:
    case 0x04D9:  // Ә ә
    case 0x0492:
    case 0x0493:  // Ғ ғ
    case 0x04BA:
    case 0x04BB:  // Һ һ
    case 0x0408:
    case 0x0458:  // Ј ј
    case 0x04E8:
    case 0x04E9:  // Ө ө
    case 0x04AE:
    case 0x04AF:  // Ү ү
    case 0x04B8:
    case 0x04B9:  // Ҹ ҹ
    case 0x049C:
    case 0x049D:  // Ҝ ҝ
      return true;
    default: return false;
  }
}

struct Census {
  bool latin = false;
  bool cyrillic = false;
  bool az_cyrillic = false;
  bool other = false;
};

// Calls f(code point) for every well-formed code point; skips bad bytes.
template <typename F>
void ForEachCodePoint(std::string_view s, F f) {
  const auto* p = reinterpret_cast<const uint8_t*>(s.data());
  const auto n = static_cast<int32_t>(s.size());
  int32_t i = 0;
  while (i < n) {
    UChar32 c;
    U8_NEXT(p, i, n, c);
    if (c >= 0) f(c);
  }
}

Census Count(std::string_view utf8) {
  Census out;
  ForEachCodePoint(utf8, [&out](UChar32 c) {
    if (!u_isalpha(c)) return;
    UErrorCode status = U_ZERO_ERROR;
    UScriptCode sc = uscript_getScript(c, &status);
    if (U_FAILURE(status)) return;
    switch (sc) {
      case USCRIPT_COMMON:
      case USCRIPT_INHERITED: return;
      case USCRIPT_LATIN: out.latin = true; return;
      case USCRIPT_CYRILLIC:
        out.cyrillic = true;
        if (IsAzCyrillicLetter(c)) out.az_cyrillic = true;
        return;
      default: out.other = true; return;
    }
  });
  return out;
}

}  // namespace

NameScript DetectScript(std::string_view utf8) {
  const Census c = Count(utf8);
  const int scripts = int{c.latin} + int{c.cyrillic} + int{c.other};
  if (scripts > 1) return NameScript::kMixed;
  if (c.latin) return NameScript::kLatin;
  if (c.cyrillic) return c.az_cyrillic ? NameScript::kAzCyrillic : NameScript::kRuCyrillic;
  return NameScript::kOther;
}

bool ContainsAzCyrillicLetter(std::string_view utf8) {
  bool found = false;
  ForEachCodePoint(utf8, [&found](UChar32 c) { found = found || IsAzCyrillicLetter(c); });
  return found;
}

}  // namespace nrm::text
