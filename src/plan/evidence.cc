#include "plan/evidence.h"

#include <sodium.h>

namespace nrm::plan {

namespace {

bool StartsWith(std::string_view s, std::string_view prefix) { return s.substr(0, prefix.size()) == prefix; }

}  // namespace

std::optional<std::string> SniffEvidenceType(std::string_view b) {
  if (StartsWith(b, "%PDF-")) return "application/pdf";
  if (StartsWith(b, std::string_view("\x89PNG\r\n\x1a\n", 8))) return "image/png";
  if (StartsWith(b, "\xFF\xD8\xFF")) return "image/jpeg";
  if (StartsWith(b, std::string_view("PK\x03\x04", 4))) {
    // An OOXML package names its parts in the ZIP's local headers and
    // central directory: [Content_Types].xml plus xl/ (workbook) or word/.
    if (b.find("[Content_Types].xml") == std::string_view::npos) return std::nullopt;
    const bool xl = b.find("xl/workbook.xml") != std::string_view::npos;
    const bool word = b.find("word/document.xml") != std::string_view::npos;
    if (xl && !word) return "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
    if (word && !xl) return "application/vnd.openxmlformats-officedocument.wordprocessingml.document";
  }
  return std::nullopt;
}

Result<std::string> CleanFileName(std::string_view name) {
  const auto slash = name.find_last_of("/\\");
  if (slash != std::string_view::npos) name.remove_prefix(slash + 1);
  std::string out;
  for (const char c : name) {
    const auto u = static_cast<unsigned char>(c);
    if (u < 0x20 || u == 0x7f || c == '"' || c == ';') continue;
    out += c;
  }
  while (!out.empty() && (out.front() == ' ' || out.front() == '.')) out.erase(0, 1);
  if (out.empty() || out.size() > 200) return Fail(ErrorCode::kInvalidArgument, "the file name must be 1..200 bytes");
  return out;
}

std::string Sha256Hex(std::string_view bytes) {
  unsigned char digest[crypto_hash_sha256_BYTES];
  crypto_hash_sha256(digest, reinterpret_cast<const unsigned char*>(bytes.data()), bytes.size());
  static const char kHex[] = "0123456789abcdef";
  std::string out;
  for (unsigned char c : digest) {
    out += kHex[c >> 4];
    out += kHex[c & 15];
  }
  return out;
}

}  // namespace nrm::plan
