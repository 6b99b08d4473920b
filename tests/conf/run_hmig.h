// Runs the real hmig binary for integration tests and captures what it printed.
#pragma once

#include <sys/wait.h>

#include <cstdlib>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "support/temp_dir.h"

namespace hmig::testing {

struct HmigRun {
  int exit_code = -1;
  std::string out, err;
  // stdout parsed as JSON (throws, failing the test, when it is not valid JSON).
  nlohmann::json Json() const { return nlohmann::json::parse(out); }
};

inline std::string ShellQuote(const std::string& s) {
  std::string q = "'";
  for (char c : s) {
    if (c == '\'') {
      q += "'\\''";
    } else {
      q += c;
    }
  }
  q += "'";
  return q;
}

// Runs `hmig args...` with stdout and stderr captured in a scratch directory.
inline HmigRun RunHmig(const std::vector<std::string>& args, const std::string& env = "") {
  TempDir scratch;
  std::string cmd = env.empty() ? "" : env + " ";
  cmd += ShellQuote(HMIG_BINARY);
  for (const auto& a : args) {
    cmd += " ";
    cmd += ShellQuote(a);
  }
  cmd += " >" + ShellQuote(scratch / "out") + " 2>" + ShellQuote(scratch / "err");
  int status = std::system(cmd.c_str());
  HmigRun run;
  run.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  run.out = ReadFile(scratch / "out");
  run.err = ReadFile(scratch / "err");
  return run;
}

}  // namespace hmig::testing
