// The person's photo: one image, sealed at rest like the field groups, under
// the identity class's rules.
#include "crypto/field_cipher.h"
#include "people/service.h"

namespace nrm::people {

namespace {

constexpr const char* kTable = "persons";
constexpr const char* kColumn = "photo_sealed";

}  // namespace

std::string PhotoMediaType(const std::string& b) {
  // JPEG: SOI marker FF D8 FF. PNG: the 8-byte signature.
  if (b.size() >= 3 && static_cast<unsigned char>(b[0]) == 0xFF && static_cast<unsigned char>(b[1]) == 0xD8 &&
      static_cast<unsigned char>(b[2]) == 0xFF)
    return "image/jpeg";
  static const std::string png("\x89PNG\r\n\x1a\n", 8);
  if (b.size() >= 8 && b.compare(0, 8, png) == 0) return "image/png";
  return "";
}

Status CheckPhoto(const std::string& bytes) {
  if (bytes.empty()) return Fail(ErrorCode::kInvalidArgument, "the photo is empty");
  if (bytes.size() > kMaxPhotoBytes)
    return Fail(ErrorCode::kPayloadTooLarge,
                "a photo may be at most " + std::to_string(kMaxPhotoBytes / 1024) + " KiB");
  if (PhotoMediaType(bytes).empty())
    return Fail(ErrorCode::kUnsupportedMediaType, "a photo must be a JPEG or PNG image");
  return {};
}

Status PersonService::SetPhotoIn(store::Transaction& tx, const directory::Principal& who, const std::string& id,
                                 const std::string& bytes, const std::string& request_id) {
  if (auto s = CheckPhoto(bytes); !s) return s;
  auto d = access_.policy().Decide(tx, who, kObjectType, id, "edit");
  if (!d) return tl::unexpected(d.error());
  if (!d->allowed || !d->fields.count(access::FieldClass::kIdentity))
    return Fail(ErrorCode::kPermissionDenied, "you may not set this record's photo");
  auto blob = crypto::Seal(keyring_, kTable, kColumn, id, bytes);
  if (!blob) return tl::unexpected(blob.error());
  auto u = tx.Exec("UPDATE persons SET photo_sealed = ?, updated_at = ? WHERE id = ?",
                   {std::move(*blob), clock_.NowMillis(), id});
  if (!u) return tl::unexpected(u.error());
  if (*u != 1) return Fail(ErrorCode::kNotFound, "no such record");
  audit::Entry e;
  e.action = "person.photo_set";
  e.actor_user_id = who.user_id;
  e.actor_agency_id = who.agency_id;
  e.object_type = kObjectType;
  e.object_id = id;
  e.field_classes = {"identity"};
  e.grant_ids = d->relation_ids;
  e.request_id = request_id;
  return access_.audit().Append(tx, e);
}

Result<Person> PersonService::SetPhoto(const directory::Principal& who, const std::string& id, int64_t version,
                                       const std::string& bytes, const std::string& request_id) {
  if (auto s = CheckPhoto(bytes); !s) return tl::unexpected(s.error());
  auto tx = db_.Begin(store::TxMode::kWrite);
  if (!tx) return tl::unexpected(tx.error());
  auto& t = **tx;
  auto d = access_.policy().Decide(t, who, kObjectType, id, "edit");
  if (!d) return tl::unexpected(d.error());
  if (!d->allowed || !d->fields.count(access::FieldClass::kIdentity)) {
    auto view = access_.policy().Decide(t, who, kObjectType, id, "view");
    tx->reset();
    (void)access_.AuditDenied(who, kObjectType, id, "edit", request_id);
    if (view && view->allowed) return Fail(ErrorCode::kPermissionDenied, "you may not change this record's identity");
    return Fail(ErrorCode::kNotFound, "no such record");
  }
  auto blob = crypto::Seal(keyring_, kTable, kColumn, id, bytes);
  if (!blob) return tl::unexpected(blob.error());
  auto u =
      t.Exec("UPDATE persons SET photo_sealed = ?, updated_at = ?, version = version + 1 WHERE id = ? AND version = ?",
             {std::move(*blob), clock_.NowMillis(), id, version});
  if (!u) return tl::unexpected(u.error());
  if (*u == 0) return Fail(ErrorCode::kConflict, "the record was changed by someone else; reload and try again");
  audit::Entry e;
  e.action = "person.photo_set";
  e.actor_user_id = who.user_id;
  e.actor_agency_id = who.agency_id;
  e.object_type = kObjectType;
  e.object_id = id;
  e.field_classes = {"identity"};
  e.grant_ids = d->relation_ids;
  e.request_id = request_id;
  if (auto s = access_.audit().Append(t, e); !s) return tl::unexpected(s.error());
  auto person = Load(t, id, *d);
  if (!person) return person;
  if (auto s = t.Commit(); !s) return tl::unexpected(s.error());
  if (auto s = access_.AuditRead(who, kObjectType, id, *d, request_id); !s) return tl::unexpected(s.error());
  return person;
}

Result<Photo> PersonService::GetPhoto(const directory::Principal& who, const std::string& id,
                                      const std::string& request_id) {
  access::Decision decision;
  std::optional<store::Blob> sealed;
  {
    auto tx = db_.Begin(store::TxMode::kRead);
    if (!tx) return tl::unexpected(tx.error());
    auto d = access_.policy().Decide(**tx, who, kObjectType, id, "view");
    if (!d) return tl::unexpected(d.error());
    decision = *d;
    if (decision.allowed && decision.fields.count(access::FieldClass::kIdentity)) {
      auto rows = (*tx)->Query("SELECT photo_sealed FROM persons WHERE id = ?", {id});
      if (!rows) return tl::unexpected(rows.error());
      if (!rows->empty() && !(*rows)[0].IsNull(0)) sealed = (*rows)[0].Bytes(0);
    }
  }
  if (!decision.allowed || !decision.fields.count(access::FieldClass::kIdentity)) {
    if (auto s = access_.AuditDenied(who, kObjectType, id, "view", request_id); !s) return tl::unexpected(s.error());
    return Fail(ErrorCode::kNotFound, "no such photo");
  }
  if (!sealed) return Fail(ErrorCode::kNotFound, "no such photo");
  auto bytes = crypto::Open(keyring_, kTable, kColumn, id, *sealed);
  if (!bytes) return tl::unexpected(bytes.error());
  // Durable before the image leaves; the read is of the identity class only.
  access::Decision identity_only = decision;
  identity_only.fields = {access::FieldClass::kIdentity};
  if (auto s = access_.AuditRead(who, kObjectType, id, identity_only, request_id); !s) return tl::unexpected(s.error());
  return Photo{PhotoMediaType(*bytes), std::move(*bytes)};
}

}  // namespace nrm::people
