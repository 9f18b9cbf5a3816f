#include "access/schema.h"

#include <gtest/gtest.h>

namespace nrm::access {
namespace {

TEST(AccessSchema, DefaultCompiles) {
  auto s = Schema::Compile(Schema::DefaultText());
  ASSERT_TRUE(s) << s.error().message;
  EXPECT_NE((*s)->Permission("person", "view"), nullptr);
  EXPECT_NE((*s)->Permission("case", "history"), nullptr);
  EXPECT_EQ((*s)->Permission("person", "delete"), nullptr);
}

TEST(AccessSchema, RefusesUnknownNamesCyclesAndBadSyntax) {
  EXPECT_FALSE(Schema::Compile("object a { relation r: user\n permission p = q }"));
  EXPECT_FALSE(Schema::Compile("object a { permission p = q\n permission q = p }"));
  EXPECT_FALSE(Schema::Compile("object a { permission p = p }"));
  EXPECT_FALSE(Schema::Compile(
      "object a { relation r: agency\n permission p = r->nothing }\nobject agency { computed member }"));
  EXPECT_FALSE(Schema::Compile("object a { relation r user }"));
  EXPECT_FALSE(Schema::Compile("object a { relation r: user\n relation r: user }"));
  EXPECT_FALSE(Schema::Compile("thing a {}"));
  EXPECT_TRUE(Schema::Compile("object a { relation r: user\n relation s: user\n permission p = (r | s) & r }"));
}

TEST(AccessSchema, RefusesNestingDeeperThanTheCap) {
  std::string text = "object a { relation r: user\n permission p0 = r\n";
  for (int i = 1; i <= kMaxDepth + 2; ++i)
    text += " permission p" + std::to_string(i) + " = p" + std::to_string(i - 1) + "\n";
  text += "}";
  EXPECT_FALSE(Schema::Compile(text));
}

}  // namespace
}  // namespace nrm::access
