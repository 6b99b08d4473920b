// Failure injection through the real binary: nothing partial under a final name,
// one clear message per failure, the right exit code, -delete held back.
#include <gtest/gtest.h>
#include <sys/mount.h>
#include <unistd.h>

#include <atomic>
#include <fstream>
#include <nlohmann/json.hpp>
#include <thread>

#include "support/run.h"
#include "support/tree.h"

namespace hmig::testing {
namespace {

nlohmann::json ReadReport(const std::string& path) {
  return nlohmann::json::parse(ReadFile(path));
}

// Runs hmig as the unprivileged user nobody (root bypasses permission bits).
RunResult RunHmigAsNobody(std::vector<std::string> args) {
  args.insert(args.begin(), {"/usr/bin/setpriv", "--reuid=65534", "--regid=65534", "--clear-groups",
                             HMIG_BINARY});
  return RunProgram(args);
}

void OpenUp(const std::string& dir) {
  chmod(dir.c_str(), 0755);
  for (auto& e : std::filesystem::recursive_directory_iterator(dir)) {
    chmod(e.path().c_str(), e.is_directory() ? 0755 : 0644);
  }
}

}  // namespace

TEST(DistCpSafetyTest, ReadOnlyTargetDirectoryFailsEachFileClearly) {
  if (geteuid() != 0) GTEST_SKIP() << "needs root to drop to another user";
  TempDir t;
  WriteFile(t / "s/a", "1");
  WriteFile(t / "s/b", "2");
  std::filesystem::create_directories(t / "d");
  OpenUp(t.path());
  std::filesystem::create_directories(t / "out");
  chmod((t / "out").c_str(), 0777);
  chmod((t / "d").c_str(), 0555);
  auto r = RunHmigAsNobody({"distcp", "-update", "-delete", "--state", t / "out", "--report",
                            t / "out/r.json", t / "s", t / "d"});
  EXPECT_EQ(r.exit_code, 1) << r.err;
  EXPECT_NE(r.err.find("Permission denied"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find(t / "d/a: cannot create"), std::string::npos) << r.err;
  EXPECT_TRUE(std::filesystem::is_empty(t / "d"));
  auto rep = ReadReport(t / "out/r.json");
  EXPECT_EQ(rep["files_failed"], 2);
  EXPECT_EQ(rep["delete_skipped"], true);
}

TEST(DistCpSafetyTest, UnreadableSourceFailsThatFileOnlyAndIgnoreFailuresExitsZero) {
  if (geteuid() != 0) GTEST_SKIP() << "needs root to drop to another user";
  TempDir t;
  WriteFile(t / "s/ok", "fine");
  WriteFile(t / "s/secret", "nope");
  OpenUp(t.path());
  chmod((t / "s/secret").c_str(), 0000);
  std::filesystem::create_directories(t / "d");
  chmod((t / "d").c_str(), 0777);
  chmod(t.path().c_str(), 0777);  // the journal goes beside the target
  auto r = RunHmigAsNobody({"distcp", "-update", t / "s", t / "d"});
  EXPECT_EQ(r.exit_code, 1) << r.err;
  EXPECT_NE(r.err.find(t / "s/secret"), std::string::npos) << r.err;
  EXPECT_EQ(ReadFile(t / "d/ok"), "fine");
  EXPECT_FALSE(std::filesystem::exists(t / "d/secret"));
  EXPECT_EQ(CountTempFiles(t / "d"), 0);
  r = RunHmigAsNobody({"distcp", "-update", "-i", t / "s", t / "d"});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.err.find("failed"), std::string::npos);  // still reported
}

TEST(DistCpSafetyTest, SourceChangedOnceDuringCopyIsRetriedAndCommittedWhole) {
  TempDir t;
  WriteFile(t / "s/growing", std::string(3 << 20, 'g'));
  std::thread writer([&] {
    std::this_thread::sleep_for(std::chrono::milliseconds(700));
    std::ofstream(t / "s/growing", std::ios::app) << "more data arriving";
  });
  // 1 MiB/s: the 3 MiB copy takes about 3 s, so the append lands mid-copy.
  auto r = RunHmig({"distcp", "-bandwidth", "1", "--report", t / "r.json", t / "s", t / "d"});
  writer.join();
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(ReadFile(t / "d/growing"), ReadFile(t / "s/growing"));
  EXPECT_EQ(ReadReport(t / "r.json")["files_retried"], 1);
  EXPECT_EQ(CountTempFiles(t / "d"), 0);
}

TEST(DistCpSafetyTest, SourceThatKeepsChangingIsFailedAndNeverCommitted) {
  TempDir t;
  WriteFile(t / "s/growing", std::string(2 << 20, 'g'));
  WriteFile(t / "s/steady", "s");
  std::atomic<bool> stop{false};
  std::thread writer([&] {
    while (!stop) {
      std::this_thread::sleep_for(std::chrono::milliseconds(300));
      std::ofstream(t / "s/growing", std::ios::app) << "more";
    }
  });
  auto r = RunHmig(
      {"distcp", "-bandwidth", "2", "--retries", "1", "--report", t / "r.json", t / "s", t / "d"});
  stop = true;
  writer.join();
  EXPECT_EQ(r.exit_code, 1) << r.err;
  EXPECT_NE(r.err.find("while it was being copied"), std::string::npos) << r.err;
  EXPECT_FALSE(std::filesystem::exists(t / "d/growing"));
  EXPECT_EQ(ReadFile(t / "d/steady"), "s");
  EXPECT_EQ(CountTempFiles(t / "d"), 0);
  EXPECT_EQ(ReadReport(t / "r.json")["files_failed"], 1);
}

class DiskFullTest : public ::testing::Test {
 protected:
  void SetUp() override {
    mnt_ = t_ / "small";
    std::filesystem::create_directories(mnt_);
    if (mount("tmpfs", mnt_.c_str(), "tmpfs", 0, "size=2m") != 0) {
      GTEST_SKIP() << "cannot mount a small tmpfs here (needs root): " << std::strerror(errno);
    }
    mounted_ = true;
  }
  void TearDown() override {
    if (mounted_) umount2(mnt_.c_str(), MNT_DETACH);
  }
  TempDir t_;
  std::string mnt_;
  bool mounted_ = false;
};

TEST_F(DiskFullTest, StopsAtOnceExitsThreeAndLeavesNothingPartial) {
  WriteFile(t_ / "s/a-small", std::string(100 * 1024, 'a'));
  WriteFile(t_ / "s/b-big", std::string(3 << 20, 'b'));  // larger than the filesystem
  WriteFile(t_ / "s/c-small", std::string(100 * 1024, 'c'));
  auto r =
      RunHmig({"distcp", "-update", "-m", "1", "--report", t_ / "r.json", t_ / "s", mnt_ + "/d"});
  EXPECT_EQ(r.exit_code, 3) << r.err;
  EXPECT_NE(r.err.find("no space left"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("bytes free"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find(mnt_ + "/d/b-big"), std::string::npos) << r.err;
  EXPECT_FALSE(std::filesystem::exists(mnt_ + "/d/b-big"));
  EXPECT_FALSE(std::filesystem::exists(mnt_ + "/d/c-small"));  // no new copies after the failure
  EXPECT_EQ(CountTempFiles(mnt_), 0);

  // Once there is room, the same command finishes the job.
  ASSERT_EQ(mount("tmpfs", mnt_.c_str(), "tmpfs", MS_REMOUNT, "size=8m"), 0);
  r = RunHmig({"distcp", "-update", "-m", "1", t_ / "s", mnt_ + "/d"});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(Snapshot(mnt_ + "/d"), Snapshot(t_ / "s"));
}

}  // namespace hmig::testing
