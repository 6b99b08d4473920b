// `hmig config diff --old DIR --new DIR [--json]`: the seed's "HDFS permission
// configuration" step (and the other settings a migration depends on) as a check.
#include <cstdio>
#include <string>
#include <vector>

#include <fmt/format.h>
#include <CLI/CLI.hpp>
#include <nlohmann/json.hpp>

#include "cli/command.h"
#include "conf/config_diff.h"
#include "util/hadoop_config.h"

namespace hmig::cli {
namespace {

int RunConfigDiff(const std::vector<std::string>& args) {
  CLI::App app(
      "Compare two clusters' core-site, hdfs-site, mapred-site, yarn-site and hive-site.xml and "
      "report the differences that matter for a migration, each with a severity and advice.\n"
      "Exit status: 0 nothing to act on (info only), 1 warnings or errors found, 2 usage, "
      "3 a configuration could not be read.",
      "hmig config diff");
  std::string old_dir, new_dir;
  bool json = false;
  app.add_option("--old", old_dir, "configuration directory of the old cluster")->required();
  app.add_option("--new", new_dir, "configuration directory of the new cluster")->required();
  app.add_flag("--json", json, "print the findings as JSON");
  try {
    std::vector<std::string> reversed(args.rbegin(), args.rend());
    app.parse(reversed);
  } catch (const CLI::ParseError& e) {
    return app.exit(e) == 0 ? kExitOk : kExitUsage;
  }
  auto old_conf = HadoopConfig::LoadDir(old_dir);
  if (!old_conf.ok()) {
    std::fprintf(stderr, "hmig config diff: old cluster: %s\n",
                 old_conf.status().ToString().c_str());
    return kExitFatal;
  }
  auto new_conf = HadoopConfig::LoadDir(new_dir);
  if (!new_conf.ok()) {
    std::fprintf(stderr, "hmig config diff: new cluster: %s\n",
                 new_conf.status().ToString().c_str());
    return kExitFatal;
  }
  auto findings = conf::DiffClusterConfigs(*old_conf, *new_conf);
  for (auto* side : {&old_dir, &new_dir}) {
    for (auto& f : conf::UncomparedFiles(*side, side == &old_dir ? "old" : "new")) {
      findings.push_back(std::move(f));
    }
  }
  auto counts = conf::Count(findings);
  if (json) {
    nlohmann::json j = {
        {"old", {{"dir", old_dir}, {"files", old_conf->files()}}},
        {"new", {{"dir", new_dir}, {"files", new_conf->files()}}},
        {"findings", conf::FindingsToJson(findings)},
        {"summary",
         {{"errors", counts.errors}, {"warnings", counts.warnings}, {"info", counts.infos}}}};
    std::printf("%s\n", j.dump(2, ' ', false, nlohmann::json::error_handler_t::replace).c_str());
  } else {
    std::printf("old cluster: %zu file(s) from %s; new cluster: %zu file(s) from %s\n\n",
                old_conf->files().size(), old_dir.c_str(), new_conf->files().size(),
                new_dir.c_str());
    std::fputs(conf::FindingsToText(findings).c_str(), stdout);
    std::printf("%s\n", fmt::format("\n{} error(s), {} warning(s), {} note(s)", counts.errors,
                                    counts.warnings, counts.infos)
                            .c_str());
  }
  return counts.errors + counts.warnings > 0 ? kExitPartial : kExitOk;
}

int RunConfig(const std::vector<std::string>& args) {
  const char* usage = "usage: hmig config diff --old DIR --new DIR [--json]\n";
  if (!args.empty() && args[0] == "diff") {
    return RunConfigDiff(std::vector<std::string>(args.begin() + 1, args.end()));
  }
  if (!args.empty() && (args[0] == "--help" || args[0] == "-h")) {
    std::fputs(usage, stdout);
    return kExitOk;
  }
  std::fputs(usage, stderr);
  return kExitUsage;
}

RegisterCommand reg("config", "compare two clusters' Hadoop/Hive configuration", RunConfig);

}  // namespace
}  // namespace hmig::cli
