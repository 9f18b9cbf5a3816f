// The HTTP edge shared by the plan module's routes files: path ids, the
// strict JSON body, list and created responses. Like plan/json_io.h it pulls
// in nlohmann/json: include it only from plan/routes*.cc.
//
// Thread-safety: pure functions.
#pragma once

#include <initializer_list>
#include <string>
#include <vector>

#include "core/error.h"
#include "core/ids.h"
#include "http/json.h"
#include "http/message.h"

namespace nrm::plan::edge {

// A path id: anything but a UUID is "no such <what>" (ids are never guessed,
// so a malformed one cannot exist).
inline Result<std::string> IdParam(const http::Request& req, const char* name, const char* what) {
  std::string id = req.Param(name);
  if (!IsUuid(id)) return Fail(ErrorCode::kNotFound, std::string("no such ") + what);
  return id;
}

// The request's JSON object, refusing any member outside `allowed`: an
// unknown field is an error at the edge, never silently dropped.
inline Result<nlohmann::json> JsonBody(const http::Request& req, std::initializer_list<const char*> allowed) {
  auto body = http::ParseJsonObject(req);
  if (!body) return tl::unexpected(body.error());
  if (auto s = http::RejectUnknownFields(*body, allowed); !s) return tl::unexpected(s.error());
  return body;
}

// 200 {"items": [...]}, each element through `to_json`.
template <class T, class F>
http::Response Items(const std::vector<T>& list, F to_json) {
  nlohmann::json items = nlohmann::json::array();
  for (const auto& x : list) items.push_back(to_json(x));
  return http::JsonResponse(200, nlohmann::json{{"items", items}});
}

// 201 with the new record and its Location.
inline http::Response Created(const nlohmann::json& body, const std::string& location) {
  http::Response res = http::JsonResponse(201, body);
  res.AddHeader("Location", location);
  return res;
}

}  // namespace nrm::plan::edge
