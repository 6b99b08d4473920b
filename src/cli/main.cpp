#include <algorithm>
#include <cstdio>
#include <string>
#include <vector>

#include "cli/command.h"

namespace hmig::cli {

std::vector<CommandInfo>& Registry() {
  static std::vector<CommandInfo> registry;
  return registry;
}

static void PrintUsage(FILE* out) {
  std::fprintf(out,
               "hmig: move a Hadoop cluster (HDFS data, Hive metastore, configs) to a new one\n\n"
               "usage: hmig <command> [options]   (hmig <command> --help for details)\n\n"
               "commands:\n");
  auto commands = Registry();
  std::sort(commands.begin(), commands.end(),
            [](const CommandInfo& a, const CommandInfo& b) { return a.name < b.name; });
  for (const auto& c : commands) std::fprintf(out, "  %-10s %s\n", c.name.c_str(), c.summary.c_str());
  std::fprintf(out,
               "\nexit status: 0 done, 1 some files failed or differences found, 2 usage error,\n"
               "3 fatal error (nothing or nothing more could be done)\n");
}

}  // namespace hmig::cli

int main(int argc, char** argv) {
  using namespace hmig::cli;
  if (argc < 2) {
    PrintUsage(stderr);
    return kExitUsage;
  }
  std::string name = argv[1];
  if (name == "--help" || name == "-h" || name == "help") {
    PrintUsage(stdout);
    return kExitOk;
  }
  if (name == "--version") {
    std::printf("hmig 0.1.0\n");
    return kExitOk;
  }
  for (const auto& c : Registry()) {
    if (c.name == name) return c.run(std::vector<std::string>(argv + 2, argv + argc));
  }
  std::fprintf(stderr, "hmig: unknown command '%s'\n\n", name.c_str());
  PrintUsage(stderr);
  return kExitUsage;
}
