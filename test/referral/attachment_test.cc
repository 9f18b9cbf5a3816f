// Attachments: type by magic bytes, size bounds, strict base64 -- and a bad
// referral writes nothing at all.
#include <sodium.h>

#include "referral/attachment.h"
#include "referral_fixture.h"

namespace nrm::referral::testing {
namespace {

std::string B64(const std::string& bytes) {
  std::string out(sodium_base64_ENCODED_LEN(bytes.size(), sodium_base64_VARIANT_ORIGINAL), '\0');
  sodium_bin2base64(out.data(), out.size(), reinterpret_cast<const unsigned char*>(bytes.data()), bytes.size(),
                    sodium_base64_VARIANT_ORIGINAL);
  out.resize(out.size() - 1);  // the terminating NUL
  return out;
}

const std::string kPdf = "%PDF-1.4\n% test\n";
const std::string kPng = std::string("\x89PNG\r\n\x1A\n", 8) + "rest";

TEST(Attachments, TypeComesFromTheMagicBytes) {
  auto ok = DecodeAttachments({{"passport.pdf", "application/pdf", B64(kPdf)}, {"photo.png", "image/png", B64(kPng)}});
  ASSERT_TRUE(ok) << ok.error().message;
  ASSERT_EQ(ok->size(), 2u);
  EXPECT_EQ(std::string((*ok)[0].bytes.begin(), (*ok)[0].bytes.end()), kPdf);
  // A PNG declared as a PDF, an executable declared as a PDF, or HTML.
  EXPECT_FALSE(DecodeAttachments({{"x.pdf", "application/pdf", B64(kPng)}}));
  EXPECT_FALSE(DecodeAttachments({{"x.pdf", "application/pdf", B64("MZ\x90\x00 not a pdf")}}));
  EXPECT_FALSE(DecodeAttachments({{"x.html", "text/html", B64("<html>")}}));
  EXPECT_FALSE(DecodeAttachments({{"", "application/pdf", B64(kPdf)}}));
  EXPECT_FALSE(DecodeAttachments({{"../../etc/passwd", "application/pdf", B64(kPdf)}}));
}

TEST(Attachments, SizeAndBase64AreBounded) {
  EXPECT_FALSE(DecodeAttachments({{"x.pdf", "application/pdf", "%%%not base64%%%"}}));
  EXPECT_FALSE(DecodeAttachments({{"x.pdf", "application/pdf", B64(kPdf) + "A"}}));
  EXPECT_FALSE(DecodeAttachments({{"x.pdf", "application/pdf", ""}}));
  const std::string at_limit = kPdf + std::string(kMaxAttachmentBytes - kPdf.size(), 'x');
  EXPECT_TRUE(DecodeAttachments({{"x.pdf", "application/pdf", B64(at_limit)}}));
  auto over = DecodeAttachments({{"x.pdf", "application/pdf", B64(at_limit + "y")}});
  ASSERT_FALSE(over);
  EXPECT_NE(over.error().message.find("5 MiB"), std::string::npos);
  std::vector<AttachmentInput> many(kMaxAttachments + 1, AttachmentInput{"x.pdf", "application/pdf", B64(kPdf)});
  EXPECT_FALSE(DecodeAttachments(many));
  // 5 files of 5 MiB exceed the 20 MiB total.
  std::vector<AttachmentInput> big(5, AttachmentInput{"x.pdf", "application/pdf", B64(at_limit)});
  EXPECT_FALSE(DecodeAttachments(big));
}

// A photo with a referral for a new person: sealed with the person in the
// same transaction and read back by the SPU through the identity class; a
// bad one refuses the whole referral.
TEST_P(ReferralTest, APhotoComesWithANewPersonOrNothingIsWritten) {
  const std::string jpeg = std::string("\xFF\xD8\xFF\xE0", 4) + "jpeg body";
  auto counts = [&] {
    return std::vector<int64_t>{Count("persons"), Count("referrals"), Count("access_relations"),
                                Select("SELECT COUNT(*) FROM persons WHERE photo_sealed IS NOT NULL")[0].Int(0),
                                Select("SELECT COUNT(*) FROM screenings WHERE referral_id IS NOT NULL")[0].Int(0)};
  };
  auto s = Screen(border_);
  auto existing = persons_->Create(border_, ToSpu(s.id).person.value(), "req");
  ASSERT_TRUE(existing);
  const auto before = counts();
  const std::vector<PhotoInput> bad = {
      {"image/png", B64(jpeg)},                                              // declared type disagrees
      {"image/gif", B64("GIF89a")},                                          // not ours
      {"image/jpeg", B64(kPdf)},                                             // not an image
      {"image/jpeg", "%%%"},                                                 // not base64
      {"image/jpeg", ""},                                                    // empty
      {"image/jpeg", B64(jpeg + std::string(people::kMaxPhotoBytes, 'x'))},  // over 512 KiB
  };
  for (const auto& photo : bad) {
    auto in = ToSpu(s.id);
    in.photo = photo;
    auto r = referrals_->CreateToSpu(border_, in, "req");
    ASSERT_FALSE(r) << photo.content_type;
    EXPECT_EQ(r.error().code, ErrorCode::kInvalidArgument) << r.error().message;
  }
  // Only with a new person.
  ReferralToSpuInput with_id = ToSpu(s.id);
  with_id.person.reset();
  with_id.person_id = existing->id;
  with_id.photo = PhotoInput{"image/jpeg", B64(jpeg)};
  EXPECT_EQ(referrals_->CreateToSpu(border_, with_id, "req").error().code, ErrorCode::kInvalidArgument);
  EXPECT_EQ(counts(), before);

  auto in = ToSpu(s.id);
  in.photo = PhotoInput{"image/jpeg", B64(jpeg)};
  auto r = referrals_->CreateToSpu(border_, in, "req");
  ASSERT_TRUE(r) << r.error().message;
  auto full = referrals_->Get(investigator_, r->id, "req");
  ASSERT_TRUE(full) << full.error().message;
  auto photo = persons_->GetPhoto(investigator_, full->person_id, "req");
  ASSERT_TRUE(photo) << photo.error().message;
  EXPECT_EQ(photo->media_type, "image/jpeg");
  EXPECT_EQ(photo->bytes, jpeg);
  auto sealed = Select("SELECT photo_sealed FROM persons WHERE id = ?", {full->person_id});
  ASSERT_EQ(sealed.size(), 1u);
  const auto blob = sealed[0].Bytes(0);
  EXPECT_EQ(std::string(blob.begin(), blob.end()).find("jpeg body"), std::string::npos) << "sealed at rest";
  auto history = audit_->History("person", full->person_id, 100);
  ASSERT_TRUE(history);
  EXPECT_TRUE(std::any_of(history->begin(), history->end(),
                          [](const auto& e) { return e.entry.action == "person.photo_set"; }));
}

TEST_P(ReferralTest, ABadReferralWritesNothing) {
  auto s = Screen(border_);
  auto counts = [&] {
    return std::vector<int64_t>{Count("persons"),
                                Count("referrals"),
                                Count("referral_attachments"),
                                Count("access_relations"),
                                Count("notices"),
                                Count("cases"),
                                Select("SELECT COUNT(*) FROM screenings WHERE referral_id IS NOT NULL")[0].Int(0)};
  };
  const auto before = counts();
  auto in = ToSpu(s.id);
  for (const auto& bad :
       {AttachmentInput{"a.pdf", "application/pdf", B64(kPng)},
        AttachmentInput{"a.pdf", "application/pdf", "not*base64"},
        AttachmentInput{"a.pdf", "application/pdf", B64(kPdf + std::string(kMaxAttachmentBytes, 'x'))}}) {
    in.attachments = {AttachmentInput{"ok.pdf", "application/pdf", B64(kPdf)}, bad};
    auto r = referrals_->CreateToSpu(border_, in, "req");
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error().code, ErrorCode::kInvalidArgument);
    EXPECT_EQ(counts(), before);
  }
  // A missing screening, a bad person field: the person is not created either.
  in.attachments = {AttachmentInput{"ok.pdf", "application/pdf", B64(kPdf)}};
  auto missing = in;
  missing.screening_id = "01900000-0000-7000-8000-000000000000";
  EXPECT_EQ(referrals_->CreateToSpu(border_, missing, "req").error().code, ErrorCode::kInvalidArgument);
  EXPECT_EQ(counts(), before);
  auto badperson = in;
  badperson.person->groups[access::FieldClass::kIdentity]["nickname"] = "x";
  EXPECT_EQ(referrals_->CreateToSpu(border_, badperson, "req").error().code, ErrorCode::kInvalidArgument);
  EXPECT_EQ(counts(), before);
  // Another agency's screening cannot be used.
  auto police = User("t.police", "police_liaison", "police");
  EXPECT_EQ(referrals_->CreateToSpu(police, in, "req").error().code, ErrorCode::kInvalidArgument);
  EXPECT_EQ(counts(), before);
  // The good one goes through once; the screening cannot be referred twice.
  auto r = referrals_->CreateToSpu(border_, in, "req");
  ASSERT_TRUE(r) << r.error().message;
  EXPECT_EQ(Count("referral_attachments"), 1);
  EXPECT_EQ(referrals_->CreateToSpu(border_, in, "req").error().code, ErrorCode::kConflict);
  // Sealed at rest; the SPU reads it back, the referrer cannot download it.
  auto rows = Select("SELECT data_sealed, filename_sealed FROM referral_attachments");
  ASSERT_EQ(rows.size(), 1u);
  const auto blob = rows[0].Bytes(0);
  EXPECT_EQ(std::string(blob.begin(), blob.end()).find("%PDF"), std::string::npos);
  auto full = referrals_->Get(investigator_, r->id, "req");
  ASSERT_TRUE(full);
  ASSERT_EQ(full->attachments.size(), 1u);
  EXPECT_EQ(full->attachments[0].filename, "ok.pdf");
  auto file = referrals_->Attachment(investigator_, r->id, full->attachments[0].id, "req");
  ASSERT_TRUE(file) << file.error().message;
  EXPECT_EQ(std::string(file->bytes.begin(), file->bytes.end()), kPdf);
  EXPECT_EQ(referrals_->Attachment(border_, r->id, full->attachments[0].id, "req").error().code, ErrorCode::kNotFound);
}

}  // namespace
}  // namespace nrm::referral::testing
