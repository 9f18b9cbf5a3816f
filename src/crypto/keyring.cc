#include "crypto/keyring.h"

#include <fcntl.h>
#include <sodium.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <set>

#include "crypto/signing.h"

namespace nrm::crypto {
namespace {

void EnsureSodium() {
  static const bool ok = sodium_init() >= 0;
  if (!ok) std::abort();  // no safe randomness: refuse to continue
}

// Key of the transaction-scoped PostgreSQL advisory lock that serialises
// keyring changes across processes ("nrm_keys" in ASCII). SQLite needs none:
// its write transactions are already serialised.
constexpr int64_t kKeysLockKey = 0x6e726d5f6b657973;

// Wrapped data key: format byte, nonce, ciphertext + tag.
constexpr uint8_t kWrapFormat = 1;
constexpr size_t kNonceBytes = crypto_aead_xchacha20poly1305_ietf_NPUBBYTES;
constexpr size_t kWrappedBytes = 1 + kNonceBytes + kDataKeyBytes + crypto_aead_xchacha20poly1305_ietf_ABYTES;

// Key files are tiny; anything larger is not one.
constexpr size_t kMaxKeyFileBytes = 1024;

constexpr std::string_view kPurposes[] = {kFieldKeyPurpose, kBlindIndexKeyPurpose, kAuditSigningKeyPurpose};

const char* const kMismatch = "the master key does not match this store";

std::string SysError(int err) { return std::strerror(err); }

std::string OctalMode(mode_t mode) {
  char buf[8];
  std::snprintf(buf, sizeof buf, "%04o", static_cast<unsigned>(mode & 07777));
  return buf;
}

class FdCloser {
 public:
  explicit FdCloser(int fd) : fd_(fd) {}
  ~FdCloser() {
    if (fd_ >= 0) ::close(fd_);
  }
  FdCloser(const FdCloser&) = delete;
  FdCloser& operator=(const FdCloser&) = delete;

