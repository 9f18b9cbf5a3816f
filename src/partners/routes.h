// HTTP mapping of the resources desk: /api/v1/needs, /donors, /pledges,
// /deliveries, /training/..., /awareness/... (documented in
// partners/openapi.json). Every handler checks session, CSRF on mutations,
// and then the service checks capabilities.
// Thread-safety: handlers are safe to call concurrently.
#pragma once

#include "directory/service.h"
#include "http/router.h"
#include "partners/service.h"

namespace nrm::partners {

void RegisterRoutes(http::Router& router, PartnersService& service, directory::Directory& directory);

// The parts, one file each.
void RegisterResourceRoutes(http::Router& router, PartnersService& service, directory::Directory& directory);
void RegisterTrainingRoutes(http::Router& router, PartnersService& service, directory::Directory& directory);
void RegisterAwarenessRoutes(http::Router& router, PartnersService& service, directory::Directory& directory);

}  // namespace nrm::partners
