// The test server's GETFILECHECKSUM answers are HDFS's, byte for byte: every
// MD5MD5CRC and COMPOSITE_CRC row recorded from Hadoop 3.3.6 and 2.10.1
// (fixtures/webhdfs/checksums.tsv) is reproduced from the chunk CRCs the server
// computes while the data is written, for a file written in one CREATE and for
// the same bytes written as CREATE plus APPENDs that end mid-chunk (so the CRC
// of a partial last chunk is recomputed) and on a chunk boundary. The stored
// CRCs are used without reading the data again, and bytes changed behind the
// server's back are noticed.
#include <gtest/gtest.h>

#include <chrono>
#include <fstream>
#include <map>
#include <sstream>
#include <thread>

#include "fs/webhdfs/webhdfs_http.h"
#include "test_server.h"

namespace hmig::testing {
namespace {

const std::string kTsv = std::string(HMIG_SHARED_DIR) + "/fixtures/webhdfs/checksums.tsv";

struct Row {
  std::string version, mode, algorithm, bytes_hex, type;
  uint64_t size = 0, block_size = 0, length = 0;  // length: how many bytes count
};

std::vector<Row> ReadRows() {
  std::vector<Row> rows;
  std::ifstream in(kTsv);
  std::string line;
  std::getline(in, line);  // header
  while (std::getline(in, line)) {
    std::vector<std::string> f;
    std::stringstream ss(line);
    for (std::string cell; std::getline(ss, cell, '\t');) f.push_back(cell);
    if (f.size() < 10) continue;
    Row r;
    r.version = f[0];
    r.mode = f[1];
    r.size = std::stoull(f[2]);
    r.block_size = std::stoull(f[3]);
    r.algorithm = f[4];
    r.bytes_hex = f[5];
    r.length = std::stoull(f[7]);
    r.type = f[9];
    rows.push_back(r);
  }
  return rows;
}

// The fixture files' content (gen_checksum_files.py): byte i is i % 251.
std::string FixtureBytes(uint64_t n) {
  std::string d(n, '\0');
  for (uint64_t i = 0; i < n; ++i) d[i] = static_cast<char>(i % 251);
  return d;
}

class ChecksumServer {
 public:
  ChecksumServer(const std::string& type, const std::string& combine)
      : server_({"--checksum-type", type, "--combine-mode", combine}),
        transport_(fs::webhdfs::TransportOptions{}) {}

  bool running() const { return server_.running(); }
  const WebHdfsTestServer& server() const { return server_; }

  // Writes `data` in pieces: the first through CREATE, the others through APPEND.
  void Write(const std::string& path, const std::string& data, uint64_t block_size,
             const std::vector<size_t>& pieces) {
    auto fs = server_.Client();
    fs::CreateOptions o;
    o.create_parents = true;
    o.overwrite = true;
    o.block_size = block_size;
    size_t at = 0;
    for (size_t i = 0; i <= pieces.size(); ++i) {
      size_t n = i < pieces.size() ? std::min(pieces[i], data.size() - at) : data.size() - at;
      if (i > 0 && n == 0) break;
      auto w = i == 0 ? fs->Create(path, o) : fs->Append(path);
      ASSERT_TRUE(w.ok()) << path << ": " << w.status().ToString();
      ASSERT_TRUE((*w)->Write(data.data() + at, n).ok()) << path;
      ASSERT_TRUE((*w)->Close().ok()) << path;
      at += n;
    }
  }

  // GETFILECHECKSUM's DataNode answer: {algorithm, the `length` bytes that count}.
  // (The JSON pads the hex with zeros; RPC rows of the fixture do not.)
  std::pair<std::string, std::string> Checksum(const std::string& path) {
    fs::webhdfs::HttpResponse nn, dn;
    fs::webhdfs::TransportFailure failure;
    std::string url =
        server_.base() + "/webhdfs/v1" + path + "?op=GETFILECHECKSUM&user.name=" + kTestUser;
    EXPECT_TRUE(transport_.Perform("GET", url, nullptr, &nn, &failure).ok());
    EXPECT_EQ(nn.status, 307) << nn.body;
    EXPECT_TRUE(transport_.Perform("GET", nn.location, nullptr, &dn, &failure).ok());
    EXPECT_EQ(dn.status, 200) << dn.body;
    auto j = nlohmann::json::parse(dn.body, nullptr, false);
    if (j.is_discarded() || !j.contains("FileChecksum")) return {"", dn.body};
    const auto& c = j["FileChecksum"];
    size_t length = c.value("length", size_t{0});
    std::string hex = c.value("bytes", "");
    EXPECT_GE(hex.size(), 2 * length) << dn.body;
    return {c.value("algorithm", ""), hex.substr(0, 2 * length)};
  }

