// Which Hive upgrade scripts take a metastore from its current schema version to
// a target, read from the user's Hive distribution: `upgrade.order.<db>` lists
// the steps ("1.2.0-to-2.0.0", ...), `upgrade-<step>.<db>.sql` runs each, and the
// legacy PostgreSQL layout adds `pre-<n>-upgrade-<step>.postgres.sql` scripts run
// first. Works for the legacy (Hive <= 2.3) and the modern layout.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "hive/db.h"
#include "util/status.h"

namespace hmig::hive {

struct UpgradeStep {
  std::string from, to;
  std::vector<std::string> scripts;  // absolute paths, in the order to run
};

// "mysql" or "postgres": the suffix Hive uses for this database.
const char* ScriptDbType(DbKind kind);

// The steps from `current` up to `target` (default: the newest version the
// order file reaches from `current`). Empty when `current` already is the
// target. An error, before anything runs, for an unknown current or target
// version, a target not reachable from `current`, or a step without its script.
Result<std::vector<UpgradeStep>> PlanUpgrade(const std::string& scripts_dir, DbKind kind,
                                             const std::string& current,
                                             const std::optional<std::string>& target);

}  // namespace hmig::hive
