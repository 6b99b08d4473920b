// `hmig hive validate`: schema against a fresh one of the same version, references, leftovers.
#include <cstdio>

#include "cli/command.h"
#include "cli/hive_common.h"
#include "hive/schema_validate.h"

namespace hmig::cli::hive {

int RunValidate(const std::vector<std::string>& args) {
  CLI::App app{
      "Compare a metastore's schema with a fresh hive-schema of its version (created in a scratch "
      "database, dropped afterwards), check its references and leftover locations",
      "hmig hive validate"};
  ConnectionFlags conn;
  conn.Add(app);
  std::vector<std::string> scripts;
  std::string to;
  std::vector<std::string> from;
  bool json = false;
  app.add_option(
         "--scripts", scripts,
         "Hive's scripts/metastore/upgrade/<mysql|postgres> folder (repeatable: a file is taken "
         "from the first folder that has it)")
      ->required()
      ->allow_extra_args(false);
  app.add_option("--from", from,
                 "old filesystem authority whose locations must be gone (repeatable)")
      ->allow_extra_args(false);
  app.add_option("--to", to, "new filesystem authority (with --from)");
  app.add_flag("--json", json, "print JSON instead of text");
  if (auto code = Parse(app, args)) return *code;
  std::optional<hmig::hive::LocationMatcher> matcher;
  if (!from.empty()) {
    auto m = MakeMatcher(from, to.empty() ? "hdfs://hmig-validate-unused" : to);
    if (!m.ok()) {
      std::fprintf(stderr, "hmig hive validate: %s\n", m.status().ToString().c_str());
      return kExitUsage;
    }
    matcher = std::move(*m);
  }
  auto config = ResolveConfig(conn.db_url, conn.hive_site, conn.password_file);
  if (!config.ok()) {
    std::fprintf(stderr, "hmig hive validate: %s\n", config.status().ToString().c_str());
    return config.status().code() == StatusCode::kInvalidArgument ? kExitUsage : kExitFatal;
  }
  auto live = hmig::hive::ConnectDb(*config);
  if (!live.ok()) {
    std::fprintf(stderr, "hmig hive validate: %s\n", live.status().ToString().c_str());
    return kExitFatal;
  }
  auto report = hmig::hive::ValidateWithScratchDatabase(**live, *config, scripts,
                                                        matcher ? &*matcher : nullptr);
  if (!report.ok()) {
    std::fprintf(stderr, "hmig hive validate: %s\n", report.status().ToString().c_str());
    return kExitFatal;
  }
  const auto& r = *report;
  if (json) {
    nlohmann::json diffs = nlohmann::json::array();
    for (const auto& d : r.differences) {
      diffs.push_back(
          {{"kind", d.kind}, {"object", d.object}, {"detail", d.detail}, {"drift", d.drift}});
    }
    nlohmann::json out = {{"ok", r.Ok()},
                          {"schema_version", r.version},
                          {"problems", r.problems},
                          {"drift", r.drift},
                          {"differences", diffs},
                          {"integrity_problems", r.integrity_problems},
                          {"leftovers", r.leftovers}};
    std::printf("%s\n", out.dump(2).c_str());
    return r.Ok() ? kExitOk : kExitPartial;
  }
  std::printf(
      "schema %s compared with a fresh hive-schema-%s: %llu problems, %llu expected drift\n",
      r.version.c_str(), r.version.c_str(), static_cast<unsigned long long>(r.problems),
      static_cast<unsigned long long>(r.drift));
  for (bool drift : {false, true}) {
    bool header = false;
    for (const auto& d : r.differences) {
      if (d.drift != drift) continue;
      if (!header) std::printf("%s:\n", drift ? "expected drift of upgraded schemas" : "problems");
      header = true;
      std::printf("  %-20s %-50s %s\n", d.kind.c_str(), d.object.c_str(), d.detail.c_str());
    }
  }
  for (const auto& p : r.integrity_problems) std::printf("integrity: %s\n", p.c_str());
  if (matcher)
    std::printf("locations still on --from: %llu\n", static_cast<unsigned long long>(r.leftovers));
  std::printf("%s\n", r.Ok() ? "valid" : "NOT valid");
  return r.Ok() ? kExitOk : kExitPartial;
}

}  // namespace hmig::cli::hive
