#include "notify/routes.h"

#include <cstdlib>

#include <nlohmann/json.hpp>

#include "core/ids.h"
#include "directory/routes.h"
#include "http/json.h"
#include "http/problem.h"

namespace nrm::notify {

namespace {

using http::Request;
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

}  // namespace

void RegisterRoutes(http::Router& router, Inbox& inbox, directory::Directory& dir) {
  http::RouteLimits small{.max_body_bytes = 1024, .max_header_bytes = 16 * 1024};

  router.Add("GET", "/api/v1/notifications", http::ResultHandler([&](Request& req) -> Result<Response> {
               auto p = directory::RequirePrincipal(dir, req, nullptr);
               if (!p) return tl::unexpected(p.error());
               int limit = 50;
               if (auto l = req.QueryParam("limit")) {
                 char* end = nullptr;
                 const long v = std::strtol(l->c_str(), &end, 10);
                 if (l->empty() || *end || v < 1 || v > 100)
                   return Fail(ErrorCode::kInvalidArgument, "limit must be 1..100");
                 limit = static_cast<int>(v);
               }
               std::optional<std::string> before = req.QueryParam("before");
               if (before && !IsUuid(*before))
                 return Fail(ErrorCode::kInvalidArgument, "before must be a notification id");
               auto page = inbox.List(p->user_id, limit, before);
               if (!page) return tl::unexpected(page.error());
               json items = json::array();
               for (const auto& n : page->items) items.push_back(NoticeJson(n));
               json out{{"items", items}, {"unread", page->unread}};
               if (page->next_before) out["next_before"] = *page->next_before;
               return http::JsonResponse(200, out);
             }),
             small);

  router.Add("POST", "/api/v1/notifications/{id}/read", http::ResultHandler([&](Request& req) -> Result<Response> {
               auto p = directory::RequirePrincipal(dir, req, nullptr);
               if (!p) return tl::unexpected(p.error());
               const std::string id = req.Param("id");
               if (!IsUuid(id)) return Fail(ErrorCode::kNotFound, "no such notification");
               auto n = inbox.MarkRead(p->user_id, id);
               if (!n) return tl::unexpected(n.error());
               return http::JsonResponse(200, NoticeJson(*n));
             }),
             small);

  router.Add("POST", "/api/v1/notifications/read-all", http::ResultHandler([&](Request& req) -> Result<Response> {
               auto p = directory::RequirePrincipal(dir, req, nullptr);
               if (!p) return tl::unexpected(p.error());
               auto n = inbox.MarkAllRead(p->user_id);
               if (!n) return tl::unexpected(n.error());
               return http::JsonResponse(200, json{{"marked", *n}, {"unread", 0}});
             }),
             small);
}

}  // namespace nrm::notify
