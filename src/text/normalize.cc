#include "text/normalize.h"

#include <unicode/bytestream.h>
#include <unicode/normalizer2.h>
#include <unicode/uchar.h>
#include <unicode/utf8.h>

#include <cstdint>

namespace nrm::text {
namespace {

bool IsBidiControl(UChar32 c) { return (c >= 0x202A && c <= 0x202E) || (c >= 0x2066 && c <= 0x2069); }

bool IsNoncharacter(UChar32 c) { return (c >= 0xFDD0 && c <= 0xFDEF) || (c & 0xFFFE) == 0xFFFE; }

// Length in bytes of the leading (or trailing) run of White_Space characters.
size_t LeadingSpace(std::string_view s) {
  const auto* p = reinterpret_cast<const uint8_t*>(s.data());
  const int32_t n = static_cast<int32_t>(s.size());
  int32_t i = 0;
  while (i < n) {
    int32_t next = i;
    UChar32 c;
    U8_NEXT(p, next, n, c);
    if (!u_isUWhiteSpace(c)) break;
    i = next;
  }
  return static_cast<size_t>(i);
}

size_t TrailingSpace(std::string_view s) {
  const auto* p = reinterpret_cast<const uint8_t*>(s.data());
  int32_t i = static_cast<int32_t>(s.size());
  while (i > 0) {
    int32_t prev = i;
    UChar32 c;
    U8_PREV(p, 0, prev, c);
    if (!u_isUWhiteSpace(c)) break;
    i = prev;
  }
  return s.size() - static_cast<size_t>(i);
}

}  // namespace

Result<std::string> NormalizeUserText(std::string_view utf8) {
  if (utf8.size() > static_cast<size_t>(INT32_MAX / 4)) {
    return Fail(ErrorCode::kPayloadTooLarge, "Text is too long.");
  }
  // Validate, and drop the CR of each CRLF on the way.
  std::string clean;
  clean.reserve(utf8.size());
  const auto* p = reinterpret_cast<const uint8_t*>(utf8.data());
  const int32_t n = static_cast<int32_t>(utf8.size());
  for (int32_t i = 0; i < n;) {
    const int32_t start = i;
    UChar32 c;
    U8_NEXT(p, i, n, c);
    if (c < 0) return Fail(ErrorCode::kInvalidArgument, "Text is not valid UTF-8.");
    if (c == '\r' && i < n && p[i] == '\n') continue;
    if ((u_charType(c) == U_CONTROL_CHAR && c != '\n' && c != '\t') || IsBidiControl(c)) {
      return Fail(ErrorCode::kInvalidArgument, "Text contains control characters.");
    }
    if (IsNoncharacter(c)) {
      return Fail(ErrorCode::kInvalidArgument, "Text contains characters that are not allowed.");
    }
    clean.append(utf8.substr(static_cast<size_t>(start), static_cast<size_t>(i - start)));
  }

  UErrorCode status = U_ZERO_ERROR;
  const icu::Normalizer2* nfc = icu::Normalizer2::getNFCInstance(status);
  std::string normalized;
  if (U_SUCCESS(status)) {
    icu::StringByteSink<std::string> sink(&normalized);
    nfc->normalizeUTF8(0, icu::StringPiece(clean.data(), static_cast<int32_t>(clean.size())), sink, nullptr, status);
  }
  if (U_FAILURE(status)) {
    return Fail(ErrorCode::kInternal, "Text could not be processed.", std::string("ICU NFC: ") + u_errorName(status));
  }

  std::string_view v(normalized);
  v.remove_prefix(LeadingSpace(v));
  v.remove_suffix(TrailingSpace(v));
  return std::string(v);
}

}  // namespace nrm::text
