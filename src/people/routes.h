// HTTP mapping of persons: /api/v1/persons and /api/v1/persons/{id}.
// Thread-safety: handlers are safe to call concurrently.
#pragma once

#include "directory/service.h"
#include "http/router.h"
#include "people/service.h"

namespace nrm::people {

void RegisterRoutes(http::Router& router, PersonService& persons, directory::Directory& directory);

}  // namespace nrm::people
