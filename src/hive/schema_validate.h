// `hmig hive validate`: compares a live metastore's schema with a fresh
// `hive-schema-<its version>` created in a scratch database (like schematool
// -validate, without a JVM), separates the known drift of upgraded schemas from
// real problems, and checks the metastore's references and leftover locations.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "hive/db.h"
#include "hive/location_matcher.h"
#include "hive/upgrade_plan.h"

namespace hmig::hive {

struct SchemaDifference {
  std::string kind;  // missing-table, missing-column, type, nullability, default, extra-table, ...
  std::string object;  // TABLE or TABLE.COLUMN or TABLE/INDEX
  std::string detail;
  bool drift = false;  // expected drift of upgraded schemas (documented), not a problem
};

struct ValidateReport {
  std::string version;
  std::vector<SchemaDifference> differences;
  uint64_t problems = 0;
  uint64_t drift = 0;
  std::vector<std::string> integrity_problems;  // dangling references, VERSION rows
  uint64_t leftovers = 0;                       // values still on a --from authority
  bool Ok() const { return problems == 0 && integrity_problems.empty() && leftovers == 0; }
};

// `fresh` is an empty scratch database on the same engine; this loads the
// schema script of `live`'s version into it from `scripts_dir`.
Result<ValidateReport> ValidateMetastore(Db& live, Db& fresh, const ScriptDirs& scripts,
                                         const LocationMatcher* matcher);

// The same with a scratch database `hmig_validate_<pid>` created on `live`'s
// server (reached with `config`, the database name replaced) and dropped after.
Result<ValidateReport> ValidateWithScratchDatabase(Db& live, const DbConfig& config,
                                                   const ScriptDirs& scripts,
                                                   const LocationMatcher* matcher);

}  // namespace hmig::hive