 private:
  int fd_;
};

std::string WrapAd(std::string_view purpose, uint32_t version) {
  return "nrm-data-key|" + std::string(purpose) + "|" + std::to_string(version);
}

Result<store::Blob> Wrap(const MasterKey& master, std::string_view purpose, uint32_t version,
                         std::span<const uint8_t> key) {
  const std::string ad = WrapAd(purpose, version);
  store::Blob out(1 + kNonceBytes + key.size() + crypto_aead_xchacha20poly1305_ietf_ABYTES);
  out[0] = kWrapFormat;
  randombytes_buf(out.data() + 1, kNonceBytes);
  unsigned long long written = 0;
  if (crypto_aead_xchacha20poly1305_ietf_encrypt(out.data() + 1 + kNonceBytes, &written, key.data(), key.size(),
                                                 reinterpret_cast<const unsigned char*>(ad.data()), ad.size(), nullptr,
                                                 out.data() + 1, master.bytes().data()) != 0) {
    return Fail(ErrorCode::kInternal, "a data key could not be wrapped", "xchacha20poly1305 encrypt failed");
  }
  return out;
}

Result<SecretBytes> Unwrap(const MasterKey& master, std::string_view purpose, uint32_t version,
                           const store::Blob& wrapped) {
  const std::string what = "data key " + std::string(purpose) + " v" + std::to_string(version);
  if (wrapped.size() != kWrappedBytes || wrapped[0] != kWrapFormat) {
    return Fail(ErrorCode::kInternal,
                what + " in the store is malformed: the data_keys table is damaged or was tampered with",
                "wrapped size " + std::to_string(wrapped.size()));
  }
  auto key = SecretBytes::Allocate(kDataKeyBytes);
  if (!key) return tl::unexpected(key.error());
  const std::string ad = WrapAd(purpose, version);
  unsigned long long written = 0;
  if (crypto_aead_xchacha20poly1305_ietf_decrypt(key->data(), &written, nullptr, wrapped.data() + 1 + kNonceBytes,
                                                 wrapped.size() - 1 - kNonceBytes,
                                                 reinterpret_cast<const unsigned char*>(ad.data()), ad.size(),
                                                 wrapped.data() + 1, master.bytes().data()) != 0 ||
      written != kDataKeyBytes) {
    return Fail(ErrorCode::kUnauthenticated,
                std::string(kMismatch) + ": " + what + " does not unwrap under it (or the data_keys table was altered)",
                "aead decrypt failed for " + what);
  }
  return key;
}

Result<SecretBytes> RandomKey() {
  auto key = SecretBytes::Allocate(kDataKeyBytes);
  if (!key) return tl::unexpected(key.error());
  randombytes_buf(key->data(), key->size());
  return key;
}

Status LockKeys(store::Database& db, store::Transaction& tx) {
  if (db.dialect() != store::Dialect::kPostgres) return {};
  if (auto r = tx.Query("SELECT pg_advisory_xact_lock(?)", {kKeysLockKey}); !r) return tl::unexpected(r.error());
  return {};
}

struct KeyRow {
  std::string purpose;
  uint32_t version = 0;
  store::Blob wrapped;
  std::string master_key_id;
};

Result<std::vector<KeyRow>> ReadKeyRows(store::Transaction& tx) {
  auto rows = tx.Query("SELECT purpose, version, wrapped, master_key_id FROM data_keys ORDER BY purpose, version");
  if (!rows) return tl::unexpected(rows.error());
  std::vector<KeyRow> out;
  for (const store::Row& r : *rows) {
    const int64_t v = r.Int(1);
    if (v < 1 || v > int64_t{UINT32_MAX}) {
      return Fail(ErrorCode::kInternal, "the data_keys table holds an impossible key version",
                  "version " + std::to_string(v));
    }
    out.push_back(KeyRow{r.Text(0), static_cast<uint32_t>(v), r.Bytes(2), r.Text(3)});
  }
  return out;
}

Error MismatchError(const std::string& store_id, const std::string& key_id) {
  return Error::Of(ErrorCode::kUnauthenticated,
                   std::string(kMismatch) + ": its data keys are wrapped by master key " + store_id +
                       ", the key given has fingerprint " + key_id,
                   "master_key_id mismatch");
}

}  // namespace

// ---- SecretBytes -----------------------------------------------------------

Result<SecretBytes> SecretBytes::Allocate(size_t size) {
  EnsureSodium();
  SecretBytes s;
  if (size == 0) return s;
  void* p = sodium_malloc(size);
  if (p == nullptr) {
    return Fail(ErrorCode::kInternal, "could not allocate protected memory for keys", "sodium_malloc failed");
  }
  s.data_ = static_cast<uint8_t*>(p);
  s.size_ = size;
  return s;
}

SecretBytes::~SecretBytes() {
  if (data_ != nullptr) sodium_free(data_);  // wipes before freeing
}

SecretBytes::SecretBytes(SecretBytes&& other) noexcept : data_(other.data_), size_(other.size_) {
  other.data_ = nullptr;
  other.size_ = 0;
}

SecretBytes& SecretBytes::operator=(SecretBytes&& other) noexcept {
  if (this != &other) {
    if (data_ != nullptr) sodium_free(data_);
    data_ = other.data_;
    size_ = other.size_;
    other.data_ = nullptr;
    other.size_ = 0;
  }
  return *this;
}

// ---- MasterKey -------------------------------------------------------------

Result<MasterKey> MasterKey::Generate() {
  auto key = RandomKey();
  if (!key) return tl::unexpected(key.error());
  return MasterKey(std::move(*key));
}

Result<MasterKey> MasterKey::Parse(std::string_view text, std::string_view origin) {
  static_assert(crypto_aead_xchacha20poly1305_ietf_KEYBYTES == kMasterKeyBytes);
  auto is_space = [](char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; };
  while (!text.empty() && is_space(text.front())) text.remove_prefix(1);
  while (!text.empty() && is_space(text.back())) text.remove_suffix(1);
  auto key = SecretBytes::Allocate(kMasterKeyBytes);
  if (!key) return tl::unexpected(key.error());
  bool ok = false;
  size_t len = 0;
  if (text.size() == 2 * kMasterKeyBytes) {
    ok = sodium_hex2bin(key->data(), key->size(), text.data(), text.size(), nullptr, &len, nullptr) == 0 &&
         len == kMasterKeyBytes;
  }
  for (int variant : {sodium_base64_VARIANT_ORIGINAL, sodium_base64_VARIANT_ORIGINAL_NO_PADDING,
                      sodium_base64_VARIANT_URLSAFE, sodium_base64_VARIANT_URLSAFE_NO_PADDING}) {
    if (ok || text.empty()) break;
    ok = sodium_base642bin(key->data(), key->size(), text.data(), text.size(), nullptr, &len, nullptr, variant) == 0 &&
         len == kMasterKeyBytes;
  }
  if (!ok) {
    return Fail(ErrorCode::kInvalidArgument,
                std::string(origin) + " does not hold a master key: expected 64 hex characters or the base64 of 32 " +
                    "bytes, found " + std::to_string(text.size()) + " characters");
  }
  if (sodium_is_zero(key->data(), key->size())) {
    return Fail(ErrorCode::kInvalidArgument, std::string(origin) + " holds an all-zero key; generate a random one");
  }
  return MasterKey(std::move(*key));
}

Result<MasterKey> MasterKey::ReadFile(const std::string& path) {
  EnsureSodium();
  const std::string origin = "master key file " + path;
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NOCTTY);
  if (fd < 0) {
    const int err = errno;
    if (err == ENOENT) {
      return Fail(ErrorCode::kNotFound,
                  origin + " not found: restore it from your key backup, or run `nrm init` for a new store");
    }
    if (err == EACCES) {
      return Fail(ErrorCode::kPermissionDenied,
                  "cannot read " + origin + ": permission denied; run nrm as the user that owns it");
    }
    return Fail(ErrorCode::kUnavailable, "cannot read " + origin + ": " + SysError(err));
  }
  FdCloser closer(fd);
  struct stat st {};
  if (::fstat(fd, &st) != 0) return Fail(ErrorCode::kUnavailable, "cannot read " + origin + ": " + SysError(errno));
  if (!S_ISREG(st.st_mode)) return Fail(ErrorCode::kInvalidArgument, origin + " is not a regular file");
  if (st.st_uid != ::geteuid()) {
    return Fail(ErrorCode::kPermissionDenied, origin + " is owned by uid " + std::to_string(st.st_uid) +
                                                  ", not by the user running nrm (uid " + std::to_string(::geteuid()) +
                                                  "): chown it to that user");
  }
  if ((st.st_mode & 077) != 0) {
    return Fail(ErrorCode::kPermissionDenied,
                origin + " has mode " + OctalMode(st.st_mode) + ", but it must be 0600 or stricter: chmod 600 " + path);
  }
  if (st.st_size > static_cast<off_t>(kMaxKeyFileBytes)) {
    return Fail(ErrorCode::kInvalidArgument,
                origin + " is too large to be a master key file (" + std::to_string(st.st_size) + " bytes)");
  }
  auto buf = SecretBytes::Allocate(kMaxKeyFileBytes + 1);
  if (!buf) return tl::unexpected(buf.error());
  size_t n = 0;
  while (n < buf->size()) {
    const ssize_t r = ::read(fd, buf->data() + n, buf->size() - n);
    if (r < 0 && errno == EINTR) continue;
    if (r < 0) return Fail(ErrorCode::kUnavailable, "cannot read " + origin + ": " + SysError(errno));
    if (r == 0) break;
    n += static_cast<size_t>(r);
  }
  if (n > kMaxKeyFileBytes) return Fail(ErrorCode::kInvalidArgument, origin + " is too large to be a master key file");
  if (n == 0) {
    return Fail(ErrorCode::kInvalidArgument,
                origin + " is empty: restore it from your key backup, or run `nrm init` for a new store");
  }
  return Parse(std::string_view(reinterpret_cast<const char*>(buf->data()), n), origin);
}

