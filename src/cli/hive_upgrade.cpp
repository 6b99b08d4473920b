// `hmig hive upgrade`: Hive's own schema upgrade scripts, run by hmig.
#include <cstdio>

#include "cli/command.h"
#include "cli/hive_common.h"
#include "hive/schema_upgrade.h"

namespace hmig::cli::hive {

int RunUpgrade(const std::vector<std::string>& args) {
  CLI::App app{"Upgrade a metastore's schema with the upgrade scripts of a Hive distribution",
               "hmig hive upgrade"};
  ConnectionFlags conn;
  conn.Add(app);
  std::vector<std::string> scripts;
  std::optional<std::string> to_version;
  bool dry_run = false, json = false;
  app.add_option(
         "--scripts", scripts,
         "Hive's scripts/metastore/upgrade/<mysql|postgres> folder (repeatable: a file is taken "
         "from the first folder that has it)")
      ->required()
      ->allow_extra_args(false);
  app.add_option("--to", to_version, "target schema version (default: the newest reachable)");
  app.add_flag("--dry-run", dry_run, "print the scripts that would run; run nothing");
  app.add_flag("--json", json, "print JSON instead of text");
  if (auto code = Parse(app, args)) return *code;

  auto db = Connect(conn.db_url, conn.hive_site, conn.password_file);
  if (!db.ok()) {
    std::fprintf(stderr, "hmig hive upgrade: %s\n", db.status().ToString().c_str());
    return db.status().code() == StatusCode::kInvalidArgument ? kExitUsage : kExitFatal;
  }
  auto report = hmig::hive::UpgradeSchema(**db, scripts, to_version, dry_run);
  if (!report.ok()) {
    std::fprintf(stderr, "hmig hive upgrade: %s\n", report.status().ToString().c_str());
    return report.status().code() == StatusCode::kInvalidArgument ? kExitUsage : kExitFatal;
  }
  const auto& r = *report;
  if (json) {
    nlohmann::json plan = nlohmann::json::array();
    for (const auto& s : r.plan)
      plan.push_back({{"from", s.from}, {"to", s.to}, {"scripts", s.scripts}});
    nlohmann::json skipped = nlohmann::json::array();
    for (const auto& s : r.skipped) {
      skipped.push_back(
          {{"script", s.script}, {"line", s.line}, {"statement", s.statement}, {"error", s.error}});
    }
    nlohmann::json out = {{"from_version", r.from_version},
                          {"to_version", r.to_version},
                          {"dry_run", dry_run},
                          {"plan", plan},
                          {"steps_completed", r.steps_completed},
                          {"statements_run", r.statements_run},
                          {"skipped", skipped},
                          {"notes", r.notes}};
    std::printf("%s\n", out.dump(2).c_str());
    return kExitOk;
  }
  if (r.plan.empty()) {
    std::printf("schema version %s: already up to date, nothing to do\n", r.from_version.c_str());
    return kExitOk;
  }
  std::printf("schema version %s -> %s, %zu step(s):\n", r.from_version.c_str(),
              dry_run ? r.plan.back().to.c_str() : r.to_version.c_str(), r.plan.size());
  for (const auto& s : r.plan) {
    std::printf("  %s -> %s\n", s.from.c_str(), s.to.c_str());
    for (const auto& f : s.scripts) std::printf("      %s\n", f.c_str());
  }
  if (dry_run) {
    std::printf("dry run: nothing was run\n");
    return kExitOk;
  }
  std::printf("%llu statements run, %zu skipped as already applied\n",
              static_cast<unsigned long long>(r.statements_run), r.skipped.size());
  for (const auto& s : r.skipped) {
    std::printf("  skipped %s:%d  %s\n      %s\n", s.script.c_str(), s.line, s.error.c_str(),
                s.statement.c_str());
  }
  for (const auto& n : r.notes) std::printf("note: %s\n", n.c_str());
  return kExitOk;
}

}  // namespace hmig::cli::hive
