// Identity fields of issue 4 on both backends: HTCDS picklists, several
// documents (each found through the blind index), age estimate, and the
// photo (JPEG/PNG by magic bytes, size-limited, sealed at rest).
#include <gtest/gtest.h>

#include <cstdlib>
#include <fstream>
#include <map>
#include <sstream>

#include "people/identity.h"
#include "people/people_fixture.h"
#include "people/picklists.h"

namespace nrm::people {
namespace {

using access::FieldClass;
using testing::PeopleTest;

std::vector<std::string> Split(const std::string& s, const std::string& sep) {
  std::vector<std::string> out;
  size_t pos = 0;
  while (true) {
    const size_t next = s.find(sep, pos);
    std::string item = s.substr(pos, next == std::string::npos ? std::string::npos : next - pos);
    while (!item.empty() && item.front() == ' ') item.erase(item.begin());
    while (!item.empty() && item.back() == ' ') item.pop_back();
    out.push_back(item);
    if (next == std::string::npos) break;
    pos = next + sep.size();
  }
  return out;
}

TEST(Picklists, GendersAreHtcdsPrsGender) {
  const char* src = std::getenv("NRM_SOURCE_DIR");
  std::ifstream in(std::string(src ? src : ".") + "/data/seed/htcds-2.0-fields.tsv");
  ASSERT_TRUE(in) << "set NRM_SOURCE_DIR to the source tree";
  std::string line;
  std::vector<std::string> values;
  while (std::getline(in, line)) {
    auto cols = Split(line, "\t");
    if (cols.size() > 9 && cols[6] == "prs_Gender") values = Split(cols[9], " | ");
  }
  ASSERT_FALSE(values.empty());
  EXPECT_EQ(values, HtcdsGenders());
}

TEST(Picklists, CountriesAndLanguagesNormalise) {
  EXPECT_EQ(NormalizeCountry("az"), "AZE");
  EXPECT_EQ(NormalizeCountry("AZE"), "AZE");
  EXPECT_EQ(NormalizeCountry("ru"), "RUS");
  EXPECT_EQ(NormalizeCountry("tr"), "TUR");
  EXPECT_EQ(NormalizeCountry("XXA"), "XXA");
  EXPECT_FALSE(NormalizeCountry("ZZZ"));
  EXPECT_FALSE(NormalizeCountry("A1"));
  EXPECT_FALSE(NormalizeCountry("Azerbaijan"));
  EXPECT_EQ(NormalizeLanguage("az"), "aze");
  EXPECT_EQ(NormalizeLanguage("RU"), "rus");
  EXPECT_EQ(NormalizeLanguage("eng"), "eng");
  EXPECT_FALSE(NormalizeLanguage("qqq"));
  EXPECT_FALSE(NormalizeLanguage("english"));
}

// The served lists are exactly what the checks accept, nothing more or less.
TEST(Picklists, ServedListsAreTheValidatedOnes) {
  const Picklists& p = AllPicklists();
  ASSERT_EQ(p.genders.size(), HtcdsGenders().size());
  for (size_t i = 0; i < p.genders.size(); ++i) {
    EXPECT_EQ(p.genders[i].code, HtcdsGenders()[i]);
    EXPECT_EQ(CanonicalGender(p.genders[i].code), p.genders[i].code);
    EXPECT_FALSE(p.genders[i].label.az.empty());
    EXPECT_NE(p.genders[i].label.ru, p.genders[i].label.en);
  }
  for (const auto& [legacy, htcds] : p.legacy_genders) EXPECT_EQ(CanonicalGender(legacy), htcds);
  EXPECT_EQ(p.legacy_genders.size(), LegacyGenders().size());
  ASSERT_EQ(p.document_types.size(), DocumentTypes().size());
  for (const auto& d : p.document_types) EXPECT_TRUE(IsDocumentType(d.code)) << d.code;

  ASSERT_GT(p.countries.size(), 200u);
  for (const auto& c : p.countries) EXPECT_EQ(NormalizeCountry(c.code), c.code) << c.code;
  auto country = [&](const std::string& code) {
    for (const auto& c : p.countries)
      if (c.code == code) return c.label;
    return directory::LocalizedText{};
  };
  EXPECT_EQ(country("AZE").en, "Azerbaijan");
  EXPECT_EQ(country("AZE").az, "Azərbaycan");
  EXPECT_EQ(country("AZE").ru, "Азербайджан");
  EXPECT_EQ(country("XXA").en, "Stateless person");

  ASSERT_GT(p.languages.size(), 180u);
  for (const auto& l : p.languages) EXPECT_EQ(NormalizeLanguage(l.code), l.code) << l.code;
  auto language = [&](const std::string& code) {
    for (const auto& l : p.languages)
      if (l.code == code) return l.label;
    return directory::LocalizedText{};
  };
  EXPECT_EQ(language("rus").en, "Russian");
  EXPECT_EQ(language("rus").ru, "русский");
  EXPECT_EQ(language("aze").az, "azərbaycan");
}

TEST(IdentityFields, ValidationAndNormalisation) {
  auto ok = [](FieldClass c, const FieldGroup& g) {
    auto r = ValidateGroup(c, g);
    EXPECT_TRUE(r) << (r ? "" : r.error().message);
    return r ? *r : FieldGroup{};
  };
  auto bad = [](FieldClass c, const FieldGroup& g) {
    auto r = ValidateGroup(c, g);
    EXPECT_FALSE(r) << g.begin()->first << "=" << g.begin()->second;
    if (!r) {
      EXPECT_EQ(r.error().code, ErrorCode::kInvalidArgument);
    }
  };
  auto d = ok(FieldClass::kDetail,
              {{"gender", "Feminine"}, {"citizenship", "az, ru"}, {"languages", "az,ru;en"}, {"age_estimate", "17"}});
  EXPECT_EQ(d["citizenship"], "AZE,RUS");
  EXPECT_EQ(d["languages"], "aze,rus,eng");
  EXPECT_EQ(d["age_estimate"], "17");
  // The first API's codes still hold, stored as their HTCDS value.
  EXPECT_EQ(ok(FieldClass::kDetail, {{"gender", "female"}})["gender"], "Feminine");
  EXPECT_EQ(ok(FieldClass::kDetail, {{"gender", "unknown"}})["gender"], "NonSpecifiedUnknown");
  EXPECT_EQ(ok(FieldClass::kDetail, {{"gender", "TransgenderMasculine"}})["gender"], "TransgenderMasculine");
  bad(FieldClass::kDetail, {{"gender", "woman"}});
  bad(FieldClass::kDetail, {{"citizenship", "ZZZ"}});
  bad(FieldClass::kDetail, {{"languages", "klingon"}});
  bad(FieldClass::kDetail, {{"age_estimate", "about 20"}});
  bad(FieldClass::kDetail, {{"age_estimate", "121"}});
  bad(FieldClass::kIdentity, {{"birth_date", "1999-02-30"}});
  auto i = ok(FieldClass::kIdentity,
              {{"other_names", "Лейла; Leila"},
               {"documents", R"([{"type":"passport","number":"C 01234567","issuing_country":"az","expiry":"2030-01-31"},
                                 {"type":"national_id","number":"AZE 7654321"}])"}});
  auto docs = ParseDocuments(i["documents"]);
  ASSERT_EQ(docs.size(), 2u);
  EXPECT_EQ(docs[0].issuing_country, "AZE");
  EXPECT_EQ(docs[1].type, "national_id");
  bad(FieldClass::kIdentity, {{"documents", R"([{"type":"library_card","number":"1"}])"}});
  bad(FieldClass::kIdentity, {{"documents", R"([{"type":"passport"}])"}});
  bad(FieldClass::kIdentity, {{"documents", R"([{"type":"passport","number":"1","colour":"red"}])"}});
  bad(FieldClass::kIdentity, {{"documents", R"([{"type":"passport","number":"1","expiry":"soon"}])"}});
  bad(FieldClass::kIdentity, {{"documents", R"({"type":"passport"})"}});
  std::string many = "[";
  for (int n = 0; n < 11; ++n)
    many += std::string(n ? "," : "") + R"({"type":"other","number":")" + std::to_string(n) + "\"}";
  bad(FieldClass::kIdentity, {{"documents", many + "]"}});
}

std::map<std::string, std::string> Named(const Error& e) {
  std::map<std::string, std::string> out;
  for (const auto& f : e.fields) {
    EXPECT_FALSE(f.detail.empty()) << f.field;
    out[f.field] = f.code;
  }
  return out;
}

// Validation does not stop at the first bad field: one error names them all,
// each by its dotted path in the request body, so the form can mark each one.
TEST(IdentityFields, EveryBadFieldIsNamedByItsPath) {
  PersonInput in;
  in.groups[FieldClass::kIdentity] = {
      {"given_names", "Leyla"},
      {"birth_date", "1999-02-30"},
      {"favourite_colour", "blue"},
      {"documents",
       R"([{"type":"passport","number":"C1"},{"type":"library_card","expiry":"soon","colour":"red"},{"number":"7"}])"}};
  in.groups[FieldClass::kContact] = {{"phone", std::string(401, '5')}, {"email", "a@b.az"}};
  in.groups[FieldClass::kDetail] = {{"gender", "woman"}, {"age_estimate", "121"}, {"citizenship", "AZE, ZZZ"}};
  auto r = ValidatePerson(in);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, ErrorCode::kInvalidArgument);
  const std::map<std::string, std::string> want = {{"identity.birth_date", "format"},
                                                   {"identity.favourite_colour", "unknown"},
                                                   {"identity.documents.1.type", "enum"},
                                                   {"identity.documents.1.expiry", "format"},
                                                   {"identity.documents.1.colour", "unknown"},
                                                   {"identity.documents.1.number", "required"},
                                                   {"identity.documents.2.type", "required"},
                                                   {"contact.phone", "too_long"},
                                                   {"detail.gender", "enum"},
                                                   {"detail.age_estimate", "range"},
                                                   {"detail.citizenship", "enum"}};
  EXPECT_EQ(Named(r.error()), want);
  EXPECT_EQ(r.error().fields.size(), want.size()) << "each field once";
  EXPECT_EQ(r.error().message, "11 fields are invalid; see errors");