Result<MasterKey> MasterKey::Clone() const {
  auto copy = SecretBytes::Allocate(key_.size());
  if (!copy) return tl::unexpected(copy.error());
  std::memcpy(copy->data(), key_.data(), key_.size());
  return MasterKey(std::move(*copy));
}

std::string MasterKey::Fingerprint() const {
  static constexpr std::string_view kLabel = "nrm-master-key-id";
  unsigned char digest[crypto_generichash_BYTES_MIN];
  crypto_generichash(digest, sizeof digest, reinterpret_cast<const unsigned char*>(kLabel.data()), kLabel.size(),
                     key_.data(), key_.size());
  char hex[2 * 8 + 1];
  sodium_bin2hex(hex, sizeof hex, digest, 8);
  return std::string(hex, 16);
}

// ---- MasterKeySource -------------------------------------------------------

MasterKeySource MasterKeySource::File(std::string path) { return MasterKeySource(Kind::kFile, std::move(path)); }

MasterKeySource MasterKeySource::Environment(std::string variable) {
  return MasterKeySource(Kind::kEnvironment, std::move(variable));
}

MasterKeySource MasterKeySource::EnvironmentOrFile(std::string path) {
  const char* v = std::getenv(kMasterKeyEnv);
  if (v != nullptr && *v != '\0') return Environment(kMasterKeyEnv);
  return File(std::move(path));
}

