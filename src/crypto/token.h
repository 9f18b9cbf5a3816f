// Unguessable tokens (sessions, CSRF, password reset links, API keys) and
// their storage form.
//
// A token is shown to its holder once and stored only as HashToken(token), so
// a copy of the database does not let anyone log in. Tokens carry at least
// 128 bits from the OS CSPRNG (libsodium randombytes); the hash is unkeyed
// BLAKE2b-256 which is enough because the input is already high-entropy.
//
// Thread-safety: all functions are safe to call from any thread.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace nrm::crypto {

// `bytes` random bytes as base64url without padding (32 bytes -> 43 chars).
// `bytes` below 16 is raised to 16.
std::string RandomToken(size_t bytes = 32);

// Lower-case hex of BLAKE2b-256(token): 64 characters.
std::string HashToken(std::string_view token);

// Compares in time that depends only on the lengths, never on the content.
// Different lengths are unequal (and the length difference is not hidden).
bool ConstantTimeEquals(std::string_view a, std::string_view b);

}  // namespace nrm::crypto