  auto one = ValidateGroup(FieldClass::kIdentity, {{"birth_date", "soon"}, {"given_names", "Leyla"}});
  ASSERT_FALSE(one);
  EXPECT_EQ(Named(one.error()), (std::map<std::string, std::string>{{"identity.birth_date", "format"}}));
  EXPECT_EQ(one.error().message, "identity.birth_date must be a date YYYY-MM-DD");
  auto docs = ValidateGroup(FieldClass::kIdentity, {{"documents", R"("C 1122334")"}});
  ASSERT_FALSE(docs);
  EXPECT_EQ(Named(docs.error()), (std::map<std::string, std::string>{{"identity.documents", "type"}}));
  auto reference = ValidatePerson(PersonInput{{{FieldClass::kReference, {{"reference", "P-1"}}}}});
  ASSERT_FALSE(reference);
  EXPECT_EQ(Named(reference.error()), (std::map<std::string, std::string>{{"reference", "unknown"}}));

  // Good input comes back normalised.
  auto good = ValidatePerson(PersonInput{{{FieldClass::kDetail, {{"gender", "female"}, {"citizenship", "az"}}}}});
  ASSERT_TRUE(good) << good.error().message;
  EXPECT_EQ(good->groups[FieldClass::kDetail]["gender"], "Feminine");
  EXPECT_EQ(good->groups[FieldClass::kDetail]["citizenship"], "AZE");
}

TEST(Photo, MagicBytes) {
  EXPECT_EQ(PhotoMediaType(std::string("\xFF\xD8\xFF\xE0rest", 8)), "image/jpeg");
  EXPECT_EQ(PhotoMediaType(std::string("\x89PNG\r\n\x1a\nrest", 12)), "image/png");
  EXPECT_EQ(PhotoMediaType("GIF89a...."), "");
  EXPECT_EQ(PhotoMediaType("<svg></svg>"), "");
  EXPECT_EQ(PhotoMediaType(""), "");
}

class IdentityTest : public PeopleTest {};

TEST_P(IdentityTest, EveryDocumentIsFoundByItsNumber) {
  auto spu = User("spu.inv", "spu_investigator", "spu");
  PersonInput in;
  in.groups[FieldClass::kIdentity] = {
      {"given_names", "Leyla"},
      {"family_name", "Məmmədova"},
      {"other_names", "Лейла Мамедова"},
      {"documents",
       R"([{"type":"passport","number":"C01234567","issuing_country":"AZE"},{"type":"national_id","number":"AZE 7654321"}])"}};
  auto p = persons_->Create(spu, in, "t");
  ASSERT_TRUE(p) << p.error().message;
  for (const char* number : {"c 0123 4567", "AZE7654321"}) {
    auto found = persons_->List(spu, SearchQuery{"", number, "", 10}, "t");
    ASSERT_TRUE(found);
    ASSERT_EQ(found->size(), 1u) << number;
    EXPECT_EQ((*found)[0].id, p->id);
  }
  auto none = persons_->List(spu, SearchQuery{"", "C01234568", "", 10}, "t");
  ASSERT_TRUE(none);
  EXPECT_TRUE(none->empty());
  // Replacing the identity replaces the index: the old number no longer finds it.
  PersonInput change;
  change.groups[FieldClass::kIdentity] = {{"family_name", "Məmmədova"},
                                          {"documents", R"([{"type":"passport","number":"N999"}])"}};
  ASSERT_TRUE(persons_->Update(spu, p->id, p->version, change, "t"));
  auto old = persons_->List(spu, SearchQuery{"", "C01234567", "", 10}, "t");
  ASSERT_TRUE(old);
  EXPECT_TRUE(old->empty());
  auto fresh = persons_->List(spu, SearchQuery{"", "N999", "", 10}, "t");
  ASSERT_TRUE(fresh);
  EXPECT_EQ(fresh->size(), 1u);
  // Nothing of it in clear in the row.
  auto row = Select("SELECT identity_sealed FROM persons WHERE id = ?", {p->id});
  ASSERT_EQ(row.size(), 1u);
  auto blob = row[0].Bytes(0);
  const std::string raw(blob.begin(), blob.end());
  EXPECT_EQ(raw.find("N999"), std::string::npos);
  EXPECT_EQ(raw.find("passport"), std::string::npos);
}

// The service refuses a record with bad fields as one error naming all of
// them, on create and on update, and writes nothing.
TEST_P(IdentityTest, CreateAndUpdateNameEveryBadField) {
  auto spu = User("spu.inv", "spu_investigator", "spu");
  PersonInput in;
  in.groups[FieldClass::kIdentity] = {{"family_name", "Əliyeva"},
                                      {"birth_date", "1999-13-40"},
                                      {"documents", R"([{"type":"passport","number":"C1","issuing_country":"ZZ"}])"}};
  in.groups[FieldClass::kContact] = {{"phone", std::string(500, '1')}};
  const std::map<std::string, std::string> want = {{"identity.birth_date", "format"},
                                                   {"identity.documents.0.issuing_country", "enum"},
                                                   {"contact.phone", "too_long"}};
  auto created = persons_->Create(spu, in, "t");
  ASSERT_FALSE(created);
  EXPECT_EQ(created.error().code, ErrorCode::kInvalidArgument);
  EXPECT_EQ(Named(created.error()), want);
  EXPECT_TRUE(Select("SELECT id FROM persons", {}).empty());

  auto p = Record(spu, "Leyla", "Məmmədova");
  ASSERT_TRUE(p);
  auto updated = persons_->Update(spu, p->id, p->version, in, "t");
  ASSERT_FALSE(updated);
  EXPECT_EQ(Named(updated.error()), want);
  auto again = persons_->Get(spu, p->id, "t");
  ASSERT_TRUE(again);
  EXPECT_EQ(again->version, p->version);
}

TEST_P(IdentityTest, PhotoIsSealedSizeLimitedAndReadOnlyWithTheIdentity) {
  auto spu = User("spu.inv", "spu_investigator", "spu");
  auto border = User("border.a", "border_officer", "border");
  auto p = Record(spu, "Leyla", "Məmmədova");
  ASSERT_TRUE(p);
  EXPECT_FALSE(p->has_photo);
  std::string png("\x89PNG\r\n\x1a\n", 8);
  png += "UNIQUE-PIXELS-MARKER";
  png += std::string(1000, '\x01');

  auto gif = persons_->SetPhoto(spu, p->id, p->version, "GIF89a" + std::string(100, 'x'), "t");
  ASSERT_FALSE(gif);
  EXPECT_EQ(gif.error().code, ErrorCode::kUnsupportedMediaType);
  auto huge = persons_->SetPhoto(spu, p->id, p->version, png + std::string(kMaxPhotoBytes, 'x'), "t");
  ASSERT_FALSE(huge);
  EXPECT_EQ(huge.error().code, ErrorCode::kPayloadTooLarge);
  auto stale = persons_->SetPhoto(spu, p->id, p->version + 5, png, "t");
  ASSERT_FALSE(stale);
  EXPECT_EQ(stale.error().code, ErrorCode::kConflict);
  auto outsider = persons_->SetPhoto(border, p->id, p->version, png, "t");
  ASSERT_FALSE(outsider);
  EXPECT_EQ(outsider.error().code, ErrorCode::kNotFound);

  auto set = persons_->SetPhoto(spu, p->id, p->version, png, "t");
  ASSERT_TRUE(set) << set.error().message;
  EXPECT_TRUE(set->has_photo);
  EXPECT_EQ(set->version, p->version + 1);
  auto got = persons_->GetPhoto(spu, p->id, "t");
  ASSERT_TRUE(got) << got.error().message;
  EXPECT_EQ(got->media_type, "image/png");
  EXPECT_EQ(got->bytes, png);
  auto denied = persons_->GetPhoto(border, p->id, "t");
  ASSERT_FALSE(denied);
  EXPECT_EQ(denied.error().code, ErrorCode::kNotFound);

  auto row = Select("SELECT photo_sealed FROM persons WHERE id = ?", {p->id});
  ASSERT_EQ(row.size(), 1u);
  auto blob = row[0].Bytes(0);
  const std::string raw(blob.begin(), blob.end());
  EXPECT_GT(raw.size(), png.size());
  EXPECT_EQ(raw.find("UNIQUE-PIXELS-MARKER"), std::string::npos);
  EXPECT_EQ(raw.find("PNG"), std::string::npos);

  audit::Filter f;
  f.action = "person.photo_set";
  f.object_id = p->id;
  auto entries = audit_->Find(f, 10);
  ASSERT_TRUE(entries);
  EXPECT_EQ(entries->size(), 1u);
}

INSTANTIATE_TEST_SUITE_P(Backends, IdentityTest, ::testing::Values(store::Dialect::kSqlite, store::Dialect::kPostgres),
                         store::testing::ParamName);

}  // namespace
}  // namespace nrm::people
