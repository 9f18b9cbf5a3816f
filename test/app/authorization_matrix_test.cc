// The need-to-know authorization matrix, generated from the schema's object
// states and the role catalogue: every role x every object state x every
// action, through the real routes (direct read, list, search, edit, history,
// assignment), on SQLite and on PostgreSQL. The expected answer comes from an
// oracle written here from MISSION.md's rules, not from the policy code.
//
// It also fails when a route is added that this file does not classify:
// every endpoint must either be covered by the matrix or be declared free of
// personal data below.
#include <algorithm>
#include <map>
#include <set>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "app/application.h"
#include "crypto/keyring.h"
#include "crypto/password.h"
#include "crypto/totp.h"
#include "directory/roles.h"
#include "store/store_fixture.h"

namespace nrm::app {
namespace {

using access::FieldClass;
using nlohmann::json;

// Routes that carry personal data and are exercised by the matrix.
const std::set<std::string> kMatrixRoutes = {
    "GET /api/v1/persons",
    "POST /api/v1/persons/search",
    "GET /api/v1/persons/{id}",
    "PATCH /api/v1/persons/{id}",
    "GET /api/v1/persons/{id}/access-history",
    "POST /api/v1/persons/{id}/assignments",
};
// Routes that create or govern access and are tested in access_api tests;
// or carry no personal data at all.
const std::set<std::string> kOtherRoutes = {
    "GET /healthz", "GET /readyz", "GET /metrics", "GET /api/v1/openapi.json", "POST /api/v1/session",
    "GET /api/v1/session", "DELETE /api/v1/session", "GET /api/v1/sessions", "DELETE /api/v1/sessions/{id}",
    "GET /api/v1/agencies", "GET /api/v1/roles", "GET /api/v1/users", "POST /api/v1/users", "PATCH /api/v1/users/{id}",
    "POST /api/v1/persons",  // creation: the creator is the assignee (covered by every state's setup)
    "POST /api/v1/persons/{id}/break-glass", "POST /api/v1/information-requests", "GET /api/v1/information-requests",
    "POST /api/v1/information-requests/{id}/approve", "POST /api/v1/information-requests/{id}/refuse",
    "POST /api/v1/information-requests/{id}/withdraw", "GET /api/v1/grants", "POST /api/v1/grants/{id}/revoke",
    "GET /api/v1/alerts", "POST /api/v1/alerts/{id}/acknowledge",
    // Referral (issue 4): who may see and change a referral, consent or
    // screening is tested role by role in test/app/referral_matrix_test.cc
    // (every role, both backends), test/referral and test/api/referral.test.mjs;
    // the persons they open are read through GET /api/v1/persons/{id}.
    "POST /api/v1/screenings", "GET /api/v1/screenings/{id}", "POST /api/v1/referrals", "GET /api/v1/referrals",
    "GET /api/v1/referrals/{id}", "GET /api/v1/referrals/{id}/attachments/{attachment_id}",
    "POST /api/v1/referrals/{id}/acknowledge", "POST /api/v1/referrals/{id}/accept",
    "POST /api/v1/referrals/{id}/decline", "POST /api/v1/referrals/{id}/revoke", "POST /api/v1/referrals/{id}/close",
    "POST /api/v1/consents", "GET /api/v1/consents", "POST /api/v1/consents/{id}/withdraw",
    // people/ (issue 4): the duplicate check reads no record (it names the
    // holding agency only; capability and disclosure tested in
    // test/people/duplicate_test.cc and test/api/duplicate.test.mjs); the
    // photo follows the identity class of GET /api/v1/persons/{id}
    // (test/people/identity_test.cc).
    "POST /api/v1/persons/duplicate-check", "GET /api/v1/persons/{id}/photo", "PUT /api/v1/persons/{id}/photo",
    "GET /api/v1/persons/picklists",  // reference data (value lists), no personal data
};

// The Coordinator's desk (issue 5) and the inbox hold no victim's personal
// data: their routes are not person reads, and their own rules (each agency
// edits its own tasks, donors see only their pledges, a user reads only their
// own notices) are tested in test/plan, test/partners, test/notify and
// test/api. Classified by prefix so the desk can grow without touching this file.
const std::vector<std::string> kNoPersonalDataPrefixes = {
    "/api/v1/plans",   "/api/v1/tasks",     "/api/v1/meetings",      "/api/v1/findings",   "/api/v1/needs",
    "/api/v1/donors",  "/api/v1/pledges",   "/api/v1/deliveries",    "/api/v1/training",   "/api/v1/awareness",
    "/api/v1/reports", "/api/v1/dashboard", "/api/v1/notifications", "/api/v1/indicators",
};
bool HoldsNoPersonalData(const std::string& pattern) {
  return std::any_of(kNoPersonalDataPrefixes.begin(), kNoPersonalDataPrefixes.end(),
                     [&](const std::string& p) { return pattern.rfind(p, 0) == 0; });
}

enum class State {
  kOwnAgency,
  kOtherAgency,
  kAssigned,
  kReferred,
  kGranted,
  kGrantExpired,
  kGrantRevoked,
  kBreakGlass
};
const std::vector<std::pair<State, const char*>> kStates = {
    {State::kOwnAgency, "own-agency"},
    {State::kOtherAgency, "other-agency"},
    {State::kAssigned, "assigned"},
    {State::kReferred, "referred"},
    {State::kGranted, "granted"},
    {State::kGrantExpired, "grant-expired"},
    {State::kGrantRevoked, "grant-revoked"},
    {State::kBreakGlass, "break-glass"},
};

using Mask = std::set<std::string>;
const Mask kAll = {"reference", "detail", "identity", "contact", "location", "health", "investigation"};

// The oracle: MISSION.md's need-to-know rules, independently of the policy.
struct Expected {
  bool view;
  Mask fields;
  bool edit;
  bool history;
  bool assign;
};
Expected Oracle(State s, const std::set<std::string>& caps) {
  const bool supervisor = caps.count("cases.supervise") > 0;
  Expected e{false, {}, false, false, false};
  switch (s) {
    case State::kOwnAgency:
      if (supervisor) e = {true, kAll, true, true, true};
      break;
    case State::kAssigned: e = {true, kAll, true, true, false}; break;
    case State::kReferred: e = {true, {"reference", "identity", "contact"}, false, false, false}; break;
    case State::kGranted: e = {true, {"reference", "identity"}, false, false, false}; break;
    case State::kBreakGlass: e = {true, kAll, false, false, false}; break;
    default: break;  // other agency, expired or revoked grants: nothing
  }
  // The access history is for the record's holders and oversight, not for
  // everyone who was shown a field of it.
  if (caps.count("oversight.view")) e.history = true;
  return e;
}

// Which agency each role's user belongs to (as in the demo).
std::string AgencyOf(const std::string& role) {
  static const std::map<std::string, std::string> m = {
      {"coordinator", "coordinator"},    {"spu_investigator", "spu"},
      {"spu_supervisor", "spu"},         {"border_officer", "border"},
      {"police_liaison", "police"},      {"hotline_operator", "hotline"},
      {"shelter_staff", "shelter"},      {"ngo_caseworker", "ngo_assistance"},
      {"ministry_focal", "labour"},      {"donor", "donors"},
      {"analyst", "coordinator"},        {"admin", "coordinator"},
      {"oversight_officer", "ombudsman"}};
  auto it = m.find(role);
  return it == m.end() ? "coordinator" : it->second;
}

class AuthorizationMatrix : public store::testing::StoreTest {
 protected:
  void SetUp() override {
    StoreTest::SetUp();
    if (IsSkipped() || HasFatalFailure()) return;
    crypto::SetPasswordHashCostForTests(true);
    Config config;
    config.data_dir = std::filesystem::temp_directory_path().string();
    config.store_url = Url();
    key_dir_ = std::filesystem::temp_directory_path() / ("nrm-key-" + store::testing::RandomSuffix());
    std::filesystem::create_directories(key_dir_);
    config.master_key_file = (key_dir_ / "master.key").string();
    ASSERT_TRUE(crypto::CreateMasterKeyFile(config.master_key_file));
    config.alert_refusals = 1000000;  // the matrix refuses a lot on purpose
    auto app = Application::Open(config, clock_);
    ASSERT_TRUE(app) << app.error().message << " " << app.error().internal;
    app_ = std::move(*app);
    ASSERT_TRUE(app_->LoadReferenceData());
    app_->RegisterRoutes(router_);
  }
  void TearDown() override {
    app_.reset();
    std::error_code ec;
    std::filesystem::remove_all(key_dir_, ec);
    StoreTest::TearDown();
  }

