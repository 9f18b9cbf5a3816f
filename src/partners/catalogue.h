// The closed code lists of the resources desk, with az/en/ru labels: need
// types (NAP §3 c/ç), training topics (§5 and the annexed items 4, 5, 8-10,
// 12), Azerbaijan's economic regions (the 2021 division), awareness activity
// kinds and audiences, and ISO 4217 currencies.
//
// Thread-safety: immutable tables.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace nrm::partners {

struct CodeLabel {
  std::string code;
  std::string az, en, ru;
};

const std::vector<CodeLabel>& NeedTypes();
const std::vector<CodeLabel>& TrainingTopics();
const std::vector<CodeLabel>& Regions();
const std::vector<CodeLabel>& ActivityKinds();
const std::vector<CodeLabel>& Audiences();
const std::vector<CodeLabel>& DonorKinds();

bool HasCode(const std::vector<CodeLabel>& list, std::string_view code);
// The label in `lang` ("az", "en", "ru"); the code itself when unknown.
std::string LabelOf(const std::vector<CodeLabel>& list, std::string_view code, std::string_view lang);

// True for a current ISO 4217 alphabetic code (funds and precious metals
// excluded: nobody pledges in XAU).
bool IsCurrency(std::string_view code);
// Digits after the decimal point of the currency (2 for AZN, 0 for JPY, 3 for
// KWD); 2 for an unknown code.
int MinorDigits(std::string_view code);
// "1 234.50 AZN" from minor units.
std::string FormatMoney(int64_t minor, std::string_view currency);

}  // namespace nrm::partners
