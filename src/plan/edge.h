// The HTTP edge shared by the plan module's routes files: path ids, and the
// strict JSON body, list and created answers of http/json.h. Like
// plan/json_io.h it pulls in nlohmann/json: include it only from
// plan/routes*.cc.
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

// The strict body and the list/created answers are the HTTP layer's.
using http::Created;
using http::Items;
using http::JsonBody;

}  // namespace nrm::plan::edge
