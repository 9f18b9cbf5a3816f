// Renders an AnnualReport as PDF (libharu) or XLSX (libxlsxwriter), both with
// charts, in the report's language. Pure functions of the struct: no store,
// no clock.
//
// The PDF needs a TrueType font with every Azerbaijani letter (ə, ğ, ı, İ,
// ş, ç, ö, ü): DejaVuSans.ttf from Debian's fonts-dejavu-core, looked up at
// run time (NRM_REPORT_FONT overrides; set to a file that is not there, it is
// an error, not a fallback); without it, kUnavailable with a message that
// names the package and no path. Table cells wrap long text onto several
// lines.
//
// Thread-safety: reentrant; each call owns its document.
#pragma once

#include <string>

#include "core/error.h"
#include "reports/model.h"

namespace nrm::reports {

// The font file the PDF renderer would use, or kUnavailable.
Result<std::string> FindReportFont();

// The file's bytes. `progress` (may be empty) is called with 0..100 of the
// rendering step.
Result<std::string> RenderPdf(const AnnualReport& report, const Progress& progress = {});
Result<std::string> RenderXlsx(const AnnualReport& report, const Progress& progress = {});

// Shared number formatting: "12 345", and money as "1 234.50 AZN".
std::string FormatCount(int64_t n);
std::string FormatMeasure(bool money, int64_t value, const std::string& currency_or_unit);

}  // namespace nrm::reports