  struct Session {
    std::string cookie, csrf;
    directory::Principal principal;
  };

  Session SignIn(const std::string& username, const std::string& role) {
    const std::string password = "Zanzibar-rules-2026!";
    auto created =
        app_->directory().CreateUser(nullptr, {username, "Matrix " + role, AgencyOf(role), {role}, password});
    EXPECT_TRUE(created) << role << ": " << created.error().message;
    if (!created) return {};
    std::string otp;
    if (created->totp_secret) otp = *crypto::TotpCode(*created->totp_secret, clock_.NowSeconds());
    auto login = app_->directory().Login({username, password, otp, "127.0.0.1"});
    EXPECT_TRUE(login) << role << ": " << login.error().message;
    if (!login) return {};
    return Session{"nrm_session=" + login->token, login->csrf_token, login->principal};
  }

  struct Answer {
    int status;
    json body;
  };
  Answer Call(const Session& s, const std::string& method, const std::string& path, const json& body = nullptr) {
    http::Request req;
    req.method = method;
    req.target = path;
    req.path = path.substr(0, path.find('?'));
    if (path.find('?') != std::string::npos) req.query = path.substr(path.find('?') + 1);
    req.remote_address = "127.0.0.1";
    req.request_id = "matrix";
    req.headers["Cookie"] = s.cookie;
    req.headers["X-CSRF-Token"] = s.csrf;
    if (!body.is_null()) {
      req.headers["Content-Type"] = "application/json";
      req.body = body.dump();
    }
    auto match = router_.Find(method, req.path);
    EXPECT_NE(match.route, nullptr) << method << " " << path;
    if (!match.route) return {0, nullptr};
    req.route = match.route->pattern;
    req.params = match.params;
    http::Response res = http::Dispatch(*match.route, req);
    return {res.status, res.body.empty() ? json(nullptr) : json::parse(res.body, nullptr, false)};
  }

