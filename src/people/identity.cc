#include "people/identity.h"

#include <algorithm>
#include <set>

#include <nlohmann/json.hpp>

#include "people/picklists.h"
#include "text/normalize.h"

namespace nrm::people {

namespace {

using access::FieldClass;
using nlohmann::json;

std::nullopt_t Bad(std::vector<FieldError>& errors, std::string field, const char* code, std::string detail) {
  errors.push_back(FieldError{std::move(field), code, std::move(detail)});
  return std::nullopt;
}

// "az, ru;en" -> normalised codes, joined by ",", order kept, repeats dropped.
template <class F>
std::optional<std::string> CodeList(const std::string& value, const std::string& path, size_t max_items, F normalize,
                                    std::vector<FieldError>& errors) {
  std::string out, item, unknown;
  std::set<std::string> seen;
  auto flush = [&] {
    if (item.empty()) return;
    auto code = normalize(item);
    if (!code && unknown.empty()) unknown = item.substr(0, 8);
    if (code && seen.insert(*code).second) out += (out.empty() ? "" : ",") + *code;
    item.clear();
  };
  for (char c : value) {
    if (c == ',' || c == ';' || c == ' ')
      flush();
    else
      item += c;
  }
  flush();
  if (!unknown.empty()) return Bad(errors, path, "enum", path + ": unknown code " + unknown);
  if (seen.size() > max_items)
    return Bad(errors, path, "too_many", path + ": at most " + std::to_string(max_items) + " codes");
  return out;
}

// One document of identity.documents (at `at`, "identity.documents.0"), or
// nullopt after naming each of its bad fields.
std::optional<json> CheckDocument(const json& d, const std::string& at, std::vector<FieldError>& errors) {
  if (!d.is_object()) return Bad(errors, at, "type", at + " must be an object");
  const size_t before = errors.size();
  json doc = json::object();
  for (const auto& [k, v] : d.items()) {
    const std::string path = at + "." + k.substr(0, 40);
    if (k != "type" && k != "number" && k != "issuing_country" && k != "expiry") {
      Bad(errors, path, "unknown", "unknown document field " + path);
      continue;
    }
    if (!v.is_string()) {
      Bad(errors, path, "type", path + " must be text");
      continue;
    }
    auto clean = text::NormalizeUserText(v.get<std::string>());
    if (!clean) {
      Bad(errors, path, "format", path + ": " + clean.error().message);
    } else if (clean->size() > 64) {
      Bad(errors, path, "too_long", path + " is longer than 64 bytes");
    } else if (clean->empty()) {
      continue;
    } else if (k == "type" && !IsDocumentType(*clean)) {
      Bad(errors, path, "enum",
          path +
              " must be one of passport, national_id, residence_permit, birth_certificate, travel_document, "
              "seafarer_id, driving_licence, other");
    } else if (k == "issuing_country" && !NormalizeCountry(*clean)) {
      Bad(errors, path, "enum", path + " must be an ISO 3166 country code");
    } else if (k == "expiry" && !IsDate(*clean)) {
      Bad(errors, path, "format", path + " must be a date YYYY-MM-DD");
    } else {
      doc[k] = k == "issuing_country" ? *NormalizeCountry(*clean) : *clean;
    }
  }
  // An empty type or number is as missing as an absent one.
  for (const char* need : {"type", "number"}) {
    const std::string path = at + "." + need;
    auto named = [&](const FieldError& e) { return e.field == path; };
    if (!doc.contains(need) && std::none_of(errors.begin() + static_cast<std::ptrdiff_t>(before), errors.end(), named))
      Bad(errors, path, "required", path + " is required");
  }
  if (errors.size() != before) return std::nullopt;
  return doc;
}

std::optional<std::string> CheckDocuments(const std::string& value, std::vector<FieldError>& errors) {
  const std::string path = "identity.documents";
  auto j = json::parse(value, nullptr, false);
  if (j.is_discarded() || !j.is_array())
    return Bad(errors, path, "type", path + " must be a list of {type, number, issuing_country, expiry}");
  if (j.size() > kMaxDocuments)
    return Bad(errors, path, "too_many", "at most " + std::to_string(kMaxDocuments) + " documents");
  json out = json::array();
  const size_t before = errors.size();
  for (size_t i = 0; i < j.size(); ++i)
    if (auto doc = CheckDocument(j[i], path + "." + std::to_string(i), errors)) out.push_back(std::move(*doc));
  if (errors.size() != before) return std::nullopt;
  return out.dump();
}

}  // namespace

std::optional<int> BirthYearOf(const std::string& date) {
  if (!IsDate(date)) return std::nullopt;
  return civil::YearOf(*civil::ParseDate(date));
}

std::optional<std::string> CheckField(FieldClass cls, const std::string& field, const std::string& value,
                                      std::vector<FieldError>& errors) {
  const std::string path = std::string(access::FieldClassName(cls)) + "." + field;
  if (cls == FieldClass::kDetail) {
    if (field == "gender") {
      // Legacy codes (female, male, ...) are still accepted from older
      // clients but stored as their HTCDS value.
      auto g = CanonicalGender(value);
      if (!g)
        return Bad(errors, path, "enum",
                   path +
                       " must be an HTCDS value: Feminine, Masculine, TransgenderFeminine, TransgenderMasculine, "
                       "NonConforming or NonSpecifiedUnknown");
      return *g;
    }
    if (field == "citizenship") return CodeList(value, path, 5, NormalizeCountry, errors);
    if (field == "languages") return CodeList(value, path, 10, NormalizeLanguage, errors);
    if (field == "age_estimate") {
      if (value.size() > 3 || value.find_first_not_of("0123456789") != std::string::npos)
        return Bad(errors, path, "format", path + " must be a whole number of years, 0..120");
      if (std::stoi(value) > 120) return Bad(errors, path, "range", path + " must be a whole number of years, 0..120");
      return std::to_string(std::stoi(value));
    }
  }
  if (cls == FieldClass::kIdentity) {
    if (field == "birth_date" && !IsDate(value))
      return Bad(errors, path, "format", path + " must be a date YYYY-MM-DD");
    if (field == "documents") return CheckDocuments(value, errors);
  }
  return value;
}

std::vector<IdentityDocument> ParseDocuments(const std::string& text) {
  std::vector<IdentityDocument> out;
  auto j = json::parse(text, nullptr, false);
  if (j.is_discarded() || !j.is_array()) return out;
  for (const auto& d : j) {
    if (!d.is_object()) continue;
    out.push_back(IdentityDocument{d.value("type", ""), d.value("number", ""), d.value("issuing_country", ""),
                                   d.value("expiry", "")});
  }
  return out;
}

}  // namespace nrm::people
