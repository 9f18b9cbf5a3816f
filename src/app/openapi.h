// The OpenAPI document served at /api/v1/openapi.json: app/openapi.json (the
// base: info, security, shared components, the core routes) merged with one
// fragment per module (src/<module>/openapi.json: "paths" and
// "components.schemas"), so that each module documents its own routes.
//
// Invariant: a path or schema name defined twice is a build mistake; the
// merge reports it instead of letting one silently win.
// Thread-safety: OpenApiDocument() is safe to call from any thread.
#pragma once

#include <string>

#include "core/error.h"

namespace nrm::app {

// The merged document as JSON text; computed once.
Result<std::string> OpenApiDocument();

}  // namespace nrm::app
