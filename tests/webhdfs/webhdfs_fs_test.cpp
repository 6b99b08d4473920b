// The WebHDFS backend against the test server: every FileSystem operation, the
// two-step data protocol, paging, checksums, metadata, and Hadoop 2 behaviour.
#include <gtest/gtest.h>

#include <map>
#include <random>
#include <set>

#include "checksum/hdfs_checksum.h"
#include "test_server.h"

namespace hmig::testing {
namespace {

using fs::webhdfs::WebHdfsFileSystem;

std::string RandomBytes(size_t n, unsigned seed = 7) {
  std::mt19937 rng(seed);
  std::string s(n, '\0');
  for (auto& c : s) c = static_cast<char>(rng());
  return s;
}

Status WriteAll(fs::FileSystem& fs, const std::string& path, const std::string& data,
                fs::CreateOptions options = {}) {
  auto w = fs.Create(path, options);
  if (!w.ok()) return w.status();
  // Several writes of odd sizes, as a copy loop would make them.
  for (size_t off = 0; off < data.size();) {
    size_t n = std::min<size_t>(data.size() - off, 100003);
    HMIG_RETURN_IF_ERROR((*w)->Write(data.data() + off, n));
    off += n;
  }
  return (*w)->Close();
}

Result<std::string> ReadAll(fs::FileSystem& fs, const std::string& path, size_t buf_size = 65536) {
  HMIG_ASSIGN_OR_RETURN(auto r, fs.OpenRead(path));
  std::string out;
  std::string buf(buf_size, '\0');
  while (true) {
    HMIG_ASSIGN_OR_RETURN(size_t n, r->ReadAt(out.size(), buf.data(), buf.size()));
    if (n == 0) break;
    out.append(buf.data(), n);
  }
  return out;
}

class WebHdfsFsTest : public ::testing::Test {
 protected:
  void SetUp() override { ASSERT_TRUE(server_.running()) << "WebHDFS test server did not start"; }
  WebHdfsTestServer server_{{"--page-size", "3"}};
  std::shared_ptr<WebHdfsFileSystem> fs_ = server_.Client();
};

TEST_F(WebHdfsFsTest, WrittenBytesReadBackThroughTheDataNode) {
  ASSERT_TRUE(fs_->Mkdirs("/data/in", std::nullopt).ok());
  std::string data = RandomBytes(3 * 1024 * 1024 + 17);
  fs::CreateOptions opts;
  opts.overwrite = true;
  ASSERT_TRUE(WriteAll(*fs_, "/data/in/big.bin", data, opts).ok());
  // The bytes really are on the server's disk.
  EXPECT_EQ(ReadFile(server_.data_dir() + "/data/in/big.bin"), data);
  auto back = ReadAll(*fs_, "/data/in/big.bin", 1 << 20);
  ASSERT_TRUE(back.ok()) << back.status().ToString();
  EXPECT_TRUE(*back == data);
  // Positional reads anywhere, including the last byte; 0 at and past the end.
  auto r = fs_->OpenRead("/data/in/big.bin");
  ASSERT_TRUE(r.ok());
  char buf[10];
  auto n = (*r)->ReadAt(data.size() - 1, buf, sizeof buf);
  ASSERT_TRUE(n.ok());
  ASSERT_EQ(*n, 1u);
  EXPECT_EQ(buf[0], data.back());
  n = (*r)->ReadAt(12345, buf, sizeof buf);
  ASSERT_TRUE(n.ok());
  EXPECT_EQ(std::string(buf, *n), data.substr(12345, *n));
  EXPECT_EQ(*(*r)->ReadAt(data.size(), buf, sizeof buf), 0u);
}

TEST_F(WebHdfsFsTest, EmptyFileAndNamesNeedingEncodingRoundTrip) {
  ASSERT_TRUE(fs_->Mkdirs("/enc", std::nullopt).ok());
  for (std::string name : {"/enc/empty", "/enc/a b+c%d.txt", "/enc/été?#x=1&y.txt"}) {
    std::string data = name == "/enc/empty" ? "" : "content of " + name;
    ASSERT_TRUE(WriteAll(*fs_, name, data).ok()) << name;
    auto st = fs_->Stat(name);
    ASSERT_TRUE(st.ok()) << name << ": " << st.status().ToString();
    EXPECT_EQ(st->length, data.size());
    auto back = ReadAll(*fs_, name);
    ASSERT_TRUE(back.ok()) << back.status().ToString();
    EXPECT_EQ(*back, data);
  }
  std::vector<std::string> names;
  ASSERT_TRUE(fs_->List("/enc",
                        [&](const fs::FileStatus& s) {
                          names.push_back(s.path);
                          return Status::OK();
                        })
                  .ok());
  EXPECT_EQ(names.size(), 3u);
}

TEST_F(WebHdfsFsTest, ListingStreamsEveryEntryThroughSmallPages) {
  ASSERT_TRUE(fs_->Mkdirs("/many", std::nullopt).ok());
  for (int i = 0; i < 11; ++i) ASSERT_TRUE(WriteAll(*fs_, "/many/f" + std::to_string(i), "x").ok());
  ASSERT_TRUE(fs_->Mkdirs("/many/sub", 0700).ok());
  std::map<std::string, fs::FileStatus> seen;
  ASSERT_TRUE(fs_->List("/many",
                        [&](const fs::FileStatus& s) {
                          seen[s.path] = s;
                          return Status::OK();
                        })
                  .ok());
  EXPECT_EQ(seen.size(), 12u);
  EXPECT_TRUE(seen["/many/sub"].is_dir());
  EXPECT_EQ(seen["/many/sub"].permission, 0700u);
  EXPECT_EQ(seen["/many/f3"].length, 1u);
  // 12 entries in pages of 3 took 4 requests.
  EXPECT_GE(server_.State()["requests"].value("nn LISTSTATUS_BATCH", 0), 4);
  // A visitor error stops the listing and is returned.
  int calls = 0;
  Status st = fs_->List("/many", [&](const fs::FileStatus&) {
    return ++calls == 2 ? Status::Internal("stop here") : Status::OK();
  });
  EXPECT_EQ(st.message(), "stop here");
  EXPECT_EQ(calls, 2);
  EXPECT_EQ(fs_->List("/nope", [](const fs::FileStatus&) { return Status::OK(); }).code(),
            StatusCode::kNotFound);
  EXPECT_FALSE(fs_->List("/many/f1", [](const fs::FileStatus&) { return Status::OK(); }).ok());
}

TEST_F(WebHdfsFsTest, ErrorsCarryTheRightCodeAndTheServersMessage) {
  auto st = fs_->Stat("/missing/file");
  EXPECT_EQ(st.status().code(), StatusCode::kNotFound);
  EXPECT_NE(st.status().message().find("FileNotFoundException"), std::string::npos);
  ASSERT_TRUE(WriteAll(*fs_, "/f", "one").ok());
  EXPECT_EQ(fs_->Create("/f", {}).status().code(), StatusCode::kAlreadyExists);
  fs::CreateOptions no_parents;
  EXPECT_EQ(WriteAll(*fs_, "/no/parent/x", "1", no_parents).code(), StatusCode::kNotFound);
  fs::CreateOptions parents;
  parents.create_parents = true;
  EXPECT_TRUE(WriteAll(*fs_, "/yes/parent/x", "1", parents).ok());
  EXPECT_EQ(fs_->Delete("/nothing", false).code(), StatusCode::kNotFound);
  Status nonempty = fs_->Delete("/yes", false);
  EXPECT_FALSE(nonempty.ok());
  EXPECT_NE(nonempty.message().find("PathIsNotEmptyDirectoryException"), std::string::npos);
  EXPECT_TRUE(fs_->Delete("/yes", true).ok());
  EXPECT_EQ(fs_->Stat("/yes").status().code(), StatusCode::kNotFound);
  // Another user may not write into a 755 directory owned by hmig: the
  // DataNode refuses at step 2, and the writer reports it.
  auto alice = server_.Client("alice");
  EXPECT_EQ(alice->Mkdirs("/alice-dir", std::nullopt).code(), StatusCode::kPermissionDenied);
  Status denied = WriteAll(*alice, "/alice.txt", "no");
  EXPECT_EQ(denied.code(), StatusCode::kPermissionDenied) << denied.ToString();
  EXPECT_EQ(denied.message().find("\tat "), std::string::npos)
      << "stack trace kept: " << denied.message();
  // Safe mode is transient: worth retrying later.
  server_.SetMode("safemode=true");
  EXPECT_EQ(fs_->Mkdirs("/sm", std::nullopt).code(), StatusCode::kTransient);
  EXPECT_EQ(WriteAll(*fs_, "/sm.txt", "x").code(), StatusCode::kTransient);
  EXPECT_TRUE(fs_->Stat("/f").ok());
  server_.SetMode("safemode=false");
  EXPECT_TRUE(fs_->Mkdirs("/sm", std::nullopt).ok());
}

TEST_F(WebHdfsFsTest, RenameReplacesOnlyWhenAskedAndAppendExtends) {
  ASSERT_TRUE(WriteAll(*fs_, "/a", "aaa").ok());
  ASSERT_TRUE(WriteAll(*fs_, "/b", "bbb").ok());
  EXPECT_EQ(fs_->Rename("/a", "/b", false).code(), StatusCode::kAlreadyExists);
  EXPECT_TRUE(fs_->Rename("/a", "/b", true).ok());
  EXPECT_EQ(*ReadAll(*fs_, "/b"), "aaa");
  EXPECT_EQ(fs_->Stat("/a").status().code(), StatusCode::kNotFound);
  EXPECT_EQ(fs_->Rename("/a", "/c", false).code(), StatusCode::kNotFound);
  auto w = fs_->Append("/b");
  ASSERT_TRUE(w.ok()) << w.status().ToString();
  ASSERT_TRUE((*w)->Write("+more", 5).ok());
  ASSERT_TRUE((*w)->Close().ok());
  EXPECT_EQ(*ReadAll(*fs_, "/b"), "aaa+more");
  EXPECT_EQ(fs_->Append("/missing").status().code(), StatusCode::kNotFound);
}

TEST_F(WebHdfsFsTest, AttributesThatDistCpPreservesAreSetAndRead) {
  fs::CreateOptions opts;
  opts.permission = 0640;
  opts.replication = 2;
  opts.block_size = 1 << 20;
  ASSERT_TRUE(WriteAll(*fs_, "/attr.txt", "attributes", opts).ok());
  auto st = fs_->Stat("/attr.txt");
  ASSERT_TRUE(st.ok());
  EXPECT_EQ(st->permission, 0640u);
  EXPECT_EQ(st->replication, 2u);
  EXPECT_EQ(st->block_size, 1u << 20);
  EXPECT_EQ(st->owner, kTestUser);
  ASSERT_TRUE(fs_->SetPermission("/attr.txt", 01750).ok());
  ASSERT_TRUE(fs_->SetOwner("/attr.txt", "bob", "staff").ok());
  ASSERT_TRUE(fs_->SetTimes("/attr.txt", 1700000000123000000, 1700000001000000000).ok());
  ASSERT_TRUE(fs_->SetReplication("/attr.txt", 3).ok());
  st = fs_->Stat("/attr.txt");
  ASSERT_TRUE(st.ok());
  EXPECT_EQ(st->permission, 01750u);
  EXPECT_EQ(st->owner, "bob");
  EXPECT_EQ(st->group, "staff");
  EXPECT_EQ(st->mtime_ns, 1700000000123000000);
  EXPECT_EQ(st->atime_ns, 1700000001000000000);
  EXPECT_EQ(st->replication, 3u);
  EXPECT_FALSE(fs_->SetReplication("/", 3).ok());

  // ACLs: set from named entries, read back whole (as the local backend gives them).
  ASSERT_TRUE(fs_->SetPermission("/attr.txt", 0640).ok());
  ASSERT_TRUE(fs_->SetAcl("/attr.txt", {"user:alice:rw-", "group:eng:r--"}).ok());
  auto acl = fs_->GetAcl("/attr.txt");
  ASSERT_TRUE(acl.ok()) << acl.status().ToString();
  EXPECT_EQ(*acl, (fs::AclEntries{"user::rw-", "user:alice:rw-", "group::r--", "group:eng:r--",
                                  "mask::rw-", "other::---"}));
  EXPECT_TRUE(fs_->Stat("/attr.txt")->has_acl);
  ASSERT_TRUE(fs_->SetAcl("/attr.txt", *acl).ok());  // its own output is accepted back
  EXPECT_EQ(*fs_->GetAcl("/attr.txt"), *acl);
  ASSERT_TRUE(fs_->SetAcl("/attr.txt", {}).ok());
  EXPECT_TRUE(fs_->GetAcl("/attr.txt")->empty());

  // A directory with a default ACL only: the access part is its permission bits.
  ASSERT_TRUE(fs_->Mkdirs("/acldir", 0750).ok());
  fs::AclEntries defaults = {"default:user::rwx", "default:user:alice:r-x", "default:group::r-x",
                             "default:mask::r-x", "default:other::---"};
  ASSERT_TRUE(fs_->SetAcl("/acldir", defaults).ok());
  fs::AclEntries want = {"user::rwx", "group::r-x", "other::---"};
  want.insert(want.end(), defaults.begin(), defaults.end());
  EXPECT_EQ(*fs_->GetAcl("/acldir"), want);

  // Xattrs with binary values.
  std::string binary("\x00\x01\xff text", 8);
  ASSERT_TRUE(fs_->SetXAttr("/attr.txt", "user.bin", binary).ok());
  ASSERT_TRUE(fs_->SetXAttr("/attr.txt", "user.txt", "v1").ok());
  ASSERT_TRUE(fs_->SetXAttr("/attr.txt", "user.txt", "v2").ok());  // replaces
  auto x = fs_->GetXAttrs("/attr.txt");
  ASSERT_TRUE(x.ok()) << x.status().ToString();
  EXPECT_EQ(*x, (fs::XAttrs{{"user.bin", binary}, {"user.txt", "v2"}}));
  ASSERT_TRUE(fs_->RemoveXAttr("/attr.txt", "user.bin").ok());
  EXPECT_EQ(fs_->GetXAttrs("/attr.txt")->size(), 1u);
  EXPECT_EQ(fs_->SetXAttr("/attr.txt", "nonamespace", "v").code(), StatusCode::kInvalidArgument);
}

TEST_F(WebHdfsFsTest, FileChecksumEqualsTheSameAlgorithmOverLocalBytes) {
  std::string data = RandomBytes(2 * 1024 * 1024 + 5000, 11);
  fs::CreateOptions opts;
  opts.block_size = 1 << 20;
  ASSERT_TRUE(WriteAll(*fs_, "/ck.bin", data, opts).ok());
  auto remote = fs_->Checksum("/ck.bin");
  ASSERT_TRUE(remote.ok()) << remote.status().ToString();
  EXPECT_EQ(remote->AlgorithmName(), "MD5-of-2048MD5-of-512CRC32C");
  EXPECT_EQ(remote->block_size, 1u << 20);
  auto params = checksum::ParamsToMatch(*remote);
  ASSERT_TRUE(params.ok());
  EXPECT_TRUE(checksum::ComputeHdfsChecksum(*params, data.data(), data.size()) == *remote);
  data[42] ^= 1;
  EXPECT_FALSE(checksum::ComputeHdfsChecksum(*params, data.data(), data.size()) == *remote);
  EXPECT_FALSE(fs_->Checksum("/").ok());
  EXPECT_EQ(fs_->Checksum("/none").status().code(), StatusCode::kNotFound);
}

TEST_F(WebHdfsFsTest, SnapshotsContentSummaryAndHomeDirectory) {
  ASSERT_TRUE(fs_->Mkdirs("/snap", std::nullopt).ok());
  ASSERT_TRUE(WriteAll(*fs_, "/snap/keep", "k").ok());
  ASSERT_TRUE(WriteAll(*fs_, "/snap/gone", "g").ok());
  EXPECT_FALSE(fs_->CreateSnapshot("/snap", "s0").ok());  // not snapshottable yet
  // ALLOWSNAPSHOT is an admin operation; do it as the admin would.
  ASSERT_TRUE(fs_->NameNode("PUT", "/snap", "ALLOWSNAPSHOT", "").ok());
  auto s1 = fs_->CreateSnapshot("/snap", "s1");
  ASSERT_TRUE(s1.ok()) << s1.status().ToString();
  EXPECT_EQ(*s1, "/snap/.snapshot/s1");
  ASSERT_TRUE(fs_->Delete("/snap/gone", false).ok());
  ASSERT_TRUE(WriteAll(*fs_, "/snap/new", "n").ok());
  ASSERT_TRUE(fs_->CreateSnapshot("/snap", "s2").ok());
  auto diff = fs_->GetSnapshotDiff("/snap", "s1", "s2");
  ASSERT_TRUE(diff.ok()) << diff.status().ToString();
  std::set<std::string> seen;
  for (const auto& d : *diff) seen.insert(d.type + " " + d.source_path);
  EXPECT_TRUE(seen.count("DELETE gone"));
  EXPECT_TRUE(seen.count("CREATE new"));
  // The snapshot still holds the deleted file.
  EXPECT_EQ(*ReadAll(*fs_, "/snap/.snapshot/s1/gone"), "g");
  EXPECT_TRUE(fs_->DeleteSnapshot("/snap", "s1").ok());
  EXPECT_FALSE(fs_->DeleteSnapshot("/snap", "s1").ok());
  auto cs = fs_->GetContentSummary("/snap");
  ASSERT_TRUE(cs.ok());
  EXPECT_EQ(cs->file_count, 2u);
  EXPECT_EQ(cs->length, 2u);
  EXPECT_EQ(*fs_->GetHomeDirectory(), std::string("/user/") + kTestUser);
}

TEST_F(WebHdfsFsTest, NoRedirectModeTakesTheLocationFromJson) {
  fs::webhdfs::WebHdfsOptions o;
  o.noredirect = true;
  auto fs = server_.Client(kTestUser, o);
  std::string data = RandomBytes(200000, 5);
  ASSERT_TRUE(WriteAll(*fs, "/nr.bin", data).ok());
  auto back = ReadAll(*fs, "/nr.bin");
  ASSERT_TRUE(back.ok()) << back.status().ToString();
  EXPECT_TRUE(*back == data);
  EXPECT_TRUE(fs->Checksum("/nr.bin").ok());
  // CREATE, OPEN and GETFILECHECKSUM all asked for the JSON answer.
  EXPECT_EQ(server_.State()["requests"].value("nn noredirect", 0), 3);
}

TEST(WebHdfsHttpFsTest, AnHttpFsGatewayWithoutDataNodeRedirectsServesTheSameClient) {
  WebHdfsTestServer server({"--httpfs"});
  ASSERT_TRUE(server.running());
  auto fs = server.Client();
  std::string data = RandomBytes(3 << 20, 9);  // larger than the step-1 body limit
  ASSERT_TRUE(WriteAll(*fs, "/gw.bin", data).ok());
  auto back = ReadAll(*fs, "/gw.bin", 1 << 20);
  ASSERT_TRUE(back.ok()) << back.status().ToString();
  EXPECT_TRUE(*back == data);
  auto r = fs->OpenRead("/gw.bin");
  ASSERT_TRUE(r.ok());
  char buf[5];
  auto n = (*r)->ReadAt(2000000, buf, sizeof buf);
  ASSERT_TRUE(n.ok());
  EXPECT_EQ(std::string(buf, *n), data.substr(2000000, 5));
  auto ck = fs->Checksum("/gw.bin");
  ASSERT_TRUE(ck.ok()) << ck.status().ToString();
  EXPECT_EQ(ck->AlgorithmName(), "MD5-of-0MD5-of-512CRC32C");
  EXPECT_EQ(server.State()["requests"].value("dn OPEN", 0), 0);  // no DataNode involved
}

TEST(WebHdfsHadoop2Test, AHadoop2ServerServesTheSameClient) {
  WebHdfsTestServer server({"--hadoop-version", "2", "--page-size", "2"});
  ASSERT_TRUE(server.running());
  auto fs = server.Client();
  ASSERT_TRUE(fs->Mkdirs("/h2", std::nullopt).ok());
  for (int i = 0; i < 5; ++i) ASSERT_TRUE(WriteAll(*fs, "/h2/f" + std::to_string(i), "v2").ok());
  int n = 0;
  ASSERT_TRUE(fs->List("/h2", [&](const fs::FileStatus&) {
                  ++n;
                  return Status::OK();
                }).ok());
  EXPECT_EQ(n, 5);
  EXPECT_EQ(fs->Stat("/h2/f0")->permission, 0755u);  // 2.10.1's CREATE default
  EXPECT_EQ(*ReadAll(*fs, "/h2/f4"), "v2");
  auto ck = fs->Checksum("/h2/f1");
  ASSERT_TRUE(ck.ok());
  EXPECT_EQ(ck->AlgorithmName(), "MD5-of-0MD5-of-512CRC32C");
  // GETSNAPSHOTDIFF does not exist in 2.10.1: an invalid-argument error, not a crash.
  EXPECT_EQ(fs->GetSnapshotDiff("/h2", "a", "b").status().code(), StatusCode::kInvalidArgument);
}

}  // namespace
}  // namespace hmig::testing
