#include "crypto/field_cipher.h"

#include <sodium.h>

namespace nrm::crypto {
namespace {

constexpr size_t kVersionBytes = 4;
constexpr size_t kNonceBytes = crypto_aead_xchacha20poly1305_ietf_NPUBBYTES;
constexpr size_t kTagBytes = crypto_aead_xchacha20poly1305_ietf_ABYTES;
constexpr size_t kHeaderBytes = 1 + kVersionBytes + kNonceBytes;
static_assert(kSealedOverhead == kHeaderBytes + kTagBytes);

bool UsablePart(std::string_view s) { return !s.empty() && s.find('|') == std::string_view::npos; }

std::string Ad(std::string_view table, std::string_view column, std::string_view row_id, uint32_t version) {
  std::string ad = "nrm-field|v1|";
  ad.append(table).append("|").append(column).append("|").append(row_id).append("|");
  ad += std::to_string(version);
  return ad;
}

std::string Where(std::string_view table, std::string_view column, std::string_view row_id) {
  return std::string(table) + "." + std::string(column) + " row " + std::string(row_id);
}

}  // namespace

Result<store::Blob> Seal(const Keyring& keyring, std::string_view table, std::string_view column,
                         std::string_view row_id, std::string_view plaintext) {
  if (!UsablePart(table) || !UsablePart(column) || !UsablePart(row_id)) {
    return Fail(ErrorCode::kInternal, "a sensitive field could not be sealed",
                "table, column and row id must be non-empty without '|': " + Where(table, column, row_id));
  }
  if (plaintext.size() > crypto_aead_xchacha20poly1305_ietf_MESSAGEBYTES_MAX - kSealedOverhead) {
    return Fail(ErrorCode::kPayloadTooLarge, "a sensitive field is too large to seal");
  }
  const FieldKey key = keyring.CurrentFieldKey();
  const std::string ad = Ad(table, column, row_id, key.version);
  store::Blob out(kSealedOverhead + plaintext.size());
  out[0] = kSealedFieldFormat;
  out[1] = static_cast<uint8_t>(key.version >> 24);
  out[2] = static_cast<uint8_t>(key.version >> 16);
  out[3] = static_cast<uint8_t>(key.version >> 8);
  out[4] = static_cast<uint8_t>(key.version);
  randombytes_buf(out.data() + 1 + kVersionBytes, kNonceBytes);
  unsigned long long written = 0;
  if (crypto_aead_xchacha20poly1305_ietf_encrypt(
          out.data() + kHeaderBytes, &written, reinterpret_cast<const unsigned char*>(plaintext.data()),
          plaintext.size(), reinterpret_cast<const unsigned char*>(ad.data()), ad.size(), nullptr,
          out.data() + 1 + kVersionBytes, key.key.data()) != 0) {
    return Fail(ErrorCode::kInternal, "a sensitive field could not be sealed",
                "encrypt failed: " + Where(table, column, row_id));
  }
  return out;
}

Result<uint32_t> SealedFieldKeyVersion(const store::Blob& sealed) {
  if (sealed.size() < kSealedOverhead || sealed[0] != kSealedFieldFormat) {
    return Fail(ErrorCode::kInvalidArgument, "not a sealed field");
  }
  return (uint32_t{sealed[1]} << 24) | (uint32_t{sealed[2]} << 16) | (uint32_t{sealed[3]} << 8) | uint32_t{sealed[4]};
}

Result<std::string> Open(const Keyring& keyring, std::string_view table, std::string_view column,
                         std::string_view row_id, const store::Blob& sealed) {
  const char* const kFailed = "a sealed field failed to open";
  if (!UsablePart(table) || !UsablePart(column) || !UsablePart(row_id)) {
    return Fail(ErrorCode::kInternal, kFailed,
                "table, column and row id must be non-empty without '|': " + Where(table, column, row_id));
  }
  auto version = SealedFieldKeyVersion(sealed);
  if (!version) {
    return Fail(
        ErrorCode::kInternal, kFailed,
        "malformed sealed value (" + std::to_string(sealed.size()) + " bytes) in " + Where(table, column, row_id));
  }
  auto key = keyring.FieldKeyByVersion(*version);
  if (!key) {
    return Fail(ErrorCode::kInternal, kFailed,
                "unknown field key version " + std::to_string(*version) + " in " + Where(table, column, row_id) +
                    " (restart to load key versions added since start)");
  }
  const std::string ad = Ad(table, column, row_id, *version);
  std::string plain(sealed.size() - kSealedOverhead, '\0');
  unsigned long long written = 0;
  if (crypto_aead_xchacha20poly1305_ietf_decrypt(reinterpret_cast<unsigned char*>(plain.data()), &written, nullptr,
                                                 sealed.data() + kHeaderBytes, sealed.size() - kHeaderBytes,
                                                 reinterpret_cast<const unsigned char*>(ad.data()), ad.size(),
                                                 sealed.data() + 1 + kVersionBytes, key->key.data()) != 0) {
    return Fail(ErrorCode::kInternal, kFailed,
                "authentication failed in " + Where(table, column, row_id) + " (key version " +
                    std::to_string(*version) + "): tampered, moved from another row/column, or damaged");
  }
  plain.resize(written);
  return plain;
}

}  // namespace nrm::crypto
