// The value lists person fields are checked against: HTCDS 2.0 (the Human
// Trafficking Case Data Standard, data/seed/htcds-2.0-fields.tsv) for gender
// (prs_Gender), citizenship (prs_Citizenship: ISO 3166 codes) and languages
// (prs_PrimaryLanguage: ISO 639-2 codes); our own list for identity document
// types (HTCDS has none).
//
// Thread-safety: immutable tables and pure functions.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "directory/model.h"

namespace nrm::people {

// prs_Gender value names, in the standard's order (test/people checks them
// against the TSV).
const std::vector<std::string>& HtcdsGenders();
// Codes the web UI sent before the HTCDS list (female, male, other, unknown);
// still accepted so that stored records and older clients keep working.
const std::vector<std::string>& LegacyGenders();
bool IsGender(std::string_view code);

// passport, national_id, residence_permit, birth_certificate, travel_document,
// seafarer_id, driving_licence, other.
const std::vector<std::string>& DocumentTypes();
bool IsDocumentType(std::string_view code);

// Legacy gender code -> its HTCDS value (female -> Feminine, male ->
// Masculine, unknown -> NonSpecifiedUnknown, other -> NonConforming); an HTCDS
// value maps to itself; nullopt for anything else. Writes store the HTCDS value.
std::optional<std::string> CanonicalGender(std::string_view code);

// An ISO 3166-1 country code (alpha-3, or alpha-2), any case -> upper-case
// alpha-3 ("az" -> "AZE"); nullopt for anything else. "XXA" (stateless,
// ICAO 9303) is accepted too.
std::optional<std::string> NormalizeCountry(std::string_view code);

// An ISO 639 language code (639-2/T alpha-3, or 639-1 alpha-2), any case ->
// lower-case alpha-3 ("az" -> "aze"); nullopt for anything else.
std::optional<std::string> NormalizeLanguage(std::string_view code);

// The lists above as reference data for clients (GET /api/v1/persons/picklists),
// built from the same tables the checks use so a form cannot offer a value the
// server refuses. Countries and languages are labelled by ICU in az, en and
// ru (the code itself where ICU has no name); sorted by code.
struct PicklistEntry {
  std::string code;
  directory::LocalizedText label;
};
struct Picklists {
  std::vector<PicklistEntry> genders;                               // HTCDS order
  std::vector<std::pair<std::string, std::string>> legacy_genders;  // legacy -> HTCDS
  std::vector<PicklistEntry> document_types;                        // DocumentTypes() order
  std::vector<PicklistEntry> countries;                             // upper-case ISO 3166-1 alpha-3, plus XXA
  std::vector<PicklistEntry> languages;                             // lower-case ISO 639-2/T alpha-3
};
// Computed once; immutable afterwards.
const Picklists& AllPicklists();

}  // namespace nrm::people
