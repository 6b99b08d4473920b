// What a connected metastore looks like: its schema version (VERSION table) and
// which location-bearing columns its version has.
#pragma once

#include <string>
#include <vector>

#include "hive/db.h"
#include "hive/location_columns.h"

namespace hmig::hive {

// VERSION.SCHEMA_VERSION ("VERSION" is quoted on PostgreSQL). NotFound when the
// database has no VERSION table (not a metastore).
Result<std::string> ReadSchemaVersion(Db& db);

// The entries of AllLocationColumns() whose table and column exist here.
Result<std::vector<LocationColumn>> PresentLocationColumns(Db& db);

// True when `table` exists in the connected database.
Result<bool> TableExists(Db& db, const std::string& table);

// "SELECT keys..., column FROM table [WHERE ...]" for one location column: only
// values that can be locations ("scheme:..."), in key order.
std::string SelectLocationsSql(Db& db, const LocationColumn& c, bool for_update);

}  // namespace hmig::hive
