// `hmig hive verify`: compares an old and a new metastore: per database its
// tables, per table its partitions (counts and names), storage-descriptor
// fields (input/output format, serde library, columns) and that every location
// of the new one is the rewritten location of the old one. Also lists values of
// the old filesystem still present anywhere in the new metastore's location
// columns, and optionally checks that the new locations exist.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "hive/db.h"
#include "hive/dump_rewriter.h"
#include "hive/location_matcher.h"

namespace hmig::hive {

struct Difference {
  std::string kind;    // "missing-database", "location", "partitions", ...
  std::string object;  // db, db.table or db.table/partition
  std::string detail;  // old vs new, readable
};

struct VerifyOptions {
  const LocationMatcher* matcher = nullptr;  // null: locations must be equal
  bool check_paths = false;
};

struct VerifyReport {
  std::string old_version, new_version;
  uint64_t databases = 0, tables = 0, partitions = 0;  // compared (old side)
  std::vector<Difference> differences;                 // first kMaxDifferences
  uint64_t difference_count = 0;
  ColumnChanges leftovers;  // old-authority values in the new metastore, per column
  uint64_t leftover_count = 0;
  uint64_t paths_checked = 0;
  uint64_t paths_missing = 0;  // also counted in differences
  bool Equal() const { return difference_count == 0 && leftover_count == 0; }
};

constexpr size_t kMaxDifferences = 1000;

Result<VerifyReport> VerifyMetastores(Db& old_db, Db& new_db, const VerifyOptions& options);

}  // namespace hmig::hive
