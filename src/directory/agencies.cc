// Agencies: the registry of the NAP's bodies, loaded from data/agencies.json.
#include <map>

#include <nlohmann/json.hpp>

#include "core/ids.h"
#include "directory/lookup.h"
#include "directory/service.h"

namespace nrm::directory {

namespace {

using store::Value;

Agency AgencyFromRow(const store::Row& r) {
  Agency a;
  a.id = r.Text(0);
  a.code = r.Text(1);
  a.kind = r.Text(2);
  a.parent_id = r.OptText(3);
  a.name = {r.Text(4), r.Text(5), r.Text(6)};
  a.short_name = {r.Text(7), r.Text(8), r.Text(9)};
  a.active = r.Int(10) != 0;
  a.version = r.Int(11);
  return a;
}

constexpr const char* kAgencyColumns =
    "id, code, kind, parent_id, name_az, name_en, name_ru, short_az, short_en, short_ru, active, "
    "version";

Result<LocalizedText> ReadLocalized(const nlohmann::json& j, const char* field, const std::string& code,
                                    bool required) {
  LocalizedText t;
  if (!j.contains(field)) {
    if (required) return Fail(ErrorCode::kInvalidArgument, "agency " + code + ": missing " + field);
    return t;
  }
  const auto& o = j.at(field);
  if (!o.is_object()) return Fail(ErrorCode::kInvalidArgument, "agency " + code + ": " + field + " must be an object");
  auto get = [&](const char* lang, std::string& out) -> Status {
    if (!o.contains(lang) || !o.at(lang).is_string() || o.at(lang).get<std::string>().empty()) {
      if (!required) return {};
      return Fail(ErrorCode::kInvalidArgument, "agency " + code + ": " + field + "." + lang + " is missing");
    }
    out = o.at(lang).get<std::string>();
    return {};
  };
  if (auto s = get("az", t.az); !s) return tl::unexpected(s.error());
  if (auto s = get("en", t.en); !s) return tl::unexpected(s.error());
  if (auto s = get("ru", t.ru); !s) return tl::unexpected(s.error());
  return t;
}

}  // namespace

Status Directory::ImportAgencies(const std::string& json_text) {
  nlohmann::json doc = nlohmann::json::parse(json_text, nullptr, /*allow_exceptions=*/false);
  if (doc.is_discarded() || !doc.is_object() || !doc.contains("agencies") || !doc["agencies"].is_array())
    return Fail(ErrorCode::kInvalidArgument, "agency file is not valid: expected an object with an \"agencies\" array");

  struct Parsed {
    std::string code, kind, parent;
    LocalizedText name, short_name;
  };
  std::vector<Parsed> parsed;
  std::map<std::string, bool> codes;
  for (const auto& a : doc["agencies"]) {
    if (!a.is_object() || !a.contains("code") || !a["code"].is_string() || !a.contains("kind") ||
        !a["kind"].is_string())
      return Fail(ErrorCode::kInvalidArgument, "agency file: every agency needs a code and a kind");
    Parsed p;
    p.code = a["code"].get<std::string>();
    p.kind = a["kind"].get<std::string>();
    if (codes.count(p.code)) return Fail(ErrorCode::kInvalidArgument, "agency file: duplicate code " + p.code);
    codes[p.code] = true;
    if (a.contains("parent") && a["parent"].is_string()) p.parent = a["parent"].get<std::string>();
    auto name = ReadLocalized(a, "name", p.code, true);
    if (!name) return tl::unexpected(name.error());
    auto short_name = ReadLocalized(a, "short", p.code, false);
    if (!short_name) return tl::unexpected(short_name.error());
    p.name = *name;
    p.short_name = *short_name;
    parsed.push_back(std::move(p));
  }
  for (const auto& p : parsed)
    if (!p.parent.empty() && !codes.count(p.parent))
      return Fail(ErrorCode::kInvalidArgument, "agency " + p.code + ": unknown parent " + p.parent);

  auto tx = db_.Begin(store::TxMode::kWrite);
  if (!tx) return tl::unexpected(tx.error());
  auto& t = **tx;
  const int64_t now = clock_.NowMillis();
  std::map<std::string, std::string> ids;  // code -> id
  for (const auto& p : parsed) {
    auto rows = t.Query("SELECT id FROM agencies WHERE code = ?", {p.code});
    if (!rows) return tl::unexpected(rows.error());
    if (rows->empty()) {
      const std::string id = NewUuidV7(clock_);
      auto r = t.Exec(
          "INSERT INTO agencies (id, code, kind, name_az, name_en, name_ru, short_az, short_en, short_ru, "
          "active, version, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 1, 1, ?, ?)",
          {id, p.code, p.kind, p.name.az, p.name.en, p.name.ru, p.short_name.az, p.short_name.en, p.short_name.ru, now,
           now});
      if (!r) return tl::unexpected(r.error());
      ids[p.code] = id;
    } else {
      ids[p.code] = (*rows)[0].Text(0);
      auto r = t.Exec(
          "UPDATE agencies SET kind = ?, name_az = ?, name_en = ?, name_ru = ?, short_az = ?, short_en = ?, "
          "short_ru = ?, version = version + 1, updated_at = ? WHERE code = ? AND (kind <> ? OR name_az <> ? "
          "OR name_en <> ? OR name_ru <> ? OR short_az <> ? OR short_en <> ? OR short_ru <> ?)",
          {p.kind, p.name.az, p.name.en, p.name.ru, p.short_name.az, p.short_name.en, p.short_name.ru, now, p.code,
           p.kind, p.name.az, p.name.en, p.name.ru, p.short_name.az, p.short_name.en, p.short_name.ru});
      if (!r) return tl::unexpected(r.error());
    }
  }
  for (const auto& p : parsed) {
    Value parent = p.parent.empty() ? Value(store::Null{}) : Value(ids[p.parent]);
    auto r = t.Exec("UPDATE agencies SET parent_id = ? WHERE code = ?", {parent, p.code});
    if (!r) return tl::unexpected(r.error());
  }
  return t.Commit();
}

Result<std::vector<Agency>> ListAgencies(store::Transaction& tx) {
  auto rows = tx.Query(std::string("SELECT ") + kAgencyColumns + " FROM agencies ORDER BY code");
  if (!rows) return tl::unexpected(rows.error());
  std::vector<Agency> out;
  out.reserve(rows->size());
  for (const auto& r : *rows) out.push_back(AgencyFromRow(r));
  return out;
}

Result<std::optional<Agency>> AgencyById(store::Transaction& tx, const std::string& agency_id) {
  auto rows = tx.Query(std::string("SELECT ") + kAgencyColumns + " FROM agencies WHERE id = ?", {agency_id});
  if (!rows) return tl::unexpected(rows.error());
  if (rows->empty()) return std::optional<Agency>();
  return std::optional<Agency>(AgencyFromRow((*rows)[0]));
}

Result<std::vector<Agency>> Directory::ListAgencies() {
  auto tx = db_.Begin(store::TxMode::kRead);
  if (!tx) return tl::unexpected(tx.error());
  return directory::ListAgencies(**tx);
}

Result<std::string> Directory::AgenciesVersion() {
  auto tx = db_.Begin(store::TxMode::kRead);
  if (!tx) return tl::unexpected(tx.error());
  auto rows = (*tx)->Query("SELECT COUNT(*), COALESCE(MAX(updated_at), 0), COALESCE(SUM(version), 0) FROM agencies");
  if (!rows) return tl::unexpected(rows.error());
  const auto& r = (*rows)[0];
  return std::to_string(r.Int(0)) + ":" + std::to_string(r.Int(1)) + ":" + std::to_string(r.Int(2));
}

Result<Agency> Directory::FindAgency(const std::string& id_or_code) {
  auto tx = db_.Begin(store::TxMode::kRead);
  if (!tx) return tl::unexpected(tx.error());
  auto rows = (*tx)->Query(std::string("SELECT ") + kAgencyColumns + " FROM agencies WHERE id = ? OR code = ?",
                           {id_or_code, id_or_code});
  if (!rows) return tl::unexpected(rows.error());
  if (rows->empty()) return Fail(ErrorCode::kNotFound, "no such agency");
  return AgencyFromRow((*rows)[0]);
}

}  // namespace nrm::directory