Result<MasterKey> MasterKeySource::Load() const {
  if (kind_ == Kind::kFile) return MasterKey::ReadFile(name_);
  const char* v = std::getenv(name_.c_str());
  if (v == nullptr || *v == '\0') return Fail(ErrorCode::kNotFound, name_ + " is not set");
  return MasterKey::Parse(v, name_);
}

std::string MasterKeySource::Describe() const { return kind_ == Kind::kFile ? "master key file " + name_ : name_; }

// ---- CreateMasterKeyFile ---------------------------------------------------

Status CreateMasterKeyFile(const std::string& path) {
  EnsureSodium();
  const std::string origin = "master key file " + path;
  if (path.empty()) return Fail(ErrorCode::kInvalidArgument, "no master key file path given");
  struct stat st {};
  if (::lstat(path.c_str(), &st) == 0) {
    return Fail(ErrorCode::kAlreadyExists, origin + " already exists; refusing to overwrite it");
  }
  const std::filesystem::path target(path);
  const std::filesystem::path dir = target.has_parent_path() ? target.parent_path() : std::filesystem::path(".");
  std::string tmp = (dir / ("." + target.filename().string() + ".tmp-XXXXXX")).string();
  const int fd = ::mkstemp(tmp.data());
  if (fd < 0) {
    const int err = errno;
    if (err == ENOENT) {
      return Fail(ErrorCode::kInvalidArgument,
                  "cannot create " + origin + ": directory " + dir.string() + " does not exist");
    }
    return Fail(ErrorCode::kUnavailable, "cannot create " + origin + ": " + SysError(err));
  }
  bool written = false;
  int err = 0;
  {
    FdCloser closer(fd);
    auto key = RandomKey();
    auto text = SecretBytes::Allocate(2 * kMasterKeyBytes + 2);  // hex, '\n', NUL
    if (!key || !text) {
      ::unlink(tmp.c_str());
      return Fail(ErrorCode::kInternal, "could not allocate protected memory for keys");
    }
    sodium_bin2hex(reinterpret_cast<char*>(text->data()), text->size(), key->data(), key->size());
    text->data()[2 * kMasterKeyBytes] = '\n';
    const size_t len = 2 * kMasterKeyBytes + 1;
    size_t n = 0;
    if (::fchmod(fd, S_IRUSR | S_IWUSR) == 0) {
      while (n < len) {
        const ssize_t r = ::write(fd, text->data() + n, len - n);
        if (r < 0 && errno == EINTR) continue;
        if (r <= 0) break;
        n += static_cast<size_t>(r);
      }
      written = n == len && ::fsync(fd) == 0;
    }
    if (!written) err = errno;
  }
  if (!written) {
    ::unlink(tmp.c_str());
    return Fail(ErrorCode::kUnavailable, "cannot write " + origin + ": " + SysError(err));
  }
  // link() fails if `path` appeared meanwhile: never overwrites.
  if (::link(tmp.c_str(), path.c_str()) != 0) {
    err = errno;
    ::unlink(tmp.c_str());
    if (err == EEXIST) return Fail(ErrorCode::kAlreadyExists, origin + " already exists; refusing to overwrite it");
    return Fail(ErrorCode::kUnavailable, "cannot create " + origin + ": " + SysError(err));
  }
  ::unlink(tmp.c_str());
  const int dfd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (dfd >= 0) {
    ::fsync(dfd);
    ::close(dfd);
  }
  return {};
}

// ---- Keyring ---------------------------------------------------------------

Keyring::Keyring(store::Database& db, const Clock& clock, MasterKey master)
    : db_(db), clock_(clock), master_(std::move(master)) {}

Keyring::~Keyring() = default;

