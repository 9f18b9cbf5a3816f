// Audit entries: validation and the canonical JSON form.
#include "audit/entry.h"

#include <gtest/gtest.h>

#include <string>

namespace nrm::audit {
namespace {

Entry Sample() {
  Entry e;
  e.action = "person.read";
  e.actor_user_id = "u1";
  e.actor_agency_id = "a1";
  e.object_type = "person";
  e.object_id = "p1";
  e.field_classes = {"identity", "contact"};
  e.grant_ids = {"g1"};
  e.purpose = "case_work";
  e.outcome = "allow";
  e.request_id = "r1";
  e.detail = {{"route", "/api/v1/persons/{id}"}, {"b", "x"}};
  return e;
}

TEST(EntryTest, CanonicalJsonIsExactlyThis) {
  auto json = CanonicalJson(Sample(), 7, 1700000000123);
  ASSERT_TRUE(json.has_value()) << json.error().message;
  EXPECT_EQ(*json, R"({"action":"person.read","actor_agency_id":"a1","actor_user_id":"u1",)"
                   R"("detail":{"b":"x","route":"/api/v1/persons/{id}"},"field_classes":["identity","contact"],)"
                   R"("grant_ids":["g1"],"object_id":"p1","object_type":"person","outcome":"allow",)"
                   R"("purpose":"case_work","request_id":"r1","seq":7,"ts":1700000000123,"v":1})");
}

TEST(EntryTest, EmptyEntryStillHasEveryMember) {
  Entry e;
  e.action = "session.login";
  auto json = CanonicalJson(e, 1, 0);
  ASSERT_TRUE(json.has_value());
  EXPECT_EQ(*json,
            R"({"action":"session.login","actor_agency_id":"","actor_user_id":"","detail":{},"field_classes":[],)"
            R"("grant_ids":[],"object_id":"","object_type":"","outcome":"allow","purpose":"","request_id":"",)"
            R"("seq":1,"ts":0,"v":1})");
}

TEST(EntryTest, StableAcrossKeyOrderWhitespaceAndEscapes) {
  // The same entry written by someone else: members shuffled, whitespace,
  // non-ASCII given as \u escapes, "/" escaped.
  const std::string other = R"( { "v" : 1, "ts": 1700000000123 , "seq":7,
      "request_id":"r1","purpose":"case_work","outcome":"allow","object_type":"person","object_id":"p1",
      "grant_ids":["g1"],"field_classes":["identity","contact"],
      "detail":{"route":"\/api\/v1\/persons\/{id}","b":"x"},
      "actor_user_id":"u1","actor_agency_id":"a1","action":"person.read" } )";
  auto parsed = ParseEntryJson(other);
  ASSERT_TRUE(parsed.has_value()) << parsed.error().message;
  EXPECT_EQ(parsed->seq, 7);
  EXPECT_EQ(parsed->ts, 1700000000123);
  EXPECT_EQ(parsed->entry, Sample());
  EXPECT_EQ(*CanonicalJson(parsed->entry, parsed->seq, parsed->ts), *CanonicalJson(Sample(), 7, 1700000000123));
}

TEST(EntryTest, UnicodeIsWrittenAsUtf8AndControlsAreEscaped) {
  Entry e = Sample();
  e.object_id = "\xC5\x9E\xC9\x99ki-\xC4\xB0";             // "Şəki-İ"
  e.detail = {{"Z", "\xF0\x9F\x98\x80"}, {"a", "q\"\\"}};  // U+1F600; quote and backslash
  e.purpose = std::string("a\tb\x01\x7f", 5);
  auto json = CanonicalJson(e, 1, 2);
  ASSERT_TRUE(json.has_value());
  EXPECT_NE(json->find("\"object_id\":\"\xC5\x9E\xC9\x99ki-\xC4\xB0\""), std::string::npos) << *json;
  // Keys sorted by bytes: "Z" (0x5A) before "a" (0x61).
  EXPECT_NE(json->find(R"("detail":{"Z":")"
                       "\xF0\x9F\x98\x80"
                       R"(","a":"q\"\\"})"),
            std::string::npos)
      << *json;
  EXPECT_NE(json->find("\"purpose\":\"a\\tb\\u0001\x7f\""), std::string::npos) << *json;

  // The same text with every non-ASCII character escaped parses back to the
  // same entry and the same canonical bytes.
  std::string escaped = *json;
  auto replace = [&](const std::string& from, const std::string& to) {
    for (size_t p; (p = escaped.find(from)) != std::string::npos;) escaped.replace(p, from.size(), to);
  };
  replace("\xC5\x9E", "\\u015E");
  replace("\xC9\x99", "\\u0259");
  replace("\xC4\xB0", "\\u0130");
  replace("\xF0\x9F\x98\x80", "\\uD83D\\uDE00");
  ASSERT_NE(escaped, *json);
  auto parsed = ParseEntryJson(escaped);
  ASSERT_TRUE(parsed.has_value()) << parsed.error().message;
  EXPECT_EQ(parsed->entry, e);
  EXPECT_EQ(*CanonicalJson(parsed->entry, 1, 2), *json);
}

