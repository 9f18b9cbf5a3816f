// HTTP mapping of identification and referral: /api/v1/indicators,
// /api/v1/screenings, /api/v1/referrals, /api/v1/consents (openapi.json in
// this folder documents each).
// Thread-safety: handlers are safe to call concurrently.
#pragma once

#include "directory/service.h"
#include "http/router.h"
#include "referral/consent.h"
#include "referral/screening.h"
#include "referral/service.h"

namespace nrm::referral {

void RegisterRoutes(http::Router& router, ScreeningService& screenings, ReferralService& referrals,
                    ConsentService& consents, directory::Directory& directory);

}  // namespace nrm::referral
