#include "audit/entry.h"

#include <nlohmann/json.hpp>

#include <initializer_list>

namespace nrm::audit {
namespace {

using json = nlohmann::json;

constexpr size_t kMaxString = 1024;
constexpr size_t kMaxDetailValue = 4096;
constexpr size_t kMaxJson = 64 * 1024;
constexpr int64_t kFormatVersion = 1;

// Well-formed UTF-8 (RFC 3629: no overlongs, no surrogates, <= U+10FFFF)
// without NUL.
bool IsCleanUtf8(std::string_view s) {
  size_t i = 0;
  while (i < s.size()) {
    auto c = static_cast<unsigned char>(s[i]);
    if (c == 0) return false;
    if (c < 0x80) {
      ++i;
      continue;
    }
    size_t n;
    uint32_t cp;
    if ((c & 0xE0) == 0xC0) {
      n = 1;
      cp = c & 0x1F;
    } else if ((c & 0xF0) == 0xE0) {
      n = 2;
      cp = c & 0x0F;
    } else if ((c & 0xF8) == 0xF0) {
      n = 3;
      cp = c & 0x07;
    } else {
      return false;
    }
    if (s.size() - i < n + 1) return false;  // truncated sequence
    for (size_t k = 1; k <= n; ++k) {
      auto cc = static_cast<unsigned char>(s[i + k]);
      if ((cc & 0xC0) != 0x80) return false;
      cp = cp << 6 | (cc & 0x3F);
    }
    static const uint32_t kMin[] = {0, 0x80, 0x800, 0x10000};
    if (cp < kMin[n] || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return false;
    i += n + 1;
  }
  return true;
}

bool AllOf(std::string_view s, size_t min, size_t max, bool (*ok)(char)) {
  if (s.size() < min || s.size() > max) return false;
  for (char c : s) {
    if (!ok(c)) return false;
  }
  return true;
}

bool LowerAlnum(char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_'; }
bool ActionChar(char c) { return LowerAlnum(c) || c == '.'; }
bool DetailKeyChar(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '.' || c == '-';
}

tl::unexpected<Error> Invalid(const std::string& what) {
  return Fail(ErrorCode::kInvalidArgument, "invalid audit entry: " + what);
}

Status CheckText(std::string_view value, const char* name, size_t max = kMaxString) {
  if (value.size() > max) return Invalid(std::string(name) + " is too long");
  if (!IsCleanUtf8(value)) return Invalid(std::string(name) + " is not valid UTF-8 text");
  return {};
}

json ToJson(const Entry& e, int64_t seq, int64_t ts) {
  json j = json::object();
  j["action"] = e.action;
  j["actor_agency_id"] = e.actor_agency_id;
  j["actor_user_id"] = e.actor_user_id;
  json detail = json::object();
  for (const auto& [k, v] : e.detail) detail[k] = v;
  j["detail"] = std::move(detail);
  j["field_classes"] = e.field_classes;
  j["grant_ids"] = e.grant_ids;
  j["object_id"] = e.object_id;
  j["object_type"] = e.object_type;
  j["outcome"] = e.outcome;
  j["purpose"] = e.purpose;
  j["request_id"] = e.request_id;
  j["seq"] = seq;
  j["ts"] = ts;
  j["v"] = kFormatVersion;
  return j;
}

const std::initializer_list<const char*> kStringMembers = {
    "action", "actor_agency_id", "actor_user_id", "object_id", "object_type", "outcome", "purpose", "request_id"};

}  // namespace

Status ValidateEntry(const Entry& e) {
  if (!AllOf(e.action, 1, 64, ActionChar)) return Invalid("action must be 1..64 of [a-z0-9_.]");
  if (e.outcome != kOutcomeAllow && e.outcome != kOutcomeDeny) return Invalid("outcome must be allow or deny");
  for (const auto& [value, name] :
       {std::pair{&e.actor_user_id, "actor_user_id"}, std::pair{&e.actor_agency_id, "actor_agency_id"},
        std::pair{&e.object_type, "object_type"}, std::pair{&e.object_id, "object_id"},
        std::pair{&e.purpose, "purpose"}, std::pair{&e.request_id, "request_id"}}) {
    if (auto s = CheckText(*value, name); !s) return s;
  }
  for (const auto& fc : e.field_classes) {
    if (!AllOf(fc, 1, 32, LowerAlnum)) return Invalid("field classes must be 1..32 of [a-z0-9_]");
  }
  for (const auto& g : e.grant_ids) {
    if (auto s = CheckText(g, "grant id"); !s) return s;
  }
  for (const auto& [k, v] : e.detail) {
    if (!AllOf(k, 1, 64, DetailKeyChar)) return Invalid("detail keys must be 1..64 of [A-Za-z0-9_.-]");
    if (auto s = CheckText(v, "detail value", kMaxDetailValue); !s) return s;
  }
  return {};
}

Result<std::string> CanonicalJson(const Entry& entry, int64_t seq, int64_t ts) {
  if (auto s = ValidateEntry(entry); !s) return tl::unexpected(s.error());
  // nlohmann's default object is a std::map: members come out sorted by key
  // bytes. dump() with no indent writes no whitespace; ensure_ascii=false
  // keeps UTF-8 as is and escapes exactly as the header says.
  std::string out = ToJson(entry, seq, ts).dump(-1, ' ', /*ensure_ascii=*/false, json::error_handler_t::strict);
  if (out.size() > kMaxJson) return Invalid("the entry is too large");
  return out;
}

Result<StoredEntry> ParseEntryJson(std::string_view text) {
  json j = json::parse(text.begin(), text.end(), nullptr, /*allow_exceptions=*/false);
  if (j.is_discarded() || !j.is_object()) return Invalid("not a JSON object");
  if (j.size() != 14) return Invalid("unexpected or missing members");
  for (const char* key : kStringMembers) {
    auto it = j.find(key);
    if (it == j.end() || !it->is_string()) {
      return Invalid(std::string("member ") + key + " missing or not a string");
    }
  }
  for (const char* key : {"seq", "ts", "v"}) {
    auto it = j.find(key);
    if (it == j.end() || !it->is_number_integer()) {
      return Invalid(std::string("member ") + key + " missing or not an integer");
    }
  }
  for (const char* key : {"field_classes", "grant_ids"}) {
    auto it = j.find(key);
    if (it == j.end() || !it->is_array()) {
      return Invalid(std::string("member ") + key + " missing or not an array");
    }
    for (const auto& v : *it) {
      if (!v.is_string()) return Invalid(std::string(key) + " holds a non-string");
    }
  }
  auto detail = j.find("detail");
  if (detail == j.end() || !detail->is_object()) {
    return Invalid("member detail missing or not an object");
  }
  for (const auto& [k, v] : detail->items()) {
    if (!v.is_string()) return Invalid("detail holds a non-string");
  }
  if (j["v"].get<int64_t>() != kFormatVersion) return Invalid("unknown format version");

  StoredEntry out;
  out.seq = j["seq"].get<int64_t>();
  out.ts = j["ts"].get<int64_t>();
  Entry& e = out.entry;
  e.action = j["action"].get<std::string>();
  e.actor_agency_id = j["actor_agency_id"].get<std::string>();
  e.actor_user_id = j["actor_user_id"].get<std::string>();
  e.object_id = j["object_id"].get<std::string>();
  e.object_type = j["object_type"].get<std::string>();
  e.outcome = j["outcome"].get<std::string>();
  e.purpose = j["purpose"].get<std::string>();
  e.request_id = j["request_id"].get<std::string>();
  e.field_classes = j["field_classes"].get<std::vector<std::string>>();
  e.grant_ids = j["grant_ids"].get<std::vector<std::string>>();
  for (const auto& [k, v] : detail->items()) e.detail[k] = v.get<std::string>();
  if (auto s = ValidateEntry(e); !s) return tl::unexpected(s.error());
  return out;
}

std::string JoinFieldClasses(const std::vector<std::string>& field_classes) {
  if (field_classes.empty()) return "";
  std::string out = ",";
  for (const auto& fc : field_classes) out += fc + ",";
  return out;
}

}  // namespace nrm::audit
