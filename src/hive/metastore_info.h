// `hmig hive info`: what a metastore holds and which filesystems its locations
// point at (the inventory that tells a user what must be rewritten).
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "hive/db.h"

namespace hmig::hive {

struct MetastoreInfo {
  std::string schema_version;           // SchemaVersion::version
  bool schema_version_recorded = true;  // false: no VERSION table (before 0.12.0), inferred
  std::optional<uint64_t> catalogs;     // no CTLGS table before 3.0.0
  uint64_t databases = 0;
  // MANAGED_TABLE, EXTERNAL_TABLE, ...; derived as Hive does where TBL_TYPE is
  // absent (before 0.6.0) or NULL.
  std::map<std::string, uint64_t> tables_by_type;
  uint64_t partitions = 0;
  uint64_t storage_descriptors = 0;
  std::optional<uint64_t> functions;          // no FUNCS table before 0.13.0
  std::vector<std::string> location_columns;  // "TABLE.COLUMN" present in this version
  // "scheme://authority" -> "TABLE.COLUMN" -> number of values. Plain location
  // columns also count values without a scheme under "(no scheme)"; *_PARAMS
  // columns count only values that are URIs ("scheme://...").
  std::map<std::string, std::map<std::string, uint64_t>> prefixes;
};

Result<MetastoreInfo> CollectMetastoreInfo(Db& db);

}  // namespace hmig::hive
