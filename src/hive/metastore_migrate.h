// `hmig hive migrate`: the seed's whole metastore procedure in one command:
// create the old version's schema in the (empty) new database from the Hive
// distribution's hive-schema script, copy the content from one consistent read
// of the old metastore with the location rewrite applied, upgrade the new one
// with Hive's upgrade scripts, advance its id generators past the copied ids,
// and verify it against the old one.
//
// Safe to re-run: a new database that already holds this metastore's content
// (verified equal) at a version on the way to the target is resumed where it
// stopped (a killed or failed upgrade), and one at the target is left as it is.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "hive/db.h"
#include "hive/id_generators.h"
#include "hive/location_matcher.h"
#include "hive/metastore_copy.h"
#include "hive/metastore_verify.h"
#include "hive/schema_upgrade.h"
#include "hive/upgrade_plan.h"

namespace hmig::hive {

struct MigrateOptions {
  ScriptDirs scripts{std::vector<std::string>{}};
  std::optional<std::string> to_version;
  // Replace a new database holding other content, after moving its tables
  // aside (MoveTablesAside in the .cpp: a backup on the same server).
  bool force = false;
};

struct MigrateReport {
  bool already_done = false;  // the new metastore already held this migration
  bool resumed = false;       // the content was there; only the upgrade (rest) ran
  std::string old_version, new_version;
  CopyReport copy;
  UpgradeReport upgrade;
  VerifyReport verify;
  std::vector<IdGeneratorChange> id_generators;  // advanced past the copied ids
  std::vector<std::string> warnings;             // e.g. other sessions on the old metastore
  std::vector<std::string> notes;  // what was found in the new database and done about it
  double seconds_schema = 0, seconds_copy = 0, seconds_upgrade = 0, seconds_verify = 0;
};

// The new database must be empty (no tables), hold only a Hive schema (no
// databases, tables, partitions or functions: at the old version it is filled,
// at another its tables are dropped and the old version's schema created), or
// hold this metastore's content from an earlier run (resumed). Anything else is
// refused (hmig never overwrites a metastore), unless `force`: then its tables
// are first moved, whole, to a backup database (MySQL) or schema (PostgreSQL).
Result<MigrateReport> MigrateMetastore(Db& old_db, Db& new_db, const LocationMatcher& matcher,
                                       const MigrateOptions& options);

}  // namespace hmig::hive
