// Names of the information-request states: one name each, Parse inverts
// Name, and any other text is refused.
#include "access/model.h"

#include <gtest/gtest.h>

#include <set>
#include <string>

namespace nrm::access {
namespace {

TEST(AccessModel, RequestStatusNames) {
  std::set<std::string> names;
  for (auto s :
       {RequestStatus::kPending, RequestStatus::kApproved, RequestStatus::kRefused, RequestStatus::kWithdrawn}) {
    const std::string n(RequestStatusName(s));
    EXPECT_TRUE(names.insert(n).second) << n;
    EXPECT_EQ(ParseRequestStatus(n), s) << n;
  }
  EXPECT_EQ(names, (std::set<std::string>{"pending", "approved", "refused", "withdrawn"}));
  EXPECT_FALSE(ParseRequestStatus(""));
  EXPECT_FALSE(ParseRequestStatus("Pending"));
  EXPECT_FALSE(ParseRequestStatus("expired"));
}

}  // namespace
}  // namespace nrm::access
