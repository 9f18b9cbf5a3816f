#include "crypto/password.h"

#include <sodium.h>
#include <unicode/bytestream.h>
#include <unicode/locid.h>
#include <unicode/normalizer2.h>
#include <unicode/uchar.h>
#include <unicode/unistr.h>
#include <unicode/utf8.h>

#include <algorithm>
#include <atomic>
#include <cstdlib>
#include <optional>
#include <unordered_set>
#include <utility>

#include "text/bounded.h"

namespace nrm::crypto {
namespace {

void EnsureSodium() {
  static const bool ok = sodium_init() >= 0;
  if (!ok) std::abort();  // no safe randomness: refuse to continue
}

std::atomic<bool> g_light_cost{false};

unsigned long long OpsLimit() {
  return g_light_cost.load() ? crypto_pwhash_argon2id_OPSLIMIT_MIN : crypto_pwhash_argon2id_OPSLIMIT_INTERACTIVE;
}

size_t MemLimit() {
  return g_light_cost.load() ? crypto_pwhash_argon2id_MEMLIMIT_MIN : crypto_pwhash_argon2id_MEMLIMIT_INTERACTIVE;
}

// Overwrites a string holding a password before it is freed.
class Wiped {
 public:
  explicit Wiped(std::string s) : s_(std::move(s)) {}
  ~Wiped() { sodium_memzero(s_.data(), s_.size()); }
  Wiped(const Wiped&) = delete;
  Wiped& operator=(const Wiped&) = delete;
  const std::string& str() const { return s_; }

