#include "fs/local/mapped_crc.h"

#include <fcntl.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <string>

#include "checksum/crc.h"
#include "support/temp_dir.h"

namespace hmig::fs {
using hmig::testing::TempDir;

namespace {

int OpenWith(const std::string& path, const std::string& bytes, off_t size) {
  int fd = open(path.c_str(), O_RDWR | O_CREAT | O_TRUNC, 0644);
  EXPECT_GE(fd, 0);
  EXPECT_EQ(ftruncate(fd, size), 0);  // sparse: zeros without writing them
  EXPECT_EQ(pwrite(fd, bytes.data(), bytes.size(), 0), static_cast<ssize_t>(bytes.size()));
  EXPECT_EQ(pwrite(fd, bytes.data(), bytes.size(), size - static_cast<off_t>(bytes.size())),
            static_cast<ssize_t>(bytes.size()));
  return fd;
}

}  // namespace

TEST(MappedCrcTest, EqualsTheCrcOfTheBytesAcrossSeveralWindows) {
  TempDir dir;
  const std::string head = "the first and last bytes differ from the zeros between";
  const off_t size = (13 << 20) + 12345;  // more than three 4 MiB windows, odd tail
  int fd = OpenWith(dir / "f", head, size);
  std::string expected_bytes(static_cast<size_t>(size), '\0');
  expected_bytes.replace(0, head.size(), head);
  expected_bytes.replace(expected_bytes.size() - head.size(), head.size(), head);
  auto crc = MappedCrc32c(fd, static_cast<uint64_t>(size), dir / "f");
  ASSERT_TRUE(crc.ok()) << crc.status().ToString();
  EXPECT_EQ(*crc, checksum::Crc32c(expected_bytes.data(), expected_bytes.size()));
  // A prefix, as used after an append.
  auto prefix = MappedCrc32c(fd, 1000, dir / "f");
  ASSERT_TRUE(prefix.ok());
  EXPECT_EQ(*prefix, checksum::Crc32c(expected_bytes.data(), 1000));
  close(fd);
}

TEST(MappedCrcTest, AFileShorterThanExpectedIsReportedNotACrash) {
  // Pages past the end of a mapped file raise SIGBUS when read, as when a file is
  // truncated while it is checksummed.
  TempDir dir;
  int fd = OpenWith(dir / "short", "abc", 1 << 20);
  auto crc = MappedCrc32c(fd, 8 << 20, dir / "short");
  ASSERT_FALSE(crc.ok());
  EXPECT_EQ(crc.status().code(), StatusCode::kChanged);
  EXPECT_NE(crc.status().message().find("shrank"), std::string::npos);
  // The handler stays usable: a second read works.
  auto whole = MappedCrc32c(fd, 1 << 20, dir / "short");
  EXPECT_TRUE(whole.ok());
  close(fd);
}

}  // namespace hmig::fs
