// `hmig jobs check --conf DIR [--hive-env FILE] [--scripts DIR] [--fix OUTDIR] [--json]`
#include <cstdio>
#include <string>
#include <vector>

#include <fmt/format.h>
#include <CLI/CLI.hpp>
#include <nlohmann/json.hpp>

#include "cli/command.h"
#include "conf/jobs_check.h"

namespace hmig::cli {

int RunJobsCheck(const std::vector<std::string>& args) {
  CLI::App app(
      "Check job memory settings of the new cluster: map/reduce/AM heap (-Xmx in *.java.opts) "
      "against the container (*.memory.mb) and YARN's allocation limits, HADOOP_HEAPSIZE in "
      "hive-env.sh (the gateway), and `set`/--hiveconf/-D overrides in job scripts. Each "
      "finding says the value to use and why; --fix writes corrected copies.\n"
      "Exit status: 0 nothing to change, 1 findings (warnings/errors), 2 usage, 3 an input "
      "could not be read.",
      "hmig jobs check");
  conf::JobsCheckOptions options;
  std::string hive_env, scripts, fix;
  bool json = false;
  app.add_option("--conf", options.conf_dir,
                 "Hadoop configuration directory (mapred-site.xml, yarn-site.xml, ...)")
      ->required();
  app.add_option("--hive-env", hive_env, "hive-env.sh of the gateway");
  app.add_option("--scripts", scripts, "directory of job scripts (.hql .sql .q .hive .sh .bash)");
  app.add_option("--fix", fix,
                 "write corrected copies here: conf/<site file>, hive-env.sh, scripts/<path>");
  app.add_flag("--json", json, "print the findings as JSON");
  try {
    std::vector<std::string> reversed(args.rbegin(), args.rend());
    app.parse(reversed);
  } catch (const CLI::ParseError& e) {
    return app.exit(e) == 0 ? kExitOk : kExitUsage;
  }
  if (!hive_env.empty()) options.hive_env = hive_env;
  if (!scripts.empty()) options.scripts_dir = scripts;
  if (!fix.empty()) options.fix_dir = fix;
  auto result = conf::CheckJobs(options);
  if (!result.ok()) {
    std::fprintf(stderr, "hmig jobs check: %s\n", result.status().ToString().c_str());
    return result.status().code() == StatusCode::kInvalidArgument && result.status().path() == fix
               ? kExitUsage
               : kExitFatal;
  }
  auto counts = conf::Count(result->findings);
  if (json) {
    nlohmann::json j = {
        {"findings", conf::FindingsToJson(result->findings)},
        {"written", result->written},
        {"notes", result->notes},
        {"scripts_scanned", result->scripts_scanned},
        {"summary",
         {{"errors", counts.errors}, {"warnings", counts.warnings}, {"info", counts.infos}}}};
    std::printf("%s\n", j.dump(2, ' ', false, nlohmann::json::error_handler_t::replace).c_str());
  } else {
    std::fputs(conf::FindingsToText(result->findings).c_str(), stdout);
    for (const auto& n : result->notes) std::printf("note: %s\n", n.c_str());
    for (const auto& w : result->written) std::printf("wrote %s\n", w.c_str());
    std::printf("%s\n",
                fmt::format("{} error(s), {} warning(s), {} note(s); {} script(s) "
                            "checked",
                            counts.errors, counts.warnings, counts.infos, result->scripts_scanned)
                    .c_str());
  }
  return counts.errors + counts.warnings > 0 ? kExitPartial : kExitOk;
}

}  // namespace hmig::cli
