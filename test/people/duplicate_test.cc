// The duplicate check on both backends: the four spellings of issue 4 and
// more Latin/Cyrillic variants meet; another birth year does not; the answer
// names the holding agency only; the match token leads to an information
// request that still discloses nothing until approved.
#include <gtest/gtest.h>

#include "people/people_fixture.h"

namespace nrm::people {
namespace {

using testing::PeopleTest;

class DuplicateTest : public PeopleTest {
 protected:
  Result<std::vector<PossibleMatch>> Check(const directory::Principal& who, std::vector<std::string> names,
                                           std::optional<int> year = std::nullopt) {
    return persons_->CheckDuplicates(who, DuplicateQuery{std::move(names), year}, "test");
  }
};

TEST_P(DuplicateTest, TheFourSpellingsMeet) {
  auto spu = User("spu.inv", "spu_investigator", "spu");
  auto border = User("border.a", "border_officer", "border");
  ASSERT_TRUE(Record(spu, "Leyla", "Məmmədova", "1999-02-03"));
  for (const char* spelling : {"Məmmədova", "Mammadova", "Мамедова", "Mamedova", "MAMMADOVA", "Мәммәдова"}) {
    auto m = Check(border, {spelling}, 1999);
    ASSERT_TRUE(m) << m.error().message;
    ASSERT_EQ(m->size(), 1u) << spelling;
    EXPECT_EQ((*m)[0].agency_code, "spu");
    EXPECT_EQ((*m)[0].agency_name.en, "Special Police Unit");
    EXPECT_EQ((*m)[0].agency_name.az, "Xüsusi polis qurumu");
  }
  // Given name and family name in another script, together.
  auto both = Check(border, {"Лейла Мамедова"});
  ASSERT_TRUE(both);
  EXPECT_EQ(both->size(), 1u);
}

TEST_P(DuplicateTest, CyrillicAndLatinVariantsMeet) {
  auto spu = User("spu.inv", "spu_investigator", "spu");
  auto border = User("border.a", "border_officer", "border");
  PersonInput elvin;
  elvin.groups[access::FieldClass::kIdentity] = {
      {"given_names", "Elvin"}, {"family_name", "Əliyev"}, {"patronymic", "Rauf oğlu"}, {"birth_date", "1988-05-01"}};
  ASSERT_TRUE(persons_->Create(spu, elvin, "t"));
  ASSERT_TRUE(Record(spu, "Günel", "Hüseynova", "2001-07-07"));
  ASSERT_TRUE(Record(spu, "Qasım", "Qasımov", "1975-01-01"));
  struct Case {
    std::vector<std::string> names;
    int year;
    std::string who;
  };
  const std::vector<Case> cases = {
      {{"Aliyev"}, 1988, "Əliyev"},
      {{"Алиев"}, 1988, "Əliyev"},
      {{"Әлијев"}, 1988, "Əliyev"},
      {{"Elvin Aliyev"}, 1988, "Əliyev"},
      {{"Эльвин Алиев Рауф оглы"}, 1988, "Əliyev"},
      {{"Rauf oglu", "Elvin"}, 1988, "Əliyev"},
      {{"Huseynova"}, 2001, "Hüseynova"},
      {{"Гусейнова"}, 2001, "Hüseynova"},
      {{"Guseynova"}, 2001, "Hüseynova"},
      {{"Gunel Гусейнова"}, 2001, "Hüseynova"},
      {{"Гасымов"}, 1975, "Qasımov"},
      {{"Gasimov"}, 1975, "Qasımov"},
  };
  for (const auto& c : cases) {
    auto m = Check(border, c.names, c.year);
    ASSERT_TRUE(m) << m.error().message;
    EXPECT_EQ(m->size(), 1u) << c.names[0] << " should find " << c.who;
  }
  // Gender is kept: Əliyeva does not meet Əliyev.
  auto f = Check(border, {"Алиева"}, 1988);
  ASSERT_TRUE(f);
  EXPECT_TRUE(f->empty());
  // A name nobody holds.
  auto none = Check(border, {"Nərgiz Abdullayeva"});
  ASSERT_TRUE(none);
  EXPECT_TRUE(none->empty());
}

TEST_P(DuplicateTest, BirthYearNarrowsTheMatch) {
  auto spu = User("spu.inv", "spu_investigator", "spu");
  auto shelter_rec = User("spu.two", "spu_investigator", "spu");
  auto border = User("border.a", "border_officer", "border");
  ASSERT_TRUE(Record(spu, "Leyla", "Məmmədova", "1999-02-03"));
  auto other_year = Check(border, {"Mamedova"}, 2000);
  ASSERT_TRUE(other_year);
  EXPECT_TRUE(other_year->empty()) << "a different birth year does not match";
  auto no_year = Check(border, {"Mamedova"});
  ASSERT_TRUE(no_year);
  EXPECT_EQ(no_year->size(), 1u);

  // A record without a birth date matches whatever year is asked.
  ASSERT_TRUE(Record(shelter_rec, "Aysel", "Nəsirova"));
  auto undated = Check(border, {"Насирова"}, 1950);
  ASSERT_TRUE(undated);
  EXPECT_EQ(undated->size(), 1u);

  // An age estimate covers one year either side (the clock says 2027).
  PersonInput est;
  est.groups[access::FieldClass::kIdentity] = {{"given_names", "Səbinə"}, {"family_name", "Vəliyeva"}};
  est.groups[access::FieldClass::kDetail] = {{"age_estimate", "17"}};
  ASSERT_TRUE(persons_->Create(spu, est, "t"));
  for (int y : {2009, 2010, 2011}) {
    auto m = Check(border, {"Велиева"}, y);
    ASSERT_TRUE(m);
    EXPECT_EQ(m->size(), 1u) << y;
  }
  auto far = Check(border, {"Велиева"}, 2005);
  ASSERT_TRUE(far);
  EXPECT_TRUE(far->empty());
}

TEST_P(DuplicateTest, TheAnswerDisclosesNothingButTheAgencyAndTheAuditHoldsNoNames) {
  auto spu = User("spu.inv", "spu_investigator", "spu");
  auto border = User("border.a", "border_officer", "border");
  auto person = Record(spu, "Leyla", "Məmmədova", "1999-02-03");
  ASSERT_TRUE(person);
  auto m = Check(border, {"Лейла", "Мамедова"}, 1999);
  ASSERT_TRUE(m);
  ASSERT_EQ(m->size(), 1u);
  const auto& match = (*m)[0];
  for (const std::string* s : {&match.agency_id, &match.agency_code, &match.match_token}) {
    EXPECT_EQ(s->find(person->id), std::string::npos);
    EXPECT_EQ(s->find(person->reference), std::string::npos);
  }
  EXPECT_TRUE(LooksLikeMatchToken(match.match_token));
  // The token is stored only as a hash.
  auto stored = Select("SELECT token_hash FROM person_match_tokens");
  ASSERT_EQ(stored.size(), 1u);
  EXPECT_NE(stored[0].Text(0), match.match_token);
  EXPECT_EQ(stored[0].Text(0), MatchTokenHash(match.match_token));

  audit::Filter f;
  f.action = "person.duplicate_check";
  auto entries = audit_->Find(f, 10);
  ASSERT_TRUE(entries);
  ASSERT_EQ(entries->size(), 1u);
  const auto& e = (*entries)[0].entry;
  EXPECT_EQ(e.actor_user_id, border.user_id);
  EXPECT_EQ(e.detail.at("matches"), "1");
  for (const auto& [k, v] : e.detail)
    for (const char* name : {"Лейла", "Мамедова", "Leyla", "Məmmədova", "1999"})
      EXPECT_EQ(v.find(name), std::string::npos);
  // The record's history shows that a check touched it, and by whom.
  auto history = audit_->History(kObjectType, person->id, 50);
  ASSERT_TRUE(history);
  bool seen = false;
  for (const auto& h : *history)
    seen = seen || (h.entry.action == "person.duplicate_match" && h.entry.actor_user_id == border.user_id);
  EXPECT_TRUE(seen);
}

TEST_P(DuplicateTest, OnlyRolesThatRecordOrReferMayCheck) {
  auto spu = User("spu.inv", "spu_investigator", "spu");
  ASSERT_TRUE(Record(spu, "Leyla", "Məmmədova", "1999-02-03"));
  for (const char* role : {"shelter_staff", "donor", "admin", "coordinator", "analyst"}) {
    auto who = User(std::string("u.") + role, role, "shelter");
    auto m = Check(who, {"Mamedova"});
    ASSERT_FALSE(m) << role;
    EXPECT_EQ(m.error().code, ErrorCode::kPermissionDenied) << role;
  }
  for (const char* role : {"border_officer", "hotline_operator", "police_liaison", "spu_supervisor"}) {
    auto who = User(std::string("u.") + role, role, "border");
    auto m = Check(who, {"Mamedova"});
    ASSERT_TRUE(m) << role << ": " << m.error().message;
    EXPECT_EQ(m->size(), 1u) << role;
  }
  auto border = User("border.b", "border_officer", "border");
  EXPECT_FALSE(Check(border, {}));
  EXPECT_FALSE(Check(border, {"123 !!"}));
  EXPECT_FALSE(Check(border, {"Mamedova"}, 1800));
  EXPECT_FALSE(Check(border, std::vector<std::string>(11, "Mamedova")));
}

TEST_P(DuplicateTest, AMatchTokenNamesTheRecordInAnInformationRequestOnly) {
  auto spu = User("spu.inv", "spu_investigator", "spu");
  auto supervisor = User("spu.sup", "spu_supervisor", "spu");
  auto border = User("border.a", "border_officer", "border");
  auto other = User("border.b", "border_officer", "border");
  auto person = Record(spu, "Leyla", "Məmmədova", "1999-02-03");
  ASSERT_TRUE(person);
  auto m = Check(border, {"Mamedova"}, 1999);
  ASSERT_TRUE(m);
  ASSERT_EQ(m->size(), 1u);
  const std::string token = (*m)[0].match_token;

  // Only for an information request, and only by the user who checked.
  {
    auto tx = db_->Begin(store::TxMode::kRead);
    ASSERT_TRUE(tx);
    auto found = access_->FindObject(**tx, kObjectType, token);
    ASSERT_TRUE(found);
    EXPECT_FALSE(found->has_value()) << "a token is not an id for anything else";
  }
  auto stolen = access_->CreateRequest(
      other, {kObjectType, token, {access::FieldClass::kIdentity}, "Identify at the border post"}, "t");
  ASSERT_FALSE(stolen);
  EXPECT_EQ(stolen.error().code, ErrorCode::kNotFound);
  auto bg = access_->BreakGlass(spu, kObjectType, token, "an emergency that needs this record now", "t");
  EXPECT_FALSE(bg);

  auto q = access_->CreateRequest(
      border, {kObjectType, token, {access::FieldClass::kIdentity}, "Identify at the border post"}, "t");
  ASSERT_TRUE(q) << q.error().message;
  EXPECT_TRUE(q->object_id.empty());
  EXPECT_TRUE(q->object_reference.empty());
  auto mine = access_->ListRequests(border, "mine");
  ASSERT_TRUE(mine);
  ASSERT_EQ(mine->size(), 1u);
  EXPECT_TRUE((*mine)[0].object_id.empty());
  EXPECT_TRUE((*mine)[0].object_reference.empty());

  // The holder decides as for any request, and sees which record it is.
  {
    auto tx = db_->Begin(store::TxMode::kRead);
    ASSERT_TRUE(tx);
    auto full = access_->ListRequests(supervisor, "to_decide");
    ASSERT_TRUE(full);
    ASSERT_EQ(full->size(), 1u);
    EXPECT_EQ((*full)[0].object_id, person->id);
    auto deciders = access_->DecidersOf(**tx, (*full)[0]);
    ASSERT_TRUE(deciders);
    std::vector<std::string> want{spu.user_id, supervisor.user_id};
    std::sort(want.begin(), want.end());
    auto got = *deciders;
    std::sort(got.begin(), got.end());
    EXPECT_EQ(got, want);
  }
  access::Approval a;
  a.version = (*mine)[0].version;
  auto approved = access_->Approve(supervisor, q->id, a, "t");
  ASSERT_TRUE(approved) << approved.error().message;
  auto after = access_->ListRequests(border, "mine");
  ASSERT_TRUE(after);
  EXPECT_EQ((*after)[0].object_id, person->id) << "approved: the requester now holds a grant to the record";

  // Tokens expire.
  clock_.Advance(25LL * 3600'000);
  auto late = access_->CreateRequest(
      border, {kObjectType, token, {access::FieldClass::kContact}, "Identify at the border post"}, "t");
  ASSERT_FALSE(late);
  EXPECT_EQ(late.error().code, ErrorCode::kNotFound);
}

// Many checks probe which agency holds whom: beyond the threshold (20 per
// window by default) oversight is alerted once per window; other users and a
// later window start afresh.
TEST_P(DuplicateTest, ManyChecksByOneUserRaiseAnOversightAlert) {
  auto border = User("border.a", "border_officer", "border");
  auto other = User("border.b", "border_officer", "border");
  auto overseer = User("over.a", "oversight_officer", "spu");
  const int threshold = access::AlertThresholds{}.duplicate_checks;
  auto kinds = [&] {
    std::vector<std::string> out;
    auto alerts = access_->Alerts(overseer, true);
    EXPECT_TRUE(alerts) << alerts.error().message;
    if (alerts)
      for (const auto& a : *alerts)
        if (a.kind == "duplicate_checks") out.push_back(a.actor_user_id);
    return out;
  };
  for (int i = 0; i < threshold; ++i) ASSERT_TRUE(Check(border, {"Name" + std::to_string(i)}));
  for (int i = 0; i < threshold; ++i) ASSERT_TRUE(Check(other, {"Other" + std::to_string(i)}));
  EXPECT_TRUE(kinds().empty()) << "the threshold itself is allowed";
  ASSERT_TRUE(Check(border, {"One more"}));
  EXPECT_EQ(kinds(), std::vector<std::string>{border.user_id});
  ASSERT_TRUE(Check(border, {"And another"}));
  EXPECT_EQ(kinds().size(), 1u) << "one alert per user and window";
  // A new window: the count starts again.
  clock_.Advance(access::AlertThresholds{}.window_ms + 1);
  for (int i = 0; i < threshold; ++i) ASSERT_TRUE(Check(border, {"Later" + std::to_string(i)}));
  EXPECT_EQ(kinds().size(), 1u);
  ASSERT_TRUE(Check(border, {"Beyond again"}));
  EXPECT_EQ(kinds(), (std::vector<std::string>{border.user_id, border.user_id}));
}

INSTANTIATE_TEST_SUITE_P(Backends, DuplicateTest, ::testing::Values(store::Dialect::kSqlite, store::Dialect::kPostgres),
                         store::testing::ParamName);

}  // namespace
}  // namespace nrm::people
