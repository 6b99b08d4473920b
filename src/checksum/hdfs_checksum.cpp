#include "checksum/hdfs_checksum.h"

#include <openssl/evp.h>

#include <algorithm>
#include <cstring>

#include <nlohmann/json.hpp>

namespace hmig::checksum {

namespace {

std::string Md5(const std::string& data) {
  unsigned char out[EVP_MAX_MD_SIZE];
  unsigned int n = 0;
  EVP_Digest(data.data(), data.size(), out, &n, EVP_md5(), nullptr);
  return std::string(reinterpret_cast<char*>(out), n);
}

// The size of Hadoop's DataOutputBuffer backing array after `used` bytes were
// written to it: 32 at first, growing to max(2 * capacity, needed). The final MD5
// covers the whole array (see the header).
size_t HadoopBufferCapacity(size_t used) {
  size_t capacity = 32;
  while (capacity < used) capacity = std::max(capacity * 2, used);
  return capacity;
}

int HexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

uint64_t ReadBigEndian(const std::string& bytes, size_t offset, size_t width) {
  uint64_t v = 0;
  for (size_t i = 0; i < width; ++i) v = (v << 8) | static_cast<unsigned char>(bytes[offset + i]);
  return v;
}

// "MD5-of-<crcPerBlock>MD5-of-<bytesPerCRC><CRC32|CRC32C>"
bool ParseMd5Name(std::string_view name, uint64_t* crc_per_block, uint32_t* bytes_per_crc,
                  ChecksumAlgorithm* algorithm) {
  constexpr std::string_view kPrefix = "MD5-of-";
  constexpr std::string_view kMiddle = "MD5-of-";
  if (name.substr(0, kPrefix.size()) != kPrefix) return false;
  name.remove_prefix(kPrefix.size());
  auto read_number = [&name](uint64_t* out) {
    size_t n = 0;
    uint64_t v = 0;
    while (n < name.size() && name[n] >= '0' && name[n] <= '9' && n < 19)
      v = v * 10 + (name[n++] - '0');
    if (n == 0) return false;
    name.remove_prefix(n);
    *out = v;
    return true;
  };
  uint64_t per_block = 0, per_crc = 0;
  if (!read_number(&per_block)) return false;
  if (name.substr(0, kMiddle.size()) != kMiddle) return false;
  name.remove_prefix(kMiddle.size());
  if (!read_number(&per_crc) || per_crc > UINT32_MAX) return false;
  if (name == "CRC32C") {
    *algorithm = ChecksumAlgorithm::kMd5Md5Crc32c;
  } else if (name == "CRC32") {
    *algorithm = ChecksumAlgorithm::kMd5Md5Crc32;
  } else {
    return false;
  }
  *crc_per_block = per_block;
  *bytes_per_crc = static_cast<uint32_t>(per_crc);
  return true;
}

}  // namespace

struct HdfsChecksumBuilder::Md5State {
  EVP_MD_CTX* ctx = EVP_MD_CTX_new();
  Md5State() { Reset(); }
  ~Md5State() { EVP_MD_CTX_free(ctx); }
  void Reset() { EVP_DigestInit_ex(ctx, EVP_md5(), nullptr); }
  void Update(const void* data, size_t len) { EVP_DigestUpdate(ctx, data, len); }
  std::string Final() {
    unsigned char out[EVP_MAX_MD_SIZE];
    unsigned int n = 0;
    EVP_DigestFinal_ex(ctx, out, &n);
    Reset();
    return std::string(reinterpret_cast<char*>(out), n);
  }
};

HdfsChecksumBuilder::HdfsChecksumBuilder(const HdfsChecksumParams& params)
    : params_(params), block_md5_(new Md5State) {
  if (params_.bytes_per_crc == 0) params_.bytes_per_crc = 512;
  if (params_.block_size == 0) params_.block_size = 128ull << 20;
}

HdfsChecksumBuilder::~HdfsChecksumBuilder() {
  delete block_md5_;
}

void HdfsChecksumBuilder::FinishChunk() {
  unsigned char be[4];
  for (int i = 0; i < 4; ++i)
    be[i] = static_cast<unsigned char>((chunk_crc_ >> (24 - 8 * i)) & 0xff);
  block_md5_->Update(be, 4);
  chunk_crc_ = 0;
  in_chunk_ = 0;
}

void HdfsChecksumBuilder::FinishBlock() {
  if (in_chunk_ > 0) FinishChunk();
  block_md5s_.append(block_md5_->Final());
  ++block_count_;
  in_block_ = 0;
}

void HdfsChecksumBuilder::Update(const void* data, size_t len) {
  const auto* p = static_cast<const unsigned char*>(data);
  length_ += len;
  if (params_.mode == HdfsCombineMode::kCompositeCrc) {
    whole_crc_ = Crc(params_.crc_type, p, len, whole_crc_);
    return;
  }
  while (len > 0) {
    // A chunk ends at bytes_per_crc or at the block boundary, whichever is first.
    uint64_t to_block_end = params_.block_size - in_block_;
    uint64_t to_chunk_end = params_.bytes_per_crc - in_chunk_;
    size_t n = static_cast<size_t>(std::min<uint64_t>({len, to_block_end, to_chunk_end}));
    chunk_crc_ = Crc(params_.crc_type, p, n, chunk_crc_);
    in_chunk_ += static_cast<uint32_t>(n);
    in_block_ += n;
    p += n;
    len -= n;
    if (in_block_ == params_.block_size) {
      FinishBlock();
    } else if (in_chunk_ == params_.bytes_per_crc) {
      FinishChunk();
    }
  }
}

FileChecksum HdfsChecksumBuilder::Finish() {
  FileChecksum out;
  out.block_size = params_.block_size;
  if (length_ == 0) {
    // No blocks: Hadoop's empty answer, in either combine mode.
    out.algorithm = ChecksumAlgorithm::kMd5Md5Crc32;
    out.bytes_per_crc = 0;
    out.crc_per_block = 0;
    out.value = Md5(std::string(HadoopBufferCapacity(0), '\0'));
    return out;
  }
  if (params_.mode == HdfsCombineMode::kCompositeCrc) {
    FileChecksum c = params_.crc_type == CrcType::kCrc32c ? FileChecksum::Crc32c(whole_crc_)
                                                          : FileChecksum::Crc32(whole_crc_);
    return c;
  }
  if (in_block_ > 0) FinishBlock();
  out.algorithm = params_.crc_type == CrcType::kCrc32c ? ChecksumAlgorithm::kMd5Md5Crc32c
                                                       : ChecksumAlgorithm::kMd5Md5Crc32;
  out.bytes_per_crc = params_.bytes_per_crc;
  out.crc_per_block = block_count_ > 1
                          ? (params_.block_size + params_.bytes_per_crc - 1) / params_.bytes_per_crc
                          : 0;
  std::string buffer = block_md5s_;
  buffer.resize(HadoopBufferCapacity(block_md5s_.size()), '\0');
  out.value = Md5(buffer);
  return out;
}

FileChecksum ComputeHdfsChecksum(const HdfsChecksumParams& params, const void* data, size_t len) {
  HdfsChecksumBuilder builder(params);
  builder.Update(data, len);
  return builder.Finish();
}

Result<FileChecksum> ParseHdfsChecksum(std::string_view algorithm, std::string_view hex_bytes,
                                       uint64_t length, uint64_t block_size) {
  auto bad = [&](const std::string& why) {
    std::string msg = "unrecognised HDFS checksum '";
    msg.append(algorithm).append("': ").append(why);
    return Status::Corrupt(msg);
  };
  if (hex_bytes.size() % 2 != 0) return bad("odd number of hex digits");
  std::string bytes;
  for (size_t i = 0; i < hex_bytes.size(); i += 2) {
    int hi = HexValue(hex_bytes[i]), lo = HexValue(hex_bytes[i + 1]);
    if (hi < 0 || lo < 0) return bad("bytes are not hex");
    bytes.push_back(static_cast<char>(hi * 16 + lo));
  }
  if (length > bytes.size()) return bad("length is larger than the bytes given");
  bytes.resize(length);

  FileChecksum out;
  if (algorithm == "COMPOSITE-CRC32C" || algorithm == "COMPOSITE-CRC32") {
    if (bytes.size() != 4) return bad("a composite CRC must be 4 bytes");
    uint32_t crc = static_cast<uint32_t>(ReadBigEndian(bytes, 0, 4));
    return algorithm == "COMPOSITE-CRC32C" ? FileChecksum::Crc32c(crc) : FileChecksum::Crc32(crc);
  }
  if (!ParseMd5Name(algorithm, &out.crc_per_block, &out.bytes_per_crc, &out.algorithm)) {
    return bad("unknown algorithm");
  }
  // int32 bytesPerCRC, int64 crcPerBlock, 16-byte MD5 (MD5MD5CRC32FileChecksum.write).
  if (bytes.size() != 28) return bad("an MD5-of-MD5 checksum must be 28 bytes");
  if (ReadBigEndian(bytes, 0, 4) != out.bytes_per_crc ||
      ReadBigEndian(bytes, 4, 8) != out.crc_per_block) {
    return bad("the bytes disagree with the algorithm name");
  }
  out.value = bytes.substr(12);
  out.block_size = block_size;
  return out;
}

Result<FileChecksum> ParseWebHdfsChecksumJson(std::string_view json, uint64_t block_size) {
  auto doc = nlohmann::json::parse(json, nullptr, /*allow_exceptions=*/false);
  if (doc.is_discarded() || !doc.is_object() || !doc.contains("FileChecksum") ||
      !doc["FileChecksum"].is_object()) {
    return Status::Corrupt("GETFILECHECKSUM answer is not a FileChecksum JSON object");
  }
  const auto& fc = doc["FileChecksum"];
  if (!fc.contains("algorithm") || !fc["algorithm"].is_string() || !fc.contains("bytes") ||
      !fc["bytes"].is_string() || !fc.contains("length") || !fc["length"].is_number_unsigned()) {
    return Status::Corrupt("GETFILECHECKSUM answer lacks algorithm, bytes or length");
  }
  return ParseHdfsChecksum(fc["algorithm"].get<std::string>(), fc["bytes"].get<std::string>(),
                           fc["length"].get<uint64_t>(), block_size);
}

Result<HdfsChecksumParams> ParamsToMatch(const FileChecksum& remote) {
  HdfsChecksumParams p;
  switch (remote.algorithm) {
    case ChecksumAlgorithm::kCompositeCrc32c:
    case ChecksumAlgorithm::kCompositeCrc32:
      p.mode = HdfsCombineMode::kCompositeCrc;
      p.crc_type = remote.algorithm == ChecksumAlgorithm::kCompositeCrc32c ? CrcType::kCrc32c
                                                                           : CrcType::kCrc32;
      return p;
    case ChecksumAlgorithm::kMd5Md5Crc32c:
    case ChecksumAlgorithm::kMd5Md5Crc32:
      if (remote.block_size == 0) {
        return Status::Invalid(
            "an MD5-of-MD5 checksum cannot be reproduced without the file's block size");
      }
      p.mode = HdfsCombineMode::kMd5Md5Crc;
      p.crc_type =
          remote.algorithm == ChecksumAlgorithm::kMd5Md5Crc32c ? CrcType::kCrc32c : CrcType::kCrc32;
      // An empty file reports 0 bytes-per-CRC; any value reproduces its answer.
      p.bytes_per_crc = remote.bytes_per_crc == 0 ? 512 : remote.bytes_per_crc;
      p.block_size = remote.block_size;
      return p;
  }
  return Status::Internal("unknown checksum algorithm");
}

}  // namespace hmig::checksum
