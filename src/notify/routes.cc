#include "notify/routes.h"

#include <nlohmann/json.hpp>

#include "directory/endpoint.h"
#include "http/json.h"

namespace nrm::notify {

namespace {

using directory::Call;
using http::Response;
using nlohmann::json;

json NoticeJson(const StoredNotice& n) {
  return json{{"id", n.id},
              {"kind", n.notice.kind},
              {"object_type", n.notice.object_type},
              {"object_id", n.notice.object_id},
              {"link", n.notice.link},
              {"created_at", FormatRfc3339(n.created_at)},
              {"read_at", n.read_at ? json(FormatRfc3339(*n.read_at)) : json(nullptr)}};
}

struct Deps {
  Inbox& inbox;
};

Result<Response> ListNotices(const Deps& d, Call& c) {
  auto q = c.in.Query();
  const int limit = static_cast<int>(q.Int("limit", 1, 100).value_or(50));
  const std::optional<std::string> before = q.Uuid("before");
  NRM_CHECK(c.in.Finish());
  NRM_TRY(auto page, d.inbox.List(c.who.user_id, limit, before));
  json items = json::array();
  for (const auto& n : page.items) items.push_back(NoticeJson(n));
  json out{{"items", items}, {"unread", page.unread}};
  if (page.next_before) out["next_before"] = *page.next_before;
  return http::JsonResponse(200, out);
}

Result<Response> MarkRead(const Deps& d, Call& c) {
  NRM_TRY(auto id, http::PathUuid(c.req, "id", "notification"));
  NRM_CHECK(c.in.Finish());
  NRM_TRY(auto n, d.inbox.MarkRead(c.who.user_id, id));
  return http::JsonResponse(200, NoticeJson(n));
}

Result<Response> MarkAllRead(const Deps& d, Call& c) {
  NRM_CHECK(c.in.Finish());
  NRM_TRY(auto n, d.inbox.MarkAllRead(c.who.user_id));
  return http::JsonResponse(200, json{{"marked", n}, {"unread", 0}});
}

using directory::kNoBody;
using directory::SignedIn;
const directory::Endpoint<Deps> kEndpoints[] = {
    {"GET", "/api/v1/notifications", SignedIn(), kNoBody, ListNotices},
    {"POST", "/api/v1/notifications/{id}/read", SignedIn(), 1024, MarkRead},
    {"POST", "/api/v1/notifications/read-all", SignedIn(), 1024, MarkAllRead},
};

}  // namespace

void RegisterRoutes(http::Router& router, Inbox& inbox, directory::Directory& dir) {
  directory::RegisterEndpoints(router, dir, Deps{inbox}, kEndpoints);
}

}  // namespace nrm::notify
