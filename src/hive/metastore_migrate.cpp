#include "hive/metastore_migrate.h"

#include <chrono>
#include <filesystem>

#include "hive/metastore_schema.h"
#include "hive/upgrade_plan.h"

namespace hmig::hive {
namespace {

double Since(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
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
  HMIG_ASSIGN_OR_RETURN(auto plan, PlanUpgrade(options.scripts_dir, new_db.kind(),
                                               report.old_version, options.to_version));
  const std::string final_version = plan.empty() ? report.old_version : plan.back().to;
  HMIG_ASSIGN_OR_RETURN(auto existing, ListTables(new_db));
  VerifyOptions verify_options{&matcher, false};
  if (!existing.empty()) {
    auto version = ReadSchemaVersion(new_db);
    if (version.ok() && *version == final_version) {
      auto verify = VerifyMetastores(old_db, new_db, verify_options);
      if (verify.ok() && verify->Equal()) {
        report.already_done = true;
        report.new_version = *version;
        report.verify = std::move(*verify);
        return report;
      }
    }
    return Status(StatusCode::kAlreadyExists,
                  "the new database is not empty (" + std::to_string(existing.size()) +
                      " tables) and does not hold a finished migration of this metastore: drop and "
                      "re-create it first (the seed's step 1); hmig never overwrites a metastore");
  }
  const std::filesystem::path schema =
      std::filesystem::path(options.scripts_dir) /
      ("hive-schema-" + report.old_version + "." + ScriptDbType(new_db.kind()) + ".sql");
  if (!std::filesystem::exists(schema)) {
    return Status::NotFound("no schema script for version " + report.old_version, schema.string());
  }
  auto start = std::chrono::steady_clock::now();
  {
    const bool pg = new_db.kind() == DbKind::kPostgres;
    if (pg) HMIG_RETURN_IF_ERROR(new_db.Begin());
    Status st = RunSqlScript(new_db, schema.string(), report.upgrade);
    if (st.ok() && pg) st = new_db.Commit();
    if (!st.ok()) {
      if (pg) (void)new_db.Rollback();
      return st.WithContext("creating the schema " + report.old_version + " in the new database");
    }
  }
  report.upgrade.skipped.clear();
  report.upgrade.statements_run = 0;
  report.seconds_schema = Since(start);
  start = std::chrono::steady_clock::now();
  auto copy = CopyMetastore(old_db, new_db, matcher);
  if (!copy.ok()) return copy.status().WithContext("copying the metastore");
  report.copy = std::move(*copy);
  report.seconds_copy = Since(start);
  start = std::chrono::steady_clock::now();
  auto upgrade = UpgradeSchema(new_db, options.scripts_dir, options.to_version, false);
  if (!upgrade.ok()) return upgrade.status().WithContext("upgrading the new metastore");
  report.upgrade = std::move(*upgrade);
  report.new_version = report.upgrade.to_version;
  report.seconds_upgrade = Since(start);
  start = std::chrono::steady_clock::now();
  auto verify = VerifyMetastores(old_db, new_db, verify_options);
  if (!verify.ok()) return verify.status().WithContext("verifying the new metastore");
  report.verify = std::move(*verify);
  report.seconds_verify = Since(start);
  return report;
}

}  // namespace hmig::hive
