// HDFS file checksums computed locally must equal what Hadoop 3.3.6 and 2.10.1
// answered for the same bytes (the recorded vectors in the shared fixtures).
#include "checksum/hdfs_checksum.h"

#include <gtest/gtest.h>

#include <fmt/format.h>

#include <fstream>
#include <map>
#include <sstream>
#include <vector>

namespace hmig::checksum {
namespace {

const std::string kFixtures = std::string(HMIG_SHARED_DIR) + "/fixtures/webhdfs";

std::vector<std::string> SplitTabs(const std::string& line) {
  std::vector<std::string> out;
  std::stringstream ss(line);
  std::string field;
  while (std::getline(ss, field, '\t')) out.push_back(field);
  return out;
}

std::string FixtureBytes(size_t n) {
  std::string d(n, '\0');
  for (size_t i = 0; i < n; ++i) d[i] = static_cast<char>(i % 251);
  return d;
}

struct Vector {
  std::map<std::string, std::string> f;
};

std::vector<Vector> LoadVectors() {
  std::ifstream in(kFixtures + "/checksums.tsv");
  std::string line;
  std::getline(in, line);
  auto header = SplitTabs(line);
  std::vector<Vector> rows;
  while (std::getline(in, line)) {
    if (line.empty()) continue;
    auto cols = SplitTabs(line);
    Vector v;
    for (size_t i = 0; i < header.size() && i < cols.size(); ++i) v.f[header[i]] = cols[i];
    rows.push_back(std::move(v));
  }
  return rows;
}

// The 28 bytes Hadoop serialises (or the 4 of a composite CRC), as hex.
std::string HadoopHex(const FileChecksum& c) {
  if (c.algorithm == ChecksumAlgorithm::kCompositeCrc32c ||
      c.algorithm == ChecksumAlgorithm::kCompositeCrc32) {
    return c.Hex();
  }
  return fmt::format("{:08x}{:016x}", c.bytes_per_crc, c.crc_per_block) + c.Hex();
}

TEST(HdfsChecksumTest, EveryRecordedVectorIsReproducedFromTheBytes) {
  auto rows = LoadVectors();
  ASSERT_GE(rows.size(), 40u) << "checksums.tsv not found or short under " << kFixtures;
  for (const auto& row : rows) {
    const auto& f = row.f;
    size_t size = std::stoull(f.at("file_size"));
    HdfsChecksumParams p;
    p.block_size = std::stoull(f.at("blocksize"));
    p.crc_type = f.at("checksum_type_written") == "CRC32" ? CrcType::kCrc32 : CrcType::kCrc32c;
    // WebHDFS always answers MD5MD5CRC, also when COMPOSITE_CRC is configured.
    p.mode = f.at("mode") == "COMPOSITE_CRC" ? HdfsCombineMode::kCompositeCrc
                                             : HdfsCombineMode::kMd5Md5Crc;
    std::string data = FixtureBytes(size);
    FileChecksum got = ComputeHdfsChecksum(p, data.data(), data.size());
    size_t length = std::stoull(f.at("length"));
    std::string want_hex = f.at("bytes_hex").substr(0, length * 2);
    SCOPED_TRACE(f.at("version") + " " + f.at("mode") + " " + f.at("hdfs_path"));
    EXPECT_EQ(got.AlgorithmName(), f.at("algorithm"));
    EXPECT_EQ(HadoopHex(got), want_hex);

    // Incremental feeding in odd pieces gives the same answer.
    HdfsChecksumBuilder b(p);
    for (size_t off = 0; off < size;) {
      size_t n = std::min<size_t>(size - off, 7919);
      b.Update(data.data() + off, n);
      off += n;
    }
    EXPECT_EQ(HadoopHex(b.Finish()), want_hex);

    // The recorded text parses into the same typed checksum.
    auto parsed = ParseHdfsChecksum(f.at("algorithm"), f.at("bytes_hex"), length, p.block_size);
    ASSERT_TRUE(parsed.ok()) << parsed.status().ToString();
    EXPECT_TRUE(*parsed == got) << parsed->ToString() << " vs " << got.ToString();
  }
}

// The body of the last response in a recorded exchange.
std::string LastBody(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::string text((std::istreambuf_iterator<char>(in)), {});
  size_t at = text.rfind("\r\n\r\n");
  return at == std::string::npos ? "" : text.substr(at + 4);
}

TEST(HdfsChecksumTest, RecordedGetFileChecksumAnswersParseForBothVersions) {
  for (const auto& row : LoadVectors()) {
    const auto& f = row.f;
    const std::string& fixture = f.at("fixture");
    if (fixture.find(".http") == std::string::npos) continue;
    SCOPED_TRACE(fixture);
    uint64_t block_size = std::stoull(f.at("blocksize"));
    std::string body = LastBody(kFixtures + "/" + fixture);
    auto parsed = ParseWebHdfsChecksumJson(body, block_size);
    ASSERT_TRUE(parsed.ok()) << parsed.status().ToString() << " body: " << body;
    EXPECT_EQ(parsed->AlgorithmName(), f.at("algorithm"));
    EXPECT_EQ(HadoopHex(*parsed), f.at("bytes_hex").substr(0, 56));
    EXPECT_EQ(parsed->block_size, block_size);
  }
}

TEST(HdfsChecksumTest, LocalBytesMatchARemoteChecksumThroughParamsToMatch) {
  std::string body =
      LastBody(kFixtures + "/3.3.6/0609-GETFILECHECKSUM-md5md5crc-f3145628-bs1m.http");
  auto remote = ParseWebHdfsChecksumJson(body, 1048576);
  ASSERT_TRUE(remote.ok());
  auto params = ParamsToMatch(*remote);
  ASSERT_TRUE(params.ok());
  std::string data = FixtureBytes(3145628);
  EXPECT_TRUE(ComputeHdfsChecksum(*params, data.data(), data.size()) == *remote);
  data[1000] ^= 1;
  EXPECT_FALSE(ComputeHdfsChecksum(*params, data.data(), data.size()) == *remote);
  // Hashing with the default 128 MiB block gives a checksum that is not comparable.
  HdfsChecksumParams wrong = *params;
  wrong.block_size = 128ull << 20;
  EXPECT_FALSE(ComputeHdfsChecksum(wrong, data.data(), data.size()).ComparableWith(*remote));
}

TEST(HdfsChecksumTest, MalformedAnswersAreCorruptNotCrashes) {
  EXPECT_EQ(ParseWebHdfsChecksumJson("{", 0).status().code(), StatusCode::kCorrupt);
  EXPECT_EQ(
      ParseWebHdfsChecksumJson(R"({"FileChecksum":{"algorithm":"MD5-of-0MD5-of-512CRC32C"}})", 0)
          .status()
          .code(),
      StatusCode::kCorrupt);
  EXPECT_FALSE(ParseHdfsChecksum("SHA-1", "00", 1, 0).ok());
  EXPECT_FALSE(ParseHdfsChecksum("MD5-of-0MD5-of-512CRC32C", "zz", 1, 0).ok());
  // Name and bytes disagreeing on bytes-per-CRC.
  EXPECT_FALSE(ParseHdfsChecksum("MD5-of-0MD5-of-256CRC32C",
                                 "000002000000000000000000dc236201841049096ad31b6213203a90", 28, 0)
                   .ok());
  EXPECT_FALSE(ParamsToMatch(*ParseHdfsChecksum(
                                 "MD5-of-0MD5-of-512CRC32C",
                                 "000002000000000000000000dc236201841049096ad31b6213203a90", 28, 0))
                   .ok());
}

}  // namespace
}  // namespace hmig::checksum
