#include "text/name_skeleton.h"

#include <unicode/locid.h>
#include <unicode/normalizer2.h>
#include <unicode/strenum.h>
#include <unicode/translit.h>
#include <unicode/uchar.h>
#include <unicode/unistr.h>
#include <unicode/uscript.h>

#include <array>
#include <cstddef>
#include <memory>
#include <set>

#include "text/script.h"

namespace nrm::text {
namespace {

// ---- ICU transliterators ---------------------------------------------------

enum Which : std::size_t { kAzCyrlBgn = 0, kRussianBgn = 1, kAnyLatin = 2, kWhichCount = 3 };

constexpr std::array<const char*, kWhichCount> kIds = {"az_Cyrl-az/BGN", "Russian-Latin/BGN", "Any-Latin"};

// createInstance accepts some unknown IDs by falling back to a generic
// transliterator, so the exact ID must be in the registry.
bool Registered(const char* id) {
  static const std::set<std::string>* ids = [] {
    auto* out = new std::set<std::string>();
    UErrorCode status = U_ZERO_ERROR;
    std::unique_ptr<icu::StringEnumeration> e(icu::Transliterator::getAvailableIDs(status));
    if (U_FAILURE(status) || !e) return out;
    while (const icu::UnicodeString* s = e->snext(status)) {
      if (U_FAILURE(status)) break;
      std::string u8;
      out->insert(s->toUTF8String(u8));
    }
    return out;
  }();
  return ids->count(id) > 0;
}

icu::Transliterator* Get(Which w) {
  struct Cache {
    std::array<std::unique_ptr<icu::Transliterator>, kWhichCount> t;
    std::array<bool, kWhichCount> tried{};
  };
  thread_local Cache cache;
  if (!cache.tried[w]) {
    cache.tried[w] = true;
    // Any-Latin is a compound ID that need not be listed; its status suffices.
    if (w == kAnyLatin || Registered(kIds[w])) {
      UErrorCode status = U_ZERO_ERROR;
      std::unique_ptr<icu::Transliterator> t(icu::Transliterator::createInstance(kIds[w], UTRANS_FORWARD, status));
      if (U_SUCCESS(status) && t) cache.t[w] = std::move(t);
    }
  }
  return cache.t[w].get();
}

void Apply(Which w, icu::UnicodeString& u) {
  if (icu::Transliterator* t = Get(w)) t->transliterate(u);
}

// ---- Unicode helpers -------------------------------------------------------

const icu::Locale& Az() {
  static const icu::Locale* az = new icu::Locale("az");
  return *az;
}

icu::UnicodeString FromUtf8(std::string_view s) {
  return icu::UnicodeString::fromUTF8(icu::StringPiece(s.data(), static_cast<int32_t>(s.size())));
}

std::string ToUtf8(const icu::UnicodeString& u) {
  std::string out;
  return u.toUTF8String(out);
}

icu::UnicodeString Normalize(const icu::UnicodeString& u, bool nfd) {
  UErrorCode status = U_ZERO_ERROR;
  const icu::Normalizer2* n = nfd ? icu::Normalizer2::getNFDInstance(status) : icu::Normalizer2::getNFCInstance(status);
  if (U_FAILURE(status)) return u;
  icu::UnicodeString out = n->normalize(u, status);
  return U_SUCCESS(status) ? out : u;
}

bool HasCyrillic(const icu::UnicodeString& u) {
  for (int32_t i = 0; i < u.length(); i = u.moveIndex32(i, 1)) {
    UErrorCode status = U_ZERO_ERROR;
    if (uscript_getScript(u.char32At(i), &status) == USCRIPT_CYRILLIC) return true;
  }
  return false;
}

// Step 1: any script to Latin (see the header for the order).
icu::UnicodeString ToLatin(const icu::UnicodeString& word) {
  icu::UnicodeString u = word;
  const std::string u8 = ToUtf8(u);
  if (DetectScript(u8) == NameScript::kLatin) return u;
  if (ContainsAzCyrillicLetter(u8)) Apply(kAzCyrlBgn, u);
  if (HasCyrillic(u)) Apply(kRussianBgn, u);
  // Greek, Arabic, Georgian, ... (and Cyrillic letters no BGN rule covers).
  if (DetectScript(ToUtf8(u)) != NameScript::kLatin) Apply(kAnyLatin, u);
  return u;
}

// Steps 2-3: az lower case, then a-z plus 'C' standing for ç.
std::string LowerAscii(icu::UnicodeString u) {
  u.toLower(Az());
  u = Normalize(u, /*nfd=*/false);
  icu::UnicodeString mapped;
  for (int32_t i = 0; i < u.length(); i = u.moveIndex32(i, 1)) {
    const UChar32 c = u.char32At(i);
    switch (c) {
      case 0x0131: mapped.append(UChar32{'i'}); break;  // ı
      case 0x0259: mapped.append(UChar32{'a'}); break;  // ə
      case 0x012D: mapped.append(UChar32{'y'}); break;  // ĭ (BGN й)
      case 0x00EB: mapped.append(UChar32{'o'}); break;  // ë (BGN ё)
      case 0x00E7: mapped.append(UChar32{'C'}); break;  // ç
      default: mapped.append(c);
    }
  }
  const icu::UnicodeString decomposed = Normalize(mapped, /*nfd=*/true);
  std::string out;
  for (int32_t i = 0; i < decomposed.length(); ++i) {
    const char16_t c = decomposed.charAt(i);
    if ((c >= u'a' && c <= u'z') || c == u'C') out.push_back(static_cast<char>(c));
  }
  return out;
}

bool IsVowel(char c) { return c == 'a' || c == 'e' || c == 'i' || c == 'o' || c == 'u'; }

bool StartsWith(const std::string& s, std::size_t at, std::string_view p) { return s.compare(at, p.size(), p) == 0; }

bool EndsWith(const std::string& s, std::string_view p) {
  return s.size() >= p.size() && s.compare(s.size() - p.size(), p.size(), p) == 0;
}

// Steps 4-10. Upper-case 'C' and 'J' are the ch and j classes while the
// lower-case c still means Azerbaijani c.
std::string Fold(const std::string& s) {
  // 4: digraphs.
  std::string d;
  for (std::size_t i = 0; i < s.size();) {
    if (StartsWith(s, i, "dzh")) {
      d.push_back('J');
      i += 3;
      continue;
    }
    if (StartsWith(s, i, "dj") || StartsWith(s, i, "zh")) {
      d.push_back('J');
      i += 2;
      continue;
    }
    if (StartsWith(s, i, "ch")) {
      d.push_back('C');
      i += 2;
      continue;
    }
    if (StartsWith(s, i, "sh")) {
      d.push_back('s');
      i += 2;
      continue;
    }
    const char c = s[i++];
    d.push_back(c == 'c' || c == 'j' ? 'J' : c == 'w' ? 'v' : c);
  }
  // 5: Russian initial Е.
  if (d.size() > 2 && StartsWith(d, 0, "ye")) d.erase(0, 1);
  // 6: y, judged against the unmodified neighbours.
  std::string y;
  for (std::size_t i = 0; i < d.size(); ++i) {
    if (d[i] != 'y' || i == 0) {
      y.push_back(d[i]);
      continue;
    }
    const char prev = d[i - 1];
    const char next = i + 1 < d.size() ? d[i + 1] : '\0';
    if (!IsVowel(prev) && IsVowel(next)) continue;  // palatal marker
    y.push_back('i');
  }
  // 7 and 8: classes, then collapse runs.
  std::string out;
  for (char c : y) {
    switch (c) {
      case 'e': c = 'a'; break;
      case 'q':
      case 'x':
      case 'h':
      case 'k': c = 'g'; break;
      case 'C': c = 'c'; break;
      case 'J': c = 'j'; break;
      default: break;
    }
    if (out.empty() || out.back() != c) out.push_back(c);
  }
  // 9: surname suffix (gender kept).
  if (out.size() >= 6 && (EndsWith(out, "ova") || EndsWith(out, "ava"))) {
    out.replace(out.size() - 3, 3, "ova");
  } else if (out.size() >= 5 && (EndsWith(out, "ov") || EndsWith(out, "av"))) {
    out.replace(out.size() - 2, 2, "ov");
  }
  // 10: patronymic particles ("gizi" needs nothing: q/k/g are one class).
  if (out == "ogli") out = "oglu";
  return out;
}

std::string SkeletonOf(const icu::UnicodeString& word) { return Fold(LowerAscii(ToLatin(word))); }

bool IsApostrophe(UChar32 c) {
  return c == 0x0027 || c == 0x2019 || c == 0x0060 || c == 0x00B4 || c == 0x02BC || c == 0x02B9;
}

bool InWord(UChar32 c) { return u_isalpha(c) || (U_GET_GC_MASK(c) & U_GC_M_MASK) != 0 || IsApostrophe(c); }

}  // namespace

std::string NameSkeleton(std::string_view single_word) {
  return SkeletonOf(Normalize(FromUtf8(single_word), /*nfd=*/false));
}

std::vector<std::string> NameSkeletonTokens(std::string_view full_name) {
  const icu::UnicodeString name = Normalize(FromUtf8(full_name), /*nfd=*/false);
  std::vector<std::string> tokens;
  int32_t start = 0;
  auto flush = [&](int32_t end) {
    if (end > start) {
      std::string t = SkeletonOf(icu::UnicodeString(name, start, end - start));
      if (!t.empty()) tokens.push_back(std::move(t));
    }
  };
  for (int32_t i = 0; i < name.length(); i = name.moveIndex32(i, 1)) {
    if (!InWord(name.char32At(i))) {
      flush(i);
      start = name.moveIndex32(i, 1);
    }
  }
  flush(name.length());
  return tokens;
}

bool NameTransliteratorsAvailable() {
  return Registered(kIds[kAzCyrlBgn]) && Registered(kIds[kRussianBgn]) && Get(kAzCyrlBgn) != nullptr &&
         Get(kRussianBgn) != nullptr;
}

}  // namespace nrm::text
