#include "crypto/base32.h"

#include <gtest/gtest.h>

#include <string>

namespace nrm::crypto {
namespace {

std::string AsString(const std::vector<uint8_t>& v) { return std::string(v.begin(), v.end()); }

// RFC 4648 section 10.
TEST(Base32Test, Rfc4648VectorsPadded) {
  EXPECT_EQ(Base32Encode("", true), "");
  EXPECT_EQ(Base32Encode("f", true), "MY======");
  EXPECT_EQ(Base32Encode("fo", true), "MZXQ====");
  EXPECT_EQ(Base32Encode("foo", true), "MZXW6===");
  EXPECT_EQ(Base32Encode("foob", true), "MZXW6YQ=");
  EXPECT_EQ(Base32Encode("fooba", true), "MZXW6YTB");
  EXPECT_EQ(Base32Encode("foobar", true), "MZXW6YTBOI======");
}

TEST(Base32Test, EncodeWithoutPaddingByDefault) {
  EXPECT_EQ(Base32Encode("f"), "MY");
  EXPECT_EQ(Base32Encode("foobar"), "MZXW6YTBOI");
  EXPECT_EQ(Base32Encode("12345678901234567890"), "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ");
}

TEST(Base32Test, DecodeRfc4648Vectors) {
  const std::pair<const char*, const char*> vectors[] = {
      {"", ""},
      {"MY======", "f"},
      {"MZXQ====", "fo"},
      {"MZXW6===", "foo"},
      {"MZXW6YQ=", "foob"},
      {"MZXW6YTB", "fooba"},
      {"MZXW6YTBOI======", "foobar"},
  };
  for (const auto& [enc, dec] : vectors) {
    auto r = Base32Decode(enc);
    ASSERT_TRUE(r.has_value()) << enc;
    EXPECT_EQ(AsString(*r), dec) << enc;
  }
}

TEST(Base32Test, DecodeIsLenientAboutCaseSpacesAndMissingPadding) {
  auto r = Base32Decode("mzxw 6ytb oi");
  ASSERT_TRUE(r.has_value());
  EXPECT_EQ(AsString(*r), "foobar");
  r = Base32Decode("MzXw6YtBoI");
  ASSERT_TRUE(r.has_value());
  EXPECT_EQ(AsString(*r), "foobar");
}

TEST(Base32Test, DecodeRejectsBadInput) {
  EXPECT_FALSE(Base32Decode("MZXW6YT1").has_value());   // '1' is not base32
  EXPECT_FALSE(Base32Decode("MZXW6YT8").has_value());   // '8' neither
  EXPECT_FALSE(Base32Decode("MZXW-6YTB").has_value());  // punctuation
  EXPECT_FALSE(Base32Decode("MZXW6\n").has_value());
  EXPECT_FALSE(Base32Decode("M").has_value());  // impossible length
  EXPECT_FALSE(Base32Decode("MZX").has_value());
  EXPECT_FALSE(Base32Decode("MZ=XW").has_value());  // data after padding
  EXPECT_FALSE(Base32Decode("MZ").has_value());     // leftover bits not zero
  auto err = Base32Decode("!!!!");
  ASSERT_FALSE(err.has_value());
  EXPECT_EQ(err.error().code, ErrorCode::kInvalidArgument);
}

TEST(Base32Test, RoundTripsAllByteValues) {
  std::string all;
  for (int i = 0; i < 256; ++i) all.push_back(static_cast<char>(i));
  for (size_t len = 0; len <= all.size(); len += 7) {
    const std::string in = all.substr(0, len);
    auto out = Base32Decode(Base32Encode(in));
    ASSERT_TRUE(out.has_value()) << len;
    EXPECT_EQ(AsString(*out), in);
  }
}

}  // namespace
}  // namespace nrm::crypto
