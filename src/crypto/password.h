// Passwords: Argon2id hashing and a NIST SP 800-63B strength check.
//
// Hashes are libsodium's self-describing "$argon2id$v=19$m=...,t=...,p=1$..."
// strings, so the cost can be raised later: PasswordNeedsRehash tells the login
// path to re-hash with the current cost after a successful verify.
//
// Passwords are NFKC-normalised (UTF-8) before hashing and before checking, as
// SP 800-63B 5.1.1.2 asks, so the same password typed on different systems
// verifies. Input that is not valid UTF-8, contains NUL or is over
// kMaxPasswordBytes never hashes and never verifies.
//
// CheckPasswordStrength is for choosing a password only; its messages are
// user-facing and never repeat the password. No composition rules (SP 800-63B
// forbids them): length, a blocklist, context words, trivial patterns.
//
// Thread-safety: all functions are safe to call from any thread. Hashing and
// verifying each take 64 MiB and ~80 ms of one core at the default cost;
// callers should bound how many run at once (and throttle logins).
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "core/error.h"

namespace nrm::crypto {

inline constexpr size_t kMinPasswordChars = 12;   // Unicode code points
inline constexpr size_t kMaxPasswordChars = 256;  // Unicode code points
inline constexpr size_t kMaxPasswordBytes = 4096;

// Argon2id at libsodium's INTERACTIVE limits; kInvalidArgument for unusable
// input, kInternal if memory could not be allocated.
Result<std::string> HashPassword(std::string_view pw);

// True iff `pw` matches `stored_hash`. False for malformed hashes.
bool VerifyPassword(std::string_view stored_hash, std::string_view pw);

// True if `stored_hash` was made with other parameters (or another algorithm)
// than HashPassword uses now, or is malformed.
bool PasswordNeedsRehash(std::string_view stored_hash);

// Tests only: `light` switches HashPassword to the minimum Argon2id cost so
// suites stay fast. Process-wide; never call it in production code.
void SetPasswordHashCostForTests(bool light);

// OK, or kInvalidArgument with a short English reason. `context_words` are
// the user's own identifiers (username, name parts, e-mail); any of them (or
// of their parts) with 4 or more characters must not appear in the password,
// compared case-insensitively.
Status CheckPasswordStrength(std::string_view pw, const std::vector<std::string>& context_words);

}  // namespace nrm::crypto
