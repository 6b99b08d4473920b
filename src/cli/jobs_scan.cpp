// `hmig jobs scan DIR --from OLD --to NEW [--rewrite OUTDIR] [--json]`
#include <cstdio>
#include <string>
#include <vector>

#include <fmt/format.h>
#include <CLI/CLI.hpp>
#include <nlohmann/json.hpp>

#include "cli/command.h"
#include "conf/job_scan.h"

namespace hmig::cli {

int RunJobsScan(const std::vector<std::string>& args) {
  CLI::App app(
      "Find URIs of the old cluster hard-coded in job definitions (Hive/Spark SQL, "
      "shell, Python, Oozie workflow XML, properties) and optionally write rewritten "
      "copies. Matching is authority-exact: --from hdfs://old:8020 matches "
      "hdfs://old:8020/x and hdfs://old/x, never hdfs://old2/x.",
      "hmig jobs scan");
  std::string dir, to;
  std::vector<std::string> from;
  std::string rewrite;
  bool json = false;
  app.add_option("DIR", dir, "directory of job definitions (scanned recursively)")->required();
  app.add_option("--from", from, "old cluster as scheme://host[:port]; repeat for aliases")
      ->required();
  app.add_option("--to", to, "new cluster as scheme://host[:port]")->required();
  app.add_option("--rewrite", rewrite,
                 "write rewritten copies of the files that name the old cluster here "
                 "(same relative paths; never in place)");
  app.add_flag("--json", json, "print the findings as JSON");
  try {
    std::vector<std::string> reversed(args.rbegin(), args.rend());
    app.parse(reversed);
  } catch (const CLI::ParseError& e) {
    int rc = app.exit(e);
    return rc == 0 ? kExitOk : kExitUsage;
  }
  auto matcher = conf::AuthorityMatcher::Create(from, to);
  if (!matcher.ok()) {
    std::fprintf(stderr, "hmig jobs scan: %s\n", matcher.status().ToString().c_str());
    return kExitUsage;
  }
  conf::JobScanOptions options;
  options.dir = dir;
  if (!rewrite.empty()) options.rewrite_dir = rewrite;
  auto result = conf::ScanJobs(options, *matcher);
  if (!result.ok()) {
    std::fprintf(stderr, "hmig jobs scan: %s\n", result.status().ToString().c_str());
    return result.status().code() == StatusCode::kInvalidArgument ? kExitUsage : kExitFatal;
  }
  size_t files_with_hits = 0;
  std::string last;
  for (const auto& h : result->hits) {
    if (h.file != last) ++files_with_hits;
    last = h.file;
  }
  if (json) {
    nlohmann::json j;
    j["dir"] = dir;
    j["from"] = from;
    j["to"] = matcher->to();
    j["files_scanned"] = result->files_scanned;
    j["files_with_old_uris"] = files_with_hits;
    j["hits"] = nlohmann::json::array();
    for (const auto& h : result->hits) {
      j["hits"].push_back({{"file", h.file},
                           {"kind", h.kind},
                           {"line", h.line},
                           {"column", h.column},
                           {"found", h.found},
                           {"rewritten", h.rewritten}});
    }
    j["mentions"] = nlohmann::json::array();
    for (const auto& m : result->mentions) {
      j["mentions"].push_back({{"file", m.file},
                               {"kind", m.kind},
                               {"line", m.line},
                               {"column", m.column},
                               {"text", m.text}});
    }
    j["skipped"] = result->skipped;
    j["written"] = result->written;
    std::printf("%s\n", j.dump(2, ' ', false, nlohmann::json::error_handler_t::replace).c_str());
  } else {
    for (const auto& h : result->hits) {
      std::printf("%s:%d:%d [%s] %s -> %s\n", h.file.c_str(), h.line, h.column, h.kind.c_str(),
                  h.found.c_str(), h.rewritten.c_str());
    }
    for (const auto& m : result->mentions) {
      std::printf(
          "%s:%d:%d [%s] %s (names an old-cluster host outside a --from URI; not "
          "rewritten)\n",
          m.file.c_str(), m.line, m.column, m.kind.c_str(), m.text.c_str());
    }
    for (const auto& s : result->skipped) std::printf("skipped %s\n", s.c_str());
    std::printf("%s\n",
                fmt::format("scanned {} files under {}: {} location(s) of the old cluster in {} "
                            "file(s), {} other mention(s) of its hosts",
                            result->files_scanned, dir, result->hits.size(), files_with_hits,
                            result->mentions.size())
                    .c_str());
    if (options.rewrite_dir) {
      std::printf("wrote %zu rewritten file(s) under %s\n", result->written.size(),
                  rewrite.c_str());
    }
  }
  return result->hits.empty() && result->mentions.empty() ? kExitOk : kExitPartial;
}

}  // namespace hmig::cli
