#include <algorithm>
#include <cstdio>
#include <cstring>
#include <string>
#include <vector>

#include "cli/command.h"

namespace hmig::cli {

std::vector<CommandInfo>& Registry() {
  static std::vector<CommandInfo> registry;
  return registry;
}

// Overwrites the values of secret-bearing flags in the process's own argv, so that
// `ps` and /proc/PID/cmdline do not show them once parsing has copied them.
static void ScrubSecretArguments(int argc, char** argv) {
  static const char* kSecretFlags[] = {"delegation-token", "password"};
  for (int i = 2; i < argc; ++i) {
    std::string arg = argv[i];
    size_t dashes = arg.find_first_not_of('-');
    if (dashes == 0 || dashes == std::string::npos) continue;
    std::string name = arg.substr(dashes);
    for (const char* flag : kSecretFlags) {
      if (name == flag && i + 1 < argc) {
        std::memset(argv[i + 1], 'x', std::strlen(argv[i + 1]));
      } else if (name.rfind(std::string(flag) + "=", 0) == 0) {
        char* value = argv[i] + dashes + std::strlen(flag) + 1;
        std::memset(value, 'x', std::strlen(value));
      }
    }
  }
}

static void PrintUsage(FILE* out) {
  std::fprintf(out,
               "hmig: move a Hadoop cluster (HDFS data, Hive metastore, configs) to a new one\n\n"
               "usage: hmig <command> [options]   (hmig <command> --help for details)\n\n"
               "commands:\n");
  auto commands = Registry();
  std::sort(commands.begin(), commands.end(),
            [](const CommandInfo& a, const CommandInfo& b) { return a.name < b.name; });
  for (const auto& c : commands)
    std::fprintf(out, "  %-10s %s\n", c.name.c_str(), c.summary.c_str());
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
    if (c.name != name) continue;
    std::vector<std::string> args(argv + 2, argv + argc);
    ScrubSecretArguments(argc, argv);
    return c.run(args);
  }
  std::fprintf(stderr, "hmig: unknown command '%s'\n\n", name.c_str());
  PrintUsage(stderr);
  return kExitUsage;
}
