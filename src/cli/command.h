// Subcommand registry: every src/cli/<command>.cpp registers itself with a static
// RegisterCommand, so adding a subcommand never edits main.cpp.
#pragma once

#include <functional>
#include <string>
#include <vector>

namespace hmig::cli {

// Exit codes shared by every subcommand (documented in the README).
enum ExitCode : int {
  kExitOk = 0,       // all done / identical
  kExitPartial = 1,  // some files failed, or differences found (verify)
  kExitUsage = 2,    // bad flags or arguments
  kExitFatal = 3,    // nothing (more) could be done: unreachable, no space, bad config
};

// args excludes the program and subcommand names.
using CommandFn = std::function<int(const std::vector<std::string>& args)>;

struct CommandInfo {
  std::string name;     // "distcp", "hive", "config", ...
  std::string summary;  // one line for `hmig --help`
  CommandFn run;
};

std::vector<CommandInfo>& Registry();

struct RegisterCommand {
  RegisterCommand(std::string name, std::string summary, CommandFn run) {
    Registry().push_back({std::move(name), std::move(summary), std::move(run)});
  }
};

}  // namespace hmig::cli