TEST(EntryTest, ValidationRefusesBadEntries) {
  auto bad = [](auto mutate) {
    Entry e = Sample();
    mutate(e);
    auto s = ValidateEntry(e);
    return !s && s.error().code == ErrorCode::kInvalidArgument;
  };
  EXPECT_TRUE(ValidateEntry(Sample()).has_value());
  EXPECT_TRUE(bad([](Entry& e) { e.action = ""; }));
  EXPECT_TRUE(bad([](Entry& e) { e.action = "Person.Read"; }));
  EXPECT_TRUE(bad([](Entry& e) { e.action = std::string(65, 'a'); }));
  EXPECT_TRUE(bad([](Entry& e) { e.outcome = "maybe"; }));
  EXPECT_TRUE(bad([](Entry& e) { e.outcome = ""; }));
  EXPECT_TRUE(bad([](Entry& e) { e.object_id = "\xff"; }));
  EXPECT_TRUE(bad([](Entry& e) { e.object_id = "\xC0\xAF"; }));            // overlong "/"
  EXPECT_TRUE(bad([](Entry& e) { e.object_id = "\xED\xA0\x80"; }));        // a surrogate
  EXPECT_TRUE(bad([](Entry& e) { e.object_id = "\xE2\x82"; }));            // truncated
  EXPECT_TRUE(bad([](Entry& e) { e.purpose = std::string("a\0b", 3); }));  // NUL
  EXPECT_TRUE(bad([](Entry& e) { e.field_classes = {"Identity"}; }));
  EXPECT_TRUE(bad([](Entry& e) { e.field_classes = {""}; }));
  EXPECT_TRUE(bad([](Entry& e) { e.detail = {{"a b", "x"}}; }));
  EXPECT_TRUE(bad([](Entry& e) { e.detail = {{"", "x"}}; }));
  EXPECT_TRUE(bad([](Entry& e) { e.detail = {{"k", std::string(4097, 'x')}}; }));
  EXPECT_TRUE(bad([](Entry& e) { e.grant_ids = {std::string(1025, 'g')}; }));
  EXPECT_FALSE(bad([](Entry& e) { e.outcome = "deny"; }));
  EXPECT_FALSE(bad([](Entry& e) { e.detail = {{"Attempted-Action.v2", "x"}}; }));

  Entry huge = Sample();
  for (int i = 0; i < 20; ++i) huge.detail["k" + std::to_string(i)] = std::string(4000, 'x');
  EXPECT_FALSE(CanonicalJson(huge, 1, 1).has_value());
}

TEST(EntryTest, ParseRefusesWhatIsNotAnEntry) {
  const std::string good = *CanonicalJson(Sample(), 3, 4);
  ASSERT_TRUE(ParseEntryJson(good).has_value());
  auto refused = [](const std::string& text) {
    auto r = ParseEntryJson(text);
    return !r && r.error().code == ErrorCode::kInvalidArgument;
  };
  EXPECT_TRUE(refused(""));
  EXPECT_TRUE(refused("[]"));
  EXPECT_TRUE(refused("{\"action\":"));
  auto edit = [&](const std::string& from, const std::string& to) {
    std::string s = good;
    size_t p = s.find(from);
    EXPECT_NE(p, std::string::npos) << from;
    s.replace(p, from.size(), to);
    return s;
  };
  EXPECT_TRUE(refused(edit("\"v\":1", "\"v\":2")));
  EXPECT_TRUE(refused(edit("\"seq\":3", "\"seq\":3.0")));
  EXPECT_TRUE(refused(edit("\"seq\":3", "\"seq\":\"3\"")));
  EXPECT_TRUE(refused(edit("\"v\":1}", "\"v\":1,\"extra\":\"x\"}")));
  EXPECT_TRUE(refused(edit("\"request_id\":\"r1\",", "")));
  EXPECT_TRUE(refused(edit("\"grant_ids\":[\"g1\"]", "\"grant_ids\":[1]")));
  EXPECT_TRUE(refused(edit("\"b\":\"x\"", "\"b\":1")));
  EXPECT_TRUE(refused(edit("\"outcome\":\"allow\"", "\"outcome\":\"perhaps\"")));
}

TEST(EntryTest, JoinFieldClasses) {
  EXPECT_EQ(JoinFieldClasses({}), "");
  EXPECT_EQ(JoinFieldClasses({"identity"}), ",identity,");
  EXPECT_EQ(JoinFieldClasses({"identity", "location"}), ",identity,location,");
}

}  // namespace
}  // namespace nrm::audit
