// Case mapping with Azerbaijani rules, for comparing and displaying names.
//
// Azerbaijani (like Turkish) pairs dotted and dotless i: I<->ı and İ<->i.
// The root locale gets this wrong (İ lower-cases to i + U+0307), so every
// function here uses the "az" locale. Results are NFC.
//
// Input is UTF-8; invalid sequences become U+FFFD (validate at the edge with
// NormalizeUserText).
//
// Thread-safety: pure functions, safe from any thread.
#pragma once

#include <string>
#include <string_view>

namespace nrm::text {

// Caseless form for matching: az lower case (I->ı, İ->i), then full Unicode
// case folding (ß->ss), then NFC. FoldCaseAz("İSMAYILLI") == "ismayıllı".
std::string FoldCaseAz(std::string_view utf8);

// FoldCaseAz(a) == FoldCaseAz(b).
bool EqualsIgnoreCaseAz(std::string_view a, std::string_view b);

// az lower case (for display), NFC.
std::string LowerAz(std::string_view utf8);

// az upper case (i->İ, ı->I), NFC.
std::string UpperAz(std::string_view utf8);

}  // namespace nrm::text
