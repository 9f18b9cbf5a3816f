#include "text/bounded.h"

#include <unicode/utf8.h>

#include <algorithm>

#include "text/normalize.h"

namespace nrm::text {

bool IsValidUtf8(std::string_view s, Nul nul) {
  const auto* p = reinterpret_cast<const uint8_t*>(s.data());
  const size_t n = s.size();
  size_t pos = 0;
  while (pos < n) {
    if (p[pos] < 0x80) {
      if (p[pos] == 0 && nul == Nul::kRefused) return false;
      ++pos;
      continue;
    }
    // One sequence is at most 4 bytes, so a 4-byte window keeps ICU's int32
    // indices valid for inputs of any size.
    const auto window = static_cast<int32_t>(std::min<size_t>(n - pos, 4));
    const uint8_t* at = p + pos;
    int32_t i = 0;
    UChar32 c;
    U8_NEXT(at, i, window, c);
    if (c < 0) return false;
    pos += static_cast<size_t>(i);
  }
  return true;
}

size_t CountCodePoints(std::string_view utf8) {
  size_t chars = 0;
  for (unsigned char c : utf8) chars += (c & 0xC0) != 0x80;
  return chars;
}

Result<std::string> CleanText(std::string_view in, std::string_view field, size_t max_bytes, size_t min_chars) {
  const std::string name(field);
  auto t = NormalizeUserText(in);
  if (!t) {
    if (t.error().code == ErrorCode::kInternal) return tl::unexpected(t.error());
    return Fail(ErrorCode::kInvalidArgument, name + ": " + t.error().message);
  }
  if (t->size() > max_bytes)
    return Fail(ErrorCode::kInvalidArgument, name + " is longer than " + std::to_string(max_bytes) + " bytes");
  if (min_chars == 1 && t->empty()) return Fail(ErrorCode::kInvalidArgument, name + " is required");
  if (CountCodePoints(*t) < min_chars)
    return Fail(ErrorCode::kInvalidArgument, name + " must be at least " + std::to_string(min_chars) + " characters");
  return t;
}

}  // namespace nrm::text
