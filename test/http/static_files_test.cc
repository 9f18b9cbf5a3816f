#include "http/static_files.h"

#include <filesystem>
#include <fstream>

#include <gtest/gtest.h>

#include "support/temp_dir.h"

namespace nrm::http {
namespace {

namespace fs = std::filesystem;

void Write(const std::string& path, const std::string& content) {
  fs::create_directories(fs::path(path).parent_path());
  std::ofstream(path, std::ios::binary) << content;
}

std::string HeaderOf(const Response& r, const std::string& name) {
  for (const auto& [n, v] : r.headers)
    if (n == name) return v;
  return "";
}

class HttpStaticFilesTest : public ::testing::Test {
 protected:
  void SetUp() override {
    root_ = outer_.File("web");
    Write(root_ + "/index.html", "<!doctype html><title>OpenNRM</title>");
    Write(root_ + "/assets/app-1a2b.js", "console.log(1)");
    Write(root_ + "/assets/app-1a2b.mjs", "export {}");
    Write(root_ + "/assets/app-1a2b.css", "body{}");
    Write(root_ + "/assets/logo.svg", "<svg/>");
    Write(root_ + "/assets/logo.png", "\x89PNG");
    Write(root_ + "/assets/font.woff2", "w2");
    Write(root_ + "/assets/font.woff", "w");
    Write(root_ + "/assets/font.ttf", "t");
    Write(root_ + "/assets/app.js.map", "{}");
    Write(root_ + "/favicon.ico", "ico");
    Write(root_ + "/robots.txt", "User-agent: *");
    Write(root_ + "/i18n/az.json", "{}");
    Write(root_ + "/.env", "SECRET=1");
    Write(outer_.File("secret.txt"), "top secret");
    handler_ = StaticFiles(root_);
  }

  Response Get(const std::string& path) {
    Request req;
    req.method = "GET";
    req.path = path;
    return handler_(req);
  }

  testing::TempDir outer_;
  std::string root_;
  Handler handler_;
};

TEST_F(HttpStaticFilesTest, ServesFilesWithContentType) {
  const std::pair<const char*, const char*> cases[] = {
      {"/assets/app-1a2b.js", "text/javascript; charset=utf-8"},
      {"/assets/app-1a2b.mjs", "text/javascript; charset=utf-8"},
      {"/assets/app-1a2b.css", "text/css; charset=utf-8"},
      {"/assets/logo.svg", "image/svg+xml"},
      {"/assets/logo.png", "image/png"},
      {"/assets/font.woff2", "font/woff2"},
      {"/assets/font.woff", "font/woff"},
      {"/assets/font.ttf", "font/ttf"},
      {"/assets/app.js.map", "application/json"},
      {"/favicon.ico", "image/x-icon"},
      {"/robots.txt", "text/plain; charset=utf-8"},
      {"/i18n/az.json", "application/json"},
      {"/index.html", "text/html; charset=utf-8"},
  };
  for (const auto& [path, type] : cases) {
    Response r = Get(path);
    EXPECT_EQ(r.status, 200) << path;
    EXPECT_EQ(r.content_type, type) << path;
  }
  EXPECT_EQ(Get("/assets/app-1a2b.js").body, "console.log(1)");
}

TEST_F(HttpStaticFilesTest, CachePolicy) {
  EXPECT_EQ(HeaderOf(Get("/assets/app-1a2b.js"), "Cache-Control"), "public, max-age=31536000, immutable");
  EXPECT_EQ(HeaderOf(Get("/"), "Cache-Control"), "no-cache");
  EXPECT_EQ(HeaderOf(Get("/index.html"), "Cache-Control"), "no-cache");
  EXPECT_EQ(HeaderOf(Get("/cases/42"), "Cache-Control"), "no-cache");
  EXPECT_EQ(HeaderOf(Get("/robots.txt"), "Cache-Control"), "no-cache");
}

TEST_F(HttpStaticFilesTest, SpaFallbackForClientRoutes) {
  for (const char* path : {"/", "/cases", "/cases/42/edit", "/users/", "/assets"}) {
    Response r = Get(path);
    EXPECT_EQ(r.status, 200) << path;
    EXPECT_EQ(r.content_type, "text/html; charset=utf-8") << path;
    EXPECT_NE(r.body.find("OpenNRM"), std::string::npos) << path;
  }
}

TEST_F(HttpStaticFilesTest, MissingFilesWithExtensionAre404) {
  for (const char* path : {"/assets/missing.js", "/nothing.png", "/a/b/c.css"}) {
    Response r = Get(path);
    EXPECT_EQ(r.status, 404) << path;
    EXPECT_EQ(r.content_type, "application/problem+json") << path;
  }
}

TEST_F(HttpStaticFilesTest, NoTraversalNoHiddenFilesNoApi) {
  for (const char* path : {"/../secret.txt", "/assets/../../secret.txt", "/..", "/.env", "/assets/./app-1a2b.js",
                           "/api/v1/users", "/api", "/x\\..\\secret.txt"}) {
    Response r = Get(path);
    EXPECT_EQ(r.status, 404) << path;
    EXPECT_EQ(r.body.find("top secret"), std::string::npos) << path;
    EXPECT_EQ(r.body.find("SECRET"), std::string::npos) << path;
  }
}

TEST_F(HttpStaticFilesTest, NoSymlinksOut) {
  fs::create_symlink(outer_.File("secret.txt"), root_ + "/leak.txt");
  fs::create_directory_symlink(outer_.path(), root_ + "/up");
  EXPECT_EQ(Get("/leak.txt").status, 404);
  EXPECT_EQ(Get("/up/secret.txt").status, 404);
  // A symlink that stays inside the root is fine.
  fs::create_symlink(root_ + "/robots.txt", root_ + "/robots2.txt");
  EXPECT_EQ(Get("/robots2.txt").status, 200);
}

TEST(HttpStaticFiles, MissingRootIs404) {
  Handler h = StaticFiles("/nonexistent/nrm-web-root");
  Request req;
  req.path = "/";
  EXPECT_EQ(h(req).status, 404);
}

}  // namespace
}  // namespace nrm::http
