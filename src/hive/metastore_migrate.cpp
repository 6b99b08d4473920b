#include "hive/metastore_migrate.h"

#include <chrono>
#include <ctime>
#include <filesystem>

#include "hive/metastore_schema.h"
#include "hive/upgrade_plan.h"

namespace hmig::hive {
namespace {

double Since(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

// The tables whose rows are a metastore's content (a Hive schema script seeds
// VERSION, CTLGS, SEQUENCE_TABLE and the txn counters, never these).
constexpr const char* kContentTables[] = {"DBS", "TBLS", "PARTITIONS", "SDS", "FUNCS"};

Result<bool> HasContent(Db& db) {
  for (const char* table : kContentTables) {
    HMIG_ASSIGN_OR_RETURN(bool exists, TableExists(db, table));
    if (!exists) continue;
    HMIG_ASSIGN_OR_RETURN(auto rows,
                          db.Query("SELECT 1 FROM " + db.QuoteIdent(table) + " LIMIT 1"));
    if (!rows.empty()) return true;
  }
  return false;
}

Status DropAllTables(Db& db, const std::vector<std::string>& tables) {
  const bool my = db.kind() == DbKind::kMySql;
  if (my) HMIG_RETURN_IF_ERROR(db.Exec("SET FOREIGN_KEY_CHECKS = 0"));
  for (const auto& t : tables) {
    Status st = db.Exec("DROP TABLE IF EXISTS " + db.QuoteIdent(t) + (my ? "" : " CASCADE"));
    if (!st.ok()) return st.WithContext("dropping " + t);
  }
  if (my) HMIG_RETURN_IF_ERROR(db.Exec("SET FOREIGN_KEY_CHECKS = 1"));
  return Status::OK();
}

// True when every table of `tables` is one the schema script of `version`
// creates: what a schema creation stopped midway (MySQL DDL is not
// transactional) leaves behind, and nothing of anyone else's.
Result<bool> OnlyTablesOfTheSchema(Db& db, const std::vector<std::string>& tables,
                                   const ScriptDirs& scripts, const std::string& version) {
  auto schema = scripts.Find("hive-schema-" + version + "." + ScriptDbType(db.kind()) + ".sql");
  if (!schema) return false;
  HMIG_ASSIGN_OR_RETURN(auto created, ScriptCreatedTables(db.kind(), schema->string()));
  for (const auto& t : tables) {
    std::string upper = t;
    for (auto& c : upper) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    if (std::find(created.begin(), created.end(), upper) == created.end()) return false;
  }
  return true;
}

Status CreateSchema(Db& db, const ScriptDirs& scripts, const std::string& version) {
  const std::string file = "hive-schema-" + version + "." + ScriptDbType(db.kind()) + ".sql";
  auto schema = scripts.Find(file);
  if (!schema) {
    return Status::NotFound("no schema script for version " + version,
                            file + " in " + scripts.Describe());
  }
  UpgradeReport ignored;
  const bool pg = db.kind() == DbKind::kPostgres;
  if (pg) HMIG_RETURN_IF_ERROR(db.Begin());
  Status st = RunSqlScript(db, schema->string(), ignored);
  if (st.ok() && pg) st = db.Commit();
  if (!st.ok()) {
    if (pg) (void)db.Rollback();
    return st.WithContext("creating the schema " + version + " in the new database");
  }
  return Status::OK();
}

// The backup --force makes before replacing a new database's content: every
// table moved, whole (rows, indexes, constraints, owned sequences), out of the
// way on the same server: into the database `<name>_hmig_backup_<time>` on
// MySQL/MariaDB, into the schema `hmig_backup_<time>` of the same database on
// PostgreSQL. Nothing is deleted; moving the tables back restores it. Returns
// where they went.
Result<std::string> MoveTablesAside(Db& db, const std::vector<std::string>& tables) {
  char stamp[32];
  const std::time_t now = std::time(nullptr);
  std::tm utc{};
  gmtime_r(&now, &utc);
  std::strftime(stamp, sizeof stamp, "%Y%m%d%H%M%S", &utc);
  if (db.kind() == DbKind::kMySql) {
    HMIG_ASSIGN_OR_RETURN(auto rows, db.Query("SELECT DATABASE()"));
    if (rows.empty() || !rows[0][0]) return Status::Internal("no current database");
    std::string backup = rows[0][0]->substr(0, 33) + "_hmig_backup_" + stamp;
    HMIG_RETURN_IF_ERROR(db.Exec("CREATE DATABASE " + db.QuoteIdent(backup)));
    for (const auto& t : tables) {
      Status st = db.Exec("RENAME TABLE " + db.QuoteIdent(*rows[0][0]) + "." + db.QuoteIdent(t) +
                          " TO " + db.QuoteIdent(backup) + "." + db.QuoteIdent(t));
      if (!st.ok()) return st.WithContext("moving " + t + " to the backup database " + backup);
    }
    return "database " + backup;
  }
  const std::string backup = std::string("hmig_backup_") + stamp;
  HMIG_RETURN_IF_ERROR(db.Begin());
  Status st = db.Exec("CREATE SCHEMA " + db.QuoteIdent(backup));
  for (size_t i = 0; st.ok() && i < tables.size(); ++i) {
    st =
        db.Exec("ALTER TABLE " + db.QuoteIdent(tables[i]) + " SET SCHEMA " + db.QuoteIdent(backup));
  }
  if (st.ok()) st = db.Commit();
  if (!st.ok()) {
    (void)db.Rollback();
    return st.WithContext("moving the tables to the backup schema " + backup);
  }
  return "schema " + backup + " of the same database";
}

// What the new database holds before this run.
enum class NewState { kEmpty, kSchemaOnly, kOurs };

// Decides how to treat a non-empty new database; refuses what must not be touched.
Result<NewState> Inspect(Db& old_db, Db& new_db, const std::vector<std::string>& tables,
                         const std::string& old_version, const std::vector<UpgradeStep>& plan,
                         const ScriptDirs& scripts, const VerifyOptions& verify_options,
                         MigrateReport& report) {
  auto version = ReadSchemaVersion(new_db);
  HMIG_ASSIGN_OR_RETURN(bool content, HasContent(new_db));
  if (!version.ok() && !content) {
    HMIG_ASSIGN_OR_RETURN(bool partial,
                          OnlyTablesOfTheSchema(new_db, tables, scripts, old_version));
    if (partial) {
      HMIG_RETURN_IF_ERROR(DropAllTables(new_db, tables));
      report.notes.push_back("the new database held " + std::to_string(tables.size()) +
                             " tables of a Hive " + old_version +
                             " schema without a version or content (a schema creation that "
                             "stopped): they were dropped and the schema created again");
      return NewState::kEmpty;
    }
  }
  if (!version.ok()) {
    return Status(StatusCode::kAlreadyExists,
                  "the new database is not empty (" + std::to_string(tables.size()) +
                      " tables) and is not a Hive metastore (" + version.status().message() +
                      "): hmig never overwrites a database; drop and re-create it first (the "
                      "seed's step 1), or pass --force to move its tables aside (a backup on the "
                      "same server) first");
  }
  if (!content) {
    if (*version == old_version) {
      report.notes.push_back("the new database held only an empty Hive " + *version +
                             " schema: the content is copied into it");
      return NewState::kSchemaOnly;
    }
    HMIG_RETURN_IF_ERROR(DropAllTables(new_db, tables));
    report.notes.push_back("the new database held only an empty Hive " + *version +
                           " schema (no databases, tables, partitions or functions): its " +
                           std::to_string(tables.size()) + " tables were dropped to create the " +
                           old_version + " schema");
    return NewState::kEmpty;
  }
  bool on_path = *version == old_version;
  for (const auto& step : plan) on_path = on_path || step.to == *version;
  if (on_path) {
    auto verify = VerifyMetastores(old_db, new_db, verify_options);
    if (verify.ok() && verify->Equal()) {
      report.new_version = *version;
      return NewState::kOurs;
    }
  }
  return Status(StatusCode::kAlreadyExists,
                "the new database is not empty (schema " + *version + ", " +
                    std::to_string(tables.size()) +
                    " tables with content) and does not hold this metastore's content from an "
                    "earlier run: drop and re-create it first (the seed's step 1), or pass "
                    "--force to move its tables aside (a backup on the same server) first");
}

}  // namespace

Result<MigrateReport> MigrateMetastore(Db& old_db, Db& new_db, const LocationMatcher& matcher,
                                       const MigrateOptions& options) {
  if (old_db.kind() != new_db.kind()) {
    return Status::Unsupported("migrating between MySQL/MariaDB and PostgreSQL is not supported");
  }
  MigrateReport report;
  HMIG_ASSIGN_OR_RETURN(report.old_version, ReadSchemaVersion(old_db));
  // The seed says: stop the metastore service first. Other sessions on the old
  // database mean it may still be writing.
  HMIG_ASSIGN_OR_RETURN(auto sessions,
                        old_db.Query(old_db.kind() == DbKind::kMySql
                                         ? "SELECT COUNT(*) FROM information_schema.PROCESSLIST "
                                           "WHERE DB = DATABASE() AND ID <> "
                                           "CONNECTION_ID()"
                                         : "SELECT COUNT(*) FROM pg_stat_activity WHERE datname = "
                                           "current_database() AND pid <> "
                                           "pg_backend_pid()"));
  if (!sessions.empty() && sessions[0][0].value_or("0") != "0") {
    report.warnings.push_back(
        *sessions[0][0] +
        " other session(s) are connected to the old metastore: stop the Hive metastore "
        "service during the migration, or changes made meanwhile are not copied");
  }
  // Plan first: an unreachable target is an error before anything changes.
  HMIG_ASSIGN_OR_RETURN(auto plan, PlanUpgrade(options.scripts, new_db.kind(), report.old_version,
                                               options.to_version));
  const std::string final_version = plan.empty() ? report.old_version : plan.back().to;
  // The new schema is validated against a fresh one of the target version.
  const std::string final_schema =
      "hive-schema-" + final_version + "." + ScriptDbType(new_db.kind()) + ".sql";
  if (!options.scripts.Find(final_schema)) {
    return Status::Invalid("no " + final_schema + " in " + options.scripts.Describe() +
                           " to validate the result against: add the folder of a Hive "
                           "distribution that has it with another --scripts");
  }
  HMIG_ASSIGN_OR_RETURN(auto existing, ListTables(new_db));
  VerifyOptions verify_options{&matcher, false};
  NewState state = NewState::kEmpty;
  if (!existing.empty()) {
    auto inspected = Inspect(old_db, new_db, existing, report.old_version, plan, options.scripts,
                             verify_options, report);
    if (!inspected.ok() && inspected.status().code() == StatusCode::kAlreadyExists &&
        options.force) {
      HMIG_ASSIGN_OR_RETURN(std::string where, MoveTablesAside(new_db, existing));
      report.notes.push_back("--force: the new database held other content (" +
                             inspected.status().message().substr(0, 80) + "...): its " +
                             std::to_string(existing.size()) + " tables were moved, whole, to " +
                             where + " (nothing deleted; move them back to restore)");
      state = NewState::kEmpty;
    } else {
      HMIG_ASSIGN_OR_RETURN(state, std::move(inspected));
    }
  }
  auto start = std::chrono::steady_clock::now();
  if (state == NewState::kEmpty) {
    HMIG_RETURN_IF_ERROR(CreateSchema(new_db, options.scripts, report.old_version));
  }
  report.seconds_schema = Since(start);
  if (state != NewState::kOurs) {
    start = std::chrono::steady_clock::now();
    auto copy = CopyMetastore(old_db, new_db, matcher);
    if (!copy.ok()) return copy.status().WithContext("copying the metastore");
    report.copy = std::move(*copy);
    report.seconds_copy = Since(start);
  } else if (report.new_version == final_version) {
    report.already_done = true;
  } else {
    report.resumed = true;
    report.notes.push_back("the new database already held this metastore's content at schema " +
                           report.new_version + " (an earlier run stopped): resuming the upgrade");
  }
  start = std::chrono::steady_clock::now();
  auto upgrade = UpgradeSchema(new_db, options.scripts, options.to_version, false);
  if (!upgrade.ok()) {
    return upgrade.status().WithContext(
        "upgrading the new metastore (run the same `hmig hive migrate` again to resume: the "
        "copied content is kept and the upgrade goes on from the version recorded)");
  }
  report.upgrade = std::move(*upgrade);
  report.new_version = report.upgrade.to_version;
  report.seconds_upgrade = Since(start);
  HMIG_ASSIGN_OR_RETURN(report.id_generators, AdvanceIdGenerators(new_db));
  start = std::chrono::steady_clock::now();
  auto verify = VerifyMetastores(old_db, new_db, verify_options);
  if (!verify.ok()) return verify.status().WithContext("verifying the new metastore");
  report.verify = std::move(*verify);
  report.seconds_verify = Since(start);
  return report;
}

}  // namespace hmig::hive
