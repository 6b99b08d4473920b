// `hmig presto catalog`: the seed's "Presto cluster migration" as a generator.
#include <cstdio>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include <CLI/CLI.hpp>
#include <nlohmann/json.hpp>

#include "cli/command.h"
#include "conf/presto_catalog.h"

namespace hmig::cli {
namespace {

int RunCatalog(const std::vector<std::string>& args) {
  CLI::App app(
      "Write the Hive catalog (hive.properties) of a Presto or Trino cluster for the new "
      "cluster: connector.name, hive.metastore.uri, hive.config.resources, "
      "hive.allow-drop-table, hive.allow-rename-table, hive.recursive-directories, keeping the "
      "other settings of --from and warning on properties the flavor does not know.\n"
      "Exit status: 0 written, 1 written with warnings, 2 usage, 3 an input is missing or "
      "malformed.",
      "hmig presto catalog");
  std::string from, metastore, hadoop_conf, flavor = "presto", out_path;
  bool json = false;
  app.add_option("--from", from, "the old cluster's Hive catalog (hive.properties)");
  app.add_option("--metastore-uri", metastore, "thrift://HOST:9083 of the new metastore")
      ->required();
  app.add_option("--hadoop-conf", hadoop_conf,
                 "the new cluster's Hadoop conf dir as seen by the Presto/Trino nodes (must hold "
                 "core-site.xml and hdfs-site.xml)")
      ->required();
  app.add_option("--flavor", flavor, "presto (connector hive-hadoop2) or trino (connector hive)")
      ->check(CLI::IsMember({"presto", "trino"}));
  app.add_option("--out", out_path, "write the catalog here (default: standard output)");
  app.add_flag("--json", json, "print the catalog and findings as JSON");
  try {
    std::vector<std::string> reversed(args.rbegin(), args.rend());
    app.parse(reversed);
  } catch (const CLI::ParseError& e) {
    return app.exit(e) == 0 ? kExitOk : kExitUsage;
  }
  conf::CatalogOptions options;
  options.metastore_uri = metastore;
  options.hadoop_conf_dir = hadoop_conf;
  options.flavor = flavor == "trino" ? conf::PrestoFlavor::kTrino : conf::PrestoFlavor::kPresto;
  if (!from.empty()) {
    std::ifstream in(from, std::ios::binary);
    if (!in) {
      std::fprintf(stderr, "hmig presto catalog: %s: cannot open\n", from.c_str());
      return kExitFatal;
    }
    std::stringstream ss;
    ss << in.rdbuf();
    options.from_text = ss.str();
    options.from_label = from;
  }
  auto result = conf::MakeHiveCatalog(options);
  if (!result.ok()) {
    std::fprintf(stderr, "hmig presto catalog: %s\n", result.status().ToString().c_str());
    return result.status().message().find("--metastore-uri") != std::string::npos ? kExitUsage
                                                                                  : kExitFatal;
  }
  if (!out_path.empty()) {
    std::ofstream out(out_path, std::ios::binary | std::ios::trunc);
    out << result->text;
    out.close();
    if (!out) {
      std::fprintf(stderr, "hmig presto catalog: %s: cannot write\n", out_path.c_str());
      return kExitFatal;
    }
  }
  auto counts = conf::Count(result->findings);
  if (json) {
    nlohmann::json j = {{"flavor", flavor},
                        {"catalog", result->text},
                        {"findings", conf::FindingsToJson(result->findings)}};
    if (!out_path.empty()) j["out"] = out_path;
    std::printf("%s\n", j.dump(2, ' ', false, nlohmann::json::error_handler_t::replace).c_str());
  } else {
    FILE* report = out_path.empty() ? stderr : stdout;
    if (out_path.empty()) std::fputs(result->text.c_str(), stdout);
    std::fputs(conf::FindingsToText(result->findings).c_str(), report);
    if (!out_path.empty()) std::fprintf(report, "wrote %s\n", out_path.c_str());
  }
  return counts.errors + counts.warnings > 0 ? kExitPartial : kExitOk;
}

int RunPresto(const std::vector<std::string>& args) {
  const char* usage =
      "usage: hmig presto catalog [--from OLD_hive.properties] --metastore-uri thrift://HOST:9083 "
      "--hadoop-conf DIR [--flavor presto|trino] [--out FILE] [--json]\n";
  if (!args.empty() && args[0] == "catalog") {
    return RunCatalog(std::vector<std::string>(args.begin() + 1, args.end()));
  }
  if (!args.empty() && (args[0] == "--help" || args[0] == "-h")) {
    std::fputs(usage, stdout);
    return kExitOk;
  }
  std::fputs(usage, stderr);
  return kExitUsage;
}

RegisterCommand reg("presto", "write the Presto/Trino Hive catalog for the new cluster", RunPresto);

}  // namespace
}  // namespace hmig::cli
