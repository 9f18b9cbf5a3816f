// The inbox on both backends: notices land in the caller's transaction, each
// user reads and marks only their own, UsersWith follows the role catalogue.
#include <gtest/gtest.h>

#include "notify/notify_fixture.h"

namespace nrm::notify {
namespace {

using testing::NotifyTest;

const Notice kNew{"referral.new", "referral", "0190e0b4-0000-7000-8000-000000000001",
                  "/referrals/0190e0b4-0000-7000-8000-000000000001"};

TEST_P(NotifyTest, NoticesLandOncePerRecipientNewestFirst) {
  const std::string a = AddUser("intake.a", "spu_investigator", "spu");
  const std::string b = AddUser("intake.b", "spu_investigator", "spu");
  NRM_ASSERT_OK(NotifyCommitted({a, b, a}, kNew));
  clock_.Advance(1000);
  Notice second = kNew;
  second.kind = "referral.overdue";
  NRM_ASSERT_OK(NotifyCommitted({a}, second));

  auto page = inbox_->List(a, 50, std::nullopt);
  NRM_ASSERT_OK(page);
  ASSERT_EQ(page->items.size(), 2u);
  EXPECT_EQ(page->items[0].notice.kind, "referral.overdue");
  EXPECT_EQ(page->items[1].notice.kind, "referral.new");
  EXPECT_EQ(page->items[1].notice.link, kNew.link);
  EXPECT_EQ(page->unread, 2);
  auto other = inbox_->List(b, 50, std::nullopt);
  NRM_ASSERT_OK(other);
  EXPECT_EQ(other->items.size(), 1u);
}

TEST_P(NotifyTest, PagingByBefore) {
  const std::string a = AddUser("intake.a", "spu_investigator", "spu");
  for (int i = 0; i < 5; ++i) {
    Notice n = kNew;
    n.object_id = "obj-" + std::to_string(i);
    NRM_ASSERT_OK(NotifyCommitted({a}, n));
    clock_.Advance(10);
  }
  auto first = inbox_->List(a, 2, std::nullopt);
  NRM_ASSERT_OK(first);
  ASSERT_EQ(first->items.size(), 2u);
  ASSERT_TRUE(first->next_before);
  EXPECT_EQ(first->items[0].notice.object_id, "obj-4");
  auto second = inbox_->List(a, 2, first->next_before);
  NRM_ASSERT_OK(second);
  ASSERT_EQ(second->items.size(), 2u);
  EXPECT_EQ(second->items[0].notice.object_id, "obj-2");
  auto last = inbox_->List(a, 2, second->next_before);
  NRM_ASSERT_OK(last);
  ASSERT_EQ(last->items.size(), 1u);
  EXPECT_FALSE(last->next_before);
  EXPECT_EQ(last->unread, 5);
}

TEST_P(NotifyTest, AUserMarksOnlyTheirOwn) {
  const std::string a = AddUser("intake.a", "spu_investigator", "spu");
  const std::string b = AddUser("intake.b", "spu_investigator", "spu");
  NRM_ASSERT_OK(NotifyCommitted({a}, kNew));
  NRM_ASSERT_OK(NotifyCommitted({b}, kNew));
  auto mine = inbox_->List(a, 10, std::nullopt);
  NRM_ASSERT_OK(mine);
  const std::string id = mine->items[0].id;

  auto stolen = inbox_->MarkRead(b, id);
  ASSERT_FALSE(stolen);
  EXPECT_EQ(stolen.error().code, ErrorCode::kNotFound);
  EXPECT_EQ(inbox_->List(a, 10, std::nullopt)->unread, 1);

  clock_.Advance(5000);
  auto read = inbox_->MarkRead(a, id);
  NRM_ASSERT_OK(read);
  ASSERT_TRUE(read->read_at);
  EXPECT_EQ(*read->read_at, clock_.NowMillis());
  clock_.Advance(5000);
  auto again = inbox_->MarkRead(a, id);  // idempotent: the first read time stays
  NRM_ASSERT_OK(again);
  EXPECT_EQ(*again->read_at, *read->read_at);
  EXPECT_EQ(inbox_->List(a, 10, std::nullopt)->unread, 0);

  auto all = inbox_->MarkAllRead(b);
  NRM_ASSERT_OK(all);
  EXPECT_EQ(*all, 1);
  EXPECT_EQ(inbox_->List(b, 10, std::nullopt)->unread, 0);
}

TEST_P(NotifyTest, NothingWithoutCommit) {
  const std::string a = AddUser("intake.a", "spu_investigator", "spu", "intake.a@spu.example.test");
  {
    auto tx = db_->Begin(store::TxMode::kWrite);
    ASSERT_TRUE(tx);
    NRM_ASSERT_OK(inbox_->Notify(**tx, {a}, kNew));
    // dropped without Commit: the event did not happen, neither did the notice
  }
  EXPECT_EQ(inbox_->List(a, 10, std::nullopt)->items.size(), 0u);
  auto rows = Select("SELECT COUNT(*) FROM mail_outbox");
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_EQ(rows[0].Int(0), 0);
}

TEST_P(NotifyTest, MailIsQueuedOnlyForUsersWithAnAddress) {
  const std::string a = AddUser("intake.a", "spu_investigator", "spu", "intake.a@spu.example.test");
  const std::string b = AddUser("intake.b", "spu_investigator", "spu");
  NRM_ASSERT_OK(NotifyCommitted({a, b}, kNew));
  auto rows = Select("SELECT user_id FROM mail_outbox");
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_EQ(rows[0].Text(0), a);
  // The queue holds a user id, never the address.
  auto cols = Select("SELECT * FROM mail_outbox");
  for (size_t i = 0; i < cols[0].size(); ++i) {
    if (std::holds_alternative<std::string>(cols[0].at(i))) {
      EXPECT_EQ(std::get<std::string>(cols[0].at(i)).find('@'), std::string::npos);
    }
  }
}

TEST_P(NotifyTest, MalformedNoticesAreRefused) {
  const std::string a = AddUser("intake.a", "spu_investigator", "spu");
  for (const char* link : {"https://evil.example/x", "//evil.example", "/persons?name=Aliyeva", "", "relative/path"}) {
    Notice n = kNew;
    n.link = link;
    EXPECT_FALSE(NotifyCommitted({a}, n)) << link;
  }
  Notice no_kind = kNew;
  no_kind.kind = "";
  EXPECT_FALSE(NotifyCommitted({a}, no_kind));
  EXPECT_FALSE(NotifyCommitted({"no-such-user"}, kNew));
  EXPECT_EQ(inbox_->List(a, 10, std::nullopt)->items.size(), 0u);
}

TEST_P(NotifyTest, UsersWithFollowsRolesAgencyAndActiveState) {
  const std::string inv = AddUser("intake.a", "spu_investigator", "spu");
  const std::string sup = AddUser("super.a", "spu_supervisor", "spu");
  const std::string off = AddUser("intake.off", "spu_investigator", "spu");
  const std::string border = AddUser("border.a", "border_officer", "border");
  auto u = directory_->GetUser(off);
  ASSERT_TRUE(u);
  directory::UserPatch patch;
  patch.version = u->version;
  patch.disabled = true;
  ASSERT_TRUE(directory_->UpdateUser(nullptr, off, patch));

  auto tx = db_->Begin(store::TxMode::kRead);
  ASSERT_TRUE(tx);
  auto receivers = inbox_->UsersWith(**tx, AgencyId("spu"), "referrals.receive");
  NRM_ASSERT_OK(receivers);
  std::vector<std::string> want{inv, sup};
  std::sort(want.begin(), want.end());
  auto got = *receivers;
  std::sort(got.begin(), got.end());
  EXPECT_EQ(got, want);
  auto supervisors = inbox_->UsersWith(**tx, AgencyId("spu"), "cases.supervise");
  NRM_ASSERT_OK(supervisors);
  EXPECT_EQ(*supervisors, std::vector<std::string>{sup});
  auto none = inbox_->UsersWith(**tx, AgencyId("border"), "referrals.receive");
  NRM_ASSERT_OK(none);
  EXPECT_TRUE(none->empty());
  auto creators = inbox_->UsersWith(**tx, AgencyId("border"), "referrals.create");
  NRM_ASSERT_OK(creators);
  EXPECT_EQ(*creators, std::vector<std::string>{border});
}

INSTANTIATE_TEST_SUITE_P(Backends, NotifyTest, ::testing::Values(store::Dialect::kSqlite, store::Dialect::kPostgres),
                         store::testing::ParamName);

}  // namespace
}  // namespace nrm::notify
