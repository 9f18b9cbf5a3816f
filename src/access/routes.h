// HTTP mapping of the need-to-know service: information requests, grants,
// break-glass, assignment, access history and oversight alerts.
//
// Thread-safety: handlers are safe to call concurrently.
#pragma once

#include <string>
#include <vector>

#include "access/service.h"
#include "directory/service.h"
#include "http/router.h"

namespace nrm::access {

// `object_paths` maps an object type to its collection path, e.g.
// {"person", "/api/v1/persons"}: break-glass, assignment and history routes
// are added under each.
void RegisterRoutes(http::Router& router, AccessService& access, directory::Directory& directory,
                    const std::vector<std::pair<std::string, std::string>>& object_paths);

}  // namespace nrm::access
