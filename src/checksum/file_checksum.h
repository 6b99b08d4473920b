// A typed file checksum: which algorithm (and its parameters) produced which bytes,
// so that only like is ever compared with like (an HDFS MD5-of-MD5 checksum with a
// different block size is as incomparable as a CRC with an MD5).
#pragma once

#include <cstdint>
#include <optional>
#include <string>

namespace hmig::checksum {

enum class ChecksumAlgorithm {
  // Whole-file CRC over all bytes. HDFS reports these as COMPOSITE-CRC32C /
  // COMPOSITE-CRC32 when dfs.checksum.combine.mode=COMPOSITE_CRC; they do not
  // depend on block size or bytes-per-checksum.
  kCompositeCrc32c,
  kCompositeCrc32,
  // HDFS's default: MD5 over per-block MD5s over per-chunk CRCs. Depends on
  // bytes_per_crc and block_size.
  kMd5Md5Crc32c,
  kMd5Md5Crc32,
};

struct FileChecksum {
  ChecksumAlgorithm algorithm = ChecksumAlgorithm::kCompositeCrc32c;
  uint32_t bytes_per_crc = 0;  // MD5-of-MD5 only
  uint64_t crc_per_block = 0;  // MD5-of-MD5 only, as HDFS reports it (0 for one-block files)
  uint64_t block_size = 0;     // MD5-of-MD5 only: block size the file was written with
  std::string value;           // raw digest bytes: 4 for CRCs (big-endian), 16 for MD5

  static FileChecksum Crc32c(uint32_t crc);
  static FileChecksum Crc32(uint32_t crc);

  // Hadoop's algorithm name: "COMPOSITE-CRC32C", "MD5-of-262144MD5-of-512CRC32C".
  std::string AlgorithmName() const;
  // Lower-case hex of value.
  std::string Hex() const;
  // "COMPOSITE-CRC32C:e3069283"
  std::string ToString() const;

  // True when the two can be compared byte for byte: same algorithm and, for
  // MD5-of-MD5, the same bytes-per-CRC and block size.
  bool ComparableWith(const FileChecksum& other) const;
  bool operator==(const FileChecksum& other) const;
};

}  // namespace hmig::checksum
