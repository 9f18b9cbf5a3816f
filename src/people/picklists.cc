#include "people/picklists.h"

#include <algorithm>
#include <cctype>
#include <map>
#include <set>

#include <unicode/locid.h>
#include <unicode/unistr.h>

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
  std::map<std::string, std::string> display_code;  // alpha-3 -> the code ICU names it under
};

const Languages& LanguageTable() {
  static const Languages t = [] {
    Languages l;
    for (const char* const* p = icu::Locale::getISOLanguages(); *p; ++p) {
      const std::string code = *p;
      if (code.size() == 3) {
        l.alpha3.insert(code);
        l.display_code.emplace(code, code);  // an alpha-2 form, if any, wins below
      } else if (code.size() == 2) {
        icu::Locale loc(code.c_str());
        const std::string a3 = loc.getISO3Language();
        if (a3.size() == 3) {
          l.alpha3.insert(a3);
          l.by_alpha2[code] = a3;
          l.display_code[a3] = code;
        }
      }
    }
    return l;
  }();
  return t;
}

std::string Utf8(const icu::UnicodeString& u) {
  std::string out;
  u.toUTF8String(out);
  return out;
}

// The same wording as the web UI's referral form (web/src/features/referral/i18n).
const std::map<std::string, directory::LocalizedText>& GenderLabels() {
  static const std::map<std::string, directory::LocalizedText> m = {
      {"Feminine", {"Qadın", "Female", "Женский"}},
      {"Masculine", {"Kişi", "Male", "Мужской"}},
      {"TransgenderFeminine", {"Transgender qadın", "Transgender female", "Трансгендерная женщина"}},
      {"TransgenderMasculine", {"Transgender kişi", "Transgender male", "Трансгендерный мужчина"}},
      {"NonConforming", {"Qeyri-binar", "Non-conforming", "Небинарный"}},
      {"NonSpecifiedUnknown", {"Göstərilməyib / məlum deyil", "Not specified / unknown", "Не указан / неизвестен"}},
  };
  return m;
}

const std::map<std::string, directory::LocalizedText>& DocumentTypeLabels() {
  static const std::map<std::string, directory::LocalizedText> m = {
      {"passport", {"Pasport", "Passport", "Паспорт"}},
      {"national_id", {"Şəxsiyyət vəsiqəsi", "National identity card", "Удостоверение личности"}},
      {"residence_permit", {"Yaşayış icazəsi", "Residence permit", "Вид на жительство"}},
      {"birth_certificate", {"Doğum haqqında şəhadətnamə", "Birth certificate", "Свидетельство о рождении"}},
      {"travel_document", {"Səyahət sənədi", "Travel document", "Проездной документ"}},
      {"seafarer_id", {"Dənizçi vəsiqəsi", "Seafarer’s identity document", "Удостоверение моряка"}},
      {"driving_licence", {"Sürücülük vəsiqəsi", "Driving licence", "Водительское удостоверение"}},
      {"other", {"Digər sənəd", "Other document", "Другой документ"}},
  };
  return m;
}

directory::LocalizedText LabelOr(const std::map<std::string, directory::LocalizedText>& m, const std::string& code) {
  auto it = m.find(code);
  return it == m.end() ? directory::LocalizedText{code, code, code} : it->second;
}

// ICU answers the code itself when it has no name for it in that language.
directory::LocalizedText IcuLabel(const icu::Locale& subject, bool country) {
  directory::LocalizedText t;
  const std::pair<const char*, std::string*> in[] = {{"az", &t.az}, {"en", &t.en}, {"ru", &t.ru}};
  for (const auto& [lang, out] : in) {
    icu::UnicodeString u;
    if (country)
      subject.getDisplayCountry(icu::Locale(lang), u);
    else
      subject.getDisplayLanguage(icu::Locale(lang), u);
    *out = Utf8(u);
  }
  return t;
}

}  // namespace

const std::vector<std::string>& HtcdsGenders() {
  static const std::vector<std::string> v = {
      "Feminine", "Masculine", "TransgenderFeminine", "TransgenderMasculine", "NonConforming", "NonSpecifiedUnknown"};
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

std::optional<std::string> CanonicalGender(std::string_view code) {
  static const std::map<std::string, std::string, std::less<>> legacy = {
      {"female", "Feminine"}, {"male", "Masculine"}, {"other", "NonConforming"}, {"unknown", "NonSpecifiedUnknown"}};
  if (auto it = legacy.find(code); it != legacy.end()) return it->second;
  const auto& h = HtcdsGenders();
  if (std::find(h.begin(), h.end(), code) != h.end()) return std::string(code);
  return std::nullopt;
}

const std::vector<std::string>& DocumentTypes() {
  static const std::vector<std::string> v = {"passport",        "national_id", "residence_permit", "birth_certificate",
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

const Picklists& AllPicklists() {
  static const Picklists p = [] {
    Picklists out;
    for (const auto& g : HtcdsGenders()) out.genders.push_back({g, LabelOr(GenderLabels(), g)});
    for (const auto& g : LegacyGenders()) out.legacy_genders.emplace_back(g, *CanonicalGender(g));
    for (const auto& d : DocumentTypes()) out.document_types.push_back({d, LabelOr(DocumentTypeLabels(), d)});
    std::map<std::string, directory::LocalizedText> countries;
    for (const auto& [a2, a3] : CountryTable().by_alpha2) countries[a3] = IcuLabel(icu::Locale("", a2.c_str()), true);
    // Not an ISO 3166 country: ICAO 9303's code for a stateless person's document.
    countries["XXA"] = {"Vətəndaşlığı olmayan şəxs", "Stateless person", "Лицо без гражданства"};
    for (auto& [code, label] : countries) out.countries.push_back({code, std::move(label)});
    const auto& langs = LanguageTable();
    for (const auto& a3 : langs.alpha3) {
      auto it = langs.display_code.find(a3);
      const std::string shown = it == langs.display_code.end() ? a3 : it->second;
      out.languages.push_back({a3, IcuLabel(icu::Locale(shown.c_str()), false)});
    }
    return out;
  }();
  return p;
}

}  // namespace nrm::people
