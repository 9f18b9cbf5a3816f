// Envelope keys: one master key outside the database wraps the data keys
// inside it.
//
// The master key (32 bytes) comes from a key file (Config::
// EffectiveMasterKeyFile(): mode 0600 or stricter, owned by the user running
// nrm) or from the environment variable NRM_MASTER_KEY; either holds 64 hex
// characters or the base64 of 32 bytes, optionally followed by a newline.
// It never enters the database: the table `data_keys` (migration 002) holds
// each data key wrapped with XChaCha20-Poly1305-IETF under the master key,
// the associated data "nrm-data-key|<purpose>|<version>" binding the key to
// its row, together with a short fingerprint of the master key (MasterKey::
// Fingerprint(), never the key).
//
// Data keys, one set per store, each 32 bytes:
//   "field"          XChaCha20-Poly1305 key for sealing fields
//                    (field_cipher.h); several versions, the highest is
//                    current, older ones stay for reading;
//   "blind-index"    BLAKE2b key for blind indexes (blind_index.h);
//   "audit-signing"  Ed25519 seed of the audit log's signing key (signing.h).
// Keyring::Open creates version 1 of each purpose when missing.
//
// Rotation, run from the CLI (`nrm keys`) in a process of its own:
//  - RewrapWithNewMaster re-wraps every data key under a new master key in
//    one transaction. Data keys do not change, so no data is re-encrypted and
//    running servers keep working (they hold the unwrapped keys); they need
//    the new master key at their next start.
//  - AddFieldKeyVersion adds a new current field key. A running server picks
//    it up at its next start; until then it keeps sealing under the version
//    it loaded. With several server processes on one PostgreSQL store,
//    restart them all: one that has not restarted cannot open fields sealed
//    under the new version by one that has.
//
// Invariants: key bytes live only in sodium_malloc'd, mlock'd memory
// (SecretBytes) and are wiped when freed; no error message ever contains key
// material. Every data key row unwraps under the loaded master key, or Open
// fails ("the master key does not match this store").
//
// Thread-safety: SecretBytes and MasterKey are plain values. A Keyring is
// read-only after Open: its const methods are safe from any thread.
// RewrapWithNewMaster and AddFieldKeyVersion must not run concurrently with
// any other call on the same Keyring (the CLI is single-threaded); across
// processes they serialise through the store.
#pragma once

#include <cstddef>
#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/clock.h"
#include "core/error.h"
#include "store/database.h"

namespace nrm::crypto {

inline constexpr size_t kMasterKeyBytes = 32;
inline constexpr size_t kDataKeyBytes = 32;

inline constexpr std::string_view kFieldKeyPurpose = "field";
inline constexpr std::string_view kBlindIndexKeyPurpose = "blind-index";
inline constexpr std::string_view kAuditSigningKeyPurpose = "audit-signing";

// The environment variable that may hold the master key itself.
inline constexpr const char* kMasterKeyEnv = "NRM_MASTER_KEY";

// A fixed-size secret in guarded, locked memory (sodium_malloc), wiped and
// freed on destruction. Move-only; a moved-from or default object is empty.
class SecretBytes {
 public:
  SecretBytes() = default;
  // kInternal if the memory cannot be allocated. The content is unspecified.
  static Result<SecretBytes> Allocate(size_t size);
  ~SecretBytes();
  SecretBytes(SecretBytes&& other) noexcept;
  SecretBytes& operator=(SecretBytes&& other) noexcept;
  SecretBytes(const SecretBytes&) = delete;
  SecretBytes& operator=(const SecretBytes&) = delete;

  uint8_t* data() { return data_; }
  const uint8_t* data() const { return data_; }
  size_t size() const { return size_; }
  bool empty() const { return size_ == 0; }
  std::span<const uint8_t> span() const { return {data_, size_}; }

 private:
  uint8_t* data_ = nullptr;
  size_t size_ = 0;
};

// The 32-byte master key. Move-only; Clone() copies deliberately.
class MasterKey {
 public:
  // 32 fresh random bytes.
  static Result<MasterKey> Generate();
  // 64 hex characters or base64 (standard or URL-safe, padded or not) of 32
  // bytes; surrounding whitespace is ignored. `origin` names where the text
  // came from in error messages ("master key file /x", "NRM_MASTER_KEY");
  // the text itself is never repeated.
  static Result<MasterKey> Parse(std::string_view text, std::string_view origin);
  // Reads and parses a key file after checking it: a regular file owned by
  // the effective user, no permission bits for group or others.
  static Result<MasterKey> ReadFile(const std::string& path);

