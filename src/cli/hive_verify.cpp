// `hmig hive verify`: compare an old and a new metastore.
#include <cstdio>

#include "cli/command.h"
#include "cli/hadoop_fs_flags.h"
#include "cli/hive_common.h"
#include "hive/metastore_verify.h"

namespace hmig::cli::hive {

int RunVerify(const std::vector<std::string>& args) {
  CLI::App app{
      "Compare two metastores: databases, tables, partitions, storage descriptors and "
      "rewritten locations; list old-filesystem leftovers in the new one",
      "hmig hive verify"};
  std::vector<std::string> dbs, sites, password_files;
  app.add_option("--db", dbs, "OLD then NEW metastore URL (give twice)")->allow_extra_args(false);
  app.add_option("--hive-site", sites, "OLD then NEW hive-site.xml (instead of --db)")
      ->allow_extra_args(false);
  app.add_option("--password-file", password_files,
                 "OLD then NEW password files (else HMIG_DB_PASSWORD for the old and "
                 "HMIG_NEW_DB_PASSWORD, falling back to HMIG_DB_PASSWORD, for the new)")
      ->allow_extra_args(false);
  std::vector<std::string> from;
  std::string to;
  app.add_option("--from", from, "old filesystem authority (repeatable)")->allow_extra_args(false);
  app.add_option("--to", to, "new filesystem authority");
  bool check_paths = false, json = false;
  app.add_flag("--check-paths", check_paths,
               "check that each location of the new metastore exists (through hmig's "
               "filesystem backends: file://, webhdfs://, swebhdfs://, hdfs://)");
  HadoopFsFlags hdfs;
  hdfs.Add(app);
  app.add_flag("--json", json, "print JSON instead of a table");
  if (auto code = Parse(app, args)) return *code;
  if (dbs.size() + sites.size() != 2 || (dbs.size() == 1)) {
    std::fprintf(stderr,
                 "hmig hive verify: give --db OLD --db NEW, or --hive-site OLD --hive-site NEW\n");
    return kExitUsage;
  }
  hdfs.Apply("hmig hive verify");
  if (from.empty() != to.empty()) {
    std::fprintf(stderr, "hmig hive verify: --from and --to go together\n");
    return kExitUsage;
  }
  std::optional<hmig::hive::LocationMatcher> matcher;
  if (!from.empty()) {
    auto m = MakeMatcher(from, to);
    if (!m.ok()) {
      std::fprintf(stderr, "hmig hive verify: %s\n", m.status().ToString().c_str());
      return kExitUsage;
    }
    matcher = std::move(*m);
  }
  auto pw = [&](size_t i) -> std::optional<std::string> {
    if (i < password_files.size()) return password_files[i];
    return std::nullopt;
  };
  const char* new_env =
      std::getenv("HMIG_NEW_DB_PASSWORD") ? "HMIG_NEW_DB_PASSWORD" : "HMIG_DB_PASSWORD";
  auto old_db = Connect(dbs.empty() ? "" : dbs[0], sites.empty() ? "" : sites[0], pw(0));
  if (!old_db.ok()) {
    std::fprintf(stderr, "hmig hive verify: old metastore: %s\n",
                 old_db.status().ToString().c_str());
    return kExitFatal;
  }
  auto new_db = Connect(dbs.empty() ? "" : dbs[1], sites.empty() ? "" : sites[1], pw(1), new_env);
  if (!new_db.ok()) {
    std::fprintf(stderr, "hmig hive verify: new metastore: %s\n",
                 new_db.status().ToString().c_str());
    return kExitFatal;
  }
  hmig::hive::VerifyOptions options{matcher ? &*matcher : nullptr, check_paths};
  auto report = hmig::hive::VerifyMetastores(**old_db, **new_db, options);
  if (!report.ok()) {
    std::fprintf(stderr, "hmig hive verify: %s\n", report.status().ToString().c_str());
    return kExitFatal;
  }
  const auto& r = *report;
  auto n = [](uint64_t v) { return static_cast<unsigned long long>(v); };
  if (json) {
    nlohmann::json diffs = nlohmann::json::array();
    for (const auto& d : r.differences) {
      diffs.push_back({{"kind", d.kind}, {"object", d.object}, {"detail", d.detail}});
    }
    nlohmann::json leftovers = nlohmann::json::object();
    for (const auto& [column, c] : r.leftovers) {
      nlohmann::json samples = nlohmann::json::array();
      for (const auto& s : c.samples) samples.push_back(s.first);
      leftovers[column] = {{"count", c.changed}, {"samples", samples}};
    }
    nlohmann::json out = {{"equal", r.Equal()},
                          {"old_schema_version", r.old_version},
                          {"new_schema_version", r.new_version},
                          {"databases", r.databases},
                          {"tables", r.tables},
                          {"partitions", r.partitions},
                          {"difference_count", r.difference_count},
                          {"differences", diffs},
                          {"leftover_count", r.leftover_count},
                          {"leftovers", leftovers}};
    if (check_paths) out["paths"] = {{"checked", r.paths_checked}, {"missing", r.paths_missing}};
    std::printf("%s\n", out.dump(2).c_str());
    return r.Equal() ? kExitOk : kExitPartial;
  }
  std::printf(
      "old schema %s, new schema %s: %llu databases, %llu tables, %llu partitions compared\n",
      r.old_version.c_str(), r.new_version.c_str(), n(r.databases), n(r.tables), n(r.partitions));
  if (!r.differences.empty()) {
    std::printf("\n  %-20s %-40s %s\n", "DIFFERENCE", "OBJECT", "DETAIL");
    for (const auto& d : r.differences) {
      std::printf("  %-20s %-40s %s\n", d.kind.c_str(), d.object.c_str(), d.detail.c_str());
    }
    if (r.difference_count > r.differences.size()) {
      std::printf("  ... and %llu more\n", n(r.difference_count - r.differences.size()));
    }
  }
  if (matcher) {
    std::printf("\nold-filesystem leftovers in the new metastore: %llu\n", n(r.leftover_count));
    for (const auto& [column, c] : r.leftovers) {
      std::printf("  %-36s %10llu   e.g. %s\n", column.c_str(), n(c.changed),
                  c.samples.empty() ? "" : c.samples[0].first.c_str());
    }
  }
  if (check_paths) {
    std::printf("paths checked: %llu, missing or uncheckable: %llu\n", n(r.paths_checked),
                n(r.paths_missing));
  }
  std::printf("%s\n", r.Equal() ? "metastores match" : "metastores DIFFER");
  return r.Equal() ? kExitOk : kExitPartial;
}

}  // namespace hmig::cli::hive
