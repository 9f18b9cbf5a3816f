// decide() over hand-built relations, and the promise that the list filter
// selects exactly what decide() allows: checked on random relation sets in a
// real SQLite file.
#include "access/policy.h"

#include <random>

#include <gtest/gtest.h>

#include "core/ids.h"
#include "support/temp_dir.h"

namespace nrm::access {
namespace {

using directory::Principal;

Principal User(const std::string& id, const std::string& agency, std::set<std::string> caps = {}) {
  Principal p;
  p.user_id = id;
  p.agency_id = agency;
  p.capabilities = std::move(caps);
  return p;
}

Relation Rel(const std::string& obj, const std::string& relation, const std::string& subject_type,
             const std::string& subject, FieldMask fields = {}) {
  static int n = 0;
  Relation r;
  r.id = "rel-" + std::to_string(++n);
  r.object_type = "person";
  r.object_id = obj;
  r.relation = relation;
  r.subject_type = subject_type;
  r.subject_id = subject;
  r.field_classes = std::move(fields);
  return r;
}

class PolicyTest : public ::testing::Test {
 protected:
  PolicyTest() : schema_(*Schema::Compile(Schema::DefaultText())), policy_(schema_, clock_) {}
  ManualClock clock_{2'000'000'000'000};
  std::shared_ptr<const Schema> schema_;
  Policy policy_;
};

TEST_F(PolicyTest, DefaultDeny) {
  auto d = policy_.Evaluate(User("u1", "a1"), "person", "view", {});
  EXPECT_FALSE(d.allowed);
  EXPECT_TRUE(d.fields.empty());
}

TEST_F(PolicyTest, RelationOpensOnlyItsClassesPlusReference) {
  auto r = Rel("p1", "info_grant", "user", "u1", {FieldClass::kContact});
  auto d = policy_.Evaluate(User("u1", "a1"), "person", "view", {r});
  ASSERT_TRUE(d.allowed);
  EXPECT_EQ(d.fields, (FieldMask{FieldClass::kReference, FieldClass::kContact}));
  EXPECT_EQ(d.relation_ids, std::vector<std::string>{r.id});
  EXPECT_FALSE(policy_.Evaluate(User("u2", "a1"), "person", "view", {r}).allowed);
}

TEST_F(PolicyTest, AgencySubjectsCoverTheirMembersOnly) {
  auto r = Rel("p1", "referral_recipient", "agency", "shelter", {FieldClass::kIdentity});
  EXPECT_TRUE(policy_.Evaluate(User("u1", "shelter"), "person", "view", {r}).allowed);
  EXPECT_FALSE(policy_.Evaluate(User("u2", "border"), "person", "view", {r}).allowed);
}

TEST_F(PolicyTest, SupervisorFromOwnerAgencyNeedsBothMembershipAndCapability) {
  auto owner = Rel("p1", "owner_agency", "agency", "spu");
  EXPECT_TRUE(policy_.Evaluate(User("s", "spu", {"cases.supervise"}), "person", "view", {owner}).allowed);
  EXPECT_FALSE(policy_.Evaluate(User("i", "spu", {"cases.investigate"}), "person", "view", {owner}).allowed);
  EXPECT_FALSE(policy_.Evaluate(User("x", "border", {"cases.supervise"}), "person", "view", {owner}).allowed);
  // The owner relation itself opens nothing to a plain member.
  EXPECT_FALSE(policy_.Evaluate(User("m", "spu"), "person", "edit", {owner}).allowed);
}

TEST_F(PolicyTest, ExpiredAndRevokedRelationsCountForNothing) {
  auto expired = Rel("p1", "info_grant", "user", "u1", {FieldClass::kIdentity});
  expired.expires_at = clock_.NowMillis();
  auto revoked = Rel("p1", "break_glass", "user", "u1", {FieldClass::kIdentity});
  revoked.revoked_at = clock_.NowMillis() - 1;
  EXPECT_FALSE(policy_.Evaluate(User("u1", "a1"), "person", "view", {expired, revoked}).allowed);
  expired.expires_at = clock_.NowMillis() + 1;
  EXPECT_TRUE(policy_.Evaluate(User("u1", "a1"), "person", "view", {expired}).allowed);
}

TEST_F(PolicyTest, CapabilityOpensHistoryButNoField) {
  Principal oversight = User("o", "coordinator", {"oversight.view"});
  auto d = policy_.Evaluate(oversight, "person", "history", {});
  EXPECT_TRUE(d.allowed);
  EXPECT_EQ(d.fields, FieldMask{FieldClass::kReference});
  EXPECT_FALSE(policy_.Evaluate(oversight, "person", "view", {}).allowed);
}

TEST_F(PolicyTest, UnknownPermissionOrTypeDenies) {
  auto r = Rel("p1", "assignee", "user", "u1", {FieldClass::kIdentity});
  EXPECT_FALSE(policy_.Evaluate(User("u1", "a"), "person", "obliterate", {r}).allowed);
  EXPECT_FALSE(policy_.Evaluate(User("u1", "a"), "spaceship", "view", {r}).allowed);
  EXPECT_EQ(policy_.ListPredicate(User("u1", "a"), "spaceship", "view", "x.id").sql, "1 = 0");
}

TEST_F(PolicyTest, IntersectionKeepsCommonClasses) {
  auto s = Schema::Compile(
      "object agency { computed member\n computed supervisor }\n"
      "object person { relation a: user\n relation b: user\n permission both = a & b }");
  ASSERT_TRUE(s);
  Policy p(*s, clock_);
  auto ra = Rel("p1", "a", "user", "u", {FieldClass::kIdentity, FieldClass::kContact});
  auto rb = Rel("p1", "b", "user", "u", {FieldClass::kContact});
  auto d = p.Evaluate(User("u", "x"), "person", "both", {ra, rb});
  ASSERT_TRUE(d.allowed);
  EXPECT_EQ(d.fields, (FieldMask{FieldClass::kReference, FieldClass::kContact}));
  EXPECT_FALSE(p.Evaluate(User("u", "x"), "person", "both", {ra}).allowed);
}

// The list filter and decide() agree on random data.
TEST_F(PolicyTest, ListPredicateSelectsExactlyWhatEvaluateAllows) {
  testing::TempDir dir;
  auto db = store::Database::Open("sqlite:" + dir.File("p.db"));
  ASSERT_TRUE(db);
  ASSERT_TRUE((*db)->Migrate());
  std::mt19937 rng(42);
  const std::vector<std::string> agencies = {"spu", "border", "shelter"};
  const std::vector<std::string> users = {"u0", "u1", "u2", "u3", "u4", "u5"};
  const std::vector<std::string> relations = {"owner_agency", "assignee", "referral_recipient", "info_grant",
                                              "break_glass"};
  std::vector<Relation> all;
  {
    auto tx = (*db)->Begin(store::TxMode::kWrite);
    for (int obj = 0; obj < 60; ++obj) {
      const std::string oid = "obj" + std::to_string(obj);
      const int n = static_cast<int>(rng() % 4);
      for (int k = 0; k < n; ++k) {
        Relation r;
        r.id = NewUuidV7(clock_);
        r.object_type = "person";
        r.object_id = oid;
        r.relation = relations[rng() % relations.size()];
        const bool agency = r.relation == "owner_agency" || (r.relation != "break_glass" && rng() % 2);
        r.subject_type = agency ? "agency" : "user";
        r.subject_id = agency ? agencies[rng() % agencies.size()] : users[rng() % users.size()];
        r.field_classes = {FieldClass::kIdentity};
        const int t = static_cast<int>(rng() % 4);
        if (t == 1) r.expires_at = clock_.NowMillis() - 1000;
        if (t == 2) r.expires_at = clock_.NowMillis() + 1000;
        if (t == 3) r.revoked_at = clock_.NowMillis() - 5;
        ASSERT_TRUE((*tx)->Exec(
            "INSERT INTO access_relations (id, object_type, object_id, relation, subject_type, subject_id, "
            "field_classes, expires_at, kind, created_at, revoked_at) VALUES (?, ?, ?, ?, ?, ?, 'identity', ?, "
            "'assignment', 0, ?)",
            {r.id, r.object_type, r.object_id, r.relation, r.subject_type, r.subject_id, store::Opt(r.expires_at),
             store::Opt(r.revoked_at)}));
        all.push_back(r);
      }
    }
    ASSERT_TRUE((*tx)->Commit());
  }
  std::vector<std::string> objects;
  for (int obj = 0; obj < 60; ++obj) objects.push_back("obj" + std::to_string(obj));
  int allowed_total = 0;
  for (const auto& uid : users)
    for (const auto& agency : agencies)
      for (const bool supervisor : {false, true})
        for (const char* perm : {"view", "edit", "assign", "history"}) {
          Principal who =
              User(uid, agency, supervisor ? std::set<std::string>{"cases.supervise"} : std::set<std::string>{});
          std::set<std::string> expected;
          for (const auto& oid : objects) {
            std::vector<Relation> mine;
            for (const auto& r : all)
              if (r.object_id == oid) mine.push_back(r);
            if (policy_.Evaluate(who, "person", perm, mine).allowed) expected.insert(oid);
          }
          // The same objects through SQL: a VALUES list stands in for a table.
          std::string values;
          for (const auto& oid : objects)
            values += (values.empty() ? "" : " UNION ALL ") + std::string("SELECT '") + oid + "' AS id";
          auto pred = policy_.ListPredicate(who, "person", perm, "o.id");
          auto tx = (*db)->Begin(store::TxMode::kRead);
          auto rows = (*tx)->Query("SELECT o.id FROM (" + values + ") o WHERE " + pred.sql, pred.params);
          ASSERT_TRUE(rows) << rows.error().internal;
          std::set<std::string> got;
          for (const auto& r : *rows) got.insert(r.Text(0));
          EXPECT_EQ(got, expected) << uid << "@" << agency << (supervisor ? "+sup" : "") << " " << perm;
          allowed_total += static_cast<int>(expected.size());
        }
  EXPECT_GT(allowed_total, 50) << "the random data should exercise allowed cases too";
}

}  // namespace
}  // namespace nrm::access
