#include "checksum/crc.h"

#include <gtest/gtest.h>

#include <random>
#include <string>

#include "checksum/file_checksum.h"

namespace hmig::checksum {

TEST(CrcTest, KnownVectors) {
  const std::string check = "123456789";
  EXPECT_EQ(Crc32c(check.data(), check.size()), 0xE3069283u);
  EXPECT_EQ(Crc32(check.data(), check.size()), 0xCBF43926u);
  EXPECT_EQ(Crc32c("", 0), 0u);
  // RFC 3720 B.4: 32 bytes of zeros and of 0xFF.
  std::string zeros(32, '\0'), ones(32, '\xff');
  EXPECT_EQ(Crc32c(zeros.data(), zeros.size()), 0x8A9136AAu);
  EXPECT_EQ(Crc32c(ones.data(), ones.size()), 0x62A8AB43u);
}

TEST(CrcTest, IncrementalEqualsOneShot) {
  std::string data(100000, '\0');
  std::mt19937 rng(7);
  for (auto& c : data) c = static_cast<char>(rng());
  CrcAccumulator acc;
  for (size_t off = 0; off < data.size(); off += 777) {
    acc.Update(data.data() + off, std::min<size_t>(777, data.size() - off));
  }
  EXPECT_EQ(acc.value(), Crc32c(data.data(), data.size()));
  EXPECT_EQ(acc.length(), data.size());
}

TEST(CrcTest, CombineJoinsAdjacentRanges) {
  std::string data(300001, '\0');
  std::mt19937 rng(11);
  for (auto& c : data) c = static_cast<char>(rng());
  for (CrcType type : {CrcType::kCrc32c, CrcType::kCrc32}) {
    uint32_t whole = Crc(type, data.data(), data.size());
    for (size_t split : {size_t{0}, size_t{1}, size_t{4096}, size_t{123457}, data.size()}) {
      uint32_t a = Crc(type, data.data(), split);
      uint32_t b = Crc(type, data.data() + split, data.size() - split);
      EXPECT_EQ(CrcCombine(type, a, b, data.size() - split), whole) << "split " << split;
    }
  }
}

TEST(CrcTest, CombineOfManyChunksEqualsWhole) {
  std::string data(1 << 20, 'x');
  for (size_t i = 0; i < data.size(); ++i) data[i] = static_cast<char>(i % 251);
  uint32_t combined = 0;
  const size_t chunk = 65536 + 3;
  for (size_t off = 0; off < data.size(); off += chunk) {
    size_t n = std::min(chunk, data.size() - off);
    combined = CrcCombine(CrcType::kCrc32c, combined, Crc32c(data.data() + off, n), n);
  }
  EXPECT_EQ(combined, Crc32c(data.data(), data.size()));
}

TEST(CrcTest, CombineShiftsComposeForLengthsOfGigabytesAndMore) {
  // Appending L zero-CRC bytes twice must equal appending 2L at once: the shift by
  // x^(8L) is a power table lookup per bit of L, and lengths from 2^29 bytes on
  // reach past 32 table entries (a 1 GiB + 1 file copied in two chunks once came
  // out with a wrong CRC32C this way).
  for (CrcType type : {CrcType::kCrc32c, CrcType::kCrc32}) {
    for (int bits : {20, 27, 28, 29, 30, 31, 33, 40, 50}) {
      const uint64_t len = uint64_t{1} << bits;
      const uint32_t a = 0x12345678u;
      uint32_t twice = CrcCombine(type, CrcCombine(type, a, 0, len), 0, len);
      uint32_t once = CrcCombine(type, a, 0, 2 * len);
      EXPECT_EQ(twice, once) << "2^" << bits << " bytes, " << static_cast<int>(type);
      uint32_t odd = CrcCombine(type, CrcCombine(type, a, 0, len + 1), 0, len - 1);
      EXPECT_EQ(odd, once) << "2^" << bits << " bytes split unevenly";
    }
  }
}

TEST(FileChecksumTest, OnlyLikeIsComparable) {
  auto a = FileChecksum::Crc32c(0xE3069283u);
  auto b = FileChecksum::Crc32(0xE3069283u);
  EXPECT_FALSE(a.ComparableWith(b));
  EXPECT_FALSE(a == b);
  EXPECT_EQ(a.ToString(), "COMPOSITE-CRC32C:e3069283");
  FileChecksum m1, m2;
  m1.algorithm = m2.algorithm = ChecksumAlgorithm::kMd5Md5Crc32c;
  m1.bytes_per_crc = m2.bytes_per_crc = 512;
  m1.block_size = 128 << 20;
  m2.block_size = 64 << 20;
  EXPECT_FALSE(m1.ComparableWith(m2));
  m2.block_size = m1.block_size;
  EXPECT_TRUE(m1.ComparableWith(m2));
}

}  // namespace hmig::checksum
