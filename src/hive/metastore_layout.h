// What kind of Hive metastore a database holds, for every schema version from
// Hive 0.3.0 on: the schema version (recorded in VERSION since Hive 0.12.0,
// inferred from the tables before that) and the SQL that reads a table's type
// the way Hive itself does when TBLS.TBL_TYPE is absent (before 0.6.0) or NULL.
#pragma once

#include <string>

#include "hive/db.h"

namespace hmig::hive {

struct SchemaVersion {
  // VERSION.SCHEMA_VERSION, or for metastores older than 0.12.0 (no VERSION
  // table) the range of Hive releases whose schema has exactly these tables,
  // e.g. "0.8.0-0.9.0".
  std::string version;
  bool recorded = true;  // false: inferred from the tables
  // "2.3.0", or "unrecorded (no VERSION table; tables of Hive 0.8.0-0.9.0)".
  std::string Display() const;
};

// NotFound when the database holds no metastore (no DBS, TBLS or SDS table).
Result<SchemaVersion> DetectSchemaVersion(Db& db);

// A SQL expression giving the type of the table aliased `alias` in "TBLS": its
// TBL_TYPE, else (as Hive's ObjectStore.convertToTable does for rows written
// before that column) VIRTUAL_VIEW when it has view text, EXTERNAL_TABLE when
// its TABLE_PARAMS say EXTERNAL=true, MANAGED_TABLE otherwise.
Result<std::string> TableTypeSql(Db& db, const std::string& alias);

}  // namespace hmig::hive
