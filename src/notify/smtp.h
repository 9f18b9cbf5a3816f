// Sends one prepared message to one recipient through an SMTP server with
// libcurl (smtp:// with STARTTLS when offered, or smtps://).
//
// Errors name a libcurl category only ("could not connect", "login denied"),
// never the address or the content, so they may be logged and stored.
//
// Who calls it: notify/outbox.cc (through MailTransport), cli/serve.cc builds it.
// Thread-safety: Send() may be called from several threads (one curl handle
// per call).
#pragma once

#include <string>

#include "core/error.h"

namespace nrm::notify {

class MailTransport {
 public:
  virtual ~MailTransport() = default;
  virtual Status Send(const std::string& from, const std::string& to, const std::string& message) = 0;
};

struct SmtpSettings {
  std::string url;       // "smtp://host:port" or "smtps://host:port"
  std::string user;      // empty: no authentication
  std::string password;  // from NRM_SMTP_PASSWORD
  long connect_timeout_seconds = 10;
  long timeout_seconds = 30;
};

class SmtpTransport final : public MailTransport {
 public:
  explicit SmtpTransport(SmtpSettings settings);
  Status Send(const std::string& from, const std::string& to, const std::string& message) override;

 private:
  SmtpSettings settings_;
};

}  // namespace nrm::notify
