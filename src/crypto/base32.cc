#include "crypto/base32.h"

namespace nrm::crypto {
namespace {

constexpr char kAlphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";

// Value of a base32 digit, or -1.
int DigitValue(char c) {
  if (c >= 'A' && c <= 'Z') return c - 'A';
  if (c >= 'a' && c <= 'z') return c - 'a';
  if (c >= '2' && c <= '7') return c - '2' + 26;
  return -1;
}

}  // namespace

std::string Base32Encode(std::string_view bytes, bool pad) {
  std::string out;
  out.reserve((bytes.size() + 4) / 5 * 8);
  uint32_t buffer = 0;
  int bits = 0;
  for (unsigned char b : bytes) {
    buffer = (buffer << 8) | b;
    bits += 8;
    while (bits >= 5) {
      bits -= 5;
      out.push_back(kAlphabet[(buffer >> bits) & 0x1F]);
    }
  }
  if (bits > 0) out.push_back(kAlphabet[(buffer << (5 - bits)) & 0x1F]);
  if (pad) {
    while (out.size() % 8 != 0) out.push_back('=');
  }
  return out;
}

Result<std::vector<uint8_t>> Base32Decode(std::string_view text) {
  std::vector<uint8_t> out;
  out.reserve(text.size() * 5 / 8);
  uint32_t buffer = 0;
  int bits = 0;
  size_t digits = 0;
  bool in_padding = false;
  for (char c : text) {
    if (c == ' ') continue;
    if (c == '=') {
      in_padding = true;
      continue;
    }
    const int v = DigitValue(c);
    if (v < 0 || in_padding) {
      return Fail(ErrorCode::kInvalidArgument, "Invalid base32 text.");
    }
    buffer = (buffer << 5) | static_cast<uint32_t>(v);
    bits += 5;
    ++digits;
    if (bits >= 8) {
      bits -= 8;
      out.push_back(static_cast<uint8_t>((buffer >> bits) & 0xFF));
    }
    buffer &= (1u << bits) - 1;  // keep only the bits not yet emitted
  }
  // A final group of 1, 3 or 6 digits cannot come from whole bytes.
  const size_t rem = digits % 8;
  if (rem == 1 || rem == 3 || rem == 6) {
    return Fail(ErrorCode::kInvalidArgument, "Invalid base32 length.");
  }
  if (buffer != 0) {
    return Fail(ErrorCode::kInvalidArgument, "Invalid base32 text.");
  }
  return out;
}

}  // namespace nrm::crypto
