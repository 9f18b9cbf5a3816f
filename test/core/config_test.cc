#include "core/config.h"
#include "core/clock.h"

#include <cstdlib>
#include <fstream>

#include <gtest/gtest.h>

#include "support/temp_dir.h"

namespace nrm {
namespace {

TEST(Config, FileThenEnvironment) {
  testing::TempDir dir;
  std::ofstream(dir.File("nrm.toml")) << "port = 9090\ndata_dir = \"/srv/nrm\"\nbehind_tls = true\n";
  ::setenv("NRM_PORT", "9191", 1);
  Config c;
  ASSERT_TRUE(LoadConfig(dir.File("nrm.toml"), c));
  ::unsetenv("NRM_PORT");
  EXPECT_EQ(c.port, 9191);
  EXPECT_EQ(c.data_dir, "/srv/nrm");
  EXPECT_TRUE(c.behind_tls);
  EXPECT_EQ(c.EffectiveStoreUrl(), "sqlite:/srv/nrm/nrm.db");
}

TEST(Config, UnknownKeysAndBadValuesAreErrors) {
  testing::TempDir dir;
  std::ofstream(dir.File("typo.toml")) << "prot = 9090\n";
  Config c;
  auto s = LoadConfig(dir.File("typo.toml"), c);
  ASSERT_FALSE(s);
  EXPECT_NE(s.error().message.find("prot"), std::string::npos);

  std::ofstream(dir.File("range.toml")) << "port = 70000\n";
  EXPECT_FALSE(LoadConfig(dir.File("range.toml"), c));
  std::ofstream(dir.File("broken.toml")) << "port = = \n";
  EXPECT_FALSE(LoadConfig(dir.File("broken.toml"), c));
  EXPECT_FALSE(LoadConfig(dir.File("missing.toml"), c));
}

TEST(Config, PostgresUrlWins) {
  Config c;
  c.store_url = "postgresql:///nrm?host=/tmp";
  EXPECT_EQ(c.EffectiveStoreUrl(), "postgresql:///nrm?host=/tmp");
}

TEST(Clock, Rfc3339) {
  EXPECT_EQ(FormatRfc3339(0), "1970-01-01T00:00:00.000Z");
  EXPECT_EQ(FormatRfc3339(1'764'010'863'123), "2025-11-24T19:01:03.123Z");
}

}  // namespace
}  // namespace nrm
