// `hmig hive migrate`: the seed's whole metastore procedure in one command:
// create the old version's schema in the (empty) new database from the Hive
// distribution's hive-schema script, copy the content from one consistent read
// of the old metastore with the location rewrite applied, upgrade the new one
// with Hive's upgrade scripts, and verify it against the old one.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "hive/db.h"
#include "hive/location_matcher.h"
#include "hive/metastore_copy.h"
#include "hive/metastore_verify.h"
#include "hive/schema_upgrade.h"

namespace hmig::hive {

struct MigrateOptions {
  std::string scripts_dir;
  std::optional<std::string> to_version;
};

struct MigrateReport {
  bool already_done = false;  // the new metastore already held this migration
  std::string old_version, new_version;
  CopyReport copy;
  UpgradeReport upgrade;
  VerifyReport verify;
  std::vector<std::string> warnings;  // e.g. other sessions on the old metastore
  double seconds_schema = 0, seconds_copy = 0, seconds_upgrade = 0, seconds_verify = 0;
};

// The new database must be empty (no tables), or hold a finished migration of
// the same old metastore (then nothing is done: re-running is safe). Anything
// else is refused: hmig never overwrites a metastore.
Result<MigrateReport> MigrateMetastore(Db& old_db, Db& new_db, const LocationMatcher& matcher,
                                       const MigrateOptions& options);

}  // namespace hmig::hive
