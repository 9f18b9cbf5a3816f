#include "http/static_files.h"

#include <filesystem>
#include <fstream>
#include <iterator>
#include <memory>
#include <system_error>

#include "http/problem.h"

namespace nrm::http {

namespace fs = std::filesystem;

namespace {

constexpr uintmax_t kMaxFileBytes = 64ull * 1024 * 1024;

std::string ContentType(const std::string& ext) {
  if (ext == ".html" || ext == ".htm") return "text/html; charset=utf-8";
  if (ext == ".js" || ext == ".mjs") return "text/javascript; charset=utf-8";
  if (ext == ".css") return "text/css; charset=utf-8";
  if (ext == ".svg") return "image/svg+xml";
  if (ext == ".png") return "image/png";
  if (ext == ".woff2") return "font/woff2";
  if (ext == ".woff") return "font/woff";
  if (ext == ".ttf") return "font/ttf";
  if (ext == ".json") return "application/json";
  if (ext == ".webmanifest") return "application/manifest+json";
  if (ext == ".ico") return "image/x-icon";
  if (ext == ".txt") return "text/plain; charset=utf-8";
  if (ext == ".map") return "application/json";
  return "application/octet-stream";
}

Response NotFound() { return Problem(ErrorCode::kNotFound, "no such file"); }

// True when `p` is `root` or lies inside it (both canonical).
bool Inside(const fs::path& root, const fs::path& p) {
  auto r = root.begin();
  auto q = p.begin();
  for (; r != root.end(); ++r, ++q) {
    if (q == p.end() || *r != *q) return false;
  }
  return true;
}

struct Files {
  fs::path root;  // canonical; empty when the directory does not exist

  std::optional<Response> Serve(const fs::path& file, const std::string& url_path) const {
    std::error_code ec;
    const fs::path canonical = fs::canonical(file, ec);
    if (ec || !Inside(root, canonical)) return std::nullopt;
    if (!fs::is_regular_file(canonical, ec) || ec) return std::nullopt;
    const uintmax_t size = fs::file_size(canonical, ec);
    if (ec || size > kMaxFileBytes) return std::nullopt;
    std::ifstream in(canonical, std::ios::binary);
    if (!in) return std::nullopt;
    Response r;
    r.body.assign(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
    r.content_type = ContentType(canonical.extension().string());
    if (url_path.rfind("/assets/", 0) == 0)
      r.AddHeader("Cache-Control", "public, max-age=31536000, immutable");
    else
      r.AddHeader("Cache-Control", "no-cache");
    return r;
  }

  Response Index() const {
    auto r = Serve(root / "index.html", "/index.html");
    return r ? std::move(*r) : NotFound();
  }

  Response Handle(const Request& req) const {
    if (root.empty()) return NotFound();
    const std::string& path = req.path;
    if (path.empty() || path[0] != '/' || path == "/api" || path.rfind("/api/", 0) == 0) return NotFound();

    // Check the segments before touching the file system: no "..", no hidden
    // files, no backslashes or NULs.
    std::string last;
    size_t start = 1;
    while (start <= path.size()) {
      const size_t slash = path.find('/', start);
      const std::string seg = path.substr(start, slash == std::string::npos ? std::string::npos : slash - start);
      if (!seg.empty() && seg[0] == '.') return NotFound();
      if (seg.find('\\') != std::string::npos || seg.find('\0') != std::string::npos) return NotFound();
      last = seg;
      if (slash == std::string::npos) break;
      start = slash + 1;
    }
    if (path == "/" || path == "/index.html") return Index();

    const bool looks_like_file = last.find('.') != std::string::npos;
    if (auto r = Serve(root / path.substr(1), path)) return std::move(*r);
    if (looks_like_file) return NotFound();
    return Index();  // a client-side route of the SPA
  }
};

}  // namespace

Handler StaticFiles(std::string root_directory) {
  auto files = std::make_shared<Files>();
  std::error_code ec;
  files->root = fs::canonical(root_directory, ec);
  if (ec) files->root.clear();
  return [files](Request& req) { return files->Handle(req); };
}

}  // namespace nrm::http
