#include "notify/smtp.h"

#include <cstring>
#include <mutex>

#include <curl/curl.h>

namespace nrm::notify {

namespace {

struct Payload {
  const std::string* data;
  size_t offset = 0;
};

size_t ReadPayload(char* buffer, size_t size, size_t count, void* user) {
  auto* p = static_cast<Payload*>(user);
  const size_t room = size * count;
  const size_t left = p->data->size() - p->offset;
  const size_t n = left < room ? left : room;
  std::memcpy(buffer, p->data->data() + p->offset, n);
  p->offset += n;
  return n;
}

}  // namespace

SmtpTransport::SmtpTransport(SmtpSettings settings) : settings_(std::move(settings)) {
  static std::once_flag once;
  std::call_once(once, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
}

Status SmtpTransport::Send(const std::string& from, const std::string& to, const std::string& message) {
  if (settings_.url.rfind("smtp://", 0) != 0 && settings_.url.rfind("smtps://", 0) != 0)
    return Fail(ErrorCode::kInvalidArgument, "smtp_url must start with smtp:// or smtps://");
  CURL* curl = curl_easy_init();
  if (!curl) return Fail(ErrorCode::kInternal, "could not start an SMTP session");
  const std::string rcpt = "<" + to + ">";
  const std::string mail_from = "<" + from + ">";
  curl_slist* recipients = curl_slist_append(nullptr, rcpt.c_str());
  Payload payload{&message, 0};
  curl_easy_setopt(curl, CURLOPT_URL, settings_.url.c_str());
  curl_easy_setopt(curl, CURLOPT_PROTOCOLS_STR, "smtp,smtps");
  curl_easy_setopt(curl, CURLOPT_MAIL_FROM, mail_from.c_str());
  curl_easy_setopt(curl, CURLOPT_MAIL_RCPT, recipients);
  curl_easy_setopt(curl, CURLOPT_READFUNCTION, ReadPayload);
  curl_easy_setopt(curl, CURLOPT_READDATA, &payload);
  curl_easy_setopt(curl, CURLOPT_UPLOAD, 1L);
  curl_easy_setopt(curl, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(curl, CURLOPT_CONNECTTIMEOUT, settings_.connect_timeout_seconds);
  curl_easy_setopt(curl, CURLOPT_TIMEOUT, settings_.timeout_seconds);
  // Upgrade to TLS whenever the server offers it; with credentials, insist.
  curl_easy_setopt(curl, CURLOPT_USE_SSL, settings_.user.empty() ? CURLUSESSL_TRY : CURLUSESSL_ALL);
  if (!settings_.user.empty()) {
    curl_easy_setopt(curl, CURLOPT_USERNAME, settings_.user.c_str());
    curl_easy_setopt(curl, CURLOPT_PASSWORD, settings_.password.c_str());
  }
  const CURLcode rc = curl_easy_perform(curl);
  long response = 0;
  curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &response);
  curl_slist_free_all(recipients);
  curl_easy_cleanup(curl);
  if (rc == CURLE_OK) return {};
  // curl_easy_strerror names the category; it never holds the address.
  return Fail(ErrorCode::kUnavailable, std::string("SMTP: ") + curl_easy_strerror(rc) +
                                           (response ? " (" + std::to_string(response) + ")" : std::string()));
}

}  // namespace nrm::notify
