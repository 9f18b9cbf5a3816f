// HTTP mapping of the resources desk: /api/v1/needs, /donors, /pledges,
// /deliveries, /training/..., /awareness/... (documented in
// partners/openapi.json), as one table of named handlers
// (directory/endpoint.h). A route's guard checks the session, CSRF on
// mutations and the capability every use of the route needs, before the
// body is read; the service then checks again, and finer (a donor's own
// pledges, a focal point's own agency).
// Thread-safety: handlers are safe to call concurrently.
#pragma once

#include "directory/service.h"
#include "http/router.h"
#include "partners/service.h"

namespace nrm::partners {

void RegisterRoutes(http::Router& router, PartnersService& service, directory::Directory& directory);

}  // namespace nrm::partners
