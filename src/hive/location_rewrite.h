// `hmig hive rewrite-locations`: rewrites every location of the old filesystem in
// a live metastore, in one transaction, with an optional SQL backup of the old
// values written (and synced) before the first change.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "hive/db.h"
#include "hive/dump_rewriter.h"
#include "hive/location_columns.h"
#include "hive/location_matcher.h"

namespace hmig::hive {

struct RewriteOptions {
  bool dry_run = false;
  std::optional<std::string> backup_path;  // SQL restoring the old values
};

struct RewriteReport {
  std::string schema_version;
  std::vector<LocationColumn> columns;  // the columns examined (present in this version)
  ColumnChanges changes;                // per "TABLE.COLUMN"
  uint64_t total_changed = 0;
  bool committed = false;
};

// Every change or none: on any error the transaction is rolled back.
Result<RewriteReport> RewriteMetastoreLocations(Db& db, const LocationMatcher& matcher,
                                                const RewriteOptions& options);

}  // namespace hmig::hive