  // A person owned by `owner_agency`, recorded by someone else there.
  std::string NewPerson(const std::string& owner_agency, const std::string& tag) {
    auto agency = app_->directory().FindAgency(owner_agency);
    EXPECT_TRUE(agency);
    directory::Principal creator;
    creator.user_id = "creator-" + tag;
    creator.agency_id = agency->id;
    creator.capabilities = {"persons.create"};
    people::PersonInput in;
    in.groups[FieldClass::kIdentity] = {{"given_names", "Leyla"}, {"family_name", "Məmmədova " + tag}};
    in.groups[FieldClass::kContact] = {{"phone", "+994 50 123 45 67"}};
    in.groups[FieldClass::kLocation] = {{"address", "Bakı, Nizami küç. 1"}};
    in.groups[FieldClass::kDetail] = {{"gender", "female"}};
    in.groups[FieldClass::kHealth] = {{"notes", "needs insulin"}};
    in.groups[FieldClass::kInvestigation] = {{"notes", "witness in case 12"}};
    auto p = app_->persons().Create(creator, in, "setup");
    EXPECT_TRUE(p) << p.error().message;
    // The creator's own assignment is not part of any state under test.
    auto tx = app_->database().Begin(store::TxMode::kWrite);
    EXPECT_TRUE((*tx)->Exec("UPDATE access_relations SET revoked_at = 1 WHERE object_id = ? AND relation = 'assignee'",
                            {p->id}));
    EXPECT_TRUE((*tx)->Commit());
    return p->id;
  }

