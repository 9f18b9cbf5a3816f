// Bounded, clean text and UTF-8 validation: the one home for "a field of free
// text of at most N bytes" and for "is this well-formed UTF-8".
//
// CleanText(in, field, max_bytes, min_chars) runs NormalizeUserText
// (normalize.h: valid UTF-8, no control or bidi-override characters, NFC,
// outer whitespace trimmed) and then checks the bounds on the *cleaned* text:
// at most `max_bytes` bytes of UTF-8 and at least `min_chars` code points
// (min_chars 0: may be empty; 1: required). Errors are kInvalidArgument with
// a user-facing message that names `field` and never echoes the input.
//
// IsValidUtf8 checks RFC 3629 well-formedness with ICU's decoder (no
// overlong forms, no surrogates, nothing past U+10FFFF); NUL (U+0000) is well
// formed and is refused only with Nul::kRefused.
//
// Thread-safety: pure functions, safe from any thread.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

#include "core/error.h"

namespace nrm::text {

enum class Nul { kAllowed, kRefused };

bool IsValidUtf8(std::string_view bytes, Nul nul = Nul::kAllowed);

// Code points in well-formed UTF-8.
size_t CountCodePoints(std::string_view utf8);

Result<std::string> CleanText(std::string_view in, std::string_view field, size_t max_bytes, size_t min_chars = 0);

}  // namespace nrm::text