Result<std::unique_ptr<Keyring>> Keyring::Open(store::Database& db, const Clock& clock, const MasterKeySource& source) {
  auto master = source.Load();
  if (!master) {
    if (master.error().code == ErrorCode::kNotFound) {
      auto keys = List(db);
      if (keys && keys->empty()) {
        return Fail(ErrorCode::kNotFound, source.Describe() + (source.is_file() ? " not found" : " is not set") +
                                              " and this store has no data keys yet: run `nrm init` to create a " +
                                              "master key (or set " + kMasterKeyEnv + ")");
      }
    }
    return tl::unexpected(master.error());
  }
  auto keyring = Open(db, clock, std::move(*master));
  if (!keyring && keyring.error().code == ErrorCode::kUnauthenticated) {
    keyring.error().message += " (key read from " + source.Describe() + ")";
  }
  return keyring;
}

Result<std::unique_ptr<Keyring>> Keyring::Open(store::Database& db, const Clock& clock, MasterKey master) {
  EnsureSodium();
  std::unique_ptr<Keyring> keyring(new Keyring(db, clock, std::move(master)));
  if (auto s = keyring->Load(); !s) return tl::unexpected(s.error());
  return keyring;
}

Status Keyring::Load() {
  const std::string mine = master_.Fingerprint();
  for (int attempt = 0;; ++attempt) {
    std::vector<KeyRow> rows;
    {
      auto tx = db_.Begin(store::TxMode::kRead);
      if (!tx) return tl::unexpected(tx.error());
      auto r = ReadKeyRows(**tx);
      if (!r) return tl::unexpected(r.error());
      rows = std::move(*r);
    }
    for (const KeyRow& row : rows) {
      if (row.master_key_id != mine) return tl::unexpected(MismatchError(row.master_key_id, mine));
    }
    std::set<std::string_view> missing(std::begin(kPurposes), std::end(kPurposes));
    for (const KeyRow& row : rows) missing.erase(row.purpose);
    if (!missing.empty()) {
      if (attempt > 0) {
        return Fail(ErrorCode::kInternal, "the store's data keys could not be created", "still missing after insert");
      }
      auto tx = db_.Begin(store::TxMode::kWrite);
      if (!tx) return tl::unexpected(tx.error());
      if (auto s = LockKeys(db_, **tx); !s) return s;
      const int64_t now = clock_.NowMillis();
      for (std::string_view purpose : missing) {
        auto key = RandomKey();
        if (!key) return tl::unexpected(key.error());
        auto wrapped = Wrap(master_, purpose, 1, key->span());
        if (!wrapped) return tl::unexpected(wrapped.error());
        // Another process may create it at the same moment: the first wins,
        // and everyone reads the winner back below.
        auto r = (*tx)->Exec(
            "INSERT INTO data_keys (purpose, version, wrapped, master_key_id, created_at, wrapped_at) "
            "VALUES (?, 1, ?, ?, ?, ?) ON CONFLICT DO NOTHING",
            {std::string(purpose), std::move(*wrapped), mine, now, now});
        if (!r) return tl::unexpected(r.error());
      }
      if (auto s = (*tx)->Commit(); !s) return s;
      continue;
    }

    std::map<uint32_t, SecretBytes> field_keys;
    SecretBytes blind;
    std::unique_ptr<SigningKey> signing;
    for (const KeyRow& row : rows) {
      // Every row is unwrapped, known purpose or not, so damage shows now.
      auto key = Unwrap(master_, row.purpose, row.version, row.wrapped);
      if (!key) return tl::unexpected(key.error());
      if (row.purpose == kFieldKeyPurpose) {
        field_keys[row.version] = std::move(*key);
      } else if (row.purpose == kBlindIndexKeyPurpose) {
        blind = std::move(*key);  // rows ascend by version: the last is current
      } else if (row.purpose == kAuditSigningKeyPurpose) {
        auto sk = SigningKey::FromSeed(key->span());
        if (!sk) return tl::unexpected(sk.error());
        signing = std::make_unique<SigningKey>(std::move(*sk));
      }
    }
    field_keys_ = std::move(field_keys);
    blind_index_key_ = std::move(blind);
    signing_key_ = std::move(signing);
    return {};
  }
}

Result<std::vector<DataKeyInfo>> Keyring::List(store::Database& db) {
  auto tx = db.Begin(store::TxMode::kRead);
  if (!tx) return tl::unexpected(tx.error());
  auto rows = (*tx)->Query(
      "SELECT purpose, version, master_key_id, created_at, wrapped_at FROM data_keys ORDER BY purpose, version");
  if (!rows) return tl::unexpected(rows.error());
  std::vector<DataKeyInfo> out;
  for (const store::Row& r : *rows) {
    out.push_back(DataKeyInfo{r.Text(0), static_cast<uint32_t>(r.Int(1)), r.Text(2), r.Int(3), r.Int(4)});
  }
  return out;
}

