#include "hive/schema_validate.h"

#include <unistd.h>

#include <filesystem>
#include <map>
#include <set>

#include "hive/metastore_schema.h"
#include "hive/schema_upgrade.h"
#include "hive/upgrade_plan.h"

namespace hmig::hive {
namespace {

struct ColumnInfo {
  std::string type, nullable, default_value, collation;
};
struct SchemaInfo {
  std::map<std::string, std::map<std::string, ColumnInfo>> tables;
  std::map<std::string, std::string> indexes;       // "TABLE definition" -> name
  std::map<std::string, std::string> foreign_keys;  // "TABLE definition" -> name
};

// Tables an upgraded schema keeps although a fresh one does not have them
// (documented drift: PostgreSQL keeps COLUMNS_OLD after the 0.5 -> 0.6 era
// migration of column descriptors).
bool IsKnownExtraTable(const std::string& t) {
  return t == "COLUMNS_OLD";
}

Result<SchemaInfo> Describe(Db& db) {
  SchemaInfo s;
  const bool my = db.kind() == DbKind::kMySql;
  std::string schema = my ? "DATABASE()" : "current_schema()";
  HMIG_RETURN_IF_ERROR(db.QueryEach(
      std::string("SELECT c.table_name, c.column_name, ") + (my ? "c.column_type" : "c.data_type") +
          ", c.is_nullable, c.column_default, c.collation_name FROM information_schema.columns c "
          "JOIN "
          "information_schema.tables t ON t.table_schema = c.table_schema AND t.table_name = "
          "c.table_name "
          "WHERE t.table_type = 'BASE TABLE' AND c.table_schema = " +
          schema,
      [&](const Row& r) {
        s.tables[r[0].value_or("")][r[1].value_or("")] = {
            r[2].value_or(""), r[3].value_or(""), r[4].value_or("(none)"), r[5].value_or("")};
        return Status::OK();
      }));
  // Indexes and foreign keys are compared by definition (table, columns,
  // uniqueness, referenced columns); a different name alone is drift (renaming
  // a table, as the 4.0.0 step does, keeps its indexes' old names).
  std::string idx =
      my ? "SELECT table_name, index_name, CONCAT(IF(non_unique = 0, 'UNIQUE ', ''), '(', "
           "GROUP_CONCAT(column_name ORDER BY seq_in_index), ')') FROM "
           "information_schema.statistics WHERE "
           "table_schema = DATABASE() GROUP BY table_name, index_name, non_unique"
         : "SELECT t.relname, i.relname, regexp_replace(pg_get_indexdef(x.indexrelid), '^.* USING "
           "', "
           "CASE WHEN x.indisunique THEN 'UNIQUE ' ELSE '' END) FROM pg_index x JOIN pg_class i ON "
           "i.oid = "
           "x.indexrelid JOIN pg_class t ON t.oid = x.indrelid JOIN pg_namespace n ON n.oid = "
           "t.relnamespace "
           "WHERE n.nspname = current_schema()";
  HMIG_RETURN_IF_ERROR(db.QueryEach(idx, [&](const Row& r) {
    s.indexes[r[0].value_or("") + " " + r[2].value_or("")] = r[1].value_or("");
    return Status::OK();
  }));
  std::string fk =
      my ? "SELECT table_name, constraint_name, CONCAT('(', GROUP_CONCAT(column_name ORDER BY "
           "ordinal_position), "
           "') -> ', referenced_table_name, '(', GROUP_CONCAT(referenced_column_name ORDER BY "
           "ordinal_position), "
           "')') FROM information_schema.key_column_usage WHERE table_schema = DATABASE() AND "
           "referenced_table_name IS NOT NULL GROUP BY table_name, constraint_name, "
           "referenced_table_name"
         : "SELECT t.relname, k.conname, pg_get_constraintdef(k.oid) FROM pg_constraint k JOIN "
           "pg_class t ON "
           "t.oid = k.conrelid JOIN pg_namespace n ON n.oid = t.relnamespace WHERE k.contype = 'f' "
           "AND "
           "n.nspname = current_schema()";
  HMIG_RETURN_IF_ERROR(db.QueryEach(fk, [&](const Row& r) {
    s.foreign_keys[r[0].value_or("") + " " + r[2].value_or("")] = r[1].value_or("");
    return Status::OK();
  }));
  return s;
}

void Add(ValidateReport& r, std::string kind, std::string object, std::string detail, bool drift) {
  (drift ? r.drift : r.problems)++;
  r.differences.push_back({std::move(kind), std::move(object), std::move(detail), drift});
}

Status CheckIntegrity(Db& db, ValidateReport& r) {
  auto q = [&](const std::string& id) { return db.QuoteIdent(id); };
  HMIG_ASSIGN_OR_RETURN(auto versions, db.Query("SELECT COUNT(*) FROM " + q("VERSION")));
  if (versions.empty() || versions[0][0].value_or("") != "1") {
    r.integrity_problems.push_back("VERSION holds " + versions[0][0].value_or("?") +
                                   " rows, expected 1");
  }
  struct Ref {
    std::string table, column, parent, parent_column;
  };
  for (const Ref& ref :
       {Ref{"TBLS", "SD_ID", "SDS", "SD_ID"}, Ref{"TBLS", "DB_ID", "DBS", "DB_ID"},
        Ref{"PARTITIONS", "SD_ID", "SDS", "SD_ID"}, Ref{"PARTITIONS", "TBL_ID", "TBLS", "TBL_ID"},
        Ref{"SDS", "CD_ID", "CDS", "CD_ID"}, Ref{"SDS", "SERDE_ID", "SERDES", "SERDE_ID"}}) {
    HMIG_ASSIGN_OR_RETURN(
        auto rows, db.Query("SELECT COUNT(*) FROM " + q(ref.table) + " c WHERE c." + q(ref.column) +
                            " IS NOT NULL AND NOT EXISTS (SELECT 1 FROM " + q(ref.parent) +
                            " p WHERE p." + q(ref.parent_column) + " = c." + q(ref.column) + ")"));
    std::string n = rows.empty() ? "0" : rows[0][0].value_or("0");
    if (n != "0") {
      r.integrity_problems.push_back(n + " " + ref.table + " rows reference a missing " +
                                     ref.parent + " (" + ref.table + "." + ref.column + ")");
    }
  }
  return Status::OK();
}

}  // namespace

Result<ValidateReport> ValidateMetastore(Db& live, Db& fresh, const ScriptDirs& scripts,
                                         const LocationMatcher* matcher) {
  ValidateReport report;
  HMIG_ASSIGN_OR_RETURN(report.version, ReadSchemaVersion(live));
  const std::string schema_file =
      "hive-schema-" + report.version + "." + ScriptDbType(live.kind()) + ".sql";
  const auto found = scripts.Find(schema_file);
  if (!found) {
    return Status::NotFound("no schema script for version " + report.version,
                            schema_file + " in " + scripts.Describe());
  }
  const std::filesystem::path script = *found;
  UpgradeReport scratch;
  // PostgreSQL: the runner's per-statement savepoints need a transaction.
  const bool pg = fresh.kind() == DbKind::kPostgres;
  if (pg) HMIG_RETURN_IF_ERROR(fresh.Begin());
  Status loaded = RunSqlScript(fresh, script.string(), scratch);
  if (loaded.ok() && pg) loaded = fresh.Commit();
  if (!loaded.ok()) {
    if (pg) (void)fresh.Rollback();
    return loaded.WithContext("loading the fresh schema");
  }
  HMIG_ASSIGN_OR_RETURN(SchemaInfo want, Describe(fresh));
  HMIG_ASSIGN_OR_RETURN(SchemaInfo have, Describe(live));
  for (const auto& [table, columns] : want.tables) {
    auto t = have.tables.find(table);
    if (t == have.tables.end()) {
      Add(report, "missing-table", table, "in hive-schema-" + report.version + " but not here",
          false);
      continue;
    }
    for (const auto& [column, c] : columns) {
      auto h = t->second.find(column);
      if (h == t->second.end()) {
        Add(report, "missing-column", table + "." + column, c.type, false);
        continue;
      }
      if (h->second.type != c.type)
        Add(report, "type", table + "." + column, c.type + " vs " + h->second.type, false);
      // Upgrade scripts do not always restate NOT NULL, defaults or collations:
      // the documented drift of upgraded schemas (fixtures' logs/*.diff).
      if (h->second.nullable != c.nullable) {
        Add(report, "nullability", table + "." + column,
            "nullable " + c.nullable + " vs " + h->second.nullable, true);
      }
      if (h->second.default_value != c.default_value) {
        Add(report, "default", table + "." + column,
            c.default_value + " vs " + h->second.default_value, true);
      }
      if (h->second.collation != c.collation) {
        Add(report, "collation", table + "." + column, c.collation + " vs " + h->second.collation,
            true);
      }
    }
    for (const auto& [column, c] : t->second) {
      if (!columns.count(column)) Add(report, "extra-column", table + "." + column, c.type, true);
    }
  }
  for (const auto& [table, columns] : have.tables) {
    if (!want.tables.count(table)) {
      Add(report, "extra-table", table,
          IsKnownExtraTable(table) ? "known leftover of upgrades" : "not in the fresh schema",
          true);
    }
  }
  auto compare = [&](const std::map<std::string, std::string>& w,
                     const std::map<std::string, std::string>& h, const char* what) {
    for (const auto& [def, name] : w) {
      auto it = h.find(def);
      if (it == h.end()) {
        Add(report, std::string("missing-") + what, name, def, false);
      } else if (it->second != name) {
        Add(report, std::string(what) + "-name", def, name + " is named " + it->second, true);
      }
    }
  };
  compare(want.indexes, have.indexes, "index");
  compare(want.foreign_keys, have.foreign_keys, "foreign-key");
  HMIG_RETURN_IF_ERROR(CheckIntegrity(live, report));
  if (matcher != nullptr) {
    HMIG_ASSIGN_OR_RETURN(auto columns, PresentLocationColumns(live));
    for (const auto& c : columns) {
      const size_t nkeys = c.key_columns.size();
      HMIG_RETURN_IF_ERROR(live.QueryEach(SelectLocationsSql(live, c, false), [&](const Row& r) {
        if (r[nkeys] && matcher->Matches(*r[nkeys])) ++report.leftovers;
        return Status::OK();
      }));
    }
  }
  return report;
}

Result<ValidateReport> ValidateWithScratchDatabase(Db& live, const DbConfig& config,
                                                   const ScriptDirs& scripts,
                                                   const LocationMatcher* matcher) {
  const std::string name = "hmig_validate_" + std::to_string(::getpid());
  Status created = live.Exec("CREATE DATABASE " + live.QuoteIdent(name));
  if (!created.ok()) return created.WithContext("creating the scratch database " + name);
  Result<ValidateReport> report = Status::Internal("not run");
  {
    DbConfig scratch = config;
    scratch.database = name;
    auto fresh = ConnectDb(scratch);
    report = fresh.ok() ? ValidateMetastore(live, **fresh, scripts, matcher)
                        : Result<ValidateReport>(fresh.status());
  }  // the scratch connection is closed before the drop
  Status dropped = live.Exec("DROP DATABASE " + live.QuoteIdent(name));
  if (report.ok() && !dropped.ok())
    return dropped.WithContext("dropping the scratch database " + name);
  return report;
}

}  // namespace hmig::hive
