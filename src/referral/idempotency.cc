#include "referral/idempotency.h"

#include <algorithm>

#include "crypto/blind_index.h"

namespace nrm::referral {

namespace {

bool IsKeyChar(char c) {
  return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '-';
}

}  // namespace

Result<IdempotencyClaim> IdempotencyKeys::Claim(const std::string& user_id, std::string_view scope,
                                                std::string_view key, std::string_view canonical_request) const {
  if (key.empty() || key.size() > kMaxIdempotencyKey || !std::all_of(key.begin(), key.end(), IsKeyChar))
    return Fail(ErrorCode::kInvalidArgument, "Idempotency-Key must be 1 to 100 characters of A-Z, a-z, 0-9, _ and -");
  IdempotencyClaim c;
  c.user_id = user_id;
  c.scope = std::string(scope);
  std::string bound = user_id;
  bound.push_back('\0');
  bound.append(scope);
  bound.push_back('\0');
  bound.append(key);
  auto k = crypto::BlindIndex(keyring_, "idempotency_key", bound);
  if (!k) return tl::unexpected(k.error());
  std::string request(scope);
  request.push_back('\0');
  request.append(canonical_request);
  auto r = crypto::BlindIndex(keyring_, "idempotency_request", request);
  if (!r) return tl::unexpected(r.error());
  c.key_hash = std::move(*k);
  c.request_hash = std::move(*r);
  return c;
}

Result<std::optional<std::string>> IdempotencyKeys::Find(const IdempotencyClaim& claim) const {
  auto tx = db_.Begin(store::TxMode::kRead);
  if (!tx) return tl::unexpected(tx.error());
  return FindIn(**tx, claim);
}

Result<std::optional<std::string>> IdempotencyKeys::FindIn(store::Transaction& tx,
                                                           const IdempotencyClaim& claim) const {
  auto rows = tx.Query(
      "SELECT request_hash, resource_id FROM idempotency_keys "
      "WHERE key_hash = ? AND user_id = ? AND scope = ? AND created_at > ?",
      {claim.key_hash, claim.user_id, claim.scope, clock_.NowMillis() - kIdempotencyTtlMs});
  if (!rows) return tl::unexpected(rows.error());
  if (rows->empty()) return std::optional<std::string>();
  if ((*rows)[0].Text(0) != claim.request_hash)
    return Fail(ErrorCode::kConflict, "this Idempotency-Key was already used with a different request");
  return std::optional<std::string>((*rows)[0].Text(1));
}

Status IdempotencyKeys::Record(store::Transaction& tx, const IdempotencyClaim& claim, const std::string& resource_id,
                               int status) const {
  const int64_t now = clock_.NowMillis();
  auto old = tx.Exec("DELETE FROM idempotency_keys WHERE created_at <= ?", {now - kIdempotencyTtlMs});
  if (!old) return tl::unexpected(old.error());
  auto ins = tx.Exec(
      "INSERT INTO idempotency_keys (key_hash, user_id, scope, request_hash, resource_id, status, created_at) "
      "VALUES (?, ?, ?, ?, ?, ?, ?)",
      {claim.key_hash, claim.user_id, claim.scope, claim.request_hash, resource_id, int64_t{status}, now});
  if (!ins) return tl::unexpected(ins.error());
  return {};
}

}  // namespace nrm::referral
