// RFC 4648 base32 (alphabet A-Z 2-7), used for TOTP secrets that people type
// or scan into authenticator apps.
//
// Encode writes upper case, without padding unless asked. Decode is lenient
// about how people copy secrets (case-insensitive, spaces ignored, optional
// trailing '=' padding) but strict about content: any other character, an
// impossible length, or non-zero leftover bits is an error.
//
// Thread-safety: pure functions.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/error.h"

namespace nrm::crypto {

// `bytes` is raw binary data (a string_view over bytes, not text).
std::string Base32Encode(std::string_view bytes, bool pad = false);

Result<std::vector<uint8_t>> Base32Decode(std::string_view text);

}  // namespace nrm::crypto
