#include "text/collation.h"

#include <unicode/coll.h>
#include <unicode/locid.h>
#include <unicode/unistr.h>

#include <algorithm>
#include <cstdlib>
#include <utility>

namespace nrm::text {

struct Collation::Impl {
  std::string locale;
  std::unique_ptr<icu::Collator> collator;
};

Collation::Collation(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
Collation::Collation(Collation&&) noexcept = default;
Collation& Collation::operator=(Collation&&) noexcept = default;
Collation::~Collation() = default;

Result<Collation> Collation::ForLocale(std::string_view locale) {
  if (locale != "az" && locale != "en" && locale != "ru") {
    return Fail(ErrorCode::kInvalidArgument, "Unsupported language for sorting.",
                "collation locale: " + std::string(locale));
  }
  auto impl = std::make_unique<Impl>();
  impl->locale = std::string(locale);
  UErrorCode status = U_ZERO_ERROR;
  impl->collator.reset(icu::Collator::createInstance(icu::Locale(impl->locale.c_str()), status));
  if (U_FAILURE(status) || !impl->collator) {
    return Fail(ErrorCode::kInternal, "Sorting is unavailable.",
                std::string("ICU Collator::createInstance: ") + u_errorName(status));
  }
  impl->collator->setStrength(icu::Collator::TERTIARY);
  // Canonically equivalent input (NFC vs NFD) must sort the same.
  impl->collator->setAttribute(UCOL_NORMALIZATION_MODE, UCOL_ON, status);
  if (U_FAILURE(status)) {
    return Fail(ErrorCode::kInternal, "Sorting is unavailable.",
                std::string("ICU Collator::setAttribute: ") + u_errorName(status));
  }
  return Collation(std::move(impl));
}

const Collation& Collation::Az() {
  static const Collation* az = [] {
    auto c = ForLocale("az");
    if (!c) std::abort();  // ICU data for "az" is part of libicu72; absent means a broken install
    return new Collation(std::move(*c));
  }();
  return *az;
}

int Collation::Compare(std::string_view a, std::string_view b) const {
  UErrorCode status = U_ZERO_ERROR;
  const UCollationResult r =
      impl_->collator->compareUTF8(icu::StringPiece(a.data(), static_cast<int32_t>(a.size())),
                                   icu::StringPiece(b.data(), static_cast<int32_t>(b.size())), status);
  if (U_FAILURE(status)) return a.compare(b) < 0 ? -1 : a == b ? 0 : 1;
  return r == UCOL_LESS ? -1 : r == UCOL_EQUAL ? 0 : 1;
}

std::string Collation::SortKey(std::string_view s) const {
  const icu::UnicodeString u = icu::UnicodeString::fromUTF8(icu::StringPiece(s.data(), static_cast<int32_t>(s.size())));
  std::string key(static_cast<size_t>(u.length()) * 4 + 16, '\0');
  int32_t n = impl_->collator->getSortKey(u, reinterpret_cast<uint8_t*>(key.data()), static_cast<int32_t>(key.size()));
  if (n > static_cast<int32_t>(key.size())) {  // did not fit: n is the size needed
    key.assign(static_cast<size_t>(n), '\0');
    n = impl_->collator->getSortKey(u, reinterpret_cast<uint8_t*>(key.data()), n);
  }
  if (n <= 0) return std::string();
  key.resize(static_cast<size_t>(n - 1));  // drop ICU's terminating 0x00
  return key;
}

const std::string& Collation::locale() const { return impl_->locale; }

void SortAz(std::vector<std::string>& v) {
  const Collation& az = Collation::Az();
  std::vector<std::pair<std::string, std::string>> keyed;
  keyed.reserve(v.size());
  for (std::string& s : v) {
    std::string key = az.SortKey(s);
    keyed.emplace_back(std::move(key), std::move(s));
  }
  std::stable_sort(keyed.begin(), keyed.end(), [](const auto& x, const auto& y) { return x.first < y.first; });
  for (size_t i = 0; i < v.size(); ++i) v[i] = std::move(keyed[i].second);
}

}  // namespace nrm::text
