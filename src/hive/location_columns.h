// The metastore columns that hold filesystem locations, across schema versions.
// A column missing from a given schema version is skipped by the callers, which
// check the live schema (database mode) or the dump's CREATE TABLE (dump mode).
#pragma once

#include <string>
#include <vector>

namespace hmig::hive {

struct LocationColumn {
  std::string table;                     // metastore table, upper-case as Hive creates it
  std::string column;                    // the location-bearing column
  std::vector<std::string> key_columns;  // primary key, to update one row at a time
  // *_PARAMS tables: only values that are themselves locations of the old
  // filesystem are rewritten (e.g. SERDE_PARAMS 'path', TABLE_PARAMS 'avro.schema.url').
  bool is_param_value = false;
  std::string Name() const { return table + "." + column; }
};

// Every location-bearing column hmig knows, in a stable order.
const std::vector<LocationColumn>& AllLocationColumns();

// The entry for table.column (case-insensitive), or nullptr.
const LocationColumn* FindLocationColumn(const std::string& table, const std::string& column);

}  // namespace hmig::hive
