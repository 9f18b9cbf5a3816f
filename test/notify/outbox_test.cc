// The e-mail outbox against a real SMTP server on loopback (the aiosmtpd sink
// in test/notify/smtp_sink.py): delivery, content without personal data, and
// a dead server that keeps the message queued until it is back.
#include <gtest/gtest.h>

#include "notify/mail.h"
#include "notify/notify_fixture.h"
#include "notify/outbox.h"
#include "notify/smtp.h"

namespace nrm::notify {
namespace {

using testing::NotifyTest;
using testing::SmtpSink;

class OutboxTest : public NotifyTest {};

const Notice kInfo{"info_request.new", "information_request", "0190e0b4-0000-7000-8000-0000000000aa", "/requests"};

OutboxSettings Settings() {
  OutboxSettings s;
  s.from = "opennrm@nrm.example.test";
  s.public_url = "https://nrm.example.test/";
  return s;
}

TEST_P(OutboxTest, DeliversLinkOnlyMessages) {
  SmtpSink sink;
  ASSERT_GT(sink.port(), 0) << "the SMTP sink did not start (python3-aiosmtpd missing?)";
  const std::string a = AddUser("zumrud.q", "coordinator", "spu", "zumrud.q@coord.example.test");
  NRM_ASSERT_OK(NotifyCommitted({a}, kInfo));
  SmtpTransport transport(SmtpSettings{sink.url()});
  MailOutbox outbox(*db_, clock_, transport, Settings());
  auto report = outbox.DrainOnce();
  NRM_ASSERT_OK(report);
  EXPECT_EQ(report->sent, 1);
  EXPECT_EQ(*outbox.Pending(), 0);
  auto messages = sink.Messages();
  ASSERT_EQ(messages.size(), 1u);
  const std::string& m = messages[0];
  EXPECT_NE(m.find("Rcpt: zumrud.q@coord.example.test"), std::string::npos) << m;
  EXPECT_NE(m.find("https://nrm.example.test/requests"), std::string::npos) << m;
  EXPECT_NE(m.find("Yeni məlumat sorğusu"), std::string::npos) << m;
  EXPECT_NE(m.find("New information request"), std::string::npos) << m;
  // No name, username, object id or anything but the fixed text and the link:
  // the body is exactly the fixed text of the kind.
  for (const char* secret : {"Display", "zumrud", "0190e0b4", "information_request"})
    EXPECT_EQ(m.find(secret, m.find("\n\n")), std::string::npos) << secret << " in:\n" << m;
  auto expected = ComposeMail("info_request.new", "https://nrm.example.test/requests");
  EXPECT_EQ(m.substr(m.find("\n\n") + 2), expected.body);
  EXPECT_NE(m.find("Subject: " + expected.subject + "\n"), std::string::npos) << m;
  // A second drain sends nothing again.
  auto again = outbox.DrainOnce();
  NRM_ASSERT_OK(again);
  EXPECT_EQ(again->sent, 0);
  EXPECT_EQ(sink.Messages().size(), 1u);
}

TEST_P(OutboxTest, ADeadServerKeepsTheMessageUntilItIsBack) {
  const int port = testing::FreePort();
  const std::string a = AddUser("intake.a", "spu_investigator", "spu", "intake.a@spu.example.test");
  NRM_ASSERT_OK(NotifyCommitted({a}, kInfo));
  SmtpTransport transport(SmtpSettings{"smtp://127.0.0.1:" + std::to_string(port), "", "", 2, 5});
  OutboxSettings s = Settings();
  MailOutbox outbox(*db_, clock_, transport, s);

  auto first = outbox.DrainOnce();
  NRM_ASSERT_OK(first);
  EXPECT_EQ(first->failed, 1);
  EXPECT_EQ(*outbox.Pending(), 1);
  auto row = Select("SELECT attempts, next_attempt_at, last_error FROM mail_outbox");
  ASSERT_EQ(row.size(), 1u);
  EXPECT_EQ(row[0].Int(0), 1);
  EXPECT_EQ(row[0].Int(1), clock_.NowMillis() + s.first_retry_ms);
  EXPECT_EQ(row[0].Text(2).find('@'), std::string::npos) << "an error must not name the address";

  // Not due yet: nothing is tried.
  auto early = outbox.DrainOnce();
  NRM_ASSERT_OK(early);
  EXPECT_EQ(early->failed + early->sent, 0);

  // Due again, still down: backs off twice as long.
  clock_.Advance(s.first_retry_ms);
  auto second = outbox.DrainOnce();
  NRM_ASSERT_OK(second);
  EXPECT_EQ(second->failed, 1);
  row = Select("SELECT attempts, next_attempt_at FROM mail_outbox");
  EXPECT_EQ(row[0].Int(0), 2);
  EXPECT_EQ(row[0].Int(1), clock_.NowMillis() + 2 * s.first_retry_ms);

  // The server comes back on the same port: the message goes out.
  SmtpSink sink(port);
  ASSERT_EQ(sink.port(), port);
  clock_.Advance(2 * s.first_retry_ms);
  auto third = outbox.DrainOnce();
  NRM_ASSERT_OK(third);
  EXPECT_EQ(third->sent, 1);
  EXPECT_EQ(*outbox.Pending(), 0);
  EXPECT_EQ(sink.Messages().size(), 1u);
}

TEST_P(OutboxTest, NoAddressOrDisabledUserDropsTheMessage) {
  SmtpSink sink;
  ASSERT_GT(sink.port(), 0);
  const std::string a = AddUser("intake.a", "spu_investigator", "spu", "intake.a@spu.example.test");
  NRM_ASSERT_OK(NotifyCommitted({a}, kInfo));
  auto u = directory_->GetUser(a);
  ASSERT_TRUE(u);
  directory::UserPatch patch;
  patch.version = u->version;
  patch.email = "";  // the address is removed before the sender runs
  ASSERT_TRUE(directory_->UpdateUser(nullptr, a, patch));
  SmtpTransport transport(SmtpSettings{sink.url()});
  MailOutbox outbox(*db_, clock_, transport, Settings());
  auto report = outbox.DrainOnce();
  NRM_ASSERT_OK(report);
  EXPECT_EQ(report->dropped, 1);
  EXPECT_EQ(*outbox.Pending(), 0);
  EXPECT_TRUE(sink.Messages().empty());
}

TEST_P(OutboxTest, TwoSendersDoNotBothSend) {
  SmtpSink sink;
  ASSERT_GT(sink.port(), 0);
  const std::string a = AddUser("intake.a", "spu_investigator", "spu", "intake.a@spu.example.test");
  NRM_ASSERT_OK(NotifyCommitted({a}, kInfo));
  auto other_db = OpenAnother();
  ASSERT_TRUE(other_db);
  SmtpTransport transport(SmtpSettings{sink.url()});
  MailOutbox one(*db_, clock_, transport, Settings());
  MailOutbox two(*other_db, clock_, transport, Settings());
  std::thread t1([&] { EXPECT_TRUE(one.DrainOnce()); });
  std::thread t2([&] { EXPECT_TRUE(two.DrainOnce()); });
  t1.join();
  t2.join();
  EXPECT_EQ(sink.Messages().size(), 1u);
}

TEST(MailText, EveryKnownKindHasBothLanguagesAndOnlyTheLink) {
  for (const char* kind :
       {"referral.new", "referral.overdue", "referral.accepted", "referral.declined", "referral.onward",
        "referral.revoked", "info_request.new", "info_request.decided", "something.else"}) {
    auto m = ComposeMail(kind, "https://x.example/referrals/1");
    EXPECT_NE(m.subject.find(" / "), std::string::npos) << kind;
    EXPECT_NE(m.body.find("OpenNRM sistemində"), std::string::npos) << kind;
    EXPECT_NE(m.body.find("In OpenNRM"), std::string::npos) << kind;
    EXPECT_NE(m.body.find("https://x.example/referrals/1"), std::string::npos) << kind;
  }
  EXPECT_EQ(JoinLink("https://a.example//", "/r/1"), "https://a.example/r/1");
  Envelope e{"from@a.example", "to@b.example", "id@opennrm", 0};
  const std::string msg = FormatMessage(e, ComposeMail("referral.new", "https://a/r"));
  EXPECT_NE(msg.find("Date: Thu, 01 Jan 1970 00:00:00 +0000\r\n"), std::string::npos);
  EXPECT_NE(msg.find("Content-Transfer-Encoding: base64\r\n"), std::string::npos);
  for (size_t pos = 0, next; (next = msg.find("\r\n", pos)) != std::string::npos; pos = next + 2)
    EXPECT_LE(next - pos, 78u) << "a header or body line is too long";
}

INSTANTIATE_TEST_SUITE_P(Backends, OutboxTest, ::testing::Values(store::Dialect::kSqlite, store::Dialect::kPostgres),
                         store::testing::ParamName);

}  // namespace
}  // namespace nrm::notify
