// The copy job against injected faults (FaultyFileSystem over the local backend).
#include <gtest/gtest.h>

#include <fstream>

#include "copy/distcp_job.h"
#include "fs/faulty/faulty_fs.h"
#include "support/temp_dir.h"
#include "support/tree.h"

namespace hmig::copy {
using hmig::testing::CountTempFiles;
using hmig::testing::ReadFile;
using hmig::testing::TempDir;
using hmig::testing::WriteFile;

class ExecutorFaultsTest : public ::testing::Test {
 protected:
  // Registers scheme NAME (a unique one per test: filesystems are cached per
  // scheme and authority) as the local filesystem with `plan`'s faults.
  std::shared_ptr<fs::FaultyFileSystem> Install(const std::string& name, fs::FaultPlan plan) {
    auto local = fs::Resolve("/").value().fs;
    auto faulty = std::make_shared<fs::FaultyFileSystem>(local, std::move(plan));
    fs::RegisterScheme(name, [faulty](const Uri&) -> Result<std::shared_ptr<fs::FileSystem>> {
      return std::shared_ptr<fs::FileSystem>(faulty);
    });
    return faulty;
  }
  CopyOptions Options(const std::string& src, const std::string& dst) {
    CopyOptions o;
    o.sources = {src};
    o.target = dst;
    o.update = true;
    o.max_workers = 4;
    o.state_dir = dir_ / "state";
    return o;
  }
  TempDir dir_;
};

TEST_F(ExecutorFaultsTest, TransientWriteErrorsAreRetriedAndTheCopyCompletes) {
  for (int i = 0; i < 5; ++i)
    WriteFile(dir_ / ("s/d" + std::to_string(i) + "/f"), "content " + std::to_string(i));
  auto faulty = Install("faultywrite", {.transient_write_failures_per_file = 2});
  DistCpJob job(Options(dir_ / "s", "faultywrite://x" + dir_ / "d"));
  ASSERT_TRUE(job.Run().ok()) << job.report().fatal;
  EXPECT_EQ(job.counters().files_copied.load(), 5u);
  EXPECT_EQ(job.counters().files_failed.load(), 0u);
  EXPECT_EQ(job.counters().files_retried.load(), 5u);
  EXPECT_EQ(faulty->injected(), 10);
  EXPECT_EQ(ReadFile(dir_ / "d/d3/f"), "content 3");
  EXPECT_EQ(CountTempFiles(dir_ / "d"), 0);
}

TEST_F(ExecutorFaultsTest, PersistentTransientErrorsFailTheFileWithItsCauseAndNoPartial) {
  WriteFile(dir_ / "s/f", "payload");
  Install("faultyalways", {.transient_write_failures_per_file = 1000});
  CopyOptions o = Options(dir_ / "s", "faultyalways://x" + dir_ / "d");
  o.retries = 2;
  DistCpJob job(o);
  ASSERT_TRUE(job.Run().ok());
  EXPECT_EQ(job.counters().files_failed.load(), 1u);
  ASSERT_EQ(job.report().failures.size(), 1u);
  EXPECT_NE(job.report().failures[0].cause.find("injected transient write error"),
            std::string::npos);
  EXPECT_NE(job.report().failures[0].cause.find(dir_ / "d/f"), std::string::npos);
  EXPECT_FALSE(std::filesystem::exists(dir_ / "d/f"));
  EXPECT_EQ(CountTempFiles(dir_ / "d"), 0);
}

TEST_F(ExecutorFaultsTest, StreamDroppedHalfwayIsRetriedNeverCommittedTorn) {
  WriteFile(dir_ / "s/big", std::string(3 << 20, 'b'));
  Install("faultyread", {.dropped_reads_per_file = 1});
  DistCpJob job(Options("faultyread://x" + dir_ / "s", dir_ / "d"));
  ASSERT_TRUE(job.Run().ok());
  EXPECT_EQ(job.counters().files_copied.load(), 1u);
  EXPECT_EQ(job.counters().files_retried.load(), 1u);
  EXPECT_EQ(ReadFile(dir_ / "d/big"), std::string(3 << 20, 'b'));
}

TEST_F(ExecutorFaultsTest, ChunksOfALargeFileAreRetriedAndTheFileCommittedWhole) {
  // 260 MiB, sparse, with bytes that tell the chunks apart: three 128 MiB chunks.
  std::filesystem::create_directories(dir_ / "s");
  {
    std::ofstream out(dir_ / "s/big", std::ios::binary);
    for (uint64_t mark = 0; mark < (260ull << 20); mark += 100ull << 20) {
      out.seekp(static_cast<std::streamoff>(mark));
      out << "chunk mark " << mark;
    }
    out.seekp(static_cast<std::streamoff>((260ull << 20) - 3));
    out << "end";
  }
  auto faulty = Install("faultychunks", {.dropped_reads_per_file = 1});
  CopyOptions o = Options("faultychunks://x" + dir_ / "s", dir_ / "d");
  o.blocks_per_chunk = 1;
  DistCpJob job(o);
  ASSERT_TRUE(job.Run().ok()) << job.report().fatal;
  EXPECT_EQ(job.counters().files_copied.load(), 1u);
  EXPECT_EQ(job.counters().files_failed.load(), 0u);
  EXPECT_EQ(std::filesystem::file_size(dir_ / "d/big"), 260ull << 20);
  auto src = fs::Resolve(dir_ / "s/big").value();
  auto dst = fs::Resolve(dir_ / "d/big").value();
  EXPECT_EQ(src.fs->Checksum(src.path).value(), dst.fs->Checksum(dst.path).value());
  EXPECT_EQ(CountTempFiles(dir_ / "d"), 0);
  EXPECT_GE(faulty->injected(), 1);  // a chunk's read was dropped, and retried
}

TEST_F(ExecutorFaultsTest, SourceDeletedAfterListingIsReportedAsVanished) {
  WriteFile(dir_ / "s/stays", "1");
  WriteFile(dir_ / "s/goes", "2");
  Install("faultyvanish", {.vanish_on_open = {dir_ / "s/goes"}});
  DistCpJob job(Options("faultyvanish://x" + dir_ / "s", dir_ / "d"));
  ASSERT_TRUE(job.Run().ok()) << job.report().fatal;
  EXPECT_EQ(job.counters().files_vanished.load(), 1u);
  EXPECT_EQ(job.counters().files_failed.load(), 0u);
  EXPECT_EQ(job.counters().files_copied.load(), 1u);
  EXPECT_FALSE(std::filesystem::exists(dir_ / "d/goes"));
}

}  // namespace hmig::copy
