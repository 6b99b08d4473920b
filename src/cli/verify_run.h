// The verification shared by `hmig verify` and `hmig distcp --verify`: runs the
// comparison with a progress line, prints the summary, writes the --json/--html
// reports and maps the outcome to an exit code.
#pragma once

#include "report/comparison_report.h"
#include "verify/verify_options.h"

namespace hmig::cli {

struct VerifyRunResult {
  int exit_code = 0;  // kExitOk identical, kExitPartial differences, kExitUsage, kExitFatal
};

// `who` prefixes error messages ("hmig verify").
VerifyRunResult RunVerification(const verify::VerifyOptions& options,
                                report::ComparisonReport& report, const char* who);

}  // namespace hmig::cli
