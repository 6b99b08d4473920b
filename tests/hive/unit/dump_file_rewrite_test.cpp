// RewriteDumpFile (mapped input, writer thread, writeback as it goes) writes
// exactly what DumpRewriter produces from the same bytes in memory, also when
// literals straddle the 8 MB pieces it hands the lexer, for an empty dump and
// for input that cannot be mapped (a pipe).
#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <fstream>
#include <iterator>
#include <thread>

#include "hive/dump_rewriter.h"
#include "support/temp_dir.h"

namespace hmig::hive {
namespace {

using hmig::testing::TempDir;

LocationMatcher Matcher() {
  auto m = LocationMatcher::Create({"hdfs://oldcluster:8020"}, "hdfs://emr-cluster");
  EXPECT_TRUE(m.ok());
  return *m;
}

std::string InMemory(const std::string& dump) {
  LocationMatcher m = Matcher();
  std::string out;
  DumpRewriter rw(m, SqlDialect::kMySql, [&](std::string_view s) {
    out.append(s);
    return Status::OK();
  });
  EXPECT_TRUE(rw.Feed(dump).ok());
  EXPECT_TRUE(rw.Finish().ok());
  return out;
}

std::string Slurp(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), {});
}

// ~20 MB of extended INSERTs whose literals fall across every 8 MB boundary.
std::string LargeDump() {
  std::string dump =
      "CREATE TABLE `SDS` (\n  `SD_ID` bigint(20) NOT NULL,\n  `LOCATION` varchar(4000)\n);\n"
      "CREATE TABLE `COLUMNS_V2` (\n  `CD_ID` bigint(20) NOT NULL,\n  `COMMENT` varchar(256)\n);\n";
  long id = 0;
  while (dump.size() < (20u << 20)) {
    dump += "INSERT INTO `SDS` VALUES ";
    for (int i = 0; i < 500; ++i) {
      ++id;
      dump += (i ? ",(" : "(") + std::to_string(id) + ",'hdfs://oldcluster:8020/w/it\\'s " +
              std::to_string(id) + std::string(id % 97, 'p') + "')";
    }
    dump += ";\nINSERT INTO `COLUMNS_V2` VALUES (1,'hdfs://oldcluster:8020/comment; (x)');\n";
  }
  return dump;
}

TEST(HiveDumpFileRewrite, MappedLargeDumpEqualsTheInMemoryRewrite) {
  TempDir t;
  const std::string dump = LargeDump();
  std::ofstream(t / "in.sql", std::ios::binary) << dump;
  auto changes = RewriteDumpFile(t / "in.sql", t / "out.sql", Matcher(), std::nullopt);
  ASSERT_TRUE(changes.ok()) << changes.status().ToString();
  const std::string want = InMemory(dump);
  EXPECT_NE(want, dump);
  EXPECT_TRUE(Slurp(t / "out.sql") == want) << "file and in-memory rewrites differ";
  EXPECT_GT((*changes)["SDS.LOCATION"].changed, 100000u);
  EXPECT_FALSE(std::ifstream(t / "out.sql.hmig-tmp").good());
}

TEST(HiveDumpFileRewrite, EmptyDumpGivesAnEmptyOutput) {
  TempDir t;
  std::ofstream(t / "empty.sql").close();
  auto changes = RewriteDumpFile(t / "empty.sql", t / "out.sql", Matcher(), std::nullopt);
  ASSERT_TRUE(changes.ok()) << changes.status().ToString();
  EXPECT_TRUE(changes->empty());
  EXPECT_EQ(Slurp(t / "out.sql"), "");
}

TEST(HiveDumpFileRewrite, PipeInputIsReadInPieces) {
  TempDir t;
  const std::string fifo = t / "in.fifo";
  ASSERT_EQ(::mkfifo(fifo.c_str(), 0600), 0);
  const std::string dump = LargeDump();
  std::thread feeder([&] { std::ofstream(fifo, std::ios::binary) << dump; });
  auto changes = RewriteDumpFile(fifo, t / "out.sql", Matcher(), std::nullopt);
  feeder.join();
  ASSERT_TRUE(changes.ok()) << changes.status().ToString();
  EXPECT_TRUE(Slurp(t / "out.sql") == InMemory(dump));
}

TEST(HiveDumpFileRewrite, UnwritableOutputNamesThePathAndLeavesNothing) {
  TempDir t;
  std::ofstream(t / "in.sql") << "SELECT 1;\n";
  auto changes = RewriteDumpFile(t / "in.sql", t / "missing-dir/out.sql", Matcher(), std::nullopt);
  ASSERT_FALSE(changes.ok());
  EXPECT_NE(changes.status().ToString().find("missing-dir/out.sql.hmig-tmp"), std::string::npos)
      << changes.status().ToString();
}

}  // namespace
}  // namespace hmig::hive
