// `hmig hive upgrade`: runs Hive's own upgrade scripts (PlanUpgrade) with hmig's
// SQL script runner: no mysql/psql client and no JVM. Includes are resolved
// relative to the including script; a missing include stops the run before
// VERSION can be bumped; "already applied" errors (upgrade_tolerance.h) are
// skipped and reported; any other error stops the run at the last completed
// step. On PostgreSQL each step runs in one transaction with a savepoint per
// statement, so a failed step leaves nothing behind.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "hive/db.h"
#include "hive/upgrade_plan.h"

namespace hmig::hive {

struct SkippedStatement {
  std::string script;
  int line = 0;
  std::string statement;  // first line(s), shortened
  std::string error;
};

struct UpgradeReport {
  std::string from_version;
  std::string to_version;  // VERSION after the run (== from_version for a dry run)
  std::vector<UpgradeStep> plan;
  size_t steps_completed = 0;
  uint64_t statements_run = 0;
  std::vector<SkippedStatement> skipped;
  std::vector<std::string> notes;  // special handling the user should know about
};

// Runs one script file (and its includes) with the same runner and rules.
// REQUIRES on PostgreSQL: an open transaction (statements run under savepoints).
Status RunSqlScript(Db& db, const std::string& path, UpgradeReport& report);

// The names of the tables a schema script (and its includes) creates, upper-cased
// (PostgreSQL folds unquoted names to lower case; Hive's names are unique either way).
Result<std::vector<std::string>> ScriptCreatedTables(DbKind kind, const std::string& path);

// On failure the Status names the script, line and statement, the version the
// database is at, and how to resume.
Result<UpgradeReport> UpgradeSchema(Db& db, const ScriptDirs& scripts,
                                    const std::optional<std::string>& target, bool dry_run);

}  // namespace hmig::hive
