// `hmig distcp` through the real binary between file://, webhdfs:// and a second
// WebHDFS cluster, with -update -delete -pbugpcaxt, faults on the way, and the
// re-run that must copy nothing.
#include <fcntl.h>
#include <gtest/gtest.h>
#include <spawn.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <utime.h>
#include <thread>

#include <cstdlib>

#include "fs/webhdfs/hadoop_token_file.h"
#include "support/run.h"
#include "support/tree.h"
#include "test_server.h"

namespace hmig::testing {
namespace {

nlohmann::json Report(const std::string& path) {
  return nlohmann::json::parse(ReadFile(path), nullptr, false);
}

class WebHdfsDistCpTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(old_.running() && new_.running());
    setenv("HADOOP_USER_NAME", kTestUser, 1);
    WriteFile(t_ / "src/a.txt", "alpha");
    WriteFile(t_ / "src/dir/b.bin", std::string(1 << 20, 'b') + "tail");
    WriteFile(t_ / "src/dir/deeper/c", "");
    WriteFile(t_ / "src/name with space+plus", "odd name");
    chmod((t_ / "src/a.txt").c_str(), 0640);
    struct utimbuf times {
      1600000000, 1500000000
    };
    utime((t_ / "src/a.txt").c_str(), &times);
  }

  RunResult Distcp(const std::string& src, const std::string& dst, const std::string& report,
                   std::vector<std::string> extra = {}) {
    std::vector<std::string> args = {"distcp",  "-update",    "-delete",  "-pbugpcaxt",
                                     "--state", t_ / "state", "--report", report};
    args.insert(args.end(), extra.begin(), extra.end());
    args.push_back(src);
    args.push_back(dst);
    return RunHmig(args);
  }

  std::string OldUri(const std::string& path) const {
    return "webhdfs://" + old_.authority() + path;
  }
  std::string NewUri(const std::string& path) const {
    return "webhdfs://" + new_.authority() + path;
  }

  TempDir t_;
  WebHdfsTestServer old_{{"--page-size", "2"}};
  WebHdfsTestServer new_{{"--page-size", "2", "--hadoop-version", "2"}};
};

TEST_F(WebHdfsDistCpTest, LocalToWebHdfsAndBackKeepsBytesAndAttributesAndRerunsCopyNothing) {
  auto r = Distcp(t_ / "src", OldUri("/warehouse"), t_ / "r1.json");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(Snapshot(old_.data_dir() + "/warehouse"), Snapshot(t_ / "src"));
  EXPECT_EQ(CountTempFiles(old_.data_dir()), 0);
  auto fs = old_.Client();
  auto a = fs->Stat("/warehouse/a.txt");
  ASSERT_TRUE(a.ok());
  EXPECT_EQ(a->permission, 0640u);
  EXPECT_EQ(a->mtime_ns, 1500000000LL * 1000000000);
  EXPECT_EQ(Report(t_ / "r1.json")["files_copied"], 4);

  // Nothing changed: nothing copied.
  r = Distcp(t_ / "src", OldUri("/warehouse"), t_ / "r2.json");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(Report(t_ / "r2.json")["files_copied"], 0) << r.out;

  // One change, one deletion: exactly those travel.
  WriteFile(t_ / "src/a.txt", "alpha, changed");
  std::filesystem::remove(t_ / "src/dir/deeper/c");
  r = Distcp(t_ / "src", OldUri("/warehouse"), t_ / "r3.json");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  auto rep = Report(t_ / "r3.json");
  EXPECT_EQ(rep["files_copied"], 1);
  EXPECT_EQ(rep["files_deleted"], 1);
  EXPECT_EQ(Snapshot(old_.data_dir() + "/warehouse"), Snapshot(t_ / "src"));

  // And back to a local directory.
  r = Distcp(OldUri("/warehouse"), t_ / "back", t_ / "r4.json");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(Snapshot(t_ / "back"), Snapshot(t_ / "src"));
  EXPECT_EQ(Lstat(t_ / "back/a.txt").st_mode & 07777, 0640u);
}

