#include "hive/id_generators.h"

#include "hive/metastore_schema.h"

namespace hmig::hive {
namespace {

// The metastore's DataNucleus model classes whose ids come from SEQUENCE_TABLE
// (Hive's package.jdo: datastore identity or valueStrategy "native"), with the
// table and id column each is stored in.
struct ModelId {
  const char* model;  // class name below org.apache.hadoop.hive.metastore.model.
  const char* table;
  const char* column;
};
constexpr ModelId kModelIds[] = {
    {"MDatabase", "DBS", "DB_ID"},
    {"MTable", "TBLS", "TBL_ID"},
    {"MPartition", "PARTITIONS", "PART_ID"},
    {"MStorageDescriptor", "SDS", "SD_ID"},
    {"MSerDeInfo", "SERDES", "SERDE_ID"},
    {"MColumnDescriptor", "CDS", "CD_ID"},
    {"MStringList", "SKEWED_STRING_LIST", "STRING_LIST_ID"},
    {"MType", "TYPES", "TYPES_ID"},
    {"MFunction", "FUNCS", "FUNC_ID"},
    {"MIndex", "IDXS", "INDEX_ID"},
    {"MRole", "ROLES", "ROLE_ID"},
    {"MRoleMap", "ROLE_MAP", "ROLE_GRANT_ID"},
    {"MGlobalPrivilege", "GLOBAL_PRIVS", "USER_GRANT_ID"},
    {"MDBPrivilege", "DB_PRIVS", "DB_GRANT_ID"},
    {"MTablePrivilege", "TBL_PRIVS", "TBL_GRANT_ID"},
    {"MPartitionPrivilege", "PART_PRIVS", "PART_GRANT_ID"},
    {"MTableColumnPrivilege", "TBL_COL_PRIVS", "TBL_COLUMN_GRANT_ID"},
    {"MPartitionColumnPrivilege", "PART_COL_PRIVS", "PART_COLUMN_GRANT_ID"},
    {"MPartitionEvent", "PARTITION_EVENTS", "PART_NAME_ID"},
    {"MTableColumnStatistics", "TAB_COL_STATS", "CS_ID"},
    {"MPartitionColumnStatistics", "PART_COL_STATS", "CS_ID"},
    {"MVersionTable", "VERSION", "VER_ID"},
    {"MNotificationLog", "NOTIFICATION_LOG", "NL_ID"},
    {"MCatalog", "CTLGS", "CTLG_ID"},
    {"MWMResourcePlan", "WM_RESOURCEPLAN", "RP_ID"},
    {"MWMPool", "WM_POOL", "POOL_ID"},
    {"MWMTrigger", "WM_TRIGGER", "TRIGGER_ID"},
    {"MWMMapping", "WM_MAPPING", "MAPPING_ID"},
    {"MCreationMetadata", "MV_CREATION_METADATA", "MV_CREATION_METADATA_ID"},
    {"MISchema", "I_SCHEMA", "SCHEMA_ID"},
    {"MSchemaVersion", "SCHEMA_VERSION", "SCHEMA_VERSION_ID"},
    {"MRuntimeStat", "RUNTIME_STATS", "RS_ID"},
    {"MTxnWriteNotificationLog", "TXN_WRITE_NOTIFICATION_LOG", "WNL_ID"},
    {"MScheduledQuery", "SCHEDULED_QUERIES", "SCHEDULED_QUERY_ID"},
    {"MScheduledExecution", "SCHEDULED_EXECUTIONS", "SCHEDULED_EXECUTION_ID"},
};

bool Has(const std::vector<std::string>& columns, const std::string& name) {
  for (const auto& c : columns) {
    if (c == name) return true;
  }
  return false;
}

// MAX(column) of table as a number, or -1 when the table is empty.
Result<long long> MaxId(Db& db, const std::string& table, const std::string& column) {
  HMIG_ASSIGN_OR_RETURN(auto rows, db.Query("SELECT MAX(" + db.QuoteIdent(column) + ") FROM " +
                                            db.QuoteIdent(table)));
  if (rows.empty() || rows[0].empty() || !rows[0][0]) return -1LL;
  try {
    return std::stoll(*rows[0][0]);
  } catch (const std::exception&) {
    return Status::Corrupt("MAX(" + column + ") of " + table + " is not a number: " + *rows[0][0]);
  }
}

Status AdvanceSequenceTable(Db& db, std::vector<IdGeneratorChange>& changes) {
  HMIG_ASSIGN_OR_RETURN(auto seq_cols, db.TableColumns("SEQUENCE_TABLE"));
  if (!Has(seq_cols, "SEQUENCE_NAME") || !Has(seq_cols, "NEXT_VAL")) return Status::OK();
  const std::string seq = db.QuoteIdent("SEQUENCE_TABLE");
  for (const auto& m : kModelIds) {
    HMIG_ASSIGN_OR_RETURN(auto cols, db.TableColumns(m.table));
    if (!Has(cols, m.column)) continue;
    HMIG_ASSIGN_OR_RETURN(long long max, MaxId(db, m.table, m.column));
    if (max < 0) continue;
    const std::string name = std::string("org.apache.hadoop.hive.metastore.model.") + m.model;
    const std::string where =
        " WHERE " + db.QuoteIdent("SEQUENCE_NAME") + " = " + db.QuoteLiteral(name);
    HMIG_ASSIGN_OR_RETURN(auto rows,
                          db.Query("SELECT " + db.QuoteIdent("NEXT_VAL") + " FROM " + seq + where));
    const std::string next = std::to_string(max + 1);
    if (rows.empty()) {
      HMIG_RETURN_IF_ERROR(db.Exec("INSERT INTO " + seq + " (" + db.QuoteIdent("SEQUENCE_NAME") +
                                   ", " + db.QuoteIdent("NEXT_VAL") + ") VALUES (" +
                                   db.QuoteLiteral(name) + ", " + next + ")"));
      changes.push_back({std::string("SEQUENCE_TABLE ") + m.model, "", next});
      continue;
    }
    const std::string before = rows[0][0].value_or("");
    long long have = 0;
    try {
      have = std::stoll(before);
    } catch (const std::exception&) {
      return Status::Corrupt("SEQUENCE_TABLE.NEXT_VAL of " + name + " is not a number: " + before);
    }
    if (have > max) continue;
    HMIG_RETURN_IF_ERROR(
        db.Exec("UPDATE " + seq + " SET " + db.QuoteIdent("NEXT_VAL") + " = " + next + where));
    changes.push_back({std::string("SEQUENCE_TABLE ") + m.model, before, next});
  }
  return Status::OK();
}

Status AdvanceNotificationSequence(Db& db, std::vector<IdGeneratorChange>& changes) {
  HMIG_ASSIGN_OR_RETURN(auto cols, db.TableColumns("NOTIFICATION_SEQUENCE"));
  HMIG_ASSIGN_OR_RETURN(auto log_cols, db.TableColumns("NOTIFICATION_LOG"));
  if (!Has(cols, "NEXT_EVENT_ID") || !Has(log_cols, "EVENT_ID")) return Status::OK();
  HMIG_ASSIGN_OR_RETURN(long long max, MaxId(db, "NOTIFICATION_LOG", "EVENT_ID"));
  if (max < 0) return Status::OK();
  const std::string table = db.QuoteIdent("NOTIFICATION_SEQUENCE");
  const std::string next_col = db.QuoteIdent("NEXT_EVENT_ID");
  HMIG_ASSIGN_OR_RETURN(auto rows, db.Query("SELECT " + next_col + " FROM " + table));
  if (rows.size() != 1 || !rows[0][0]) return Status::OK();  // Hive seeds exactly one row
  long long have = std::stoll(*rows[0][0]);
  if (have > max) return Status::OK();
  HMIG_RETURN_IF_ERROR(
      db.Exec("UPDATE " + table + " SET " + next_col + " = " + std::to_string(max + 1)));
  changes.push_back({"NOTIFICATION_SEQUENCE", *rows[0][0], std::to_string(max + 1)});
  return Status::OK();
}

// Every sequence owned by a column of a table in the current schema.
Status AdvancePostgresSequences(Db& db, std::vector<IdGeneratorChange>& changes) {
  HMIG_ASSIGN_OR_RETURN(
      auto owned,
      db.Query(
          "SELECT s.relname, t.relname, a.attname, seq.last_value::text, seq.start_value::text "
          "FROM pg_class s JOIN pg_depend d ON d.objid = s.oid AND d.deptype IN ('a', 'i') "
          "JOIN pg_class t ON t.oid = d.refobjid JOIN pg_attribute a ON a.attrelid = t.oid "
          "AND a.attnum = d.refobjsubid JOIN pg_namespace n ON n.oid = s.relnamespace "
          "JOIN pg_sequences seq ON seq.schemaname = n.nspname AND seq.sequencename = "
          "s.relname WHERE s.relkind = 'S' AND n.nspname = current_schema() "
          "ORDER BY s.relname"));
  for (const auto& r : owned) {
    if (!r[0] || !r[1] || !r[2]) continue;
    HMIG_ASSIGN_OR_RETURN(long long max, MaxId(db, *r[1], *r[2]));
    if (max < 0) continue;
    // pg_sequences.last_value is NULL until the first nextval() (or after a
    // setval(..., false)): then the next value is the start value.
    long long next = r[3] ? std::stoll(*r[3]) + 1 : std::stoll(r[4].value_or("1"));
    if (next > max) continue;
    HMIG_RETURN_IF_ERROR(db.Exec("SELECT setval(" + db.QuoteLiteral(db.QuoteIdent(*r[0])) + ", " +
                                 std::to_string(max) + ", true)"));
    changes.push_back({"sequence " + *r[0] + " (" + *r[1] + "." + *r[2] + ")", std::to_string(next),
                       std::to_string(max + 1)});
  }
  return Status::OK();
}

}  // namespace

Result<std::vector<IdGeneratorChange>> AdvanceIdGenerators(Db& db) {
  std::vector<IdGeneratorChange> changes;
  HMIG_RETURN_IF_ERROR(db.Begin());
  Status st = AdvanceSequenceTable(db, changes);
  if (st.ok()) st = AdvanceNotificationSequence(db, changes);
  if (st.ok() && db.kind() == DbKind::kPostgres) st = AdvancePostgresSequences(db, changes);
  if (st.ok()) st = db.Commit();
  if (!st.ok()) {
    (void)db.Rollback();
    return st.WithContext("advancing the id generators past the copied ids");
  }
  return changes;
}

}  // namespace hmig::hive
