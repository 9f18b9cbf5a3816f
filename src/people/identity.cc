#include "people/identity.h"

#include <set>

#include <nlohmann/json.hpp>

#include "people/picklists.h"
#include "text/normalize.h"

namespace nrm::people {

namespace {

using access::FieldClass;
using nlohmann::json;

// "az, ru;en" -> normalised codes, joined by ",", order kept, repeats dropped.
template <class F>
Result<std::string> CodeList(const std::string& value, const std::string& field, size_t max_items, F normalize) {
  std::string out;
  std::set<std::string> seen;
  std::string item;
  auto flush = [&]() -> Status {
    if (item.empty()) return {};
    auto code = normalize(item);
    if (!code) return Fail(ErrorCode::kInvalidArgument, field + ": unknown code " + item.substr(0, 8));
    if (seen.insert(*code).second) out += (out.empty() ? "" : ",") + *code;
    item.clear();
    return {};
  };
  for (char c : value) {
    if (c == ',' || c == ';' || c == ' ') {
      if (auto s = flush(); !s) return tl::unexpected(s.error());
    } else {
      item += c;
    }
  }
  if (auto s = flush(); !s) return tl::unexpected(s.error());
  if (seen.size() > max_items)
    return Fail(ErrorCode::kInvalidArgument, field + ": at most " + std::to_string(max_items) + " codes");
  return out;
}

Result<std::string> CheckDocuments(const std::string& value) {
  auto j = json::parse(value, nullptr, false);
  if (j.is_discarded() || !j.is_array())
    return Fail(ErrorCode::kInvalidArgument, "documents must be an array of {type, number, issuing_country, expiry}");
  if (j.size() > kMaxDocuments)
    return Fail(ErrorCode::kInvalidArgument, "at most " + std::to_string(kMaxDocuments) + " documents");
  json out = json::array();
  for (const auto& d : j) {
    if (!d.is_object()) return Fail(ErrorCode::kInvalidArgument, "each document must be an object");
    json doc = json::object();
    for (const auto& [k, v] : d.items()) {
      if (k != "type" && k != "number" && k != "issuing_country" && k != "expiry")
        return Fail(ErrorCode::kInvalidArgument, "unknown document field " + k.substr(0, 40));
      if (!v.is_string()) return Fail(ErrorCode::kInvalidArgument, "document " + k + " must be text");
      auto clean = text::NormalizeUserText(v.get<std::string>());
      if (!clean) return Fail(ErrorCode::kInvalidArgument, "document " + k + ": " + clean.error().message);
      if (clean->size() > 64) return Fail(ErrorCode::kInvalidArgument, "document " + k + " is longer than 64 bytes");
      if (clean->empty()) continue;
      if (k == "type" && !IsDocumentType(*clean))
        return Fail(ErrorCode::kInvalidArgument,
                    "document type must be one of passport, national_id, "
                    "residence_permit, birth_certificate, travel_document, "
                    "seafarer_id, driving_licence, other");
      if (k == "issuing_country") {
        auto c = NormalizeCountry(*clean);
        if (!c) return Fail(ErrorCode::kInvalidArgument, "document issuing_country must be an ISO 3166 code");
        *clean = *c;
      }
      if (k == "expiry" && !IsDate(*clean))
        return Fail(ErrorCode::kInvalidArgument, "document expiry must be a date YYYY-MM-DD");
      doc[k] = *clean;
    }
    if (!doc.contains("type") || !doc.contains("number"))
      return Fail(ErrorCode::kInvalidArgument, "each document needs a type and a number");
    out.push_back(doc);
  }
  return out.dump();
}

}  // namespace

std::optional<int> BirthYearOf(const std::string& date) {
  if (!IsDate(date)) return std::nullopt;
  return civil::YearOf(*civil::ParseDate(date));
}

Result<std::string> CheckField(FieldClass cls, const std::string& field, const std::string& value) {
  if (cls == FieldClass::kDetail) {
    if (field == "gender") {
      // Legacy codes (female, male, ...) are still accepted from older
      // clients but stored as their HTCDS value.
      auto g = CanonicalGender(value);
      if (!g)
        return Fail(ErrorCode::kInvalidArgument,
                    "gender must be an HTCDS value: Feminine, Masculine, TransgenderFeminine, TransgenderMasculine, "
                    "NonConforming or NonSpecifiedUnknown");
      return *g;
    }
    if (field == "citizenship") return CodeList(value, "citizenship", 5, NormalizeCountry);
    if (field == "languages") return CodeList(value, "languages", 10, NormalizeLanguage);
    if (field == "age_estimate") {
      int age = -1;
      if (value.size() <= 3 && value.find_first_not_of("0123456789") == std::string::npos) age = std::stoi(value);
      if (age < 0 || age > 120)
        return Fail(ErrorCode::kInvalidArgument, "age_estimate must be a whole number of years, 0..120");
      return std::to_string(age);
    }
  }
  if (cls == FieldClass::kIdentity) {
    if (field == "birth_date" && !IsDate(value))
      return Fail(ErrorCode::kInvalidArgument, "birth_date must be a date YYYY-MM-DD");
    if (field == "documents") return CheckDocuments(value);
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
