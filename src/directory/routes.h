// HTTP mapping of the directory: sign-in and sessions, agencies, roles and
// users. Also the request guard every other module's routes use to learn who
// is calling.
//
// Thread-safety: the registered handlers are safe to call concurrently.
#pragma once

#include <string>

#include "core/error.h"
#include "directory/service.h"
#include "http/router.h"

namespace nrm::directory {

struct RouteSettings {
  bool behind_tls = false;  // Secure cookie with the __Host- prefix
};

void RegisterRoutes(http::Router& router, Directory& directory, RouteSettings settings);

// Resolves the caller from the session cookie. On mutating methods it also
// checks the X-CSRF-Token header. `capability` (may be null) must be held.
Result<Principal> RequirePrincipal(Directory& directory, const http::Request& request, const char* capability);

std::string SessionCookieName(bool behind_tls);

}  // namespace nrm::directory
