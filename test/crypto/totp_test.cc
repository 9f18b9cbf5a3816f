#include "crypto/totp.h"

#include <gtest/gtest.h>

#include <cstdio>
#include <cstdlib>
#include <optional>
#include <string>
#include <vector>

#include "crypto/base32.h"

namespace nrm::crypto {
namespace {

// RFC 6238 Appendix B uses the ASCII seed "12345678901234567890" for SHA1.
constexpr const char* kRfcSecretB32 = "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ";

std::vector<uint8_t> RfcKey() {
  const std::string seed = "12345678901234567890";
  return std::vector<uint8_t>(seed.begin(), seed.end());
}

TEST(TotpTest, Rfc6238AppendixBSha1Vectors) {
  const std::pair<int64_t, const char*> vectors[] = {
      {59, "94287082"},         {1111111109, "07081804"}, {1111111111, "14050471"},
      {1234567890, "89005924"}, {2000000000, "69279037"},
  };
  const auto key = RfcKey();
  for (const auto& [t, code] : vectors) {
    auto got = HotpCode(key, static_cast<uint64_t>(t / kTotpStepSeconds), 8);
    ASSERT_TRUE(got.has_value()) << t;
    EXPECT_EQ(*got, code) << t;
    // The 6-digit code is the last six digits of the 8-digit one.
    auto six = TotpCode(kRfcSecretB32, t);
    ASSERT_TRUE(six.has_value()) << t;
    EXPECT_EQ(*six, std::string(code).substr(2)) << t;
  }
}

TEST(TotpTest, Rfc4226AppendixDHotpVectors) {
  const char* expected[] = {"755224", "287082", "359152", "969429", "338314",
                            "254676", "287922", "162583", "399871", "520489"};
  const auto key = RfcKey();
  for (uint64_t c = 0; c < 10; ++c) {
    auto got = HotpCode(key, c, 6);
    ASSERT_TRUE(got.has_value());
    EXPECT_EQ(*got, expected[c]) << c;
  }
}

TEST(TotpTest, RejectsBadParameters) {
  const auto key = RfcKey();
  EXPECT_FALSE(HotpCode(key, 0, 5).has_value());
  EXPECT_FALSE(HotpCode(key, 0, 9).has_value());
  const std::vector<uint8_t> short_key(10, 1);
  EXPECT_FALSE(HotpCode(short_key, 0, 6).has_value());
  EXPECT_FALSE(TotpCode("not base32!", 0).has_value());
  EXPECT_FALSE(TotpCode("", 0).has_value());
  EXPECT_FALSE(TotpCode(kRfcSecretB32, -1).has_value());
  EXPECT_EQ(TotpCode("MZXW6", 0).error().code, ErrorCode::kInvalidArgument);
}

TEST(TotpTest, NewSecretIs20BytesOfBase32) {
  const std::string s = NewTotpSecret();
  EXPECT_EQ(s.size(), 32u);
  auto bytes = Base32Decode(s);
  ASSERT_TRUE(bytes.has_value());
  EXPECT_EQ(bytes->size(), 20u);
  EXPECT_NE(NewTotpSecret(), s);
}

TEST(TotpTest, VerifyReturnsMatchedStepWithinWindow) {
  const std::string secret = NewTotpSecret();
  const int64_t now = 1'800'000'015;  // step 60000000, 15 s into it
  const int64_t step = now / 30;
  const std::string current = *TotpCode(secret, now);
  const std::string previous = *TotpCode(secret, now - 30);
  const std::string next = *TotpCode(secret, now + 30);
  const std::string old = *TotpCode(secret, now - 90);

  EXPECT_EQ(VerifyTotp(secret, current, now), step);
  EXPECT_EQ(VerifyTotp(secret, previous, now), step - 1);
  EXPECT_EQ(VerifyTotp(secret, next, now), step + 1);
  if (old != current && old != previous && old != next) {
    EXPECT_EQ(VerifyTotp(secret, old, now), std::nullopt);
    EXPECT_EQ(VerifyTotp(secret, old, now, 3), step - 3);
  }
  if (previous != current) {
    EXPECT_EQ(VerifyTotp(secret, previous, now, 0), std::nullopt);
  }
}

TEST(TotpTest, VerifyToleratesSpacesButNothingElse) {
  const std::string secret = NewTotpSecret();
  const int64_t now = 1'700'000'000;
  const std::string code = *TotpCode(secret, now);
  const std::string spaced = code.substr(0, 3) + " " + code.substr(3);
  EXPECT_TRUE(VerifyTotp(secret, spaced, now).has_value());
  EXPECT_FALSE(VerifyTotp(secret, code + "0", now).has_value());
  EXPECT_FALSE(VerifyTotp(secret, code.substr(1), now).has_value());
  EXPECT_FALSE(VerifyTotp(secret, "", now).has_value());
  EXPECT_FALSE(VerifyTotp(secret, "12345a", now).has_value());
  EXPECT_FALSE(VerifyTotp("bad secret 1", code, now).has_value());
  EXPECT_FALSE(VerifyTotp(secret, code, -5).has_value());
}

TEST(TotpTest, VerifyNearEpochSkipsNegativeSteps) {
  const std::string secret = NewTotpSecret();
  EXPECT_EQ(VerifyTotp(secret, *TotpCode(secret, 0), 10, 2), 0);
}

TEST(TotpTest, UriIsPercentEncoded) {
  EXPECT_EQ(TotpUri("OpenNRM Azərbaycan", "ali@example.az", "JBSWY3DPEHPK3PXP"),
            "otpauth://totp/OpenNRM%20Az%C9%99rbaycan:ali%40example.az"
            "?secret=JBSWY3DPEHPK3PXP&issuer=OpenNRM%20Az%C9%99rbaycan"
            "&algorithm=SHA1&digits=6&period=30");
  EXPECT_EQ(TotpUri("A:B", "x&y=z", "AAAA"),
            "otpauth://totp/A%3AB:x%26y%3Dz?secret=AAAA&issuer=A%3AB"
            "&algorithm=SHA1&digits=6&period=30");
}

// Runs a shell command and returns its stdout (trimmed), or nullopt.
std::optional<std::string> RunCommand(const std::string& cmd) {
  FILE* f = popen(cmd.c_str(), "r");
  if (!f) return std::nullopt;
  std::string out;
  char buf[256];
  while (size_t n = fread(buf, 1, sizeof buf, f)) out.append(buf, n);
  if (pclose(f) != 0) return std::nullopt;
  while (!out.empty() && (out.back() == '\n' || out.back() == '\r')) out.pop_back();
  return out;
}

bool OathtoolHasNow() {
  auto help = RunCommand("oathtool --help 2>/dev/null");
  return help && help->find("--now") != std::string::npos;
}

TEST(TotpTest, AgreesWithOathtool) {
  if (!OathtoolHasNow()) GTEST_SKIP() << "oathtool with --now is not installed";
  const std::vector<std::string> secrets = {kRfcSecretB32, NewTotpSecret(), NewTotpSecret()};
  const int64_t times[] = {59, 1111111109, 1234567890, 1700000000, 2000000000};
  for (const std::string& secret : secrets) {
    for (int64_t t : times) {
      auto theirs = RunCommand("oathtool --totp -b --now '@" + std::to_string(t) + "' " + secret);
      ASSERT_TRUE(theirs.has_value()) << "oathtool failed";
      auto ours = TotpCode(secret, t);
      ASSERT_TRUE(ours.has_value());
      EXPECT_EQ(*ours, *theirs) << secret << " @" << t;
    }
  }
}

}  // namespace
}  // namespace nrm::crypto
