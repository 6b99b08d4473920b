#include "checksum/file_checksum.h"

#include <fmt/format.h>

namespace hmig::checksum {

static std::string BigEndian32(uint32_t v) {
  std::string s(4, '\0');
  for (int i = 0; i < 4; ++i) s[i] = static_cast<char>((v >> (24 - 8 * i)) & 0xff);
  return s;
}

FileChecksum FileChecksum::Crc32c(uint32_t crc) {
  FileChecksum c;
  c.algorithm = ChecksumAlgorithm::kCompositeCrc32c;
  c.value = BigEndian32(crc);
  return c;
}

FileChecksum FileChecksum::Crc32(uint32_t crc) {
  FileChecksum c;
  c.algorithm = ChecksumAlgorithm::kCompositeCrc32;
  c.value = BigEndian32(crc);
  return c;
}

std::string FileChecksum::AlgorithmName() const {
  switch (algorithm) {
    case ChecksumAlgorithm::kCompositeCrc32c:
      return "COMPOSITE-CRC32C";
    case ChecksumAlgorithm::kCompositeCrc32:
      return "COMPOSITE-CRC32";
    case ChecksumAlgorithm::kMd5Md5Crc32c:
      return fmt::format("MD5-of-{}MD5-of-{}CRC32C", crc_per_block, bytes_per_crc);
    case ChecksumAlgorithm::kMd5Md5Crc32:
      return fmt::format("MD5-of-{}MD5-of-{}CRC32", crc_per_block, bytes_per_crc);
  }
  return "unknown";
}

std::string FileChecksum::Hex() const {
  std::string out;
  out.reserve(value.size() * 2);
  for (unsigned char c : value) out += fmt::format("{:02x}", c);
  return out;
}

std::string FileChecksum::ToString() const {
  return AlgorithmName() + ":" + Hex();
}

bool FileChecksum::ComparableWith(const FileChecksum& other) const {
  if (algorithm != other.algorithm) return false;
  if (algorithm == ChecksumAlgorithm::kMd5Md5Crc32c ||
      algorithm == ChecksumAlgorithm::kMd5Md5Crc32) {
    return bytes_per_crc == other.bytes_per_crc && block_size == other.block_size;
  }
  return true;
}

bool FileChecksum::operator==(const FileChecksum& other) const {
  return ComparableWith(other) && value == other.value;
}

}  // namespace hmig::checksum
