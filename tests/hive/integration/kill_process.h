// Starting build/hmig in the background and killing it with SIGKILL, for the
// tests that interrupt an upgrade or a migration at random moments.
#pragma once

#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <string>
#include <thread>

#include "hive_servers.h"

namespace hmig::testing::hive {

// Starts build/hmig with `args` (a shell word list) and the server's password.
inline pid_t SpawnHmig(Server s, const std::string& args) {
  pid_t pid = fork();
  if (pid == 0) {
    setenv("HMIG_DB_PASSWORD", Servers::Get().Password(s).c_str(), 1);
    std::string cmd = "exec " HMIG_BINARY " " + args + " >/dev/null 2>&1";
    execl("/bin/sh", "sh", "-c", cmd.c_str(), static_cast<char*>(nullptr));
    _exit(127);
  }
  return pid;
}

// Waits up to `seconds` for `pid`; true when it exited by itself.
inline bool WaitFor(pid_t pid, double seconds, int* status) {
  auto end = std::chrono::steady_clock::now() + std::chrono::duration<double>(seconds);
  while (std::chrono::steady_clock::now() < end) {
    if (waitpid(pid, status, WNOHANG) == pid) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  return false;
}

}  // namespace hmig::testing::hive
