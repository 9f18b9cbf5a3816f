// HTTP mapping of the Coordinator's desk: plans, tasks, progress reports,
// the board, meetings and findings (src/plan/openapi.json documents each
// route). Each routes file is one table of named handlers
// (directory/endpoint.h): session, CSRF and the capability a route always
// needs are checked before its body is read; input is read through the
// binder, which names every bad field and refuses unknown fields and query
// parameters; the services decide the finer rules (own agency, internal).
//
// Thread-safety: the registered handlers are safe to call concurrently.
#pragma once

#include "directory/service.h"
#include "http/router.h"
#include "plan/findings.h"
#include "plan/meetings.h"
#include "plan/service.h"

namespace nrm::plan {

void RegisterRoutes(http::Router& router, PlanService& plans, MeetingService& meetings, FindingService& findings,
                    directory::Directory& directory);
// Meetings and findings (routes_desk.cc); called by RegisterRoutes.
void RegisterDeskRoutes(http::Router& router, MeetingService& meetings, FindingService& findings,
                        directory::Directory& directory);

}  // namespace nrm::plan