 private:
  std::string s_;
};

// NFKC form of a password that passed IsValidUtf8 and the size limit.
std::optional<std::string> Nfkc(std::string_view pw) {
  UErrorCode status = U_ZERO_ERROR;
  const icu::Normalizer2* nfkc = icu::Normalizer2::getNFKCInstance(status);
  if (U_FAILURE(status)) return std::nullopt;
  std::string out;
  icu::StringByteSink<std::string> sink(&out);
  nfkc->normalizeUTF8(0, icu::StringPiece(pw.data(), static_cast<int32_t>(pw.size())), sink, nullptr, status);
  if (U_FAILURE(status)) {
    sodium_memzero(out.data(), out.size());
    return std::nullopt;
  }
  return out;
}

std::optional<std::string> PreparePassword(std::string_view pw) {
  if (pw.size() > kMaxPasswordBytes || !text::IsValidUtf8(pw, text::Nul::kRefused)) return std::nullopt;
  return Nfkc(pw);
}

// ---- strength check ------------------------------------------------------

// Case-, accent- and dotless-i-insensitive form used only for matching:
// Azerbaijani lower case, full case folding, marks removed (ç->c, ş->s,
// ğ->g, ö->o, ü->u, й->и), ı->i, and ə -> `schwa` ('a' as in passports, or
// 'e' as in everyday Latin typing).
std::u32string LooseFold(std::string_view utf8, char32_t schwa) {
  icu::UnicodeString u = icu::UnicodeString::fromUTF8(icu::StringPiece(utf8.data(), static_cast<int32_t>(utf8.size())));
  u.toLower(icu::Locale("az")).foldCase();
  UErrorCode status = U_ZERO_ERROR;
  const icu::Normalizer2* nfd = icu::Normalizer2::getNFDInstance(status);
  if (U_SUCCESS(status)) {
    icu::UnicodeString d = nfd->normalize(u, status);
    if (U_SUCCESS(status)) u = std::move(d);
  }
  std::u32string out;
  out.reserve(static_cast<size_t>(u.length()));
  for (int32_t i = 0; i < u.length();) {
    const UChar32 c = u.char32At(i);
    i = u.moveIndex32(i, 1);
    if (u_charType(c) == U_NON_SPACING_MARK) continue;
    if (c == 0x0131) {
      out.push_back(U'i');
    } else if (c == 0x0259) {
      out.push_back(schwa);
    } else {
      out.push_back(static_cast<char32_t>(c));
    }
  }
  return out;
}

std::u32string Leet(std::u32string s) {
  for (char32_t& c : s) {
    switch (c) {
      case U'@':
      case U'4': c = U'a'; break;
      case U'0': c = U'o'; break;
      case U'1':
      case U'!':
      case U'|': c = U'i'; break;
      case U'3': c = U'e'; break;
      case U'$':
      case U'5': c = U's'; break;
      case U'7':
      case U'+': c = U't'; break;
      default: break;
    }
  }
  return s;
}

// Drops leading and trailing non-letters: "!!Password2024" -> "password".
std::u32string Core(const std::u32string& s) {
  size_t b = 0, e = s.size();
  while (b < e && !u_isalpha(static_cast<UChar32>(s[b]))) ++b;
  while (e > b && !u_isalpha(static_cast<UChar32>(s[e - 1]))) --e;
  return s.substr(b, e - b);
}

// Smallest p such that s is s[0:p] repeated (s.size() if none).
size_t Period(const std::u32string& s) {
  for (size_t p = 1; p < s.size(); ++p) {
    if (s.size() % p != 0) continue;
    bool repeats = true;
    for (size_t i = p; i < s.size() && repeats; ++i) repeats = s[i] == s[i - p];
    if (repeats) return p;
  }
  return s.size();
}

// Most common passwords, keyboard walks and local favourites; matched after
// LooseFold, also with digits/symbols trimmed from both ends, with common
// letter-for-digit swaps undone, and repeated ("qwertyqwerty").
// clang-format off
constexpr std::string_view kCommonPasswords[] = {
    // global top lists
    "password", "password1", "password12", "password123", "password1234", "password12345",
    "password123456", "passw0rd", "p@ssw0rd", "p@ssword", "pass", "passpass", "pass1234",
    "mypassword", "yourpassword", "newpassword", "oldpassword", "secretpassword", "123456",
    "1234567", "12345678", "123456789", "1234567890", "12345678910", "123456789012",
    "1234567890123", "12345678901234", "0123456789", "0987654321", "987654321", "9876543210",
    "111111", "1111111111", "111111111111", "000000", "0000000000", "000000000000", "123123",
    "123123123", "123123123123", "121212", "112233", "11223344", "112233445566", "123321", "654321",
    "666666", "696969", "777777", "7777777", "888888", "999999", "555555", "123654", "147258369",
    "159753", "159357", "147852369", "741852963", "789456123", "123456654321", "abc123", "abc12345",
    "abcd1234", "abcdef", "abcdefg", "abcdefgh", "abcdefghijkl", "a1b2c3", "a1b2c3d4", "aa123456",
    "aaaaaa", "iloveyou", "iloveyou1", "iloveyou123", "letmein", "letmein1", "letmein123",
    "welcome", "welcome1", "welcome123", "welcometo", "monkey", "dragon", "master", "sunshine",
    "princess", "football", "baseball", "basketball", "soccer", "superman", "batman", "spiderman",
    "trustno1", "shadow", "michael", "jennifer", "jordan23", "starwars", "pokemon", "whatever",
    "freedom", "hello", "hello123", "helloworld", "charlie", "donald", "computer", "internet",
    "administrator", "admin", "admin123", "admin1234", "adminadmin", "root", "toor", "changeme",
    "changeit", "default", "guest", "test", "test123", "test1234", "testtest", "testing", "secret",
    "secret123", "login", "login123", "access", "master123", "ninja", "mustang", "harley", "ranger",
    "buster", "hockey", "killer", "hunter", "hunter2", "tigger", "summer", "winter", "spring",
    "autumn", "loveme", "lovely", "flower", "cookie", "chocolate", "blink182", "liverpool",
    "chelsea", "arsenal", "barcelona", "realmadrid", "google", "facebook", "microsoft", "samsung",
    "nokia", "apple", "iphone", "zaq1zaq1", "opennrm",
    // keyboard walks (QWERTY, QWERTZ, AZERTY, Russian ЙЦУКЕН)
    "qwerty", "qwerty1", "qwerty12", "qwerty123", "qwerty1234", "qwerty12345", "qwerty123456",
    "qwertyuiop", "qwertyuiop123", "qwertyuiopasdfghjkl", "qwertyuiopasdfghjklzxcvbnm", "qwertz",
    "qwertzuiop", "azerty", "azertyuiop", "asdfgh", "asdfghjkl", "asdfasdf", "asdf1234", "1234asdf",
    "1234qwer", "qwer1234", "zxcvbn", "zxcvbnm", "zxcvbnm123", "1q2w3e", "1q2w3e4r", "1q2w3e4r5t",
    "1q2w3e4r5t6y", "1qaz2wsx", "1qaz2wsx3edc", "1qazxsw2", "zaq12wsx", "qazwsx", "qazwsxedc",
    "qazwsxedcrfv", "q1w2e3r4", "q1w2e3r4t5", "q1w2e3r4t5y6", "1qaz@wsx", "!qaz2wsx", "qweasdzxc",
    "qweasd", "qwe123", "123qwe", "123qweasd", "123qweasdzxc", "1q2w3e4r5t6y7u8i9o0p", "йцукен",
    "йцукенгшщз", "йцукенгшщзхъ", "фывапролдж", "ячсмитьбю",
    // Russian typed on a Latin layout, and Russian words
    "ghbdtn", "gfhjkm", "gfhjkm123", "пароль", "пароль123", "привет", "любовь", "parol", "parol123",
    "privet", "privet123", "lyubov", "nastya", "natasha", "marina", "sergey",
    // Azerbaijani and Turkish favourites
    "azerbaijan", "azerbaijan1", "azərbaycan", "azerbaycan", "azerbaycan1", "azerbaycan123",
    "azerbaijan123", "baku", "bakı", "baki", "baku123", "baki123", "bakubaku", "ganja", "gəncə",
    "sumqayıt", "sumgait", "qarabağ", "karabakh", "qarabagazerbaycan", "neftçi", "şuşa", "shusha",
    "salam", "salam123", "salamsalam", "sevgi", "sevgilim", "səni sevirəm", "mən səni sevirəm",
    "seni seviyorum", "ürəyim", "həyatım", "canım", "şifrə", "sifre", "sifre123", "parolum",
    "vətən", "azadlıq", "bismillah", "allah", "allahuakbar", "mashallah", "galatasaray",
    "fenerbahce", "besiktas", "istanbul", "türkiyə", "turkiye",
};
// clang-format on

// Substrings of these are keyboard walks.
constexpr std::string_view kKeyboardWalks[] = {
    "1234567890qwertyuiopasdfghjklzxcvbnm",
    "qwertzuiopasdfghjklyxcvbnm",
    "azertyuiopqsdfghjklmwxcvbn",
    "1qaz2wsx3edc4rfv5tgb6yhn7ujm8ik9ol0p",
    "zaq1xsw2cde3vfr4bgt5nhy6mju7ki8lo9p0",
    "qazwsxedcrfvtgbyhnujmikolp",
    "q1w2e3r4t5y6u7i8o9p0",
    "qweasdzxcrtyfghvbnuiojklm",
    "йцукенгшщзхъфывапролджэячсмитьбю",
};

// Folded keyboard walks, forwards and backwards.
const std::vector<std::u32string>& KeyboardWalks() {
  static const auto* walks = [] {
    auto* v = new std::vector<std::u32string>();
    for (std::string_view walk : kKeyboardWalks) {
      std::u32string w = LooseFold(walk, U'a');
      v->push_back(w);
      std::reverse(w.begin(), w.end());
      v->push_back(std::move(w));
    }
    return v;
  }();
  return *walks;
}

void InsertFolded(std::unordered_set<std::u32string>& set, std::string_view word) {
  set.insert(LooseFold(word, U'a'));
  set.insert(LooseFold(word, U'e'));
}

const std::unordered_set<std::u32string>& Blocklist() {
  static const auto* set = [] {
    auto* s = new std::unordered_set<std::u32string>();
    for (std::string_view w : kCommonPasswords) {
      std::string no_spaces;
      for (char c : w) {
        if (c != ' ') no_spaces.push_back(c);
      }
      InsertFolded(*s, w);
      InsertFolded(*s, no_spaces);
    }
    return s;
  }();
  return *set;
}

bool IsCommon(const std::u32string& folded) {
  const auto& list = Blocklist();
  for (const std::u32string& candidate : {folded, Core(folded), Leet(Core(folded))}) {
    if (candidate.empty()) continue;
    if (list.count(candidate)) return true;
    const size_t p = Period(candidate);
    if (p < candidate.size() && list.count(candidate.substr(0, p))) return true;
  }
  return false;
}

bool IsDigit(char32_t c) { return c >= U'0' && c <= U'9'; }

// +1, -1 or 0 (not a step) from a to b; digits wrap (9 -> 0).
int Step(char32_t a, char32_t b) {
  if (IsDigit(a) && IsDigit(b)) {
    const int d = (static_cast<int>(b) - static_cast<int>(a) + 10) % 10;
    return d == 1 ? 1 : d == 9 ? -1 : 0;
  }
  const long d = static_cast<long>(b) - static_cast<long>(a);
  return d == 1 ? 1 : d == -1 ? -1 : 0;
}

bool IsTrivialPattern(const std::u32string& f) {
  if (f.empty()) return true;
  if (Period(f) <= 4) return true;  // "aaaa...", "abab...", "1234 1234 ..."
  const int first = f.size() > 1 ? Step(f[0], f[1]) : 0;
  bool sequence = first != 0;
  for (size_t i = 1; sequence && i + 1 < f.size(); ++i) sequence = Step(f[i], f[i + 1]) == first;
  if (sequence) return true;  // "abcdefghijkl", "890123456789", "zyxw..."
  for (const std::u32string& walk : KeyboardWalks()) {
    if (walk.find(f) != std::u32string::npos) return true;
  }
  return false;
}

// Folded forms of the context words worth looking for: each word, its
// letter/digit runs, and the runs joined, when at least 4 characters long.
std::vector<std::u32string> ContextNeedles(const std::vector<std::string>& words) {
  std::vector<std::u32string> needles;
  auto add = [&needles](std::string_view w) {
    for (char32_t schwa : {U'a', U'e'}) {
      std::u32string f = LooseFold(w, schwa);
      if (f.size() >= 4) needles.push_back(std::move(f));
    }
  };
  for (const std::string& word : words) {
    if (!text::IsValidUtf8(word, text::Nul::kRefused)) continue;
    add(word);
    icu::UnicodeString u =
        icu::UnicodeString::fromUTF8(icu::StringPiece(word.data(), static_cast<int32_t>(word.size())));
    icu::UnicodeString part, joined;
    auto flush = [&] {
      if (!part.isEmpty()) {
        std::string s;
        add(part.toUTF8String(s));
        part.remove();
      }
    };
    for (int32_t i = 0; i < u.length();) {
      const UChar32 c = u.char32At(i);
      i = u.moveIndex32(i, 1);
      if (u_isalnum(c) || u_charType(c) == U_NON_SPACING_MARK) {
        part.append(c);
        joined.append(c);
      } else {
        flush();
      }
    }
    flush();
    std::string j;
    add(joined.toUTF8String(j));
  }
  return needles;
}

bool HasControlChars(std::string_view utf8) {
  const auto* p = reinterpret_cast<const uint8_t*>(utf8.data());
  const int32_t n = static_cast<int32_t>(utf8.size());
  for (int32_t i = 0; i < n;) {
    UChar32 c;
    U8_NEXT(p, i, n, c);
    if (c < 0 || u_charType(c) == U_CONTROL_CHAR) return true;
  }
  return false;
}

}  // namespace

Result<std::string> HashPassword(std::string_view pw) {
  EnsureSodium();
  auto prepared = PreparePassword(pw);
  if (!prepared) {
    return Fail(ErrorCode::kInvalidArgument, "Password is not valid text or is too long.");
  }
  const Wiped normalized(std::move(*prepared));
  char out[crypto_pwhash_argon2id_STRBYTES];
  if (crypto_pwhash_argon2id_str(out, normalized.str().data(), normalized.str().size(), OpsLimit(), MemLimit()) != 0) {
    return Fail(ErrorCode::kInternal, "Could not process the password.",
                "crypto_pwhash_argon2id_str failed (out of memory?)");
  }
  return std::string(out);
}

bool VerifyPassword(std::string_view stored_hash, std::string_view pw) {
  EnsureSodium();
  if (stored_hash.empty() || stored_hash.size() >= crypto_pwhash_STRBYTES ||
      stored_hash.find('\0') != std::string_view::npos) {
    return false;
  }
  auto prepared = PreparePassword(pw);
  if (!prepared) return false;
  const Wiped normalized(std::move(*prepared));
  const std::string hash(stored_hash);  // libsodium wants it NUL-terminated
  return crypto_pwhash_str_verify(hash.c_str(), normalized.str().data(), normalized.str().size()) == 0;
}

bool PasswordNeedsRehash(std::string_view stored_hash) {
  EnsureSodium();
  if (stored_hash.empty() || stored_hash.size() >= crypto_pwhash_STRBYTES ||
      stored_hash.find('\0') != std::string_view::npos) {
    return true;
  }
  const std::string hash(stored_hash);
  return crypto_pwhash_argon2id_str_needs_rehash(hash.c_str(), OpsLimit(), MemLimit()) != 0;
}

void SetPasswordHashCostForTests(bool light) { g_light_cost.store(light); }

Status CheckPasswordStrength(std::string_view pw, const std::vector<std::string>& context_words) {
  if (pw.size() > kMaxPasswordBytes) {
    return Fail(ErrorCode::kInvalidArgument, "Password must be at most 256 characters long.");
  }
  auto prepared = PreparePassword(pw);
  if (!prepared) {
    return Fail(ErrorCode::kInvalidArgument, "Password contains characters that are not allowed.");
  }
  const Wiped normalized(std::move(*prepared));
  if (HasControlChars(normalized.str())) {
    return Fail(ErrorCode::kInvalidArgument, "Password contains characters that are not allowed.");
  }
  const size_t chars = text::CountCodePoints(normalized.str());
  if (chars < kMinPasswordChars) {
    return Fail(ErrorCode::kInvalidArgument, "Password must be at least 12 characters long.");
  }
  if (chars > kMaxPasswordChars) {
    return Fail(ErrorCode::kInvalidArgument, "Password must be at most 256 characters long.");
  }
  std::u32string folded = LooseFold(normalized.str(), U'a');
  struct Wipe32 {
    std::u32string& s;
    ~Wipe32() { sodium_memzero(s.data(), s.size() * sizeof(char32_t)); }
  } wipe_folded{folded};

  if (IsTrivialPattern(folded)) {
    return Fail(ErrorCode::kInvalidArgument,
                "Password must not be a repeated character, a sequence or a keyboard pattern.");
  }
  if (IsCommon(folded)) {
    return Fail(ErrorCode::kInvalidArgument,
                "This password is too common. Choose a longer phrase that is less predictable.");
  }
  const std::u32string leet = Leet(folded);
  for (const std::u32string& needle : ContextNeedles(context_words)) {
    if (folded.find(needle) != std::u32string::npos || leet.find(needle) != std::u32string::npos) {
      return Fail(ErrorCode::kInvalidArgument, "Password must not contain your name, username or e-mail address.");
    }
  }
  return {};
}

}  // namespace nrm::crypto
