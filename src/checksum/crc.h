// CRC32C (Castagnoli, what HDFS uses by default) and CRC32 (gzip/zlib polynomial),
// computed with ISA-L, plus the combine operation that joins the CRCs of two
// adjacent byte ranges without reading them again.
#pragma once

#include <cstddef>
#include <cstdint>

namespace hmig::checksum {

enum class CrcType { kCrc32c, kCrc32 };

// Standard CRC value of a buffer, continuing from `crc` (0 for a fresh start):
// Crc32c("123456789") == 0xE3069283, Crc32("123456789") == 0xCBF43926.
uint32_t Crc32c(const void* data, size_t len, uint32_t crc = 0);
uint32_t Crc32(const void* data, size_t len, uint32_t crc = 0);
uint32_t Crc(CrcType type, const void* data, size_t len, uint32_t crc = 0);

// CRC of the concatenation A||B from crc(A), crc(B) and len(B).
uint32_t CrcCombine(CrcType type, uint32_t crc_a, uint32_t crc_b, uint64_t len_b);

// Incremental whole-stream CRC. Not thread-safe.
class CrcAccumulator {
 public:
  explicit CrcAccumulator(CrcType type = CrcType::kCrc32c) : type_(type) {}
  void Update(const void* data, size_t len) {
    crc_ = Crc(type_, data, len, crc_);
    length_ += len;
  }
  uint32_t value() const { return crc_; }
  uint64_t length() const { return length_; }
  CrcType type() const { return type_; }

 private:
  CrcType type_;
  uint32_t crc_ = 0;
  uint64_t length_ = 0;
};

}  // namespace hmig::checksum
