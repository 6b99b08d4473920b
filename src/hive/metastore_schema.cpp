#include "hive/metastore_schema.h"

#include <strings.h>

#include <map>

namespace hmig::hive {

Result<bool> TableExists(Db& db, const std::string& table) {
  HMIG_ASSIGN_OR_RETURN(auto cols, db.TableColumns(table));
  return !cols.empty();
}

Result<std::string> ReadSchemaVersion(Db& db) {
  HMIG_ASSIGN_OR_RETURN(bool exists, TableExists(db, "VERSION"));
  if (!exists) return Status::NotFound("no VERSION table: this database is not a Hive metastore");
  HMIG_ASSIGN_OR_RETURN(auto rows, db.Query("SELECT " + db.QuoteIdent("SCHEMA_VERSION") + " FROM " +
                                            db.QuoteIdent("VERSION")));
  if (rows.size() != 1 || rows[0].empty() || !rows[0][0]) {
    return Status::Corrupt("the VERSION table holds " + std::to_string(rows.size()) +
                           " rows, expected 1");
  }
  return *rows[0][0];
}

Result<std::vector<LocationColumn>> PresentLocationColumns(Db& db) {
  std::map<std::string, std::vector<std::string>> columns_by_table;
  std::vector<LocationColumn> present;
  for (const auto& c : AllLocationColumns()) {
    auto it = columns_by_table.find(c.table);
    if (it == columns_by_table.end()) {
      HMIG_ASSIGN_OR_RETURN(auto cols, db.TableColumns(c.table));
      it = columns_by_table.emplace(c.table, std::move(cols)).first;
    }
    auto has = [&](const std::string& name) {
      for (const auto& col : it->second) {
        if (col == name) return true;
      }
      return false;
    };
    bool complete = has(c.column);
    for (const auto& k : c.key_columns) complete = complete && has(k);
    if (complete) present.push_back(c);
  }
  return present;
}

std::string SelectLocationsSql(Db& db, const LocationColumn& c, bool for_update) {
  std::string sql = "SELECT ";
  for (const auto& k : c.key_columns) sql.append(db.QuoteIdent(k)).append(", ");
  sql.append(db.QuoteIdent(c.column)).append(" FROM ").append(db.QuoteIdent(c.table));
  // Every location has "scheme:"; the filter keeps the millions of plain
  // parameter values (numFiles=3, ...) off the wire.
  sql.append(" WHERE ").append(db.QuoteIdent(c.column)).append(" LIKE '%:%'");
  sql.append(" ORDER BY ");
  for (size_t i = 0; i < c.key_columns.size(); ++i) {
    if (i) sql.append(", ");
    sql.append(db.QuoteIdent(c.key_columns[i]));
  }
  if (for_update) sql.append(" FOR UPDATE");
  return sql;
}

}  // namespace hmig::hive
