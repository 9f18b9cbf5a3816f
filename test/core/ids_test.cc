#include "core/ids.h"

#include <set>

#include <gtest/gtest.h>

namespace nrm {
namespace {

TEST(UuidV7, CanonicalFormVersionAndVariant) {
  ManualClock clock(1'764'000'000'123);
  const std::string id = NewUuidV7(clock);
  ASSERT_TRUE(IsUuid(id)) << id;
  EXPECT_EQ(id[14], '7');
  EXPECT_TRUE(id[19] == '8' || id[19] == '9' || id[19] == 'a' || id[19] == 'b') << id;
  EXPECT_EQ(UuidV7Millis(id), 1'764'000'000'123);
}

TEST(UuidV7, OrderedByTimeAndUnique) {
  ManualClock clock(1'000);
  std::set<std::string> seen;
  std::string previous;
  for (int i = 0; i < 1000; ++i) {
    clock.Advance(1);
    const std::string id = NewUuidV7(clock);
    EXPECT_TRUE(seen.insert(id).second);
    EXPECT_LT(previous, id);
    previous = id;
  }
}

TEST(UuidV7, IsUuidRefusesMalformedText) {
  EXPECT_FALSE(IsUuid(""));
  EXPECT_FALSE(IsUuid("0190b6c8-7e4a-7abc-8def-0123456789a"));
  EXPECT_FALSE(IsUuid("0190B6C8-7E4A-7ABC-8DEF-0123456789AB"));  // canonical is lower case
  EXPECT_FALSE(IsUuid("0190b6c8x7e4a-7abc-8def-0123456789ab"));
  EXPECT_FALSE(IsUuid("../../etc/passwd-aaaa-bbbb-cccccccccc"));
}

}  // namespace
}  // namespace nrm
