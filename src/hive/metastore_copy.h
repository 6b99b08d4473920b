// Copies the content of one metastore database into another whose schema (same
// version, same engine) is already created: every table both have, in
// foreign-key order, from one consistent snapshot of the source, with batched
// INSERTs in one transaction on the target, applying the location rewrite to the
// location-bearing columns on the way.
#pragma once

#include <cstdint>
#include <string>

#include "hive/db.h"
#include "hive/dump_rewriter.h"
#include "hive/location_matcher.h"

namespace hmig::hive {

struct CopyReport {
  uint64_t tables = 0;
  uint64_t rows = 0;
  ColumnChanges rewritten;  // per "TABLE.COLUMN"
};

// The target's rows in the copied tables (seed rows of the schema script, such as
// VERSION or the default catalog) are replaced by the source's.
Result<CopyReport> CopyMetastore(Db& source, Db& target, const LocationMatcher& matcher);

// The tables of the connected database/schema.
Result<std::vector<std::string>> ListTables(Db& db);

}  // namespace hmig::hive
