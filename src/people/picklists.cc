#include "people/picklists.h"

#include <algorithm>
#include <cctype>
#include <map>
#include <set>

#include <unicode/locid.h>

namespace nrm::people {

namespace {

std::string Lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

bool AllAlpha(std::string_view s) {
  return std::all_of(s.begin(), s.end(), [](char c) { return std::isalpha(static_cast<unsigned char>(c)) != 0; });
}

// alpha-2 -> alpha-3 for every country ICU knows (ISO 3166-1).
struct Countries {
  std::set<std::string> alpha3;
  std::map<std::string, std::string> by_alpha2;
};

const Countries& CountryTable() {
  static const Countries t = [] {
    Countries c;
    for (const char* const* p = icu::Locale::getISOCountries(); *p; ++p) {
      icu::Locale l("", *p);
      const std::string a3 = l.getISO3Country();
      if (a3.size() != 3) continue;
      c.alpha3.insert(a3);
      c.by_alpha2[*p] = a3;
    }
    c.alpha3.insert("XXA");
    return c;
  }();
  return t;
}

struct Languages {
  std::set<std::string> alpha3;
  std::map<std::string, std::string> by_alpha2;
};

const Languages& LanguageTable() {
  static const Languages t = [] {
    Languages l;
    for (const char* const* p = icu::Locale::getISOLanguages(); *p; ++p) {
      const std::string code = *p;
      if (code.size() == 3) {
        l.alpha3.insert(code);
      } else if (code.size() == 2) {
        icu::Locale loc(code.c_str());
        const std::string a3 = loc.getISO3Language();
        if (a3.size() == 3) {
          l.alpha3.insert(a3);
          l.by_alpha2[code] = a3;
        }
      }
    }
    return l;
  }();
  return t;
}

}  // namespace

const std::vector<std::string>& HtcdsGenders() {
  static const std::vector<std::string> v = {"Feminine",           "Masculine",      "TransgenderFeminine",
                                             "TransgenderMasculine", "NonConforming", "NonSpecifiedUnknown"};
  return v;
}

const std::vector<std::string>& LegacyGenders() {
  static const std::vector<std::string> v = {"female", "male", "other", "unknown"};
  return v;
}

bool IsGender(std::string_view code) {
  for (const auto* list : {&HtcdsGenders(), &LegacyGenders()})
    if (std::find(list->begin(), list->end(), code) != list->end()) return true;
  return false;
}

const std::vector<std::string>& DocumentTypes() {
  static const std::vector<std::string> v = {"passport",        "national_id",  "residence_permit", "birth_certificate",
                                             "travel_document", "seafarer_id", "driving_licence",  "other"};
  return v;
}

bool IsDocumentType(std::string_view code) {
  return std::find(DocumentTypes().begin(), DocumentTypes().end(), code) != DocumentTypes().end();
}

std::optional<std::string> NormalizeCountry(std::string_view code) {
  if ((code.size() != 2 && code.size() != 3) || !AllAlpha(code)) return std::nullopt;
  std::string up(code);
  for (char& c : up) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  const auto& t = CountryTable();
  if (up.size() == 3) return t.alpha3.count(up) ? std::optional<std::string>(up) : std::nullopt;
  auto it = t.by_alpha2.find(up);
  return it == t.by_alpha2.end() ? std::nullopt : std::optional<std::string>(it->second);
}

std::optional<std::string> NormalizeLanguage(std::string_view code) {
  if ((code.size() != 2 && code.size() != 3) || !AllAlpha(code)) return std::nullopt;
  const std::string low = Lower(code);
  const auto& t = LanguageTable();
  if (low.size() == 3) return t.alpha3.count(low) ? std::optional<std::string>(low) : std::nullopt;
  auto it = t.by_alpha2.find(low);
  return it == t.by_alpha2.end() ? std::nullopt : std::optional<std::string>(it->second);
}

}  // namespace nrm::people
