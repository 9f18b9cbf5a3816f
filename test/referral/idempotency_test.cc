// Idempotency-Key on both backends: a key binds to one user and one scope,
// names the first resource for 24 hours, refuses another body, stores no
// personal data, and a second use racing the first writes nothing.
#include "referral_fixture.h"

namespace nrm::referral::testing {
namespace {

TEST_P(ReferralTest, IdempotencyKeysAreValidatedAndBoundToUserScopeAndBody) {
  const IdempotencyKeys& keys = referrals_->idempotency();
  for (const std::string& bad : {std::string(), std::string(101, 'a'), std::string("a b"), std::string("ключ"),
                                 std::string("a/b"), std::string("a\nb")}) {
    auto c = keys.Claim(border_.user_id, "referral", bad, "{}");
    ASSERT_FALSE(c) << bad;
    EXPECT_EQ(c.error().code, ErrorCode::kInvalidArgument);
  }
  ASSERT_TRUE(keys.Claim(border_.user_id, "referral", std::string(100, 'Z'), "{}"));

  auto claim = keys.Claim(border_.user_id, "screening", "retry-1_A", R"({"outcome":"presumed_victim"})");
  ASSERT_TRUE(claim) << claim.error().message;
  auto none = keys.Find(*claim);
  ASSERT_TRUE(none);
  EXPECT_FALSE(*none);

  ScreeningInput in;
  in.indicators = {"adult-labour.d1.deceived-nature-of-job"};
  in.outcome = "presumed_victim";
  in.notes = "Aynur Məmmədova at the border post";
  auto s = screenings_->Create(border_, in, "req", &*claim);
  ASSERT_TRUE(s) << s.error().message;
  auto found = keys.Find(*claim);
  ASSERT_TRUE(found);
  EXPECT_EQ(*found, s->id);

  // The same key: another body is refused; another user or scope is another key.
  auto other_body = keys.Claim(border_.user_id, "screening", "retry-1_A", R"({"outcome":"unclear"})");
  ASSERT_TRUE(other_body);
  auto conflict = keys.Find(*other_body);
  ASSERT_FALSE(conflict);
  EXPECT_EQ(conflict.error().code, ErrorCode::kConflict);
  for (auto c : {keys.Claim(hotline_.user_id, "screening", "retry-1_A", R"({"outcome":"presumed_victim"})"),
                 keys.Claim(border_.user_id, "referral", "retry-1_A", R"({"outcome":"presumed_victim"})")}) {
    ASSERT_TRUE(c);
    auto f = keys.Find(*c);
    ASSERT_TRUE(f);
    EXPECT_FALSE(*f);
  }

  // Nothing personal and not the key itself in the table.
  auto rows = Select("SELECT key_hash, request_hash, resource_id, status, scope FROM idempotency_keys");
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_EQ(rows[0].Text(0).size(), 64u);
  EXPECT_EQ(rows[0].Text(0).find("retry"), std::string::npos);
  EXPECT_EQ(rows[0].Text(1).find("presumed"), std::string::npos);
  EXPECT_EQ(rows[0].Int(3), 201);
  EXPECT_EQ(rows[0].Text(4), "screening");

  // After 24 hours the key is new again, and may be used once more.
  clock_.Advance(kIdempotencyTtlMs + 1);
  auto later = keys.Find(*claim);
  ASSERT_TRUE(later);
  EXPECT_FALSE(*later);
  auto again = screenings_->Create(border_, in, "req", &*claim);
  ASSERT_TRUE(again) << again.error().message;
  EXPECT_NE(again->id, s->id);
  EXPECT_EQ(Count("idempotency_keys"), 1);
}

TEST_P(ReferralTest, ASecondUseOfAKeyRacingTheFirstWritesNothing) {
  auto s1 = Screen(border_);
  auto s2 = Screen(border_);
  auto claim = referrals_->idempotency().Claim(border_.user_id, "referral", "k1", "body");
  ASSERT_TRUE(claim);
  auto first = referrals_->CreateToSpu(border_, ToSpu(s1.id), "req", &*claim);
  ASSERT_TRUE(first) << first.error().message;
  // As if a concurrent request had passed the route's Find before the first committed.
  auto counts = [&] {
    return std::vector<int64_t>{
        Count("persons"),          Count("referrals"),
        Count("access_relations"), Count("notices"),
        Count("idempotency_keys"), Select("SELECT COUNT(*) FROM screenings WHERE referral_id IS NOT NULL")[0].Int(0)};
  };
  const auto before = counts();
  auto second = referrals_->CreateToSpu(border_, ToSpu(s2.id), "req", &*claim);
  ASSERT_FALSE(second);
  EXPECT_EQ(second.error().code, ErrorCode::kAlreadyExists);
  EXPECT_EQ(counts(), before);
  auto found = referrals_->idempotency().Find(*claim);
  ASSERT_TRUE(found);
  EXPECT_EQ(*found, first->id);
}

}  // namespace
}  // namespace nrm::referral::testing
