// Evidence files attached to progress reports: which types are accepted and
// how a file's type is decided. The type comes from the file's own bytes
// (magic numbers), never from the name or a client's Content-Type, so a
// renamed executable or HTML page is refused.
//
// Accepted: PDF, PNG, JPEG, and the Office Open XML workbook (XLSX) and
// document (DOCX), which are ZIP files told apart by their part names.
//
// Thread-safety: pure functions.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "core/error.h"

namespace nrm::plan {

inline constexpr size_t kMaxEvidenceBytes = 5 * 1024 * 1024;

// The media type of an accepted file, or nullopt.
std::optional<std::string> SniffEvidenceType(std::string_view bytes);

// A safe file name to store and to send back in Content-Disposition: the
// last path component, control characters and quotes removed, 1..200 bytes.
Result<std::string> CleanFileName(std::string_view name);

// Lower-case hex SHA-256 of `bytes`.
std::string Sha256Hex(std::string_view bytes);

}  // namespace nrm::plan
