// Names of the referral state machines: each value has one name, Parse
// inverts Name, and any other text is refused.
#include "referral/model.h"

#include <gtest/gtest.h>

#include <set>
#include <string>

namespace nrm::referral {
namespace {

template <typename E>
void ExpectRoundTrip(std::initializer_list<E> all, std::optional<E> (*parse)(std::string_view)) {
  std::set<std::string> names;
  for (E e : all) {
    const std::string n = Name(e);
    EXPECT_FALSE(n.empty());
    EXPECT_TRUE(names.insert(n).second) << n << " is used twice";
    EXPECT_EQ(parse(n), e) << n;
  }
  EXPECT_FALSE(parse(""));
  EXPECT_FALSE(parse("Accepted"));
  EXPECT_FALSE(parse("unknown"));
}

TEST(ReferralModel, StatusNames) {
  ExpectRoundTrip(
      {ReferralStatus::kSubmitted, ReferralStatus::kAcknowledged, ReferralStatus::kPending, ReferralStatus::kAccepted,
       ReferralStatus::kDeclined, ReferralStatus::kRevoked, ReferralStatus::kClosed},
      ParseReferralStatus);
  // The names are the stored and transmitted values (007_referral.sql, openapi.json).
  EXPECT_STREQ(Name(ReferralStatus::kAcknowledged), "acknowledged");
  EXPECT_STREQ(Name(ReferralStatus::kPending), "pending");
}

TEST(ReferralModel, KindNames) {
  ExpectRoundTrip({ReferralKind::kSpu, ReferralKind::kOnward}, ParseReferralKind);
  EXPECT_STREQ(Name(ReferralKind::kSpu), "spu");
  EXPECT_STREQ(Name(ReferralKind::kOnward), "onward");
}

TEST(ReferralModel, ConsentStatusNames) {
  ExpectRoundTrip({ConsentStatus::kActive, ConsentStatus::kExpired, ConsentStatus::kWithdrawn}, ParseConsentStatus);
  EXPECT_STREQ(Name(ConsentStatus::kWithdrawn), "withdrawn");
}

}  // namespace
}  // namespace nrm::referral