TEST_F(WebHdfsDistCpTest, ClusterToClusterPreservesBlockSizeSoChecksumsCompareAndMirrorsDeletes) {
  auto fs = old_.Client();
  fs::CreateOptions o;
  o.block_size = 1 << 20;
  o.create_parents = true;
  auto w = fs->Create("/data/big.bin", o);
  ASSERT_TRUE(w.ok());
  std::string data(3 * (1 << 20) + 100, 'z');
  ASSERT_TRUE((*w)->Write(data.data(), data.size()).ok());
  ASSERT_TRUE((*w)->Close().ok());
  ASSERT_TRUE(fs->SetXAttr("/data/big.bin", "user.origin", "old-cluster").ok());
  ASSERT_TRUE(fs->SetAcl("/data/big.bin", {"user:alice:r--"}).ok());

  auto r = Distcp(OldUri("/data"), NewUri("/data"), t_ / "r1.json");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  auto nfs = new_.Client();
  auto st = nfs->Stat("/data/big.bin");
  ASSERT_TRUE(st.ok());
  EXPECT_EQ(st->block_size, 1u << 20);
  EXPECT_EQ((*nfs->GetXAttrs("/data/big.bin"))["user.origin"], "old-cluster");
  EXPECT_EQ(*nfs->GetAcl("/data/big.bin"), *fs->GetAcl("/data/big.bin"));
  auto a = fs->Checksum("/data/big.bin");
  auto b = nfs->Checksum("/data/big.bin");
  ASSERT_TRUE(a.ok() && b.ok());
  EXPECT_TRUE(a->ComparableWith(*b));
  EXPECT_TRUE(*a == *b) << a->ToString() << " vs " << b->ToString();

  // The re-run compares the two clusters' own checksums: not one byte is read.
  int opens_before =
      old_.State()["requests"].value("nn OPEN", 0) + new_.State()["requests"].value("nn OPEN", 0);
  r = Distcp(OldUri("/data"), NewUri("/data"), t_ / "r2.json");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(Report(t_ / "r2.json")["files_copied"], 0);
  EXPECT_EQ(
      old_.State()["requests"].value("nn OPEN", 0) + new_.State()["requests"].value("nn OPEN", 0),
      opens_before);
  EXPECT_GE(new_.State()["requests"].value("nn GETFILECHECKSUM", 0), 1);

  // -update -delete between clusters: a file gone from the old one goes from the
  // new one, a new file arrives, the rest stays.
  auto small = fs->Create("/data/sub/new.txt", o);
  ASSERT_TRUE(small.ok());
  ASSERT_TRUE((*small)->Write("new", 3).ok());
  ASSERT_TRUE((*small)->Close().ok());
  auto gone = fs->Create("/data/gone.txt", o);
  ASSERT_TRUE(gone.ok());
  ASSERT_TRUE((*gone)->Close().ok());
  ASSERT_EQ(Distcp(OldUri("/data"), NewUri("/data"), t_ / "r3.json").exit_code, 0);
  ASSERT_TRUE(fs->Delete("/data/gone.txt", false).ok());
  r = Distcp(OldUri("/data"), NewUri("/data"), t_ / "r4.json");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(Report(t_ / "r4.json")["files_deleted"], 1);
  EXPECT_EQ(Snapshot(new_.data_dir() + "/data"), Snapshot(old_.data_dir() + "/data"));
}

TEST_F(WebHdfsDistCpTest, UpdateFindsSameLengthChangesThroughChecksums) {
  ASSERT_EQ(Distcp(t_ / "src", OldUri("/w"), t_ / "r1.json").exit_code, 0);
  // Same length, same mtime, different bytes: only a checksum can tell.
  struct stat before = Lstat(t_ / "src/a.txt");
  WriteFile(t_ / "src/a.txt", "ALPHA");
  struct utimbuf times {
    before.st_atime, before.st_mtime
  };
  utime((t_ / "src/a.txt").c_str(), &times);
  // Without the resume journal (which would prove the file unchanged by length
  // and mtime), -update compares the CRC32C of the local file with the HDFS one.
  std::filesystem::remove_all(t_ / "state");
  auto r = Distcp(t_ / "src", OldUri("/w"), t_ / "r2.json");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(Report(t_ / "r2.json")["files_copied"], 1);
  EXPECT_EQ(ReadFile(old_.data_dir() + "/w/a.txt"), "ALPHA");
}

