#include <gtest/gtest.h>
#include <sys/stat.h>

#include <set>

#include "fs/filesystem.h"
#include "support/temp_dir.h"

namespace hmig::fs {
using hmig::testing::ReadFile;
using hmig::testing::TempDir;
using hmig::testing::WriteFile;

class LocalFsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto r = Resolve(dir_.path());
    ASSERT_TRUE(r.ok()) << r.status().ToString();
    fs_ = r->fs;
  }
  TempDir dir_;
  std::shared_ptr<FileSystem> fs_;
};

TEST_F(LocalFsTest, ResolveSharesOneInstancePerScheme) {
  auto a = Resolve("/tmp");
  auto b = Resolve("file:///var");
  ASSERT_TRUE(a.ok() && b.ok());
  EXPECT_EQ(a->fs.get(), b->fs.get());
  EXPECT_EQ(b->path, "/var");
  EXPECT_EQ(Resolve("gopher://x/y").status().code(), StatusCode::kInvalidArgument);
}

TEST_F(LocalFsTest, CreateWriteReadBack) {
  std::string p = dir_ / "a/b/file";
  CreateOptions opts;
  opts.create_parents = true;
  auto w = fs_->Create(p, opts);
  ASSERT_TRUE(w.ok()) << w.status().ToString();
  ASSERT_TRUE((*w)->Write("hello", 5).ok());
  ASSERT_TRUE((*w)->Close().ok());
  auto st = fs_->Stat(p);
  ASSERT_TRUE(st.ok());
  EXPECT_EQ(st->length, 5u);
  EXPECT_TRUE(st->is_file());
  auto r = fs_->OpenRead(p);
  ASSERT_TRUE(r.ok());
  char buf[8];
  auto n = (*r)->ReadAt(1, buf, sizeof buf);
  ASSERT_TRUE(n.ok());
  EXPECT_EQ(std::string(buf, *n), "ello");
}

TEST_F(LocalFsTest, CreateWithoutOverwriteRefusesExisting) {
  WriteFile(dir_ / "x", "1");
  auto w = fs_->Create(dir_ / "x", {});
  EXPECT_EQ(w.status().code(), StatusCode::kAlreadyExists);
  EXPECT_EQ(ReadFile(dir_ / "x"), "1");
}

TEST_F(LocalFsTest, ListStreamsChildren) {
  WriteFile(dir_ / "d/one", "1");
  WriteFile(dir_ / "d/two words", "2");
  WriteFile(dir_ / "d/sub/three", "3");
  std::set<std::string> names;
  ASSERT_TRUE(fs_->List(dir_ / "d",
                        [&](const FileStatus& s) {
                          names.insert(BaseName(s.path));
                          return Status::OK();
                        })
                  .ok());
  EXPECT_EQ(names, (std::set<std::string>{"one", "two words", "sub"}));
  EXPECT_EQ(fs_->List(dir_ / "nope", [](const FileStatus&) { return Status::OK(); }).code(),
            StatusCode::kNotFound);
}

TEST_F(LocalFsTest, RenameWithoutOverwriteKeepsTarget) {
  WriteFile(dir_ / "src", "new");
  WriteFile(dir_ / "dst", "old");
  EXPECT_EQ(fs_->Rename(dir_ / "src", dir_ / "dst", false).code(), StatusCode::kAlreadyExists);
  EXPECT_EQ(ReadFile(dir_ / "dst"), "old");
  EXPECT_TRUE(fs_->Rename(dir_ / "src", dir_ / "dst", true).ok());
  EXPECT_EQ(ReadFile(dir_ / "dst"), "new");
}

TEST_F(LocalFsTest, PermissionKeepsStickyAndSetgidBits) {
  ASSERT_TRUE(fs_->Mkdirs(dir_ / "sticky", 0755).ok());
  ASSERT_TRUE(fs_->SetPermission(dir_ / "sticky", 03775).ok());
  EXPECT_EQ(fs_->Stat(dir_ / "sticky")->permission, 03775u);
}

TEST_F(LocalFsTest, TimesAreSetToTheNanosecond) {
  WriteFile(dir_ / "t", "x");
  const int64_t mtime = 1700000000123456789LL, atime = 1600000000987654321LL;
  ASSERT_TRUE(fs_->SetTimes(dir_ / "t", mtime, atime).ok());
  auto st = fs_->Stat(dir_ / "t");
  EXPECT_EQ(st->mtime_ns, mtime);
  EXPECT_EQ(st->atime_ns, atime);
}

TEST_F(LocalFsTest, XAttrsRoundTrip) {
  WriteFile(dir_ / "x", "x");
  Status s = fs_->SetXAttr(dir_ / "x", "user.hmig.test", std::string("v\0al", 4));
  if (s.code() == StatusCode::kUnsupported) GTEST_SKIP() << "no user xattrs on this filesystem";
  ASSERT_TRUE(s.ok()) << s.ToString();
  auto x = fs_->GetXAttrs(dir_ / "x");
  ASSERT_TRUE(x.ok());
  EXPECT_EQ(x->at("user.hmig.test"), std::string("v\0al", 4));
}

TEST_F(LocalFsTest, AclRoundTripIncludesDefaultEntries) {
  ASSERT_TRUE(fs_->Mkdirs(dir_ / "acl", 0750).ok());
  AclEntries want = {"user::rwx",  "user:root:r-x",     "group::r-x",         "mask::r-x",
                     "other::---", "default:user::rwx", "default:group::r-x", "default:other::---"};
  Status s = fs_->SetAcl(dir_ / "acl", want);
  if (s.code() == StatusCode::kUnsupported) GTEST_SKIP() << "no ACLs on this filesystem";
  ASSERT_TRUE(s.ok()) << s.ToString();
  auto got = fs_->GetAcl(dir_ / "acl");
  ASSERT_TRUE(got.ok());
  EXPECT_EQ(*got, want);
  ASSERT_TRUE(fs_->SetAcl(dir_ / "acl", {}).ok());
  EXPECT_TRUE(fs_->GetAcl(dir_ / "acl")->empty());
}

TEST_F(LocalFsTest, ChecksumIsWholeFileCrc32c) {
  WriteFile(dir_ / "c", "123456789");
  auto c = fs_->Checksum(dir_ / "c");
  ASSERT_TRUE(c.ok());
  EXPECT_EQ(c->ToString(), "COMPOSITE-CRC32C:e3069283");
}

TEST_F(LocalFsTest, DeleteRecursiveRemovesTree) {
  WriteFile(dir_ / "tree/a/b/c", "1");
  EXPECT_FALSE(fs_->Delete(dir_ / "tree", false).ok());
  EXPECT_TRUE(fs_->Delete(dir_ / "tree", true).ok());
  EXPECT_EQ(fs_->Stat(dir_ / "tree").status().code(), StatusCode::kNotFound);
}

}  // namespace hmig::fs
