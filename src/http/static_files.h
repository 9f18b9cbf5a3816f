// Serves the built web UI from a directory: exact files with their content
// type, and index.html for any other path so that the SPA's client-side routes
// work on reload. Paths are resolved inside the root only (no "..", no
// symlinks out). Hashed assets (/assets/*) are cacheable for a year; index.html
// is never cached.
//
// Thread-safety: the returned handler is safe to call concurrently.
#pragma once

#include <string>

#include "http/router.h"

namespace nrm::http {

Handler StaticFiles(std::string root_directory);

}  // namespace nrm::http
