// Every -p flag on file://, checked the way an operator would: stat, getfacl, getfattr.
#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <nlohmann/json.hpp>

#include "support/run.h"
#include "support/tree.h"

namespace hmig::testing {

class DistCpPreserveTest : public ::testing::Test {
 protected:
  void SetUp() override {
    WriteFile(t_ / "s/dir/file", "data");
    WriteFile(t_ / "s/setuid", "x");
    std::filesystem::create_directories(t_ / "s/sticky");
  }
  std::string Tool(const std::vector<std::string>& argv) {
    auto r = RunProgram(argv);
    return r.exit_code == 0 ? r.out : "<" + argv[0] + " failed: " + r.err + ">";
  }
  TempDir t_;
};

TEST_F(DistCpPreserveTest, PermissionIncludingSetuidAndStickyBits) {
  chmod((t_ / "s/setuid").c_str(), 04751);
  chmod((t_ / "s/sticky").c_str(), 01777);
  chmod((t_ / "s/dir").c_str(), 0710);
  auto r = RunHmig({"distcp", "-pp", t_ / "s", t_ / "d"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(Lstat(t_ / "d/setuid").st_mode & 07777, 04751u);
  EXPECT_EQ(Lstat(t_ / "d/sticky").st_mode & 07777, 01777u);
  EXPECT_EQ(Lstat(t_ / "d/dir").st_mode & 07777, 0710u);
}

TEST_F(DistCpPreserveTest, WithoutPThePermissionIsNotCopied) {
  chmod((t_ / "s/setuid").c_str(), 04751);
  ASSERT_EQ(RunHmig({"distcp", t_ / "s", t_ / "d"}).exit_code, 0);
  EXPECT_NE(Lstat(t_ / "d/setuid").st_mode & 07777, 04751u);
}

TEST_F(DistCpPreserveTest, UserAndGroupNeedRoot) {
  if (geteuid() != 0) GTEST_SKIP() << "changing owners needs root";
  ASSERT_EQ(chown((t_ / "s/dir/file").c_str(), 65534, 65534), 0);  // nobody:nogroup
  ASSERT_EQ(chown((t_ / "s/dir").c_str(), 1, 1), 0);               // daemon:daemon
  chmod((t_ / "s/setuid").c_str(), 06755);
  ASSERT_EQ(chown((t_ / "s/setuid").c_str(), 65534, 65534), 0);
  chmod((t_ / "s/setuid").c_str(), 06755);
  auto r = RunHmig({"distcp", "-pugp", t_ / "s", t_ / "d"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(Lstat(t_ / "d/dir/file").st_uid, 65534u);
  EXPECT_EQ(Lstat(t_ / "d/dir/file").st_gid, 65534u);
  EXPECT_EQ(Lstat(t_ / "d/dir").st_uid, 1u);
  // chown clears setuid/setgid; -p must restore them afterwards.
  EXPECT_EQ(Lstat(t_ / "d/setuid").st_mode & 07777, 06755u);
  // -pu alone leaves the group to the copier.
  ASSERT_EQ(RunHmig({"distcp", "-pu", t_ / "s", t_ / "d2"}).exit_code, 0);
  EXPECT_EQ(Lstat(t_ / "d2/dir/file").st_uid, 65534u);
  EXPECT_EQ(Lstat(t_ / "d2/dir/file").st_gid, getegid());
}

TEST_F(DistCpPreserveTest, TimesOfFilesAndDirectoriesAfterTheirChildren) {
  struct timespec times[2] = {{1500000000, 111}, {1600000000, 222}};  // atime, mtime
  utimensat(AT_FDCWD, (t_ / "s/dir/file").c_str(), times, 0);
  struct timespec dir_times[2] = {{1400000000, 0}, {1450000000, 333}};
  utimensat(AT_FDCWD, (t_ / "s/dir").c_str(), dir_times, 0);
  auto r = RunHmig({"distcp", "-pt", t_ / "s", t_ / "d"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  auto f = Lstat(t_ / "d/dir/file");
  EXPECT_EQ(f.st_mtim.tv_sec, 1600000000);
  EXPECT_EQ(f.st_mtim.tv_nsec, 222);
  EXPECT_EQ(f.st_atim.tv_sec, 1500000000);
  auto d = Lstat(t_ / "d/dir");  // would be "now" if set before the child was written
  EXPECT_EQ(d.st_mtim.tv_sec, 1450000000);
  EXPECT_EQ(d.st_mtim.tv_nsec, 333);
  EXPECT_NE(Tool({"/usr/bin/stat", "-c", "%Y", t_ / "d/dir/file"}).find("1600000000"),
            std::string::npos);
}

TEST_F(DistCpPreserveTest, XAttrsAsGetfattrShowsThem) {
  auto set =
      RunProgram({"/usr/bin/setfattr", "-n", "user.hive.owner", "-v", "etl", t_ / "s/dir/file"});
  if (set.exit_code != 0) GTEST_SKIP() << "no user xattrs here: " << set.err;
  ASSERT_EQ(RunHmig({"distcp", "-px", t_ / "s", t_ / "d"}).exit_code, 0);
  std::string out = Tool({"/usr/bin/getfattr", "-d", t_ / "d/dir/file"});
  EXPECT_NE(out.find("user.hive.owner=\"etl\""), std::string::npos) << out;
  ASSERT_EQ(RunHmig({"distcp", t_ / "s", t_ / "d-nox"}).exit_code, 0);
  EXPECT_EQ(Tool({"/usr/bin/getfattr", "-d", t_ / "d-nox/dir/file"}).find("user.hive.owner"),
            std::string::npos);
}

TEST_F(DistCpPreserveTest, AclsAccessAndDefaultAsGetfaclShowsThem) {
  auto set = RunProgram({"/usr/bin/setfacl", "-m", "u:nobody:r-x,g:daemon:rw-", t_ / "s/dir/file"});
  if (set.exit_code != 0) GTEST_SKIP() << "no ACLs here: " << set.err;
  ASSERT_EQ(RunProgram({"/usr/bin/setfacl", "-d", "-m", "u:nobody:rwx", t_ / "s/dir"}).exit_code,
            0);
  auto r = RunHmig({"distcp", "-pa", t_ / "s", t_ / "d"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  auto strip = [](std::string s) { return s.substr(s.find('\n', s.find("# file")) + 1); };
  EXPECT_EQ(strip(Tool({"/usr/bin/getfacl", "-p", t_ / "d/dir/file"})),
            strip(Tool({"/usr/bin/getfacl", "-p", t_ / "s/dir/file"})));
  std::string dir_acl = Tool({"/usr/bin/getfacl", "-p", t_ / "d/dir"});
  EXPECT_NE(dir_acl.find("default:user:nobody:rwx"), std::string::npos) << dir_acl;
}

TEST_F(DistCpPreserveTest, HdfsOnlyLettersAreAcceptedAndReportedNotApplicable) {
  auto r = RunHmig({"distcp", "-prbc", "--report", t_ / "r.json", t_ / "s", t_ / "d"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  auto notes = nlohmann::json::parse(ReadFile(t_ / "r.json"))["notes"].dump();
  EXPECT_NE(notes.find("-pr (replication): not applicable to file://"), std::string::npos) << notes;
  EXPECT_NE(notes.find("-pb (block size): not applicable to file://"), std::string::npos);
  EXPECT_NE(notes.find("-pc (checksum type): not applicable to file://"), std::string::npos);
  EXPECT_NE(r.out.find("not applicable to file://"), std::string::npos);
}

TEST_F(DistCpPreserveTest, UpdateReappliesDriftedAttributesOfSkippedFiles) {
  ASSERT_EQ(RunHmig({"distcp", "-pp", t_ / "s", t_ / "d"}).exit_code, 0);
  chmod((t_ / "d/dir/file").c_str(), 0600);
  chmod((t_ / "s/dir/file").c_str(), 0640);
  auto r = RunHmig({"distcp", "-update", "-pp", "--report", t_ / "r.json", t_ / "s", t_ / "d"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(Lstat(t_ / "d/dir/file").st_mode & 07777, 0640u);
  EXPECT_EQ(nlohmann::json::parse(ReadFile(t_ / "r.json"))["files_copied"], 0);
}

}  // namespace hmig::testing
