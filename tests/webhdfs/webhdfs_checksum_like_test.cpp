// A local file is compared with an HDFS file by hashing the local bytes with the
// HDFS file's algorithm, block size and bytes-per-checksum (WebHDFS only ever
// answers MD5-of-MD5-of-CRC); an HDFS file with another block size is hashed
// likewise from its bytes.
#include <gtest/gtest.h>

#include "fs/local/local_fs.h"
#include "test_server.h"

namespace hmig::testing {
namespace {

TEST(ChecksumLikeTest, LocalAndHdfsCopiesOfTheSameBytesCompareEqual) {
  WebHdfsTestServer server;
  ASSERT_TRUE(server.running());
  auto hdfs = server.Client();
  std::string data(3 * (1 << 20) + 777, '\0');
  for (size_t i = 0; i < data.size(); ++i) data[i] = static_cast<char>(i * 7 % 251);
  fs::CreateOptions o;
  o.block_size = 1 << 20;
  auto w = hdfs->Create("/f.bin", o);
  ASSERT_TRUE(w.ok());
  ASSERT_TRUE((*w)->Write(data.data(), data.size()).ok());
  ASSERT_TRUE((*w)->Close().ok());
  auto remote = hdfs->Checksum("/f.bin");
  ASSERT_TRUE(remote.ok());

  TempDir t;
  WriteFile(t / "f.bin", data);
  auto local = fs::MakeLocalFileSystem();
  auto native = local->Checksum(t / "f.bin");
  ASSERT_TRUE(native.ok());
  EXPECT_FALSE(native->ComparableWith(*remote));  // CRC32C vs MD5-of-MD5: not comparable as such
  auto like = local->ChecksumLike(t / "f.bin", *remote);
  ASSERT_TRUE(like.ok()) << like.status().ToString();
  EXPECT_TRUE(*like == *remote) << like->ToString() << " vs " << remote->ToString();

  WriteFile(t / "g.bin", data.substr(0, data.size() - 1) + "!");
  auto other = local->ChecksumLike(t / "g.bin", *remote);
  ASSERT_TRUE(other.ok());
  EXPECT_TRUE(other->ComparableWith(*remote));
  EXPECT_FALSE(*other == *remote);

  // The same bytes in HDFS with the default 128 MiB block: the server's own
  // checksum is not comparable, so the bytes are read and hashed like the other.
  ASSERT_TRUE(hdfs->Create("/g.bin", {}).ok());
  auto w2 = hdfs->Create("/h.bin", {});
  ASSERT_TRUE(w2.ok());
  ASSERT_TRUE((*w2)->Write(data.data(), data.size()).ok());
  ASSERT_TRUE((*w2)->Close().ok());
  EXPECT_FALSE(hdfs->Checksum("/h.bin")->ComparableWith(*remote));
  auto h = hdfs->ChecksumLike("/h.bin", *remote);
  ASSERT_TRUE(h.ok()) << h.status().ToString();
  EXPECT_TRUE(*h == *remote);
}

}  // namespace
}  // namespace hmig::testing