 private:
  WebHdfsTestServer server_;
  fs::webhdfs::Transport transport_;
};

TEST(WebHdfsServerChecksums, EveryRecordedChecksumIsReproducedWrittenWholeOrByAppends) {
  auto rows = ReadRows();
  ASSERT_GE(rows.size(), 40u) << "checksums.tsv not found or short: " << kTsv;
  // One server per checksum type and combine mode; WebHDFS ignores the client's
  // COMPOSITE_CRC setting ("conf; ignored by WebHDFS" rows answer MD5-of-MD5).
  std::map<std::string, std::unique_ptr<ChecksumServer>> servers;
  std::map<std::string, std::pair<std::string, std::string>> answers;
  size_t checked = 0;
  for (const auto& row : rows) {
    std::string combine = row.mode == "COMPOSITE_CRC" ? "COMPOSITE_CRC" : "MD5MD5CRC";
    if (row.mode != "MD5MD5CRC" && row.mode.rfind("COMPOSITE_CRC", 0) != 0) continue;
    auto& server = servers[row.type + combine];
    if (!server) server = std::make_unique<ChecksumServer>(row.type, combine);
    ASSERT_TRUE(server->running());
    std::string name = std::to_string(row.size) + "-" + std::to_string(row.block_size);
    std::string key = row.type + combine + name;
    if (!answers.count(key)) {
      std::string data = FixtureBytes(row.size);
      server->Write("/whole/" + name, data, row.block_size, {});
      // 700 ends mid-chunk; +1 and +323 reach the chunk boundary at 1024; then
      // mid-chunk again, and the rest (across block boundaries for 1 MiB blocks).
      server->Write("/appended/" + name, data, row.block_size, {700, 1, 323, 513});
      answers[key] = server->Checksum("/whole/" + name);
      EXPECT_EQ(server->Checksum("/appended/" + name), answers[key]) << key;
    }
    SCOPED_TRACE(row.version + " " + row.mode + " " + name + " " + row.type);
    EXPECT_EQ(answers[key].first, row.algorithm);
    EXPECT_EQ(answers[key].second, row.bytes_hex.substr(0, 2 * row.length));
    ++checked;
  }
  EXPECT_GE(checked, 40u);
  // Every MD5-of-MD5 answer came from CRCs stored at write time.
  for (auto& [name, server] : servers) {
    EXPECT_EQ(server->server().State().value("crc_recomputes", -1), 0) << name;
  }
}

TEST(WebHdfsServerChecksums, BytesChangedBehindTheServerAreRecomputedNotServedStale) {
  ChecksumServer server("CRC32C", "MD5MD5CRC");
  ASSERT_TRUE(server.running());
  std::string a = FixtureBytes(513);
  server.Write("/f", a, 0, {});
  auto before = server.Checksum("/f");
  server.Write("/g", std::string(513, 'x'), 0, {});
  auto other = server.Checksum("/g");
  ASSERT_NE(before, other);
  // Same length, other bytes, written straight into the server's storage (later
  // than the file's recorded mtime: file timestamps tick every few milliseconds).
  std::this_thread::sleep_for(std::chrono::milliseconds(20));
  std::ofstream(server.server().data_dir() + "/f", std::ios::binary | std::ios::trunc)
      << std::string(513, 'x');
  EXPECT_EQ(server.Checksum("/f"), other);
  EXPECT_EQ(server.server().State().value("crc_recomputes", -1), 1);
}

TEST(WebHdfsServerChecksums, BlockSizeNotAMultipleOfBytesPerChecksumIsRefusedAsHdfsDoes) {
  WebHdfsTestServer server;
  ASSERT_TRUE(server.running());
  fs::CreateOptions o;
  o.block_size = 1000;
  auto w = server.Client()->Create("/odd", o);
  ASSERT_TRUE(w.ok());
  // The DataNode may answer before the body is sent: the error surfaces in Write
  // or in Close, whichever comes first.
  Status st = (*w)->Write("x", 1);
  if (st.ok()) st = (*w)->Close();
  EXPECT_FALSE(st.ok());
  EXPECT_NE(st.message().find("must divide block size"), std::string::npos) << st.ToString();
}

}  // namespace
}  // namespace hmig::testing
