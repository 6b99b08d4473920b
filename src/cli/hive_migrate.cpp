// `hmig hive migrate`: schema, copy with location rewrite, upgrade, verify.
#include <cstdio>
#include <cstdlib>

#include "cli/command.h"
#include "cli/hive_common.h"
#include "hive/metastore_migrate.h"
#include "hive/schema_validate.h"

namespace hmig::cli::hive {

int RunMigrate(const std::vector<std::string>& args) {
  CLI::App app{
      "Migrate a metastore: create the schema in an empty new database, copy the content with "
      "the location rewrite, upgrade it with Hive's scripts, verify it",
      "hmig hive migrate"};
  std::string from_db, to_db, to;
  std::vector<std::string> scripts;
  std::optional<std::string> from_pw, to_pw, to_version;
  std::vector<std::string> from;
  bool json = false, force = false;
  app.add_option("--from-db", from_db, "old metastore URL")->required();
  app.add_option("--to-db", to_db, "new, empty metastore database URL (same engine)")->required();
  app.add_option("--from-password-file", from_pw,
                 "password file for the old database (else HMIG_DB_PASSWORD)");
  app.add_option(
      "--to-password-file", to_pw,
      "password file for the new database (else HMIG_NEW_DB_PASSWORD, else HMIG_DB_PASSWORD)");
  app.add_option(
         "--scripts", scripts,
         "Hive's scripts/metastore/upgrade/<mysql|postgres> folder (repeatable: a file is taken "
         "from the first folder that has it)")
      ->required()
      ->allow_extra_args(false);
  app.add_option("--from", from, "old filesystem authority (repeatable)")
      ->required()
      ->allow_extra_args(false);
  app.add_option("--to", to, "new filesystem authority")->required();
  app.add_option("--to-version", to_version,
                 "target schema version (default: the newest reachable)");
  app.add_flag("--force", force,
               "the new database holds other content: move its tables aside first (to "
               "<db>_hmig_backup_<time> on MySQL, schema hmig_backup_<time> on PostgreSQL)");
  app.add_flag("--json", json, "print JSON instead of text");
  if (auto code = Parse(app, args)) return *code;

  auto matcher = MakeMatcher(from, to);
  if (!matcher.ok()) {
    std::fprintf(stderr, "hmig hive migrate: %s\n", matcher.status().ToString().c_str());
    return kExitUsage;
  }
  auto old_db = Connect(from_db, "", from_pw);
  if (!old_db.ok()) {
    std::fprintf(stderr, "hmig hive migrate: old metastore: %s\n",
                 old_db.status().ToString().c_str());
    return kExitFatal;
  }
  const char* new_env =
      std::getenv("HMIG_NEW_DB_PASSWORD") ? "HMIG_NEW_DB_PASSWORD" : "HMIG_DB_PASSWORD";
  auto new_config = ResolveConfig(to_db, "", to_pw, new_env);
  if (!new_config.ok()) {
    std::fprintf(stderr, "hmig hive migrate: new metastore: %s\n",
                 new_config.status().ToString().c_str());
    return kExitUsage;
  }
  auto new_db = hmig::hive::ConnectDb(*new_config);
  if (!new_db.ok()) {
    std::fprintf(stderr, "hmig hive migrate: new metastore: %s\n",
                 new_db.status().ToString().c_str());
    return kExitFatal;
  }
  auto report = hmig::hive::MigrateMetastore(**old_db, **new_db, *matcher,
                                             {hmig::hive::ScriptDirs(scripts), to_version, force});
  if (!report.ok()) {
    std::fprintf(stderr, "hmig hive migrate: %s\n", report.status().ToString().c_str());
    return report.status().code() == StatusCode::kInvalidArgument ? kExitUsage : kExitFatal;
  }
  const auto& r = *report;
  // Validate the upgraded schema against a fresh one of the same version.
  auto validate =
      hmig::hive::ValidateWithScratchDatabase(**new_db, *new_config, scripts, &*matcher);
  if (!validate.ok()) {
    std::fprintf(stderr, "hmig hive migrate: validating the new metastore: %s\n",
                 validate.status().ToString().c_str());
    return kExitFatal;
  }
  const bool ok = r.verify.Equal() && validate->Ok();
  uint64_t rewritten = 0;
  for (const auto& [c, n] : r.copy.rewritten) rewritten += n.changed;
  if (json) {
    nlohmann::json columns = nlohmann::json::object();
    for (const auto& [c, n] : r.copy.rewritten) columns[c] = n.changed;
    nlohmann::json skipped = nlohmann::json::array();
    for (const auto& s : r.upgrade.skipped) {
      skipped.push_back({{"script", s.script}, {"line", s.line}, {"error", s.error}});
    }
    nlohmann::json ids = nlohmann::json::array();
    for (const auto& c : r.id_generators) {
      ids.push_back({{"generator", c.generator}, {"before", c.before}, {"after", c.after}});
    }
    nlohmann::json out = {{"already_done", r.already_done},
                          {"resumed", r.resumed},
                          {"migrate_notes", r.notes},
                          {"id_generators", ids},
                          {"old_version", r.old_version},
                          {"new_version", r.new_version},
                          {"tables_copied", r.copy.tables},
                          {"rows_copied", r.copy.rows},
                          {"rewritten", rewritten},
                          {"rewritten_per_column", columns},
                          {"upgrade_steps", r.upgrade.steps_completed},
                          {"skipped_statements", skipped},
                          {"notes", r.upgrade.notes},
                          {"warnings", r.warnings},
                          {"validate",
                           {{"ok", validate->Ok()},
                            {"problems", validate->problems},
                            {"drift", validate->drift},
                            {"integrity_problems", validate->integrity_problems}}},
                          {"verify",
                           {{"equal", r.verify.Equal()},
                            {"databases", r.verify.databases},
                            {"tables", r.verify.tables},
                            {"partitions", r.verify.partitions},
                            {"difference_count", r.verify.difference_count},
                            {"leftover_count", r.verify.leftover_count}}},
                          {"seconds",
                           {{"schema", r.seconds_schema},
                            {"copy", r.seconds_copy},
                            {"upgrade", r.seconds_upgrade},
                            {"verify", r.seconds_verify}}}};
    std::printf("%s\n", out.dump(2).c_str());
    return ok ? kExitOk : kExitPartial;
  }
  if (r.already_done) {
    std::printf(
        "the new metastore already holds this migration (schema %s, verified equal): nothing to "
        "do\n",
        r.new_version.c_str());
    return kExitOk;
  }
  for (const auto& w : r.warnings) std::printf("warning: %s\n", w.c_str());
  for (const auto& n : r.notes) std::printf("note: %s\n", n.c_str());
  if (!r.resumed) {
    std::printf("schema %s created in %.1f s\n", r.old_version.c_str(), r.seconds_schema);
    std::printf("copied %llu rows from %llu tables in %.1f s, %llu locations rewritten\n",
                static_cast<unsigned long long>(r.copy.rows),
                static_cast<unsigned long long>(r.copy.tables), r.seconds_copy,
                static_cast<unsigned long long>(rewritten));
    for (const auto& [c, n] : r.copy.rewritten) {
      std::printf("  %-36s %10llu\n", c.c_str(), static_cast<unsigned long long>(n.changed));
    }
  }
  std::printf(
      "upgraded %s -> %s in %.1f s (%zu steps, %zu statements skipped as already applied)\n",
      r.old_version.c_str(), r.new_version.c_str(), r.seconds_upgrade, r.upgrade.steps_completed,
      r.upgrade.skipped.size());
  for (const auto& n : r.upgrade.notes) std::printf("note: %s\n", n.c_str());
  std::printf("id generators advanced past the copied ids: %zu\n", r.id_generators.size());
  for (const auto& c : r.id_generators) {
    std::printf("  %-56s %s -> %s\n", c.generator.c_str(),
                c.before.empty() ? "(none)" : c.before.c_str(), c.after.c_str());
  }
  std::printf(
      "verify: %llu databases, %llu tables, %llu partitions; %llu differences, %llu leftovers "
      "(%.1f s)\n",
      static_cast<unsigned long long>(r.verify.databases),
      static_cast<unsigned long long>(r.verify.tables),
      static_cast<unsigned long long>(r.verify.partitions),
      static_cast<unsigned long long>(r.verify.difference_count),
      static_cast<unsigned long long>(r.verify.leftover_count), r.seconds_verify);
  for (const auto& d : r.verify.differences) {
    std::printf("  %-20s %-40s %s\n", d.kind.c_str(), d.object.c_str(), d.detail.c_str());
  }
  std::printf("validate: %llu schema problems, %llu expected drift, %zu integrity problems\n",
              static_cast<unsigned long long>(validate->problems),
              static_cast<unsigned long long>(validate->drift),
              validate->integrity_problems.size());
  for (const auto& d : validate->differences) {
    if (!d.drift)
      std::printf("  %-20s %-40s %s\n", d.kind.c_str(), d.object.c_str(), d.detail.c_str());
  }
  for (const auto& p : validate->integrity_problems) std::printf("  integrity: %s\n", p.c_str());
  std::printf("%s\n", ok ? "migration complete" : "migration finished with DIFFERENCES");
  return ok ? kExitOk : kExitPartial;
}

}  // namespace hmig::cli::hive
