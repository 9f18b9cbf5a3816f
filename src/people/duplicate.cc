// The duplicate check: blind-indexed name skeletons plus birth year over all
// persons; the answer names the holding agency and nothing else.
#include <sodium.h>

#include <algorithm>
#include <map>
#include <set>

#include "crypto/blind_index.h"
#include "directory/capabilities.h"
#include "directory/lookup.h"
#include "people/service.h"
#include "text/name_skeleton.h"
#include "text/normalize.h"

namespace nrm::people {

namespace {

constexpr size_t kMaxNames = 10;
constexpr size_t kMaxNameBytes = 200;
constexpr size_t kMaxMatches = 20;
constexpr int64_t kTokenTtlMs = 24LL * 3600'000;
constexpr const char* kTokenPrefix = "m_";

std::string Hex(const unsigned char* p, size_t n) {
  static const char* k = "0123456789abcdef";
  std::string out;
  for (size_t i = 0; i < n; ++i) {
    out += k[p[i] >> 4];
    out += k[p[i] & 15];
  }
  return out;
}

std::string NewMatchToken() {
  unsigned char raw[24];
  randombytes_buf(raw, sizeof raw);
  return kTokenPrefix + Hex(raw, sizeof raw);
}

std::string Placeholders(size_t n) {
  std::string s;
  for (size_t i = 0; i < n; ++i) s += i ? ", ?" : "?";
  return s;
}

}  // namespace

std::string MatchTokenHash(const std::string& token) {
  unsigned char h[32];
  crypto_generichash(h, sizeof h, reinterpret_cast<const unsigned char*>(token.data()), token.size(), nullptr, 0);
  return Hex(h, sizeof h);
}

bool LooksLikeMatchToken(const std::string& key) {
  return key.size() == 50 && key.rfind(kTokenPrefix, 0) == 0 &&
         key.find_first_not_of("0123456789abcdef", 2) == std::string::npos;
}

Result<std::vector<PossibleMatch>> PersonService::CheckDuplicates(const directory::Principal& who,
                                                                  const DuplicateQuery& q,
                                                                  const std::string& request_id) {
  auto tx = db_.Begin(store::TxMode::kWrite);
  if (!tx) return tl::unexpected(tx.error());
  auto out = CheckDuplicatesIn(**tx, who, q, request_id);
  if (!out) return out;
  if (auto s = (*tx)->Commit(); !s) return tl::unexpected(s.error());
  tx->reset();  // the threshold check opens its own write transaction
  if (auto s = access_.NoteDuplicateCheck(who, kDuplicateCheckAction); !s) return tl::unexpected(s.error());
  return out;
}

Result<std::vector<PossibleMatch>> PersonService::CheckDuplicatesIn(store::Transaction& tx,
                                                                    const directory::Principal& who,
                                                                    const DuplicateQuery& q,
                                                                    const std::string& request_id) {
  if (!who.Can(directory::kReferralsCreate) && !who.Can(directory::kScreeningCreate) &&
      !who.Can(directory::kPersonsCreate))
    return Fail(ErrorCode::kPermissionDenied, "your role does not allow duplicate checks");
  if (q.names.empty() || q.names.size() > kMaxNames)
    return Fail(ErrorCode::kInvalidArgument, "give 1 to " + std::to_string(kMaxNames) + " names");
  if (q.birth_year && (*q.birth_year < 1900 || *q.birth_year > 2100))
    return Fail(ErrorCode::kInvalidArgument, "birth_year must be 1900..2100");
  std::set<std::string> tokens;
  for (const auto& raw : q.names) {
    auto name = text::NormalizeUserText(raw);
    if (!name) return Fail(ErrorCode::kInvalidArgument, "names: " + name.error().message);
    if (name->size() > kMaxNameBytes)
      return Fail(ErrorCode::kInvalidArgument, "a name is longer than " + std::to_string(kMaxNameBytes) + " bytes");
    for (const auto& t : text::NameSkeletonTokens(*name)) {
      auto b = crypto::BlindIndex(keyring_, "name_token", t);
      if (!b) return tl::unexpected(b.error());
      tokens.insert(*b);
    }
  }
  if (tokens.empty()) return Fail(ErrorCode::kInvalidArgument, "the names hold no letters to search for");

  // Candidates: persons holding at least two of the tokens (or the only one).
  const int64_t need = std::min<int64_t>(2, static_cast<int64_t>(tokens.size()));
  std::vector<store::Value> params;
  params.reserve(tokens.size() + 1);
  for (const auto& t : tokens) params.emplace_back(t);
  params.emplace_back(need);
  auto rows = tx.Query("SELECT person_id FROM person_index WHERE kind = 'name' AND token IN (" +
                           Placeholders(tokens.size()) + ") GROUP BY person_id HAVING COUNT(DISTINCT token) >= ?",
                       params);
  if (!rows) return tl::unexpected(rows.error());
  std::vector<std::string> ids;
  for (const auto& r : *rows) ids.push_back(r.Text(0));

  if (q.birth_year && !ids.empty()) {
    auto year = BirthYearToken(*q.birth_year);
    if (!year) return tl::unexpected(year.error());
    std::vector<store::Value> p(ids.begin(), ids.end());
    auto years = tx.Query(
        "SELECT person_id, token FROM person_index WHERE kind IN ('birth_year', 'birth_year_est') "
        "AND person_id IN (" +
            Placeholders(ids.size()) + ")",
        p);
    if (!years) return tl::unexpected(years.error());
    std::set<std::string> dated, same;
    for (const auto& r : *years) {
      dated.insert(r.Text(0));
      if (r.Text(1) == *year) same.insert(r.Text(0));
    }
    std::erase_if(ids, [&](const std::string& id) { return dated.count(id) && !same.count(id); });
  }

  std::vector<PossibleMatch> out;
  std::vector<std::string> matched;
  if (!ids.empty()) {
    std::vector<store::Value> p(ids.begin(), ids.end());
    auto owners = tx.Query("SELECT id, owner_agency_id FROM persons WHERE id IN (" + Placeholders(ids.size()) + ")", p);
    if (!owners) return tl::unexpected(owners.error());
    // The holding agency of each match, in agency-code then person-id order,
    // at most kMaxMatches of them.
    std::map<std::string, directory::Agency> agencies;
    std::vector<std::pair<std::string, const directory::Agency*>> held;
    for (const auto& r : *owners) {
      auto it = agencies.find(r.Text(1));
      if (it == agencies.end()) {
        auto agency = directory::AgencyById(tx, r.Text(1));
        if (!agency) return tl::unexpected(agency.error());
        if (!*agency) continue;
        it = agencies.emplace(r.Text(1), std::move(**agency)).first;
      }
      held.emplace_back(r.Text(0), &it->second);
    }
    std::sort(held.begin(), held.end(), [](const auto& a, const auto& b) {
      return a.second->code != b.second->code ? a.second->code < b.second->code : a.first < b.first;
    });
    if (held.size() > kMaxMatches) held.resize(kMaxMatches);
    const int64_t now = clock_.NowMillis();
    for (const auto& [person_id, agency] : held) {
      PossibleMatch m;
      m.agency_id = agency->id;
      m.agency_code = agency->code;
      m.agency_name = agency->name;
      m.match_token = NewMatchToken();
      auto ins = tx.Exec(
          "INSERT INTO person_match_tokens (token_hash, person_id, user_id, created_at, expires_at) "
          "VALUES (?, ?, ?, ?, ?)",
          {MatchTokenHash(m.match_token), person_id, who.user_id, now, now + kTokenTtlMs});
      if (!ins) return tl::unexpected(ins.error());
      matched.push_back(person_id);
      out.push_back(std::move(m));
    }
    // Old tokens go as new ones come; nothing else reads them once expired.
    if (auto d = tx.Exec("DELETE FROM person_match_tokens WHERE expires_at < ?", {now}); !d)
      return tl::unexpected(d.error());
  }

  audit::Entry e;
  e.action = kDuplicateCheckAction;
  e.actor_user_id = who.user_id;
  e.actor_agency_id = who.agency_id;
  e.object_type = kObjectType;
  e.request_id = request_id;
  e.detail = {{"names", std::to_string(q.names.size())},
              {"birth_year", q.birth_year ? "given" : "not_given"},
              {"matches", std::to_string(out.size())}};
  if (auto s = access_.audit().Append(tx, e); !s) return tl::unexpected(s.error());
  for (const auto& id : matched) {
    audit::Entry m;
    m.action = "person.duplicate_match";
    m.actor_user_id = who.user_id;
    m.actor_agency_id = who.agency_id;
    m.object_type = kObjectType;
    m.object_id = id;
    m.request_id = request_id;
    m.detail = {{"disclosed", "holding agency"}};
    if (auto s = access_.audit().Append(tx, m); !s) return tl::unexpected(s.error());
  }
  return out;
}

}  // namespace nrm::people
