// Which writing system a person's name is written in, so that name matching
// (name_skeleton.h) can pick the right transliteration.
//
// Only letters count: digits, punctuation, spaces, combining marks and
// Common-script letters (modifier primes such as U+02B9) are ignored.
//
//   kLatin       every letter is Latin (Azerbaijani, English, Turkish, ...)
//   kAzCyrillic  every letter is Cyrillic and at least one is specific to
//                Azerbaijani Cyrillic: ә ғ һ ј ө ү ҹ, plus ҝ (the Azerbaijani
//                "g" letter, added here), either case
//   kRuCyrillic  every letter is Cyrillic and none of the above occurs
//   kMixed       letters from more than one script (Latin and Cyrillic, or
//                either with a third script), e.g. a Latin name with a
//                Cyrillic look-alike "а" typed in
//   kOther       letters only from other scripts, or no letters at all
//                (empty input, digits only)
//
// Invalid UTF-8 bytes are skipped.
//
// Thread-safety: pure functions, safe from any thread.
#pragma once

#include <string_view>

namespace nrm::text {

enum class NameScript { kLatin, kAzCyrillic, kRuCyrillic, kMixed, kOther };

NameScript DetectScript(std::string_view utf8);

// True if `utf8` holds any of the Azerbaijani Cyrillic letters listed above
// (whatever else it holds). Used to choose az_Cyrl-az/BGN for mixed input.
bool ContainsAzCyrillicLetter(std::string_view utf8);

}  // namespace nrm::text
