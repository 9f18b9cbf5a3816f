// HTTP mapping of the inbox: /api/v1/notifications. Every route acts on the
// caller's own notices only; any signed-in user has an inbox, so no
// capability is needed beyond a session (and CSRF on POST).
// Thread-safety: handlers are safe to call concurrently.
#pragma once

#include "directory/service.h"
#include "http/router.h"
#include "notify/service.h"

namespace nrm::notify {

void RegisterRoutes(http::Router& router, Inbox& inbox, directory::Directory& directory);

}  // namespace nrm::notify
