// HDFS file checksums computed over a byte stream, so that a local file (or any
// stream) can be compared with what an HDFS NameNode reports for a file, and the
// parsing of WebHDFS GETFILECHECKSUM answers into typed checksums.
//
// MD5-of-MD5-of-CRC (HDFS's default, and the only thing WebHDFS ever answers):
//   * the file is cut into blocks of `block_size` bytes, each block into chunks of
//     `bytes_per_crc` bytes (the last ones shorter);
//   * per block: MD5 over the big-endian 4-byte CRCs of its chunks (what the
//     DataNode reads from the block's .meta file);
//   * per file: MD5 over the block MD5s as Hadoop's DataOutputBuffer holds them.
//     Hadoop digests the buffer's whole backing array (MD5Hash.digest(getData())),
//     which starts at 32 bytes and doubles, so zero bytes pad the tail: a file of one
//     block is MD5(blockMD5 || 16 zero bytes), an empty file MD5(32 zero bytes).
//   * crc_per_block is reported only for files of more than one block (0 otherwise);
//     an empty file reports bytes_per_crc 0 and CRC32 whatever the checksum type.
// COMPOSITE-CRC: the standard whole-file CRC32C/CRC32, independent of block size and
// bytes-per-checksum; an empty file still answers MD5-of-0MD5-of-0CRC32.
// Checked against Hadoop 3.3.6 and 2.10.1 recordings (tests/checksum/hdfs_checksum_test.cpp).
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "checksum/crc.h"
#include "checksum/file_checksum.h"
#include "util/status.h"

namespace hmig::checksum {

// dfs.checksum.combine.mode
enum class HdfsCombineMode { kMd5Md5Crc, kCompositeCrc };

struct HdfsChecksumParams {
  HdfsCombineMode mode = HdfsCombineMode::kMd5Md5Crc;
  CrcType crc_type = CrcType::kCrc32c;  // dfs.checksum.type of the file
  uint32_t bytes_per_crc = 512;         // dfs.bytes-per-checksum
  uint64_t block_size = 128ull << 20;   // the file's block size
};

// Incremental computation of an HDFS file checksum. Not thread-safe.
class HdfsChecksumBuilder {
 public:
  // REQUIRES: bytes_per_crc > 0, block_size > 0.
  explicit HdfsChecksumBuilder(const HdfsChecksumParams& params);
  ~HdfsChecksumBuilder();
  HdfsChecksumBuilder(const HdfsChecksumBuilder&) = delete;
  HdfsChecksumBuilder& operator=(const HdfsChecksumBuilder&) = delete;

  void Update(const void* data, size_t len);
  // The checksum HDFS reports for the bytes seen so far. Call once.
  FileChecksum Finish();

 private:
  void FinishChunk();
  void FinishBlock();

  HdfsChecksumParams params_;
  uint64_t length_ = 0;
  uint64_t block_count_ = 0;
  uint64_t in_block_ = 0;  // bytes of the current block seen
  uint32_t in_chunk_ = 0;  // bytes of the current chunk seen
  uint32_t chunk_crc_ = 0;
  uint32_t whole_crc_ = 0;  // for COMPOSITE-CRC
  struct Md5State;
  Md5State* block_md5_;     // MD5 of the current block's chunk CRCs
  std::string block_md5s_;  // concatenated block MD5s
};

// One-shot convenience over a buffer.
FileChecksum ComputeHdfsChecksum(const HdfsChecksumParams& params, const void* data, size_t len);

// Parses a Hadoop checksum given as algorithm name, hex bytes and length (the three
// fields of WebHDFS's FileChecksum object, or `hdfs dfs -checksum` output with
// length = bytes/2). Only the first `length` bytes count: Hadoop pads the hex with
// zeros. `block_size` is not in the answer; pass the file's (0 when unknown).
Result<FileChecksum> ParseHdfsChecksum(std::string_view algorithm, std::string_view hex_bytes,
                                       uint64_t length, uint64_t block_size);

// Parses a GETFILECHECKSUM JSON body: {"FileChecksum":{"algorithm":..,"bytes":..,"length":..}}.
Result<FileChecksum> ParseWebHdfsChecksumJson(std::string_view json, uint64_t block_size);

// The parameters under which a local stream must be hashed to be comparable with
// `remote` (an HDFS checksum with its block_size filled in). Invalid when `remote` is
// an MD5-of-MD5 checksum without a block size, or an empty file's (nothing to learn).
Result<HdfsChecksumParams> ParamsToMatch(const FileChecksum& remote);

}  // namespace hmig::checksum
