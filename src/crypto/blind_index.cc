#include "crypto/blind_index.h"

#include <sodium.h>

#include <cstdlib>

namespace nrm::crypto {
namespace {

void EnsureSodium() {
  static const bool ok = sodium_init() >= 0;
  if (!ok) std::abort();
}

bool ValidDomain(std::string_view d) {
  if (d.empty() || d.size() > 64) return false;
  for (char c : d) {
    if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_')) return false;
  }
  return true;
}

}  // namespace

Result<std::string> BlindIndex(const Keyring& keyring, std::string_view domain, std::string_view normalized_value) {
  return BlindIndex(keyring.BlindIndexKey(), domain, normalized_value);
}

Result<std::string> BlindIndex(std::span<const uint8_t> key, std::string_view domain,
                               std::string_view normalized_value) {
  EnsureSodium();
  if (!ValidDomain(domain)) {
    return Fail(ErrorCode::kInternal, "a search index could not be computed",
                "invalid blind index domain '" + std::string(domain) + "'");
  }
  if (key.size() < crypto_generichash_KEYBYTES_MIN || key.size() > crypto_generichash_KEYBYTES_MAX) {
    return Fail(ErrorCode::kInternal, "a search index could not be computed", "bad blind index key size");
  }
  if (normalized_value.empty()) return Fail(ErrorCode::kInvalidArgument, "an empty value cannot be searched for");
  unsigned char digest[32];
  crypto_generichash_state state;
  crypto_generichash_init(&state, key.data(), key.size(), sizeof digest);
  crypto_generichash_update(&state, reinterpret_cast<const unsigned char*>(domain.data()), domain.size());
  const unsigned char nul = 0;
  crypto_generichash_update(&state, &nul, 1);
  crypto_generichash_update(&state, reinterpret_cast<const unsigned char*>(normalized_value.data()),
                            normalized_value.size());
  crypto_generichash_final(&state, digest, sizeof digest);
  sodium_memzero(&state, sizeof state);
  char hex[2 * sizeof digest + 1];
  sodium_bin2hex(hex, sizeof hex, digest, sizeof digest);
  return std::string(hex, 2 * sizeof digest);
}

std::string NormalizePhone(std::string_view phone) {
  std::string out;
  size_t i = 0;
  while (i < phone.size() && (phone[i] == ' ' || phone[i] == '\t')) ++i;
  const bool plus = i < phone.size() && phone[i] == '+';
  for (; i < phone.size(); ++i) {
    if (phone[i] >= '0' && phone[i] <= '9') out += phone[i];
  }
  if (out.empty()) return out;
  return plus ? "+" + out : out;
}

std::string NormalizeDocumentNumber(std::string_view number) {
  std::string out;
  for (char c : number) {
    if (c >= 'a' && c <= 'z')
      out += static_cast<char>(c - 'a' + 'A');
    else if ((c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'))
      out += c;
  }
  return out;
}

}  // namespace nrm::crypto
