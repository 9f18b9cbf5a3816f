#include "core/ids.h"

#include <sodium.h>

#include <cstdio>

namespace nrm {

std::string NewUuidV7(const Clock& clock) {
  uint8_t b[16];
  randombytes_buf(b, sizeof b);
  const uint64_t ms = static_cast<uint64_t>(clock.NowMillis());
  for (int i = 0; i < 6; ++i) b[i] = static_cast<uint8_t>(ms >> (8 * (5 - i)));
  b[6] = static_cast<uint8_t>(0x70 | (b[6] & 0x0F));  // version 7
  b[8] = static_cast<uint8_t>(0x80 | (b[8] & 0x3F));  // variant 10
  char out[37];
  std::snprintf(out, sizeof out, "%02x%02x%02x%02x-%02x%02x-%02x%02x-%02x%02x-%02x%02x%02x%02x%02x%02x", b[0], b[1],
                b[2], b[3], b[4], b[5], b[6], b[7], b[8], b[9], b[10], b[11], b[12], b[13], b[14], b[15]);
  return out;
}

bool IsUuid(std::string_view t) {
  if (t.size() != 36) return false;
  for (size_t i = 0; i < t.size(); ++i) {
    const char c = t[i];
    if (i == 8 || i == 13 || i == 18 || i == 23) {
      if (c != '-') return false;
    } else if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) {
      return false;
    }
  }
  return true;
}

int64_t UuidV7Millis(std::string_view u) {
  int64_t ms = 0;
  int digits = 0;
  for (char c : u) {
    if (c == '-') continue;
    if (digits == 12) break;
    ms = ms * 16 + (c <= '9' ? c - '0' : c - 'a' + 10);
    ++digits;
  }
  return ms;
}

}  // namespace nrm
