// Resume after kill -9: the copy is killed at random moments; after each kill no
// file under a final name is partial, and the same command finishes the job.
#include <gtest/gtest.h>
#include <signal.h>

#include <nlohmann/json.hpp>
#include <random>

#include "support/run.h"
#include "support/tree.h"

namespace hmig::testing {
namespace {

// 20,000 small files in 200 directories plus three large ones.
void MakeTree(const std::string& root) {
  std::mt19937_64 rng(42);
  std::string buf;
  for (int i = 0; i < 20000; ++i) {
    buf.resize(100 + rng() % 3000);
    for (auto& c : buf) c = static_cast<char>(rng());
    WriteFile(root + "/d" + std::to_string(i / 100) + "/part-" + std::to_string(i), buf);
  }
  for (int i = 0; i < 3; ++i) {
    buf.resize((8 + 4 * i) << 20);
    for (size_t k = 0; k < buf.size(); k += 8) {
      uint64_t v = rng();
      std::memcpy(&buf[k], &v, std::min<size_t>(8, buf.size() - k));
    }
    WriteFile(root + "/large/file-" + std::to_string(i) + ".bin", buf);
  }
}

pid_t Spawn(const std::vector<std::string>& argv) {
  std::vector<char*> args;
  for (const auto& a : argv) args.push_back(const_cast<char*>(a.c_str()));
  args.push_back(nullptr);
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0);
  posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0);
  pid_t pid = -1;
  posix_spawn(&pid, args[0], &actions, nullptr, args.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  return pid;
}

}  // namespace

TEST(DistCpResumeTest, KilledTenTimesAtRandomThenFinishesWithNothingPartialEver) {
  TempDir t;
  const std::string src = t / "src", dst = t / "dst";
  MakeTree(src);
  const auto source = Snapshot(src);
  size_t source_files = 0;
  for (const auto& [rel, v] : source) source_files += v[0] == 'f';

  // Throttled so that each run only gets part of the way before it is killed.
  const std::vector<std::string> cmd = {
      HMIG_BINARY, "distcp",   "-update",         "-m", "4", "-bandwidth",
      "3",         "--report", t / "report.json", src,  dst};
  unsigned seed = std::random_device{}();
  std::mt19937 rng(seed);
  SCOPED_TRACE("kill-moment seed " + std::to_string(seed));
  int killed_mid_copy = 0;
  for (int k = 0; k < 10; ++k) {
    pid_t pid = Spawn(cmd);
    ASSERT_GT(pid, 0);
    std::this_thread::sleep_for(std::chrono::milliseconds(50 + rng() % 700));
    kill(pid, SIGKILL);
    int status = 0;
    waitpid(pid, &status, 0);
    killed_mid_copy += WIFSIGNALED(status);
    if (!std::filesystem::exists(dst)) continue;
    // Every file under a final name is a complete copy of its source.
    for (const auto& [rel, v] : Snapshot(dst)) {
      if (v[0] != 'f' || std::filesystem::path(rel).filename().string().rfind(".hmig.", 0) == 0)
        continue;
      auto it = source.find(rel);
      ASSERT_NE(it, source.end()) << rel;
      ASSERT_EQ(v.size(), it->second.size()) << "partial file under its final name: " << rel;
      ASSERT_TRUE(v == it->second) << "corrupt file under its final name: " << rel;
    }
  }
  EXPECT_GE(killed_mid_copy, 5) << "most kills should land while the copy runs";

  auto r = RunHmig({"distcp", "-update", "-m", "4", "--report", t / "report.json", src, dst});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(Snapshot(dst), source);
  EXPECT_EQ(CountTempFiles(dst), 0);
  auto report = nlohmann::json::parse(ReadFile(t / "report.json"));
  // Across all the runs of the job every file was either copied once or (when the
  // kill lost its journal record) found identical: none is counted twice.
  EXPECT_EQ(report["files_copied"].get<size_t>() + report["files_skipped"].get<size_t>(),
            source_files);
  EXPECT_GE(report["runs"].get<int>(), 2);

  // The job is finished: a new run finds everything proven by the journal and
  // re-reads nothing (no bytes copied, all skipped).
  r = RunHmig({"distcp", "-update", "--report", t / "again.json", src, dst});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  auto again = nlohmann::json::parse(ReadFile(t / "again.json"));
  EXPECT_EQ(again["files_copied"], 0);
  EXPECT_EQ(again["files_skipped"].get<size_t>(), source_files);
  EXPECT_EQ(again["runs"], 1);
}

TEST(DistCpResumeTest, SecondRunOnTheSameTargetAtOnceIsRefused) {
  TempDir t;
  WriteFile(t / "s/f", std::string(4 << 20, 'x'));
  pid_t pid = Spawn({HMIG_BINARY, "distcp", "-update", "-bandwidth", "1", t / "s", t / "d"});
  std::this_thread::sleep_for(std::chrono::milliseconds(500));
  auto r = RunHmig({"distcp", "-update", t / "s", t / "d"});
  kill(pid, SIGKILL);
  waitpid(pid, nullptr, 0);
  EXPECT_EQ(r.exit_code, 3);
  EXPECT_NE(r.err.find("another hmig run is using this journal"), std::string::npos) << r.err;
}

TEST(DistCpResumeTest, JournalGoesToStateDirOrLogDir) {
  TempDir t;
  WriteFile(t / "s/f", "x");
  ASSERT_EQ(RunHmig({"distcp", "--state", t / "state", t / "s", t / "d"}).exit_code, 0);
  ASSERT_EQ(RunHmig({"distcp", "-log", t / "logs", t / "s", t / "d2"}).exit_code, 0);
  ASSERT_EQ(RunHmig({"distcp", t / "s", t / "d3"}).exit_code, 0);
  auto has_journal = [](const std::string& dir) {
    if (!std::filesystem::exists(dir)) return false;
    for (auto& e : std::filesystem::directory_iterator(dir)) {
      if (e.path().extension() == ".journal") return true;
    }
    return false;
  };
  EXPECT_TRUE(has_journal(t / "state"));
  EXPECT_TRUE(has_journal(t / "logs"));
  EXPECT_TRUE(has_journal(t / ".hmig-state"));
}

}  // namespace hmig::testing
