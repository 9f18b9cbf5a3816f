// E-mail text for a notice: a fixed subject and body per notice kind, in
// Azerbaijani and English, and a link. Nothing else goes in: no name, no
// reference code, no agency, no free text, so a message read by the wrong
// person or kept by a mail server discloses nothing about anyone.
//
// Who calls it: notify/outbox.cc; tests.
// Thread-safety: pure functions.
#pragma once

#include <cstdint>
#include <string>

namespace nrm::notify {

struct MailText {
  std::string subject;  // UTF-8
  std::string body;     // UTF-8, lines separated by "\n"
};

// `link` is public_url + the notice's UI path.
MailText ComposeMail(const std::string& kind, const std::string& link);

// public_url (without a trailing '/') + path.
std::string JoinLink(const std::string& public_url, const std::string& path);

struct Envelope {
  std::string from;
  std::string to;
  std::string message_id;  // without angle brackets: "<id>@opennrm"
  int64_t date_millis = 0;
};

// The RFC 5322 message: headers (the subject RFC 2047-encoded), a UTF-8
// text/plain body in base64, CRLF line ends.
std::string FormatMessage(const Envelope& envelope, const MailText& text);

}  // namespace nrm::notify
