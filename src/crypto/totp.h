// Time-based one-time passwords (RFC 6238 over RFC 4226 HOTP) for the second
// factor: HMAC-SHA1, 6 digits, 30-second steps, the profile every
// authenticator app understands.
//
// Secrets travel as RFC 4648 base32 (see base32.h) and must decode to at least
// 16 bytes (RFC 4226 R6). Time is passed in, never read here: callers take it
// from a `Clock`.
//
// Replay: VerifyTotp returns the matched time step. The caller stores the last
// accepted step per user and refuses any step <= it, so one code works once.
//
// Thread-safety: all functions are safe to call from any thread.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>

#include "core/error.h"

namespace nrm::crypto {

inline constexpr int kTotpDigits = 6;
inline constexpr int64_t kTotpStepSeconds = 30;

// 20 random bytes as base32 without padding (32 characters).
std::string NewTotpSecret();

// RFC 4226 HOTP value of `counter` under `key`, `digits` in [6, 8],
// zero-padded. Exposed for the RFC test vectors.
Result<std::string> HotpCode(std::span<const uint8_t> key, uint64_t counter, int digits);

// The 6-digit code for the step containing `unix_seconds` (>= 0).
Result<std::string> TotpCode(std::string_view base32_secret, int64_t unix_seconds);

// Accepts `code` (6 digits; ASCII spaces ignored) if it matches any step within
// `window_steps` (clamped to [0, 10]) of the current one; returns that step.
// A malformed secret or code yields nullopt.
std::optional<int64_t> VerifyTotp(std::string_view base32_secret, std::string_view code, int64_t unix_seconds,
                                  int window_steps = 1);

// otpauth://totp/Issuer:account?secret=...&issuer=Issuer&algorithm=SHA1&digits=6&period=30
// for a QR code. Issuer and account are percent-encoded (RFC 3986
// unreserved characters kept).
std::string TotpUri(std::string_view issuer, std::string_view account, std::string_view secret);

}  // namespace nrm::crypto