TEST_F(WebHdfsDistCpTest, DroppedStreamsAndRefusedUploadsAreRetriedWithNothingTornLeft) {
  old_.AddFaults(
      {{{"where", "dn"}, {"op", "CREATE"}, {"kind", "drop"}, {"after", 300000}, {"count", 1}},
       {{"where", "nn"}, {"op", "CREATE"}, {"kind", "refuse"}, {"count", 1}},
       {{"where", "nn"},
        {"op", "GETFILESTATUS"},
        {"kind", "status"},
        {"status", 503},
        {"count", 1}}});
  auto r = Distcp(t_ / "src", OldUri("/w"), t_ / "r1.json");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(Snapshot(old_.data_dir() + "/w"), Snapshot(t_ / "src"));
  EXPECT_EQ(CountTempFiles(old_.data_dir()), 0);
  EXPECT_EQ(old_.State().value("faults_left", -1), 0);

  old_.AddFaults(
      {{{"where", "dn"}, {"op", "OPEN"}, {"kind", "drop"}, {"after", 100000}, {"count", 2}}});
  r = Distcp(OldUri("/w"), t_ / "back", t_ / "r2.json");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(Snapshot(t_ / "back"), Snapshot(t_ / "src"));
  EXPECT_EQ(old_.State()["fired"].value("dn OPEN drop", 0), 2);
}

TEST_F(WebHdfsDistCpTest, CompositeCrcOfAnHdfsFileComparesWithTheLocalCrc32cWithoutReadingIt) {
  // A cluster answering COMPOSITE-CRC32C (what RPC gives with
  // dfs.checksum.combine.mode=COMPOSITE_CRC): the whole-file CRC32C, directly
  // comparable with a local file's.
  WebHdfsTestServer composite({"--combine-mode", "COMPOSITE_CRC"});
  ASSERT_TRUE(composite.running());
  std::string uri = "webhdfs://" + composite.authority() + "/c";
  ASSERT_EQ(Distcp(t_ / "src", uri, t_ / "r1.json").exit_code, 0);
  std::filesystem::remove_all(t_ / "state");  // no journal: checksums must decide
  int opens = composite.State()["requests"].value("nn OPEN", 0);
  auto r = Distcp(t_ / "src", uri, t_ / "r2.json");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(Report(t_ / "r2.json")["files_copied"], 0);
  EXPECT_EQ(composite.State()["requests"].value("nn OPEN", 0), opens);
  EXPECT_GT(composite.State()["requests"].value("dn GETFILECHECKSUM", 0), 0);
}

TEST_F(WebHdfsDistCpTest, Md5OfMd5OfAnHdfsFileIsMatchedByHashingOnlyTheLocalSide) {
  // The default cluster answers MD5-of-xMD5-of-yCRC32C (as GETFILECHECKSUM always
  // does): -update computes that algorithm over the local bytes, with the HDFS
  // file's block size and bytes-per-checksum, and never downloads the HDFS file.
  ASSERT_EQ(Distcp(t_ / "src", OldUri("/m"), t_ / "r1.json").exit_code, 0);
  std::filesystem::remove_all(t_ / "state");  // no journal: checksums must decide
  int opens = old_.State()["requests"].value("nn OPEN", 0);
  auto r = Distcp(t_ / "src", OldUri("/m"), t_ / "r2.json");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(Report(t_ / "r2.json")["files_copied"], 0);
  EXPECT_EQ(Report(t_ / "r2.json")["notes"].dump().find("not comparable"), std::string::npos);
  EXPECT_EQ(old_.State()["requests"].value("nn OPEN", 0), opens);

  struct stat before = Lstat(t_ / "src/a.txt");
  WriteFile(t_ / "src/a.txt", "ALPHA");  // same length, same mtime below
  struct utimbuf times {
    before.st_atime, before.st_mtime
  };
  utime((t_ / "src/a.txt").c_str(), &times);
  std::filesystem::remove_all(t_ / "state");
  r = Distcp(t_ / "src", OldUri("/m"), t_ / "r3.json");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(Report(t_ / "r3.json")["files_copied"], 1);
}

