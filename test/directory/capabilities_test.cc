// The capability constants and the role catalogue name the same set: a
// constant that no role grants, or a role capability without a constant,
// fails here.
#include "directory/capabilities.h"

#include <gtest/gtest.h>

#include <set>
#include <string>

#include "directory/roles.h"

namespace nrm::directory {
namespace {

std::set<std::string> Constants() {
  std::set<std::string> out;
  for (const char* c : kAllCapabilities) out.insert(c);
  return out;
}

TEST(Capabilities, ConstantsAreDistinct) { EXPECT_EQ(Constants().size(), kAllCapabilities.size()); }

TEST(Capabilities, EveryRoleCapabilityHasAConstant) {
  const auto constants = Constants();
  for (const auto& role : Roles())
    for (const auto& cap : role.capabilities)
      EXPECT_TRUE(constants.count(cap)) << role.code << " grants " << cap << ", which has no constant";
}

TEST(Capabilities, EveryConstantIsGrantedBySomeRole) {
  std::set<std::string> granted;
  for (const auto& role : Roles()) granted.insert(role.capabilities.begin(), role.capabilities.end());
  for (const char* c : kAllCapabilities) EXPECT_TRUE(granted.count(c)) << c << " is granted by no role";
}

TEST(Capabilities, NamesAreWellFormed) {
  for (std::string c : kAllCapabilities) {
    ASSERT_FALSE(c.empty());
    for (char ch : c) EXPECT_TRUE((ch >= 'a' && ch <= 'z') || ch == '_' || ch == '.') << c;
  }
}

TEST(Capabilities, SpotChecks) {
  EXPECT_STREQ(kNeedsManage, "needs.manage");
  EXPECT_STREQ(kUsersManage, "users.manage");
  EXPECT_STREQ(kBreakGlass, "break_glass");
  EXPECT_TRUE(CapabilitiesOf({"coordinator"}).count(kNeedsManage));
  EXPECT_FALSE(CapabilitiesOf({"admin"}).count(kNeedsManage));
}

}  // namespace
}  // namespace nrm::directory
