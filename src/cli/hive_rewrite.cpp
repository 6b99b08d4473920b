// `hmig hive rewrite-locations` (live database) and `hmig hive rewrite-dump`
// (mysqldump / pg_dump plain file): the same authority-exact rewrite.
#include <chrono>
#include <cstdio>

#include "cli/command.h"
#include "cli/hive_common.h"
#include "hive/location_columns.h"
#include "hive/location_rewrite.h"

namespace hmig::cli::hive {
namespace {

void AddFromTo(CLI::App& app, std::vector<std::string>& from, std::string& to) {
  app.add_option("--from", from,
                 "old filesystem, hdfs://AUTHORITY (repeatable: a nameservice and its NameNodes' "
                 "host:port may all map to one --to)")
      ->required()
      ->allow_extra_args(false);  // one value each, never the positionals after it
  app.add_option("--to", to, "new filesystem, scheme://AUTHORITY")->required();
}

int Fail(const char* what, const Status& st) {
  std::fprintf(stderr, "hmig hive %s: %s\n", what, st.ToString().c_str());
  return st.code() == StatusCode::kInvalidArgument ? kExitUsage : kExitFatal;
}

}  // namespace

int RunRewriteLocations(const std::vector<std::string>& args) {
  CLI::App app{
      "Rewrite every location of the --from filesystems to --to in a live metastore, "
      "in one transaction",
      "hmig hive rewrite-locations"};
  ConnectionFlags conn;
  conn.Add(app);
  std::vector<std::string> from;
  std::string to;
  AddFromTo(app, from, to);
  bool dry_run = false, json = false;
  std::optional<std::string> backup;
  app.add_flag("--dry-run", dry_run, "count and show what would change; change nothing");
  app.add_option("--backup", backup,
                 "write the old values of the affected rows to FILE as SQL that restores them, "
                 "before any change");
  app.add_flag("--json", json, "print JSON instead of a table");
  if (auto code = Parse(app, args)) return *code;

  auto matcher = MakeMatcher(from, to);
  if (!matcher.ok()) return Fail("rewrite-locations", matcher.status());
  auto db = Connect(conn.db_url, conn.hive_site, conn.password_file);
  if (!db.ok()) return Fail("rewrite-locations", db.status());
  hmig::hive::RewriteOptions options{dry_run, backup};
  auto report = hmig::hive::RewriteMetastoreLocations(**db, *matcher, options);
  if (!report.ok()) {
    Fail("rewrite-locations", report.status());
    std::fprintf(stderr, "hmig hive rewrite-locations: nothing was changed (rolled back)\n");
    return kExitFatal;
  }
  std::vector<std::string> columns;
  for (const auto& c : report->columns) columns.push_back(c.Name());
  if (json) {
    nlohmann::json out = {{"schema_version", report->schema_version},
                          {"dry_run", dry_run},
                          {"committed", report->committed},
                          {"changed", report->total_changed},
                          {"columns", ChangesJson(columns, report->changes)}};
    if (backup) out["backup"] = *backup;
    std::printf("%s\n", out.dump(2).c_str());
    return kExitOk;
  }
  std::printf("%s: schema %s, %llu values %s\n", dry_run ? "dry run" : "rewrite-locations",
              report->schema_version.c_str(),
              static_cast<unsigned long long>(report->total_changed),
              dry_run ? "would change (nothing was changed)" : "changed (committed)");
  PrintChanges(columns, report->changes);
  if (backup) std::printf("backup of the old values: %s\n", backup->c_str());
  return kExitOk;
}

int RunRewriteDump(const std::vector<std::string>& args) {
  CLI::App app{"Rewrite locations inside a mysqldump or pg_dump (plain format) file, streaming",
               "hmig hive rewrite-dump"};
  std::string in, out;
  app.add_option("IN", in, "dump to read")->required();
  app.add_option("OUT", out, "rewritten dump to write (replaced only when complete)")->required();
  std::vector<std::string> from;
  std::string to;
  AddFromTo(app, from, to);
  std::string dialect = "auto";
  bool json = false;
  app.add_option("--dialect", dialect, "mysql, postgres or auto (from the dump's header)")
      ->check(CLI::IsMember({"auto", "mysql", "postgres"}));
  app.add_flag("--json", json, "print JSON instead of a table");
  if (auto code = Parse(app, args)) return *code;
  if (in == out) {
    std::fprintf(stderr, "hmig hive rewrite-dump: IN and OUT must differ\n");
    return kExitUsage;
  }
  auto matcher = MakeMatcher(from, to);
  if (!matcher.ok()) return Fail("rewrite-dump", matcher.status());
  std::optional<hmig::hive::SqlDialect> d;
  if (dialect == "mysql") d = hmig::hive::SqlDialect::kMySql;
  if (dialect == "postgres") d = hmig::hive::SqlDialect::kPostgres;
  auto start = std::chrono::steady_clock::now();
  auto changes = hmig::hive::RewriteDumpFile(in, out, *matcher, d);
  if (!changes.ok()) return Fail("rewrite-dump", changes.status());
  double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  std::vector<std::string> columns;
  uint64_t total = 0;
  for (const auto& c : hmig::hive::AllLocationColumns()) columns.push_back(c.Name());
  for (const auto& [name, c] : *changes) total += c.changed;
  if (json) {
    nlohmann::json j = {{"input", in},
                        {"output", out},
                        {"changed", total},
                        {"seconds", secs},
                        {"columns", ChangesJson(columns, *changes)}};
    std::printf("%s\n", j.dump(2).c_str());
    return kExitOk;
  }
  std::printf("rewrite-dump: %llu values changed, %s -> %s (%.2f s)\n",
              static_cast<unsigned long long>(total), in.c_str(), out.c_str(), secs);
  PrintChanges(columns, *changes);
  return kExitOk;
}

}  // namespace hmig::cli::hive
