// Civil dates and reporting periods of the plan domain.
//
// Deadlines are calendar dates ("2004-06-30"), not moments: a task due on
// 30 June is overdue from 1 July (UTC). Reporting periods follow a cadence and
// have stable text keys that sort within one cadence:
//   monthly "2004-05", quarterly "2004-Q2", semiannual "2004-H1", annual "2004".
//
// The plan module's names for the shared calendar of core/civil_date.h (the
// one implementation); ParseDate here accepts the default years 1900..2999.
//
// Thread-safety: pure functions.
#pragma once

#include "core/civil_date.h"

namespace nrm::plan {

using civil::Cadence;
using civil::CadenceName;
using civil::Day;
using civil::DayOfMillis;
using civil::FormatDate;
using civil::MonthOf;
using civil::ParseCadence;
using civil::ParseDate;
using civil::ParseMonthEnd;
using civil::ParsePeriod;
using civil::Period;
using civil::PeriodOf;
using civil::PreviousPeriod;
using civil::YearOf;

}  // namespace nrm::plan