FieldKey Keyring::CurrentFieldKey() const {
  const auto& [version, key] = *field_keys_.rbegin();
  return FieldKey{version, key.span()};
}

std::optional<FieldKey> Keyring::FieldKeyByVersion(uint32_t version) const {
  auto it = field_keys_.find(version);
  if (it == field_keys_.end()) return std::nullopt;
  return FieldKey{it->first, it->second.span()};
}

std::span<const uint8_t> Keyring::BlindIndexKey() const { return blind_index_key_.span(); }

const SigningKey& Keyring::AuditSigningKey() const { return *signing_key_; }

std::span<const uint8_t> Keyring::AuditPublicKey() const { return signing_key_->public_key(); }

std::string Keyring::AuditKeyId() const { return signing_key_->key_id(); }

Status Keyring::RewrapWithNewMaster(const MasterKey& new_key) {
  if (sodium_memcmp(new_key.bytes().data(), master_.bytes().data(), kMasterKeyBytes) == 0) {
    return Fail(ErrorCode::kInvalidArgument, "the new master key is the same as the current one");
  }
  auto replacement = new_key.Clone();
  if (!replacement) return tl::unexpected(replacement.error());
  const std::string new_id = new_key.Fingerprint();
  auto tx = db_.Begin(store::TxMode::kWrite);
  if (!tx) return tl::unexpected(tx.error());
  if (auto s = LockKeys(db_, **tx); !s) return s;
  auto rows = ReadKeyRows(**tx);
  if (!rows) return tl::unexpected(rows.error());
  const int64_t now = clock_.NowMillis();
  for (const KeyRow& row : *rows) {
    auto key = Unwrap(master_, row.purpose, row.version, row.wrapped);
    if (!key) return tl::unexpected(key.error());
    auto wrapped = Wrap(new_key, row.purpose, row.version, key->span());
    if (!wrapped) return tl::unexpected(wrapped.error());
    auto n = (*tx)->Exec(
        "UPDATE data_keys SET wrapped = ?, master_key_id = ?, wrapped_at = ? WHERE purpose = ? AND version = ?",
        {std::move(*wrapped), new_id, now, row.purpose, int64_t{row.version}});
    if (!n) return tl::unexpected(n.error());
    if (*n != 1) return Fail(ErrorCode::kConflict, "the data keys changed during the rotation; run it again");
  }
  if (auto s = (*tx)->Commit(); !s) return s;
  master_ = std::move(*replacement);
  return {};
}

Status Keyring::AddFieldKeyVersion() {
  {
    auto tx = db_.Begin(store::TxMode::kWrite);
    if (!tx) return tl::unexpected(tx.error());
    if (auto s = LockKeys(db_, **tx); !s) return s;
    auto rows = (*tx)->Query("SELECT MAX(version) FROM data_keys WHERE purpose = ?", {std::string(kFieldKeyPurpose)});
    if (!rows) return tl::unexpected(rows.error());
    const int64_t current = rows->empty() ? 0 : (*rows)[0].Int(0);
    if (current >= int64_t{UINT32_MAX}) return Fail(ErrorCode::kInternal, "no field key version is left");
    const auto next = static_cast<uint32_t>(current + 1);
    auto key = RandomKey();
    if (!key) return tl::unexpected(key.error());
    auto wrapped = Wrap(master_, kFieldKeyPurpose, next, key->span());
    if (!wrapped) return tl::unexpected(wrapped.error());
    const int64_t now = clock_.NowMillis();
    auto r = (*tx)->Exec(
        "INSERT INTO data_keys (purpose, version, wrapped, master_key_id, created_at, wrapped_at) "
        "VALUES (?, ?, ?, ?, ?, ?)",
        {std::string(kFieldKeyPurpose), int64_t{next}, std::move(*wrapped), master_.Fingerprint(), now, now});
    if (!r) return tl::unexpected(r.error());
    if (auto s = (*tx)->Commit(); !s) return s;
  }
  // Reload: also picks up versions other processes may have added.
  return Load();
}

}  // namespace nrm::crypto