TEST_F(WebHdfsDistCpTest, ClustersWithOtherChecksumTypesFallBackToLengthOrBytesSayingSoOnce) {
  // The old cluster writes CRC32C, the new one CRC32 (dfs.checksum.type differs,
  // and -pc cannot choose it over WebHDFS): their MD5-of-MD5 checksums never
  // compare, so -update says so once and trusts the length, or with --verify-bytes
  // reads both sides and finds same-length changes.
  WebHdfsTestServer crc32({"--checksum-type", "CRC32"});
  ASSERT_TRUE(crc32.running());
  std::string target = "webhdfs://" + crc32.authority() + "/w";
  ASSERT_EQ(Distcp(t_ / "src", OldUri("/w"), t_ / "r0.json").exit_code, 0);
  auto r = Distcp(OldUri("/w"), target, t_ / "r1.json");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(Snapshot(crc32.data_dir() + "/w"), Snapshot(t_ / "src"));
  auto sum = crc32.Client()->Checksum("/w/a.txt");
  ASSERT_TRUE(sum.ok());
  EXPECT_EQ(sum->AlgorithmName(), "MD5-of-0MD5-of-512CRC32");

  // Same length, other bytes, on the old cluster.
  auto fs = old_.Client();
  fs::CreateOptions o;
  o.overwrite = true;
  auto w = fs->Create("/w/a.txt", o);
  ASSERT_TRUE(w.ok());
  ASSERT_TRUE((*w)->Write("ALPHA", 5).ok());
  ASSERT_TRUE((*w)->Close().ok());

  std::filesystem::remove_all(t_ / "state");  // no journal: checksums must decide
  int opens = crc32.State()["requests"].value("nn OPEN", 0);
  r = Distcp(OldUri("/w"), target, t_ / "r2.json");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  auto rep = Report(t_ / "r2.json");
  EXPECT_EQ(rep["files_copied"], 0);  // by length, the change is not seen
  std::string notes = rep["notes"].dump();
  size_t at = notes.find("not comparable");
  EXPECT_NE(at, std::string::npos) << notes;
  EXPECT_NE(notes.find("length only"), std::string::npos) << notes;
  EXPECT_EQ(notes.find("not comparable", at + 1), std::string::npos) << notes;  // once
  EXPECT_EQ(crc32.State()["requests"].value("nn OPEN", 0), opens);              // nothing read

  std::filesystem::remove_all(t_ / "state");
  r = Distcp(OldUri("/w"), target, t_ / "r3.json", {"--verify-bytes"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  rep = Report(t_ / "r3.json");
  EXPECT_EQ(rep["files_copied"], 1);
  EXPECT_NE(rep["notes"].dump().find("byte by byte"), std::string::npos) << rep["notes"].dump();
  EXPECT_GT(crc32.State()["requests"].value("nn OPEN", 0), opens);
  EXPECT_EQ(ReadFile(crc32.data_dir() + "/w/a.txt"), "ALPHA");
}

TEST_F(WebHdfsDistCpTest, ASpaceQuotaStopsTheCopyAsNoSpaceAndTheRerunCompletes) {
  // hdfs dfsadmin -setSpaceQuota on the target directory: the NameNode refuses the
  // first block (DSQuotaExceededException, at the DataNode step of CREATE).
  ASSERT_TRUE(old_.Client()->Mkdirs("/q", std::nullopt).ok());
  old_.Control("PUT", "/hmig-test/quota?path=/q&space=4096");
  auto r = Distcp(t_ / "src", OldUri("/q/w"), t_ / "r1.json");
  EXPECT_EQ(r.exit_code, 3) << r.err;
  EXPECT_NE(r.err.find("The DiskSpace quota of /q is exceeded"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("4096 bytes free"), std::string::npos) << r.err;  // GETCONTENTSUMMARY
  EXPECT_EQ(CountTempFiles(old_.data_dir()), 0);
  old_.Control("PUT", "/hmig-test/quota?path=/q&space=-1");  // -clrSpaceQuota
  r = Distcp(t_ / "src", OldUri("/q/w"), t_ / "r2.json");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(Snapshot(old_.data_dir() + "/q/w"), Snapshot(t_ / "src"));
}

TEST_F(WebHdfsDistCpTest, TheSeedsOwnDistCpLineWorksWithAnHdfsUri) {
  // The seed: hadoop distcp -pbugpcax -m 1000 -bandwidth 30 -update –delete
  //   hdfs://oldclusterip:8020/user/hive/warehouse /user/hive/warehouse
  // (en dash included). The NameNode RPC address is what users type; its HTTP
  // port comes from the configuration or, here, HMIG_NAMENODE_HTTP_PORT.
  auto fs = old_.Client();
  fs::CreateOptions o;
  o.create_parents = true;
  for (std::string part :
       {"dt=2024-01-01/part-0", "dt=2024-01-02/part-0", "dt=2024-01-02/part-1"}) {
    auto w = fs->Create("/user/hive/warehouse/db.db/t/" + part, o);
    ASSERT_TRUE(w.ok());
    ASSERT_TRUE((*w)->Write(part.data(), part.size()).ok());
    ASSERT_TRUE((*w)->Close().ok());
  }
  setenv("HMIG_NAMENODE_HTTP_PORT", std::to_string(old_.nn_port()).c_str(), 1);
  auto r = RunHmig({"distcp", "-pbugpcax", "-m", "4", "-bandwidth", "30", "-update", "\u2013delete",
                    "--state", t_ / "state", "hdfs://127.0.0.1:8020/user/hive/warehouse",
                    NewUri("/user/hive/warehouse")});
  unsetenv("HMIG_NAMENODE_HTTP_PORT");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(Snapshot(new_.data_dir() + "/user/hive/warehouse"),
            Snapshot(old_.data_dir() + "/user/hive/warehouse"));
}

TEST(WebHdfsTokenFileDistCpTest, TheTokenInHadoopTokenFileLocationAuthenticatesTheCopy) {
  WebHdfsTestServer server({"--auth", "token"});
  ASSERT_TRUE(server.running());
  TempDir t;
  WriteFile(t / "src/f", "token-file data");
  // A Writable credentials file with one HDFS delegation token for this cluster.
  std::string service = server.authority();
  std::string token_bytes = std::string("\x04") + "id-1" + "\x03pw1" + "\x15HDFS_DELEGATION_TOKEN" +
                            static_cast<char>(service.size()) + service;
  WriteFile(t / "creds", std::string("HDTS\0\x01\x05"
                                     "alias",
                                     12) +
                             token_bytes + std::string(1, '\0'));
  auto url_string = fs::webhdfs::HdfsTokenFromFile(t / "creds", service);
  ASSERT_TRUE(url_string.ok()) << url_string.status().ToString();
  server.Control("PUT", "/hmig-test/token?token=" + *url_string + "&owner=hmig");
  setenv("HADOOP_TOKEN_FILE_LOCATION", (t / "creds").c_str(), 1);
  auto r = RunHmig({"distcp", "--state", t / "state", t / "src", "webhdfs://" + service + "/dst"});
  unsetenv("HADOOP_TOKEN_FILE_LOCATION");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(ReadFile(server.data_dir() + "/dst/f"), "token-file data");
  // Without the file the same copy is refused.
  auto refused =
      RunHmig({"distcp", "--state", t / "state2", t / "src", "webhdfs://" + service + "/dst2"});
  EXPECT_NE(refused.exit_code, 0);
  EXPECT_EQ(refused.err.find(*url_string), std::string::npos) << "token leaked into output";
  EXPECT_EQ(r.err.find(*url_string), std::string::npos) << "token leaked into output";
  EXPECT_EQ(r.out.find(*url_string), std::string::npos) << "token leaked into output";
}

TEST(WebHdfsTokenFlagDistCpTest, DelegationTokenFlagAuthenticatesAndIsHiddenFromTheProcessList) {
  WebHdfsTestServer server({"--auth", "token"});
  ASSERT_TRUE(server.running());
  TempDir t;
  WriteFile(t / "src/f", std::string(3 << 20, 'f'));
  const std::string token = "hmigFlagToken0123456789";
  server.Control("PUT", "/hmig-test/token?token=" + token + "&owner=hmig");
  const std::string dst = "webhdfs://" + server.authority() + "/dst";
  // Throttled so that the process is still running when its cmdline is read.
  std::vector<std::string> argv = {HMIG_BINARY, "distcp",    "-bandwidth",         "2",
                                   "--state",   t / "state", "--delegation-token", token,
                                   t / "src",   dst};
  std::vector<char*> args;
  for (auto& a : argv) args.push_back(a.data());
  args.push_back(nullptr);
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0);
  posix_spawn_file_actions_addopen(&actions, 2, (t / "err").c_str(), O_WRONLY | O_CREAT, 0644);
  pid_t pid;
  ASSERT_EQ(posix_spawn(&pid, args[0], &actions, nullptr, args.data(), environ), 0);
  posix_spawn_file_actions_destroy(&actions);
  std::this_thread::sleep_for(std::chrono::milliseconds(500));
  std::string cmdline = ReadFile("/proc/" + std::to_string(pid) + "/cmdline");
  int status = 0;
  waitpid(pid, &status, 0);
  ASSERT_TRUE(WIFEXITED(status));
  EXPECT_EQ(WEXITSTATUS(status), 0) << ReadFile(t / "err");
  EXPECT_FALSE(cmdline.empty());
  EXPECT_EQ(cmdline.find(token), std::string::npos) << "token visible in /proc/PID/cmdline";
  EXPECT_NE(cmdline.find("--delegation-token"), std::string::npos);
  EXPECT_EQ(ReadFile(server.data_dir() + "/dst/f"), std::string(3 << 20, 'f'));
  EXPECT_EQ(ReadFile(t / "err").find(token), std::string::npos);
}

TEST_F(WebHdfsDistCpTest, UploadsAreVerifiedAgainstTheClustersChecksumWithoutReadingThemBack) {
  int opens = old_.State()["requests"].value("nn OPEN", 0);
  auto r = Distcp(t_ / "src", OldUri("/up"), t_ / "r1.json");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(Snapshot(old_.data_dir() + "/up"), Snapshot(t_ / "src"));
  EXPECT_EQ(old_.State()["requests"].value("nn OPEN", 0), opens);
  EXPECT_GE(old_.State()["requests"].value("nn GETFILECHECKSUM", 0), 4);

  // A cluster with another block size than HDFS's default: the checksum computed on
  // the way does not match its parameters, so the upload is read back instead.
  WebHdfsTestServer small_blocks({"--block-size", "65536"});
  ASSERT_TRUE(small_blocks.running());
  r = Distcp(t_ / "src", "webhdfs://" + small_blocks.authority() + "/up", t_ / "r2.json");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(Snapshot(small_blocks.data_dir() + "/up"), Snapshot(t_ / "src"));
  EXPECT_GE(small_blocks.State()["requests"].value("nn OPEN", 0), 1);
}

TEST_F(WebHdfsDistCpTest, AnUnreachableClusterIsOneClearFatalError) {
  auto r = Distcp(t_ / "src", "webhdfs://127.0.0.1:1/x", t_ / "r.json");
  EXPECT_NE(r.exit_code, 0);
  EXPECT_NE(r.err.find("127.0.0.1:1"), std::string::npos) << r.err;
}

}  // namespace
}  // namespace hmig::testing
