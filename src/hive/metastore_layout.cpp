#include "hive/metastore_layout.h"

#include <algorithm>

#include "hive/metastore_schema.h"

namespace hmig::hive {
namespace {

bool Contains(const std::vector<std::string>& v, const std::string& s) {
  return std::find(v.begin(), v.end(), s) != v.end();
}

// The tables and columns that changed between the releases without a VERSION
// table (from Hive's own hive-schema-0.3.0 ... 0.11.0 scripts).
Result<std::string> InferPreVersionTableRelease(Db& db) {
  HMIG_ASSIGN_OR_RETURN(auto dbs, db.TableColumns("DBS"));
  HMIG_ASSIGN_OR_RETURN(bool sequence_table, TableExists(db, "SEQUENCE_TABLE"));
  HMIG_ASSIGN_OR_RETURN(bool database_params, TableExists(db, "DATABASE_PARAMS"));
  HMIG_ASSIGN_OR_RETURN(bool cds, TableExists(db, "CDS"));
  HMIG_ASSIGN_OR_RETURN(bool skewed, TableExists(db, "SKEWED_COL_VALUE_LOC_MAP"));
  if (skewed) return std::string("0.10.0-0.11.0");
  if (cds) return std::string("0.8.0-0.9.0");
  if (database_params) return std::string("0.7.0");
  if (Contains(dbs, "DB_LOCATION_URI")) return std::string("0.6.0");
  if (sequence_table) return std::string("0.5.0");
  return std::string("0.3.0-0.4.1");
}

}  // namespace

std::string SchemaVersion::Display() const {
  if (recorded) return version;
  return "unrecorded (no VERSION table; tables of Hive " + version + ")";
}

Result<SchemaVersion> DetectSchemaVersion(Db& db) {
  HMIG_ASSIGN_OR_RETURN(bool has_version, TableExists(db, "VERSION"));
  if (has_version) {
    HMIG_ASSIGN_OR_RETURN(std::string v, ReadSchemaVersion(db));
    return SchemaVersion{std::move(v), true};
  }
  for (const char* table : {"DBS", "TBLS", "SDS"}) {
    HMIG_ASSIGN_OR_RETURN(bool exists, TableExists(db, table));
    if (!exists) {
      return Status::NotFound(std::string("no ") + table +
                              " table: this database is not a Hive metastore");
    }
  }
  HMIG_ASSIGN_OR_RETURN(std::string range, InferPreVersionTableRelease(db));
  return SchemaVersion{std::move(range), false};
}

Result<std::string> TableTypeSql(Db& db, const std::string& alias) {
  HMIG_ASSIGN_OR_RETURN(auto cols, db.TableColumns("TBLS"));
  auto q = [&](const char* id) { return db.QuoteIdent(id); };
  const std::string a = alias + ".";
  std::string sql = "CASE";
  if (Contains(cols, "TBL_TYPE"))
    sql += " WHEN " + a + q("TBL_TYPE") + " IS NOT NULL THEN " + a + q("TBL_TYPE");
  if (Contains(cols, "VIEW_ORIGINAL_TEXT")) {
    sql += " WHEN " + a + q("VIEW_ORIGINAL_TEXT") + " IS NOT NULL THEN 'VIRTUAL_VIEW'";
  }
  sql += " WHEN EXISTS (SELECT 1 FROM " + q("TABLE_PARAMS") + " p WHERE p." + q("TBL_ID") + " = " +
         a + q("TBL_ID") + " AND p." + q("PARAM_KEY") + " = 'EXTERNAL' AND UPPER(p." +
         q("PARAM_VALUE") + ") = 'TRUE') THEN 'EXTERNAL_TABLE' ELSE 'MANAGED_TABLE' END";
  return sql;
}

}  // namespace hmig::hive