  Result<MasterKey> Clone() const;
  std::span<const uint8_t> bytes() const { return key_.span(); }
  // 16 hex characters (64 bits of keyed BLAKE2b over a fixed label): names
  // the key in the store and in `nrm keys status` without revealing it.
  std::string Fingerprint() const;

 private:
  explicit MasterKey(SecretBytes key) : key_(std::move(key)) {}
  SecretBytes key_;
};

// Where the master key comes from; loaded when a Keyring opens.
class MasterKeySource {
 public:
  static MasterKeySource File(std::string path);
  static MasterKeySource Environment(std::string variable = kMasterKeyEnv);
  // NRM_MASTER_KEY when it is set and not empty, else the key file `path`.
  static MasterKeySource EnvironmentOrFile(std::string path);

  Result<MasterKey> Load() const;
  // "master key file /x/master.key" or "NRM_MASTER_KEY", for messages.
  std::string Describe() const;
  bool is_file() const { return kind_ == Kind::kFile; }
  const std::string& path() const { return name_; }  // the file or the variable

 private:
  enum class Kind { kFile, kEnvironment };
  MasterKeySource(Kind kind, std::string name) : kind_(kind), name_(std::move(name)) {}
  Kind kind_;
  std::string name_;
};

// Writes 32 random bytes as hex plus a newline to `path` with mode 0600,
// atomically (a temporary file in the same directory, fsync, then link):
// either the whole key file appears or nothing does. kAlreadyExists if `path`
// exists; it is never overwritten.
Status CreateMasterKeyFile(const std::string& path);

// A field key as the field cipher needs it. `key` points into the Keyring:
// valid while it lives and until its next AddFieldKeyVersion (use it at
// once, do not keep it).
struct FieldKey {
  uint32_t version = 0;
  std::span<const uint8_t> key;
};

// One row of data_keys, without the key: what `nrm keys status` shows.
struct DataKeyInfo {
  std::string purpose;
  uint32_t version = 0;
  std::string master_key_id;  // MasterKey::Fingerprint() of the wrapping key
  int64_t created_at = 0;     // ms since the epoch
  int64_t wrapped_at = 0;     // ms since the epoch; changes on master rotation
};

class SigningKey;  // signing.h

class Keyring {
 public:
  // Loads the master key from `source`, then Open(db, clock, key).
  static Result<std::unique_ptr<Keyring>> Open(store::Database& db, const Clock& clock, const MasterKeySource& source);
  // Unwraps every data key into memory, first creating version 1 of each
  // purpose that has none. The store must be migrated. `db` must outlive the
  // Keyring.
  static Result<std::unique_ptr<Keyring>> Open(store::Database& db, const Clock& clock, MasterKey master);

  // The data_keys rows (no key needed), ordered by purpose and version.
  static Result<std::vector<DataKeyInfo>> List(store::Database& db);

  ~Keyring();
  Keyring(const Keyring&) = delete;
  Keyring& operator=(const Keyring&) = delete;

  // The field key new data is sealed under (the highest version).
  FieldKey CurrentFieldKey() const;
  // Any loaded version; nullopt if unknown.
  std::optional<FieldKey> FieldKeyByVersion(uint32_t version) const;
  std::span<const uint8_t> BlindIndexKey() const;
  const SigningKey& AuditSigningKey() const;
  std::span<const uint8_t> AuditPublicKey() const;  // 32 bytes, Ed25519
  std::string AuditKeyId() const;                   // signing.h KeyId()
  std::string MasterKeyId() const { return master_.Fingerprint(); }

  // Re-wraps every data key row under `new_key` in one transaction, checking
  // each unwraps under the current master key first. kInvalidArgument if
  // `new_key` is the current key. Afterwards this Keyring uses `new_key`.
  Status RewrapWithNewMaster(const MasterKey& new_key);

  // Adds field key version max+1 (random, wrapped) and makes it current here.
  Status AddFieldKeyVersion();

 private:
  Keyring(store::Database& db, const Clock& clock, MasterKey master);
  Status Load();

  store::Database& db_;
  const Clock& clock_;
  MasterKey master_;
  std::map<uint32_t, SecretBytes> field_keys_;  // never empty after Open
  SecretBytes blind_index_key_;
  std::unique_ptr<SigningKey> signing_key_;
};

}  // namespace nrm::crypto
