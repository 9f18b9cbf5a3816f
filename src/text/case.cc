#include "text/case.h"

#include <unicode/locid.h>
#include <unicode/normalizer2.h>
#include <unicode/unistr.h>

namespace nrm::text {
namespace {

const icu::Locale& Az() {
  static const icu::Locale* az = new icu::Locale("az");
  return *az;
}

icu::UnicodeString FromUtf8(std::string_view s) {
  return icu::UnicodeString::fromUTF8(icu::StringPiece(s.data(), static_cast<int32_t>(s.size())));
}

std::string NfcUtf8(const icu::UnicodeString& u) {
  UErrorCode status = U_ZERO_ERROR;
  const icu::Normalizer2* nfc = icu::Normalizer2::getNFCInstance(status);
  std::string out;
  if (U_SUCCESS(status)) {
    icu::UnicodeString n = nfc->normalize(u, status);
    if (U_SUCCESS(status)) return n.toUTF8String(out);
  }
  return u.toUTF8String(out);  // ICU data missing: unnormalised beats nothing
}

// NFC first so that decomposed input (I + U+0307) meets the az rules whole.
icu::UnicodeString Nfc(icu::UnicodeString u) {
  UErrorCode status = U_ZERO_ERROR;
  const icu::Normalizer2* nfc = icu::Normalizer2::getNFCInstance(status);
  if (U_FAILURE(status)) return u;
  icu::UnicodeString n = nfc->normalize(u, status);
  return U_SUCCESS(status) ? n : u;
}

}  // namespace

std::string FoldCaseAz(std::string_view utf8) {
  icu::UnicodeString u = Nfc(FromUtf8(utf8));
  // After az lower-casing no I or İ is left, so default folding cannot
  // reintroduce the root-locale dotted-i mistake.
  u.toLower(Az()).foldCase();
  return NfcUtf8(u);
}

bool EqualsIgnoreCaseAz(std::string_view a, std::string_view b) { return a == b || FoldCaseAz(a) == FoldCaseAz(b); }

std::string LowerAz(std::string_view utf8) {
  icu::UnicodeString u = Nfc(FromUtf8(utf8));
  u.toLower(Az());
  return NfcUtf8(u);
}

std::string UpperAz(std::string_view utf8) {
  icu::UnicodeString u = Nfc(FromUtf8(utf8));
  u.toUpper(Az());
  return NfcUtf8(u);
}

}  // namespace nrm::text
