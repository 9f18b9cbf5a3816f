#include "notify/mail.h"

#include <algorithm>
#include <cstdio>
#include <ctime>
#include <map>
#include <utility>

namespace nrm::notify {

namespace {

struct KindText {
  const char* az_subject;
  const char* en_subject;
  const char* az_what;
  const char* en_what;
};

const KindText& TextFor(const std::string& kind) {
  static const std::map<std::string, KindText> texts = {
      {"referral.new",
       {"Yeni göndəriş", "New referral", "sizə yeni göndəriş daxil olub", "a new referral has arrived for you"}},
      {"referral.overdue",
       {"Göndərişin vaxtı keçib", "Referral overdue", "bir göndərişin cavab vaxtı keçib",
        "a referral is past its deadline"}},
      {"referral.acknowledged",
       {"Göndəriş qəbul edildi", "Referral acknowledged", "göndərişiniz qəbul edildi",
        "your referral was acknowledged"}},
      {"referral.accepted",
       {"Göndəriş qəbul olundu", "Referral accepted", "göndəriş üzrə qərar verildi: qəbul", "a referral was accepted"}},
      {"referral.declined",
       {"Göndəriş rədd edildi", "Referral declined", "göndəriş üzrə qərar verildi: rədd", "a referral was declined"}},
      {"referral.onward",
       {"Yeni yönləndirmə", "New onward referral", "sizə yeni yönləndirmə daxil olub",
        "a new onward referral has arrived"}},
      {"referral.revoked",
       {"Göndəriş ləğv edildi", "Referral revoked", "bir göndəriş ləğv edildi", "a referral was revoked"}},
      {"info_request.new",
       {"Yeni məlumat sorğusu", "New information request", "qərar verməyiniz üçün yeni məlumat sorğusu var",
        "an information request awaits your decision"}},
      {"info_request.decided",
       {"Məlumat sorğusu üzrə qərar", "Information request decided", "məlumat sorğunuz üzrə qərar verilib",
        "your information request has been decided"}},
      // plan/: the plan sweep's reminders and flags.
      {"plan.report_due",
       {"Hesabat vaxtıdır", "Progress report due", "tapşırıq üzrə cari dövrün hesabatı gözlənilir",
        "a progress report for the current period of a task is due"}},
      {"plan.task_overdue",
       {"Tapşırığın vaxtı keçib", "Task overdue", "plan tapşırığının icra və ya hesabat vaxtı keçib",
        "a plan task is past its deadline or missed a report"}},
      {"plan.agency_silent",
       {"Qurum hesabat vermir", "Agency silent", "bir qurum uzun müddətdir plan üzrə hesabat vermir",
        "an agency has not reported on the plan for a long time"}},
  };
  static const KindText fallback{"Yeni bildiriş", "New notification", "sizin üçün yeni bildiriş var",
                                 "you have a new notification"};
  auto it = texts.find(kind);
  return it == texts.end() ? fallback : it->second;
}

std::string Base64(const std::string& in) {
  static const char* k = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::string out;
  size_t i = 0;
  for (; i + 2 < in.size(); i += 3) {
    const unsigned v = (static_cast<unsigned char>(in[i]) << 16) | (static_cast<unsigned char>(in[i + 1]) << 8) |
                       static_cast<unsigned char>(in[i + 2]);
    out += {k[(v >> 18) & 63], k[(v >> 12) & 63], k[(v >> 6) & 63], k[v & 63]};
  }
  if (i + 1 == in.size()) {
    const unsigned v = static_cast<unsigned char>(in[i]) << 16;
    out += {k[(v >> 18) & 63], k[(v >> 12) & 63], '=', '='};
  } else if (i + 2 == in.size()) {
    const unsigned v = (static_cast<unsigned char>(in[i]) << 16) | (static_cast<unsigned char>(in[i + 1]) << 8);
    out += {k[(v >> 18) & 63], k[(v >> 12) & 63], k[(v >> 6) & 63], '='};
  }
  return out;
}

std::string Rfc5322Date(int64_t millis) {
  std::time_t t = static_cast<std::time_t>(millis / 1000);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[64];
  static const char* days[] = {"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"};
  static const char* months[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
  std::snprintf(buf, sizeof buf, "%s, %02d %s %04d %02d:%02d:%02d +0000", days[tm.tm_wday], tm.tm_mday,
                months[tm.tm_mon], tm.tm_year + 1900, tm.tm_hour, tm.tm_min, tm.tm_sec);
  return buf;
}

// RFC 2047: encoded words of at most 75 characters, split on UTF-8 character
// boundaries, folded onto continuation lines.
std::string EncodedWords(const std::string& text) {
  std::string out;
  size_t i = 0;
  while (i < text.size()) {
    size_t end = std::min(text.size(), i + 45);
    while (end < text.size() && (static_cast<unsigned char>(text[end]) & 0xC0) == 0x80) --end;
    if (!out.empty()) out += "\r\n ";
    out += "=?UTF-8?B?" + Base64(text.substr(i, end - i)) + "?=";
    i = end;
  }
  return out;
}

}  // namespace

std::string JoinLink(const std::string& public_url, const std::string& path) {
  std::string base = public_url;
  while (!base.empty() && base.back() == '/') base.pop_back();
  return base + path;
}

MailText ComposeMail(const std::string& kind, const std::string& link) {
  const KindText& t = TextFor(kind);
  MailText m;
  m.subject = std::string("OpenNRM: ") + t.az_subject + " / " + t.en_subject;
  m.body = std::string("Hörmətli istifadəçi,\n\nOpenNRM sistemində ") + t.az_what +
           ".\nBaxmaq üçün sistemə daxil olun:\n" + link + "\n\n---\n\nDear user,\n\nIn OpenNRM, " + t.en_what +
           ".\nSign in to view it:\n" + link +
           "\n\n---\nBu məktub avtomatik göndərilib, cavab verməyin. / This message was sent automatically; do not "
           "reply.\n";
  return m;
}

std::string FormatMessage(const Envelope& e, const MailText& text) {
  std::string out;
  out += "Date: " + Rfc5322Date(e.date_millis) + "\r\n";
  out += "From: <" + e.from + ">\r\n";
  out += "To: <" + e.to + ">\r\n";
  out += "Message-ID: <" + e.message_id + ">\r\n";
  out += "Subject: " + EncodedWords(text.subject) + "\r\n";
  out += "MIME-Version: 1.0\r\n";
  out += "Content-Type: text/plain; charset=UTF-8\r\n";
  out += "Content-Transfer-Encoding: base64\r\n";
  out += "Auto-Submitted: auto-generated\r\n";
  out += "\r\n";
  std::string body;
  for (char c : text.body) {
    if (c == '\n')
      body += "\r\n";
    else
      body += c;
  }
  const std::string b64 = Base64(body);
  for (size_t i = 0; i < b64.size(); i += 76) out += b64.substr(i, 76) + "\r\n";
  return out;
}

}  // namespace nrm::notify
