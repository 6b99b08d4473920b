// `hmig jobs check|scan`: the seed's "Job synchronization" section as checks.
#include <cstdio>
#include <string>
#include <vector>

#include <CLI/CLI.hpp>

#include "cli/command.h"

namespace hmig::cli {

int RunJobsCheck(const std::vector<std::string>& args);  // jobs_check.cpp
int RunJobsScan(const std::vector<std::string>& args);   // jobs_scan.cpp

namespace {

int RunJobs(const std::vector<std::string>& args) {
  const char* usage =
      "usage: hmig jobs check --conf DIR [--hive-env FILE] [--scripts DIR] [--fix OUTDIR] "
      "[--json]\n"
      "       hmig jobs scan DIR --from OLD [--from OLD2 ...] --to NEW [--rewrite OUTDIR] "
      "[--json]\n\n"
      "check: job memory settings (map/reduce heap vs container, YARN limits, hive-env.sh\n"
      "       HADOOP_HEAPSIZE, `set` overrides in scripts), with corrected copies on --fix\n"
      "scan:  old-cluster URIs hard-coded in job definitions, with rewritten copies on "
      "--rewrite\n";
  if (args.empty() || args[0] == "--help" || args[0] == "-h") {
    std::fputs(usage, args.empty() ? stderr : stdout);
    return args.empty() ? kExitUsage : kExitOk;
  }
  std::vector<std::string> rest(args.begin() + 1, args.end());
  if (args[0] == "check") return RunJobsCheck(rest);
  if (args[0] == "scan") return RunJobsScan(rest);
  std::fprintf(stderr, "hmig jobs: unknown subcommand '%s'\n\n%s", args[0].c_str(), usage);
  return kExitUsage;
}

RegisterCommand reg("jobs", "check job memory settings; find/rewrite old-cluster URIs in jobs",
                    RunJobs);

}  // namespace
}  // namespace hmig::cli
