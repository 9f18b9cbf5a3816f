#include "referral/attachment.h"

#include <cstring>

#include <sodium.h>

#include "people/service.h"
#include "text/normalize.h"

namespace nrm::referral {

const char* SniffContentType(const std::vector<uint8_t>& b) {
  auto starts = [&](const char* magic, size_t n) { return b.size() >= n && std::memcmp(b.data(), magic, n) == 0; };
  if (starts("%PDF-", 5)) return "application/pdf";
  if (starts("\xFF\xD8\xFF", 3)) return "image/jpeg";
  if (starts("\x89PNG\r\n\x1A\n", 8)) return "image/png";
  return "";
}

Result<std::vector<AttachmentFile>> DecodeAttachments(const std::vector<AttachmentInput>& in) {
  if (in.size() > kMaxAttachments)
    return Fail(ErrorCode::kInvalidArgument, "at most " + std::to_string(kMaxAttachments) + " attachments");
  std::vector<AttachmentFile> out;
  size_t total = 0;
  for (size_t i = 0; i < in.size(); ++i) {
    const auto& a = in[i];
    const std::string where = "attachments/" + std::to_string(i);
    auto name = text::NormalizeUserText(a.filename);
    if (!name || name->empty() || name->size() > 200)
      return Fail(ErrorCode::kInvalidArgument, where + "/filename must be 1..200 bytes of text");
    if (name->find_first_of("/\\") != std::string::npos)
      return Fail(ErrorCode::kInvalidArgument, where + "/filename must not hold a path");
    if (a.content_type != "application/pdf" && a.content_type != "image/jpeg" && a.content_type != "image/png")
      return Fail(ErrorCode::kInvalidArgument,
                  where + "/content_type must be application/pdf, image/jpeg or image/png");
    // Refuse before decoding what cannot fit: 4 base64 characters carry 3 bytes.
    if (a.data_base64.size() / 4 * 3 > kMaxAttachmentBytes + 3)
      return Fail(ErrorCode::kInvalidArgument, where + " is larger than 5 MiB");
    std::vector<uint8_t> bytes(a.data_base64.size() / 4 * 3 + 3);
    size_t len = 0;
    const char* end = nullptr;
    if (a.data_base64.empty() ||
        sodium_base642bin(bytes.data(), bytes.size(), a.data_base64.data(), a.data_base64.size(), nullptr, &len, &end,
                          sodium_base64_VARIANT_ORIGINAL) != 0 ||
        end != a.data_base64.data() + a.data_base64.size())
      return Fail(ErrorCode::kInvalidArgument, where + "/data_base64 is not valid base64");
    bytes.resize(len);
    if (bytes.size() > kMaxAttachmentBytes) return Fail(ErrorCode::kInvalidArgument, where + " is larger than 5 MiB");
    total += bytes.size();
    if (total > kMaxAttachmentsTotalBytes)
      return Fail(ErrorCode::kInvalidArgument, "the attachments are larger than 20 MiB in all");
    const std::string sniffed = SniffContentType(bytes);
    if (sniffed.empty()) return Fail(ErrorCode::kInvalidArgument, where + " is not a PDF, JPEG or PNG file");
    if (sniffed != a.content_type)
      return Fail(ErrorCode::kInvalidArgument, where + " is a " + sniffed + " file, not " + a.content_type);
    out.push_back(AttachmentFile{*name, a.content_type, std::move(bytes)});
  }
  return out;
}

Result<std::string> DecodePhoto(const PhotoInput& in) {
  if (in.content_type != "image/jpeg" && in.content_type != "image/png")
    return Fail(ErrorCode::kInvalidArgument, "photo/content_type must be image/jpeg or image/png");
  const std::string limit = std::to_string(people::kMaxPhotoBytes / 1024) + " KiB";
  if (in.data_base64.size() / 4 * 3 > people::kMaxPhotoBytes + 3)
    return Fail(ErrorCode::kInvalidArgument, "the photo is larger than " + limit);
  std::string bytes(in.data_base64.size() / 4 * 3 + 3, '\0');
  size_t len = 0;
  const char* end = nullptr;
  if (in.data_base64.empty() ||
      sodium_base642bin(reinterpret_cast<unsigned char*>(bytes.data()), bytes.size(), in.data_base64.data(),
                        in.data_base64.size(), nullptr, &len, &end, sodium_base64_VARIANT_ORIGINAL) != 0 ||
      end != in.data_base64.data() + in.data_base64.size())
    return Fail(ErrorCode::kInvalidArgument, "photo/data_base64 is not valid base64");
  bytes.resize(len);
  if (auto s = people::CheckPhoto(bytes); !s) return Fail(ErrorCode::kInvalidArgument, s.error().message);
  if (people::PhotoMediaType(bytes) != in.content_type)
    return Fail(ErrorCode::kInvalidArgument, "the photo is not the " + in.content_type + " image it claims to be");
  return bytes;
}

}  // namespace nrm::referral
