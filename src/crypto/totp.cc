#include "crypto/totp.h"

#include <openssl/evp.h>
#include <sodium.h>

#include <cstdlib>
#include <utility>
#include <vector>

#include "crypto/base32.h"
#include "crypto/token.h"

namespace nrm::crypto {
namespace {

void EnsureSodium() {
  static const bool ok = sodium_init() >= 0;
  if (!ok) std::abort();  // no safe randomness: refuse to continue
}

constexpr size_t kMinKeyBytes = 16;
constexpr size_t kNewSecretBytes = 20;
constexpr int kMaxWindowSteps = 10;

// Key bytes that are wiped when they go out of scope.
class SecretKey {
 public:
  explicit SecretKey(std::vector<uint8_t> bytes) : bytes_(std::move(bytes)) {}
  ~SecretKey() { sodium_memzero(bytes_.data(), bytes_.size()); }
  SecretKey(const SecretKey&) = delete;
  SecretKey& operator=(const SecretKey&) = delete;
  std::span<const uint8_t> span() const { return bytes_; }

 private:
  std::vector<uint8_t> bytes_;
};

Result<std::vector<uint8_t>> DecodeSecret(std::string_view base32_secret) {
  auto key = Base32Decode(base32_secret);
  if (!key || key->size() < kMinKeyBytes) {
    if (key) sodium_memzero(key->data(), key->size());
    return Fail(ErrorCode::kInvalidArgument, "Invalid authenticator secret.");
  }
  return key;
}

bool IsUnreserved(unsigned char c) {
  return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '.' ||
         c == '_' || c == '~';
}

std::string PercentEncode(std::string_view s) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  out.reserve(s.size() * 3);
  for (unsigned char c : s) {
    if (IsUnreserved(c)) {
      out.push_back(static_cast<char>(c));
    } else {
      out.push_back('%');
      out.push_back(kHex[c >> 4]);
      out.push_back(kHex[c & 0x0F]);
    }
  }
  return out;
}

}  // namespace

std::string NewTotpSecret() {
  EnsureSodium();
  unsigned char raw[kNewSecretBytes];
  randombytes_buf(raw, sizeof raw);
  std::string out = Base32Encode(std::string_view(reinterpret_cast<const char*>(raw), sizeof raw));
  sodium_memzero(raw, sizeof raw);
  return out;
}

Result<std::string> HotpCode(std::span<const uint8_t> key, uint64_t counter, int digits) {
  if (digits < 6 || digits > 8) {
    return Fail(ErrorCode::kInvalidArgument, "Unsupported one-time code length.");
  }
  if (key.size() < kMinKeyBytes) {
    return Fail(ErrorCode::kInvalidArgument, "Invalid authenticator secret.");
  }
  unsigned char msg[8];
  for (int i = 7; i >= 0; --i) {
    msg[i] = static_cast<unsigned char>(counter & 0xFF);
    counter >>= 8;
  }
  unsigned char mac[EVP_MAX_MD_SIZE];
  size_t mac_len = 0;
  if (EVP_Q_mac(nullptr, "HMAC", nullptr, "SHA1", nullptr, key.data(), key.size(), msg, sizeof msg, mac, sizeof mac,
                &mac_len) == nullptr ||
      mac_len != 20) {
    return Fail(ErrorCode::kInternal, "Could not compute a one-time code.", "EVP_Q_mac HMAC-SHA1 failed");
  }
  // RFC 4226 section 5.3 dynamic truncation.
  const int offset = mac[19] & 0x0F;
  const uint32_t bin = (static_cast<uint32_t>(mac[offset] & 0x7F) << 24) |
                       (static_cast<uint32_t>(mac[offset + 1]) << 16) | (static_cast<uint32_t>(mac[offset + 2]) << 8) |
                       static_cast<uint32_t>(mac[offset + 3]);
  sodium_memzero(mac, sizeof mac);
  uint32_t modulus = 1;
  for (int i = 0; i < digits; ++i) modulus *= 10;
  uint32_t value = bin % modulus;
  std::string code(static_cast<size_t>(digits), '0');
  for (int i = digits - 1; i >= 0; --i) {
    code[static_cast<size_t>(i)] = static_cast<char>('0' + value % 10);
    value /= 10;
  }
  return code;
}

Result<std::string> TotpCode(std::string_view base32_secret, int64_t unix_seconds) {
  if (unix_seconds < 0) {
    return Fail(ErrorCode::kInvalidArgument, "Invalid time for a one-time code.");
  }
  auto decoded = DecodeSecret(base32_secret);
  if (!decoded) return tl::unexpected(decoded.error());
  const SecretKey key(std::move(*decoded));
  return HotpCode(key.span(), static_cast<uint64_t>(unix_seconds / kTotpStepSeconds), kTotpDigits);
}

std::optional<int64_t> VerifyTotp(std::string_view base32_secret, std::string_view code, int64_t unix_seconds,
                                  int window_steps) {
  if (unix_seconds < 0) return std::nullopt;
  std::string given;
  for (char c : code) {
    if (c == ' ') continue;
    if (c < '0' || c > '9') return std::nullopt;
    given.push_back(c);
  }
  if (given.size() != static_cast<size_t>(kTotpDigits)) return std::nullopt;
  if (window_steps < 0) window_steps = 0;
  if (window_steps > kMaxWindowSteps) window_steps = kMaxWindowSteps;

  auto decoded = DecodeSecret(base32_secret);
  if (!decoded) return std::nullopt;
  const SecretKey key(std::move(*decoded));

  const int64_t now_step = unix_seconds / kTotpStepSeconds;
  std::optional<int64_t> matched;
  // Every candidate is computed and compared, so timing does not tell which
  // step (if any) matched. The earliest match wins.
  for (int64_t step = now_step - window_steps; step <= now_step + window_steps; ++step) {
    if (step < 0) continue;
    auto expected = HotpCode(key.span(), static_cast<uint64_t>(step), kTotpDigits);
    if (!expected) return std::nullopt;
    if (ConstantTimeEquals(*expected, given) && !matched) matched = step;
  }
  return matched;
}

std::string TotpUri(std::string_view issuer, std::string_view account, std::string_view secret) {
  std::string uri = "otpauth://totp/";
  if (!issuer.empty()) {
    uri += PercentEncode(issuer);
    uri += ':';
  }
  uri += PercentEncode(account);
  uri += "?secret=";
  uri += PercentEncode(secret);
  if (!issuer.empty()) {
    uri += "&issuer=";
    uri += PercentEncode(issuer);
  }
  uri += "&algorithm=SHA1&digits=6&period=30";
  return uri;
}

}  // namespace nrm::crypto
