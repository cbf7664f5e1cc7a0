// Checks a Report before either renderer writes a byte of it (report.h states the rules).
#pragma once

#include "report/report.h"

namespace sg::report {

// Throws ReportError naming the first chart or table that breaks a rule.
void Validate(const Report& report);

}  // namespace sg::report
