// Checking documents attached to a referral before anything is written:
// base64 that decodes strictly, a type among PDF/JPEG/PNG that the file's own
// magic bytes confirm (the declared content type must agree), and bounded
// sizes, one by one and in all.
//
// Who calls it: ReferralService before it opens its transaction, so a bad
// file refuses the whole referral.
// Thread-safety: pure functions.
#pragma once

#include <cstddef>
#include <vector>

#include "core/error.h"
#include "referral/model.h"

namespace nrm::referral {

inline constexpr size_t kMaxAttachmentBytes = 5u * 1024 * 1024;
inline constexpr size_t kMaxAttachmentsTotalBytes = 20u * 1024 * 1024;
inline constexpr size_t kMaxAttachments = 10;
// The request body limit of POST /api/v1/referrals: the total in base64 plus
// room for the rest of the referral.
inline constexpr size_t kReferralBodyLimit = 28u * 1024 * 1024;

// The content type the magic bytes say ("" if none of ours).
const char* SniffContentType(const std::vector<uint8_t>& bytes);

Result<std::vector<AttachmentFile>> DecodeAttachments(const std::vector<AttachmentInput>& in);

// The photo's bytes: strict base64, within the person photo's limits
// (people::CheckPhoto: at most 512 KiB, JPEG or PNG by its magic bytes), and
// the declared type must agree. kInvalidArgument otherwise.
Result<std::string> DecodePhoto(const PhotoInput& in);

}  // namespace nrm::referral