  void Relate(const std::string& person, const std::string& relation, const std::string& subject_type,
              const std::string& subject, access::FieldMask fields, std::optional<int64_t> expires,
              const std::string& source) {
    access::Relation r;
    r.object_type = "person";
    r.object_id = person;
    r.relation = relation;
    r.subject_type = subject_type;
    r.subject_id = subject;
    r.field_classes = std::move(fields);
    r.expires_at = expires;
    r.kind = access::GrantKind::kInformationRequest;
    r.source_id = source;
    auto tx = app_->database().Begin(store::TxMode::kWrite);
    ASSERT_TRUE(app_->access().AddRelation(**tx, nullptr, r, "setup"));
    ASSERT_TRUE((*tx)->Commit());
  }

  void Arrange(State s, const Session& who, const std::string& person, const std::string& tag) {
    const access::FieldMask all(access::AllFieldClasses().begin(), access::AllFieldClasses().end());
    switch (s) {
      case State::kAssigned: Relate(person, "assignee", "user", who.principal.user_id, all, {}, "a-" + tag); break;
      case State::kReferred:
        Relate(person, "referral_recipient", "agency", who.principal.agency_id,
               {FieldClass::kIdentity, FieldClass::kContact}, {}, "r-" + tag);
        break;
      case State::kGranted:
        Relate(person, "info_grant", "user", who.principal.user_id, {FieldClass::kIdentity},
               clock_.NowMillis() + 3600'000, "g-" + tag);
        break;
      case State::kGrantExpired:
        Relate(person, "info_grant", "user", who.principal.user_id, {FieldClass::kIdentity}, clock_.NowMillis() + 1000,
               "e-" + tag);
        break;
      case State::kGrantRevoked: {
        Relate(person, "info_grant", "user", who.principal.user_id, {FieldClass::kIdentity},
               clock_.NowMillis() + 3600'000, "v-" + tag);
        auto tx = app_->database().Begin(store::TxMode::kWrite);
        ASSERT_TRUE(app_->access().RevokeRelationsBySource(**tx, nullptr, "v-" + tag, "setup"));
        ASSERT_TRUE((*tx)->Commit());
        break;
      }
      case State::kBreakGlass:
        Relate(person, "break_glass", "user", who.principal.user_id, all, clock_.NowMillis() + 3600'000, "b-" + tag);
        break;
      default: break;
    }
  }

  static Mask FieldsOf(const json& person) {
    Mask m;
    for (const auto& f : person.at("fields")) m.insert(f.get<std::string>());
    // Groups present in the body must be exactly the announced ones.
    for (const char* g : {"detail", "identity", "contact", "location", "health", "investigation"})
      EXPECT_EQ(person.contains(g), m.count(g) > 0) << g;
    return m;
  }

  std::filesystem::path key_dir_;
  ManualClock clock_{1'800'000'000'000};
  std::unique_ptr<Application> app_;
  http::Router router_;
};

TEST_P(AuthorizationMatrix, EveryRoleStateAndAction) {
  int cases = 0;
  int checks = 0;
  for (const auto& role : directory::Roles()) {
    const Session who = SignIn("m." + role.code, role.code);
    for (const auto& [state, state_name] : kStates) {
      const std::string tag = role.code + "-" + state_name;
      SCOPED_TRACE(tag);
      const std::string owner =
          state == State::kOwnAgency ? AgencyOf(role.code) : (AgencyOf(role.code) == "spu" ? "border" : "spu");
      const std::string person = NewPerson(owner, tag);
      Arrange(state, who, person, tag);
      if (state == State::kGrantExpired) clock_.Advance(2000);
      const Expected want = Oracle(state, directory::CapabilitiesOf({role.code}));
      ++cases;

      // Direct read.
      auto read = Call(who, "GET", "/api/v1/persons/" + person);
      EXPECT_EQ(read.status, want.view ? 200 : 404);
      if (read.status == 200) {
        EXPECT_EQ(FieldsOf(read.body), want.fields);
      }

      // List: the record appears exactly when the read is allowed, with the same fields.
      auto list = Call(who, "GET", "/api/v1/persons?limit=200");
      ASSERT_EQ(list.status, 200);
      bool listed = false;
      for (const auto& item : list.body.at("items"))
        if (item.at("id") == person) {
          listed = true;
          EXPECT_EQ(FieldsOf(item), want.fields);
        }
      EXPECT_EQ(listed, want.view) << "list";

      // Search by the name in another script: same rule.
      auto search = Call(who, "POST", "/api/v1/persons/search", json{{"name", "Мамедова " + tag}});
      ASSERT_EQ(search.status, 200) << search.body.dump();
      bool found = false;
      for (const auto& item : search.body.at("items"))
        if (item.at("id") == person) {
          found = true;
          EXPECT_EQ(FieldsOf(item), want.fields);
        }
      EXPECT_EQ(found, want.view) << "search";

      // Edit.
      const int64_t version = read.status == 200 ? read.body.at("version").get<int64_t>() : 1;
      auto edit = Call(who, "PATCH", "/api/v1/persons/" + person,
                       json{{"version", version}, {"detail", {{"gender", "female"}, {"languages", "az"}}}});
      EXPECT_EQ(edit.status, want.edit ? 200 : (want.view ? 403 : 404)) << "edit " << edit.body.dump();

      // Access history.
      auto history = Call(who, "GET", "/api/v1/persons/" + person + "/access-history");
      EXPECT_EQ(history.status, want.history ? 200 : 404) << "history " << history.body.dump();

      // Assignment to oneself.
      auto assign =
          Call(who, "POST", "/api/v1/persons/" + person + "/assignments", json{{"user_id", who.principal.user_id}});
      EXPECT_EQ(assign.status, want.assign ? 201 : 404) << "assign " << assign.body.dump();
      checks += 6;
    }
  }
  EXPECT_EQ(cases, static_cast<int>(directory::Roles().size() * kStates.size()));
  EXPECT_GT(checks, 500);
}

TEST_P(AuthorizationMatrix, EveryRouteIsClassified) {
  for (const auto& r : router_.routes()) {
    const std::string key = r->method + " " + r->pattern;
    EXPECT_TRUE(kMatrixRoutes.count(key) || kOtherRoutes.count(key) || HoldsNoPersonalData(r->pattern))
        << "new route without an authorization-matrix entry: " << key;
  }
}

TEST_P(AuthorizationMatrix, AdministratorAndCoordinatorAreRefusedAndTheRefusalIsAudited) {
  const std::string person = NewPerson("spu", "refusal");
  for (const char* role : {"admin", "coordinator"}) {
    const Session who = SignIn(std::string("r.") + role, role);
    EXPECT_EQ(Call(who, "GET", "/api/v1/persons/" + person).status, 404) << role;
    auto history = app_->audit().History("person", person, 100);
    ASSERT_TRUE(history);
    const bool audited = std::any_of(history->begin(), history->end(), [&](const auto& e) {
      return e.entry.action == "access.denied" && e.entry.actor_user_id == who.principal.user_id &&
             e.entry.outcome == "deny";
    });
    EXPECT_TRUE(audited) << role;
  }
}

INSTANTIATE_TEST_SUITE_P(Backends, AuthorizationMatrix,
                         ::testing::Values(store::Dialect::kSqlite, store::Dialect::kPostgres),
                         [](const auto& info) { return std::string(store::testing::DialectName(info.param)); });

}  // namespace
}  // namespace nrm::app
