// The API's JSON of persons, duplicate-check matches and the picklists: one
// writer per resource, used by people/routes.cc.
//
// A person carries its reference, status and version, `fields` (the classes
// the reader's decision opens) and one object per visible class;
// identity.documents is an array of documents, `photo` is told only to
// readers of the identity class.
//
// Thread-safety: pure functions.
#pragma once

#include <nlohmann/json_fwd.hpp>

#include "people/model.h"
#include "people/picklists.h"
#include "people/service.h"

namespace nrm::people {

nlohmann::json ToJson(const Person& p);
nlohmann::json ToJson(const PossibleMatch& m);
nlohmann::json ToJson(const Picklists& p);

}  // namespace nrm::people
