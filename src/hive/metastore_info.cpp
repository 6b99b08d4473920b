#include "hive/metastore_info.h"

#include "hive/location_matcher.h"
#include "hive/metastore_layout.h"
#include "hive/metastore_schema.h"

namespace hmig::hive {
namespace {

Result<uint64_t> Count(Db& db, const std::string& table) {
  HMIG_ASSIGN_OR_RETURN(auto rows, db.Query("SELECT COUNT(*) FROM " + db.QuoteIdent(table)));
  if (rows.empty() || rows[0].empty() || !rows[0][0]) return uint64_t{0};
  return static_cast<uint64_t>(std::stoull(*rows[0][0]));
}

}  // namespace

Result<MetastoreInfo> CollectMetastoreInfo(Db& db) {
  MetastoreInfo info;
  HMIG_ASSIGN_OR_RETURN(SchemaVersion version, DetectSchemaVersion(db));
  info.schema_version = version.version;
  info.schema_version_recorded = version.recorded;
  HMIG_ASSIGN_OR_RETURN(bool has_ctlgs, TableExists(db, "CTLGS"));
  if (has_ctlgs) {
    HMIG_ASSIGN_OR_RETURN(uint64_t n, Count(db, "CTLGS"));
    info.catalogs = n;
  }
  HMIG_ASSIGN_OR_RETURN(info.databases, Count(db, "DBS"));
  HMIG_ASSIGN_OR_RETURN(info.partitions, Count(db, "PARTITIONS"));
  HMIG_ASSIGN_OR_RETURN(info.storage_descriptors, Count(db, "SDS"));
  HMIG_ASSIGN_OR_RETURN(bool has_funcs, TableExists(db, "FUNCS"));
  if (has_funcs) {
    HMIG_ASSIGN_OR_RETURN(uint64_t n, Count(db, "FUNCS"));
    info.functions = n;
  }
  HMIG_ASSIGN_OR_RETURN(std::string type_sql, TableTypeSql(db, "t"));
  HMIG_RETURN_IF_ERROR(db.QueryEach("SELECT k, COUNT(*) FROM (SELECT " + type_sql + " AS k FROM " +
                                        db.QuoteIdent("TBLS") + " t) types GROUP BY k",
                                    [&](const Row& r) {
                                      info.tables_by_type[r[0] ? *r[0] : "(null)"] +=
                                          r[1] ? std::stoull(*r[1]) : 0;
                                      return Status::OK();
                                    }));
  HMIG_ASSIGN_OR_RETURN(auto columns, PresentLocationColumns(db));
  for (const auto& c : columns) {
    const std::string name = c.Name();
    info.location_columns.push_back(name);
    std::string sql = "SELECT " + db.QuoteIdent(c.column) + " FROM " + db.QuoteIdent(c.table) +
                      " WHERE " + db.QuoteIdent(c.column) + " IS NOT NULL";
    if (c.is_param_value)
      sql.append(" AND ").append(db.QuoteIdent(c.column)).append(" LIKE '%://%'");
    HMIG_RETURN_IF_ERROR(db.QueryEach(sql, [&](const Row& r) {
      const std::string& v = *r[0];
      std::optional<std::string> prefix = LocationPrefixOf(v);
      if (c.is_param_value && (!prefix || prefix->find("://") == std::string::npos)) {
        return Status::OK();
      }
      ++info.prefixes[prefix ? *prefix : "(no scheme)"][name];
      return Status::OK();
    }));
  }
  return info;
}

}  // namespace hmig::hive
