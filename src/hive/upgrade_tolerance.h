// The errors that mean "this part of the upgrade is already applied" and may be
// skipped when a Hive upgrade script is re-run (Hive's scripts are not
// idempotent). Anything else stops the upgrade.
#pragma once

#include <string>

#include "hive/db.h"

namespace hmig::hive {

// True when `error`, raised by `statement`, is an "already applied" error.
bool IsAlreadyAppliedError(DbKind kind, const SqlError& error, const std::string& statement);

}  // namespace hmig::hive
