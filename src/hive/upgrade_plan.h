// Which Hive upgrade scripts take a metastore from its current schema version to
// a target, read from the user's Hive distribution: `upgrade.order.<db>` lists
// the steps ("1.2.0-to-2.0.0", ...), `upgrade-<step>.<db>.sql` runs each, and the
// legacy PostgreSQL layout adds `pre-<n>-upgrade-<step>.postgres.sql` scripts run
// first. Works for the legacy (Hive <= 2.3) and the modern layout.
#pragma once

#include <filesystem>
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

// The folders Hive's scripts are read from, in the order given: a file is taken
// from the first folder that has it. One folder is the usual case; several let
// a legacy metastore (0.14.0, 1.1.0) reach a modern version: the modern layout
// ships no script before 1.2.0, the legacy one none after 2.3.0.
struct ScriptDirs {
  ScriptDirs(std::string dir) : dirs{std::move(dir)} {}  // NOLINT: one folder is the usual case
  ScriptDirs(const char* dir) : dirs{dir} {}             // NOLINT
  ScriptDirs(std::vector<std::string> list) : dirs(std::move(list)) {}  // NOLINT
  std::vector<std::string> dirs;

  // The first folder's `file`, if any folder has it.
  std::optional<std::filesystem::path> Find(const std::string& file) const;
  // "DIR" or "DIR1, DIR2" for messages.
  std::string Describe() const;
};

// "mysql" or "postgres": the suffix Hive uses for this database.
const char* ScriptDbType(DbKind kind);

// The steps from `current` up to `target` (default: the newest version the
// order file reaches from `current`). Empty when `current` already is the
// target. An error, before anything runs, for an unknown current or target
// version, a target not reachable from `current`, or a step without its script.
// With several folders their order files are merged (the first folder's steps
// first) and each step's scripts come from the first folder that has them.
Result<std::vector<UpgradeStep>> PlanUpgrade(const ScriptDirs& scripts, DbKind kind,
                                             const std::string& current,
                                             const std::optional<std::string>& target);

}  // namespace hmig::hive
