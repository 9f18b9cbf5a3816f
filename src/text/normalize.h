// The gate for free text that people type (names, places, short notes) at
// the API edge: after it, text is well-formed NFC UTF-8 without control
// characters, so storage, comparison and display can rely on that.
//
// Rules: invalid UTF-8 (overlongs, surrogates, > U+10FFFF), NUL, control
// characters other than \n and \t, bidirectional override/isolate controls
// (U+202A-U+202E, U+2066-U+2069, used to disguise text) and noncharacters are
// rejected. "\r\n" becomes "\n". The result is NFC with leading and trailing
// Unicode whitespace removed; inner whitespace is kept. Empty results are
// allowed; whether a field is required is the caller's rule.
//
// Error messages are user-facing and never echo the input.
//
// Thread-safety: pure function, safe from any thread.
#pragma once

#include <string>
#include <string_view>

#include "core/error.h"

namespace nrm::text {

Result<std::string> NormalizeUserText(std::string_view utf8);

}  // namespace nrm::text
