#include "partners/catalogue.h"

#include <algorithm>
#include <cstdio>
#include <cstdlib>

namespace nrm::partners {

const std::vector<CodeLabel>& NeedTypes() {
  static const std::vector<CodeLabel> v = {
      {"technical", "Texniki", "Technical", "Техническая"},
      {"physical", "Fiziki", "Physical", "Физическая"},
      {"financial", "Maliyyə", "Financial", "Финансовая"},
      {"information", "İnformasiya", "Information", "Информационная"},
      {"methodical", "Metodiki", "Methodical", "Методическая"},
      {"organisational", "Təşkilati", "Organisational", "Организационная"},
      {"material", "Maddi", "Material", "Материальная"},
      {"consultative", "Məsləhət", "Consultative", "Консультативная"},
  };
  return v;
}

const std::vector<CodeLabel>& TrainingTopics() {
  static const std::vector<CodeLabel> v = {
      {"evidence_collection", "Sübutların toplanması", "Evidence collection", "Сбор доказательств"},
      {"victim_identification", "Qurbanların müəyyən edilməsi üsulları", "Victim identification methods",
       "Методы выявления жертв"},
      {"surveillance_methods", "Müşahidə üsulları", "Surveillance methods", "Методы наблюдения"},
      {"conduct_with_victims", "Qurbanlarla davranış", "Conduct with victims", "Обращение с жертвами"},
      {"hotline_operators", "Qaynar xətt operatorları", "Hotline operators", "Операторы горячей линии"},
      {"shelter_staff_guards", "Sığınacaq işçiləri və mühafizəçilər", "Shelter staff and guards",
       "Персонал и охрана приюта"},
      {"media", "Kütləvi informasiya vasitələri", "Media", "Средства массовой информации"},
      {"ngos", "Qeyri-hökumət təşkilatları", "NGOs", "Неправительственные организации"},
      {"other", "Digər", "Other", "Другое"},
  };
  return v;
}

const std::vector<CodeLabel>& Regions() {
  // The economic regions of the 2021 division, plus three non-regions.
  static const std::vector<CodeLabel> v = {
      {"baku", "Bakı", "Baku", "Баку"},
      {"absheron_khizi", "Abşeron-Xızı", "Absheron-Khizi", "Апшерон-Хызы"},
      {"daghlig_shirvan", "Dağlıq Şirvan", "Mountainous Shirvan", "Нагорный Ширван"},
      {"ganja_dashkasan", "Gəncə-Daşkəsən", "Ganja-Dashkasan", "Гянджа-Дашкесан"},
      {"karabakh", "Qarabağ", "Karabakh", "Карабах"},
      {"gazakh_tovuz", "Qazax-Tovuz", "Gazakh-Tovuz", "Газах-Товуз"},
      {"guba_khachmaz", "Quba-Xaçmaz", "Guba-Khachmaz", "Губа-Хачмаз"},
      {"lankaran_astara", "Lənkəran-Astara", "Lankaran-Astara", "Ленкорань-Астара"},
      {"central_aran", "Mərkəzi Aran", "Central Aran", "Центральный Аран"},
      {"mil_mughan", "Mil-Muğan", "Mil-Mughan", "Миль-Муган"},
      {"nakhchivan", "Naxçıvan", "Nakhchivan", "Нахчыван"},
      {"shaki_zagatala", "Şəki-Zaqatala", "Shaki-Zagatala", "Шеки-Загатала"},
      {"shirvan_salyan", "Şirvan-Salyan", "Shirvan-Salyan", "Ширван-Сальян"},
      {"east_zangezur", "Şərqi Zəngəzur", "East Zangezur", "Восточный Зангезур"},
      {"national", "Ölkə üzrə", "Nationwide", "По всей стране"},
      {"abroad", "Xaricdə", "Abroad", "За рубежом"},
      {"other", "Digər", "Other", "Другое"},
  };
  return v;
}

const std::vector<CodeLabel>& ActivityKinds() {
  static const std::vector<CodeLabel> v = {
      {"film_screening", "Film nümayişi", "Film screening", "Показ фильма"},
      {"printed_materials", "Çap materialları", "Printed materials", "Печатные материалы"},
      {"media", "KİV", "Media", "СМИ"},
      {"school_session", "Məktəbdə dərs", "School session", "Занятие в школе"},
      {"other", "Digər", "Other", "Другое"},
  };
  return v;
}

const std::vector<CodeLabel>& Audiences() {
  static const std::vector<CodeLabel> v = {
      {"general_public", "Geniş ictimaiyyət", "General public", "Широкая общественность"},
      {"youth", "Gənclər", "Youth", "Молодёжь"},
      {"students", "Tələbələr və şagirdlər", "Students", "Учащиеся"},
      {"parents", "Valideynlər", "Parents", "Родители"},
      {"teachers", "Müəllimlər", "Teachers", "Учителя"},
      {"job_seekers", "İş axtaranlar", "Job seekers", "Ищущие работу"},
      {"migrants", "Miqrantlar", "Migrants", "Мигранты"},
      {"officials", "Vəzifəli şəxslər", "Officials", "Должностные лица"},
      {"journalists", "Jurnalistlər", "Journalists", "Журналисты"},
      {"ngos", "QHT-lər", "NGOs", "НПО"},
      {"other", "Digər", "Other", "Другое"},
  };
  return v;
}

const std::vector<CodeLabel>& DonorKinds() {
  static const std::vector<CodeLabel> v = {
      {"donor", "Donor", "Donor", "Донор"},
      {"international", "Beynəlxalq təşkilat", "International organisation", "Международная организация"},
      {"ngo", "QHT", "NGO", "НПО"},
      {"government", "Dövlət qurumu", "Government body", "Государственный орган"},
      {"other", "Digər", "Other", "Другое"},
  };
  return v;
}

bool HasCode(const std::vector<CodeLabel>& list, std::string_view code) {
  return std::any_of(list.begin(), list.end(), [&](const CodeLabel& c) { return c.code == code; });
}

std::string LabelOf(const std::vector<CodeLabel>& list, std::string_view code, std::string_view lang) {
  for (const auto& c : list)
    if (c.code == code) return lang == "az" ? c.az : lang == "ru" ? c.ru : c.en;
  return std::string(code);
}

namespace {

// Current ISO 4217 codes (list one, 2024), without funds, metals, testing
// codes and "no currency" (XXX).
constexpr const char* kCurrencies[] = {
    "AED", "AFN", "ALL", "AMD", "ANG", "AOA", "ARS", "AUD", "AWG", "AZN", "BAM", "BBD", "BDT", "BGN", "BHD", "BIF",
    "BMD", "BND", "BOB", "BRL", "BSD", "BTN", "BWP", "BYN", "BZD", "CAD", "CDF", "CHF", "CLP", "CNY", "COP", "CRC",
    "CUP", "CVE", "CZK", "DJF", "DKK", "DOP", "DZD", "EGP", "ERN", "ETB", "EUR", "FJD", "FKP", "GBP", "GEL", "GHS",
    "GIP", "GMD", "GNF", "GTQ", "GYD", "HKD", "HNL", "HTG", "HUF", "IDR", "ILS", "INR", "IQD", "IRR", "ISK", "JMD",
    "JOD", "JPY", "KES", "KGS", "KHR", "KMF", "KPW", "KRW", "KWD", "KYD", "KZT", "LAK", "LBP", "LKR", "LRD", "LSL",
    "LYD", "MAD", "MDL", "MGA", "MKD", "MMK", "MNT", "MOP", "MRU", "MUR", "MVR", "MWK", "MXN", "MYR", "MZN", "NAD",
    "NGN", "NIO", "NOK", "NPR", "NZD", "OMR", "PAB", "PEN", "PGK", "PHP", "PKR", "PLN", "PYG", "QAR", "RON", "RSD",
    "RUB", "RWF", "SAR", "SBD", "SCR", "SDG", "SEK", "SGD", "SHP", "SLE", "SOS", "SRD", "SSP", "STN", "SVC", "SYP",
    "SZL", "THB", "TJS", "TMT", "TND", "TOP", "TRY", "TTD", "TWD", "TZS", "UAH", "UGX", "USD", "UYU", "UZS", "VES",
    "VND", "VUV", "WST", "XAF", "XCD", "XOF", "XPF", "YER", "ZAR", "ZMW", "ZWL"};
constexpr const char* kNoMinor[] = {"BIF", "CLP", "DJF", "GNF", "ISK", "JPY", "KMF", "KRW",
                                    "PYG", "RWF", "UGX", "VND", "VUV", "XAF", "XOF", "XPF"};
constexpr const char* kThreeMinor[] = {"BHD", "IQD", "JOD", "KWD", "LYD", "OMR", "TND"};

template <size_t N>
bool In(const char* const (&list)[N], std::string_view code) {
  return std::any_of(std::begin(list), std::end(list), [&](const char* c) { return code == c; });
}

}  // namespace

bool IsCurrency(std::string_view code) { return code.size() == 3 && In(kCurrencies, code); }

int MinorDigits(std::string_view code) {
  if (In(kNoMinor, code)) return 0;
  if (In(kThreeMinor, code)) return 3;
  return 2;
}

std::string FormatMoney(int64_t minor, std::string_view currency) {
  const int digits = MinorDigits(currency);
  int64_t scale = 1;
  for (int i = 0; i < digits; ++i) scale *= 10;
  const bool negative = minor < 0;
  const uint64_t abs = negative ? static_cast<uint64_t>(-(minor + 1)) + 1 : static_cast<uint64_t>(minor);
  std::string whole = std::to_string(abs / static_cast<uint64_t>(scale));
  std::string grouped;
  for (size_t i = 0; i < whole.size(); ++i) {
    if (i > 0 && (whole.size() - i) % 3 == 0) grouped += ' ';
    grouped += whole[i];
  }
  std::string out = (negative ? "-" : "") + grouped;
  if (digits > 0) {
    std::string frac = std::to_string(abs % static_cast<uint64_t>(scale));
    out += "." + std::string(static_cast<size_t>(digits) - frac.size(), '0') + frac;
  }
  return out + " " + std::string(currency);
}

}  // namespace nrm::partners
