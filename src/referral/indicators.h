// The identification catalogue: ILO/EC operational indicators (grouped by
// dimension, strong/medium/weak, adults/children, labour/sexual), HTCDS forms
// of exploitation and screening outcomes, from data/indicators.json (which
// app/ embeds in the binary and hands to Load()).
//
// Invariants: after a successful Load the code sets are non-empty and the
// text served is exactly the file given.
// Who calls it: app/ (Load at start), ScreeningService (validation), routes.
// Thread-safety: immutable after Load; share freely.
#pragma once

#include <memory>
#include <set>
#include <string>
#include <string_view>

#include "core/error.h"

namespace nrm::referral {

class IndicatorCatalogue {
 public:
  static Result<std::shared_ptr<const IndicatorCatalogue>> Load(std::string_view json_text);

  bool IsIndicator(const std::string& code) const { return indicators_.count(code) > 0; }
  bool IsFormOfExploitation(const std::string& code) const { return forms_.count(code) > 0; }
  bool IsOutcome(const std::string& code) const { return outcomes_.count(code) > 0; }
  const std::string& json() const { return json_; }

 private:
  std::string json_;
  std::set<std::string> indicators_, forms_, outcomes_;
};

}  // namespace nrm::referral
