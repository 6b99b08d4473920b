// `hmig distcp` through the real binary: copies, incremental syncs, path rules.
#include <gtest/gtest.h>

#include <fstream>

#include <nlohmann/json.hpp>

#include "support/run.h"
#include "support/tree.h"

namespace hmig::testing {
namespace {

nlohmann::json ReadReport(const std::string& path) {
  return nlohmann::json::parse(ReadFile(path));
}

// A small "old cluster" warehouse: partitions, an empty dir, awkward names.
void MakeWarehouse(const std::string& root) {
  for (int d = 0; d < 3; ++d) {
    for (int p = 0; p < 4; ++p) {
      for (int f = 0; f < 5; ++f) {
        WriteFile(root + "/db" + std::to_string(d) + ".db/t/dt=2024-01-0" + std::to_string(p + 1) +
                      "/part-" + std::to_string(f),
                  std::string(100 * (f + 1) + d, static_cast<char>('a' + p)));
      }
    }
  }
  std::filesystem::create_directories(root + "/empty.db");
  WriteFile(root + "/odd/with space.orc", "space");
  WriteFile(root + "/odd/ünïcødé-数据.orc", "unicode");
  WriteFile(root + "/odd/100%#?*.orc", "specials");
  WriteFile(root + "/odd/line\nbreak.orc", "newline");
  WriteFile(root + "/odd/-leading-dash", "dash");
}

}  // namespace

TEST(DistCpCopyTest, FullCopyThenIncrementalSyncMirrorsTheSource) {
  TempDir t;
  const std::string src = t / "old", dst = t / "new";
  MakeWarehouse(src);
  auto r = RunHmig({"distcp", "-pugpt", "--report", t / "full.json", src, dst});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(Snapshot(dst), Snapshot(src));
  auto full = ReadReport(t / "full.json");
  EXPECT_EQ(full["files_copied"], 65);
  EXPECT_EQ(full["files_failed"], 0);
  EXPECT_GT(full["dirs_created"].get<int>(), 10);
  for (const char* key : {"files_copied", "bytes_copied", "files_skipped", "bytes_skipped",
                          "files_deleted", "files_failed", "dirs_created", "elapsed_seconds"}) {
    EXPECT_TRUE(full.contains(key)) << key;
  }

  // Change the old cluster: modify (same length and other length), add, remove.
  WriteFile(src + "/db0.db/t/dt=2024-01-01/part-0", std::string(100, 'Z'));  // same length
  WriteFile(src + "/db1.db/t/dt=2024-01-02/part-1", "shorter");
  WriteFile(src + "/db2.db/t/dt=2024-01-05/part-0", "new partition");
  std::filesystem::remove(src + "/db1.db/t/dt=2024-01-03/part-4");
  std::filesystem::remove_all(src + "/db2.db/t/dt=2024-01-04");

  r = RunHmig({"distcp", "-update", "-delete", "-pugpt", "--report", t / "inc.json", src, dst});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(Snapshot(dst), Snapshot(src));
  auto inc = ReadReport(t / "inc.json");
  EXPECT_EQ(inc["files_copied"], 3);   // same-length change found by checksum, shorter, new
  EXPECT_EQ(inc["files_deleted"], 6);  // one file + a partition of five
  EXPECT_EQ(inc["dirs_deleted"], 1);
  EXPECT_EQ(inc["files_skipped"], 65 - 1 - 5 - 2);
  EXPECT_EQ(CountTempFiles(dst), 0);

  // A third run has nothing to do.
  r = RunHmig({"distcp", "-update", "-delete", "--report", t / "noop.json", src, dst});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  auto noop = ReadReport(t / "noop.json");
  EXPECT_EQ(noop["files_copied"], 0);
  EXPECT_EQ(noop["files_deleted"], 0);
}

TEST(DistCpCopyTest, SkipCrcCheckMissesSameLengthChangesAsDistCpDoes) {
  TempDir t;
  WriteFile(t / "s/f", "aaaa");
  ASSERT_EQ(RunHmig({"distcp", t / "s", t / "d"}).exit_code, 0);
  WriteFile(t / "s/f", "bbbb");
  ASSERT_EQ(RunHmig({"distcp", "-update", "-skipcrccheck", t / "s", t / "d"}).exit_code, 0);
  EXPECT_EQ(ReadFile(t / "d/f"), "aaaa");
  ASSERT_EQ(RunHmig({"distcp", "-update", t / "s", t / "d"}).exit_code, 0);
  EXPECT_EQ(ReadFile(t / "d/f"), "bbbb");
}

TEST(DistCpCopyTest, DefaultModeLeavesExistingFilesOverwriteReplacesThem) {
  TempDir t;
  WriteFile(t / "s/f", "new");
  WriteFile(t / "d/s/f", "old");
  ASSERT_EQ(RunHmig({"distcp", t / "s", t / "d"}).exit_code, 0);
  EXPECT_EQ(ReadFile(t / "d/s/f"), "old");  // DistCp's default skips existing targets
  ASSERT_EQ(RunHmig({"distcp", "-overwrite", t / "s", t / "d/s"}).exit_code, 0);
  EXPECT_EQ(ReadFile(t / "d/s/f"), "new");
}

TEST(DistCpCopyTest, SourceDirectoryLandsUnderExistingTargetWithoutUpdate) {
  TempDir t;
  WriteFile(t / "src/first/1", "1");
  WriteFile(t / "src/second/10", "10");
  std::filesystem::create_directories(t / "target");
  ASSERT_EQ(RunHmig({"distcp", t / "src/first", t / "src/second", t / "target"}).exit_code, 0);
  EXPECT_EQ(ReadFile(t / "target/first/1"), "1");
  EXPECT_EQ(ReadFile(t / "target/second/10"), "10");

  ASSERT_EQ(
      RunHmig({"distcp", "-update", t / "src/first", t / "src/second", t / "target2"}).exit_code,
      0);
  EXPECT_EQ(ReadFile(t / "target2/1"), "1");
  EXPECT_EQ(ReadFile(t / "target2/10"), "10");
}

TEST(DistCpCopyTest, SourceListFileWorksLikeSourcesOnTheCommandLine) {
  TempDir t;
  WriteFile(t / "src/a/x", "x");
  WriteFile(t / "src/b/y", "y");
  WriteFile(t / "list", t / "src/a" + "\n" + t / "src/b" + "\n");
  ASSERT_EQ(RunHmig({"distcp", "-f", t / "list", t / "dst"}).exit_code, 0);
  EXPECT_EQ(ReadFile(t / "dst/a/x"), "x");
  EXPECT_EQ(ReadFile(t / "dst/b/y"), "y");
}

TEST(DistCpCopyTest, ConflictingSourcesAreRefusedBeforeAnythingIsCopied) {
  TempDir t;
  WriteFile(t / "a/same", "1");
  WriteFile(t / "b/same", "2");
  WriteFile(t / "a/other", "3");
  auto r = RunHmig({"distcp", "-update", t / "a", t / "b", t / "dst"});
  EXPECT_NE(r.exit_code, 0);
  EXPECT_NE(r.err.find("conflicting sources"), std::string::npos) << r.err;
  EXPECT_FALSE(std::filesystem::exists(t / "dst/other"));
}

TEST(DistCpCopyTest, ConflictsDeepInMergedSourcesAreFoundBeforeAnythingIsCopied) {
  TempDir t;
  WriteFile(t / "a/x/y/z/same", "1");
  WriteFile(t / "b/x/y/z/same", "2");
  WriteFile(t / "a/first", "3");
  auto r = RunHmig({"distcp", "-update", t / "a", t / "b", t / "dst"});
  EXPECT_EQ(r.exit_code, 2) << r.err;
  EXPECT_NE(r.err.find("conflicting sources"), std::string::npos) << r.err;
  EXPECT_FALSE(std::filesystem::exists(t / "dst"));
}

TEST(DistCpCopyTest, AFileSourceNextToADirectorySourceIsKeptByDelete) {
  // -update with several sources: the directory's contents and the file both land
  // in the target; -delete removes only what neither source has.
  TempDir t;
  WriteFile(t / "dir/a", "a");
  WriteFile(t / "dir/sub/b", "b");
  WriteFile(t / "f.txt", "file");
  WriteFile(t / "dst/stale", "old");
  WriteFile(t / "dst/sub/stale", "old");
  auto r = RunHmig({"distcp", "-update", "-delete", t / "dir", t / "f.txt", t / "dst"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(ReadFile(t / "dst/f.txt"), "file");
  EXPECT_EQ(ReadFile(t / "dst/sub/b"), "b");
  EXPECT_FALSE(std::filesystem::exists(t / "dst/stale"));
  EXPECT_FALSE(std::filesystem::exists(t / "dst/sub/stale"));
  // A second run changes nothing.
  r = RunHmig({"distcp", "-update", "-delete", "--report", t / "r.json", t / "dir", t / "f.txt",
               t / "dst"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  auto rep = ReadReport(t / "r.json");
  EXPECT_EQ(rep["files_copied"], 0);
  EXPECT_EQ(rep["files_deleted"], 0);
}

TEST(DistCpCopyTest, DeleteRemovesStaleEntriesWithAwkwardNamesAndCountsTheirContents) {
  TempDir t;
  WriteFile(t / "s/keep", "k");
  WriteFile(t / "d/keep", "k");
  WriteFile(t / "d/line\nbreak", "12");
  WriteFile(t / "d/line\nbreak dir/x", "123");
  WriteFile(t / "d/line\nbreak dir/deeper/y", "4567");
  auto r = RunHmig({"distcp", "-update", "-delete", "--report", t / "r.json", t / "s", t / "d"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(Snapshot(t / "d"), Snapshot(t / "s"));
  auto rep = ReadReport(t / "r.json");
  EXPECT_EQ(rep["files_deleted"], 3);
  EXPECT_EQ(rep["dirs_deleted"], 2);
  EXPECT_EQ(rep["bytes_deleted"], 9);
}

TEST(DistCpCopyTest, TargetInsideSourceIsRefused) {
  TempDir t;
  WriteFile(t / "src/f", "1");
  auto r = RunHmig({"distcp", "-update", t / "src", t / "src/inner"});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("inside the source"), std::string::npos) << r.err;
  EXPECT_FALSE(std::filesystem::exists(t / "src/inner"));
}

TEST(DistCpCopyTest, MissingSourceIsAClearErrorAndNothingIsCopied) {
  TempDir t;
  WriteFile(t / "src/f", "1");
  auto r = RunHmig({"distcp", t / "src", t / "nope", t / "dst"});
  EXPECT_EQ(r.exit_code, 3);
  EXPECT_NE(r.err.find("source does not exist"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find(t / "nope"), std::string::npos) << r.err;
  EXPECT_FALSE(std::filesystem::exists(t / "dst"));
}

TEST(DistCpCopyTest, BadFlagsGiveOneUsageErrorAndExitTwo) {
  auto r = RunHmig({"distcp", "-delete", "/a", "/b"});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("-delete is only valid with -update or -overwrite"), std::string::npos);
  r = RunHmig({"distcp", "-bogus", "/a", "/b"});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("unknown option '-bogus'"), std::string::npos);
  r = RunHmig({"distcp", "gopher://x/y", "/b"});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("unsupported URI scheme"), std::string::npos) << r.err;
}

TEST(DistCpCopyTest, SymlinksAreSkippedAndCountedWithAWarning) {
  TempDir t;
  WriteFile(t / "s/real", "r");
  std::filesystem::create_symlink("real", t / "s/link");
  auto r = RunHmig({"distcp", "--report", t / "r.json", t / "s", t / "d"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_FALSE(std::filesystem::exists(std::filesystem::symlink_status(t / "d/link")));
  EXPECT_NE(r.err.find("symbolic links are not followed"), std::string::npos);
  EXPECT_EQ(ReadReport(t / "r.json")["symlinks_skipped"], 1);
}

TEST(DistCpCopyTest, FiltersExcludeMatchingPathsAndProtectThemFromDelete) {
  TempDir t;
  WriteFile(t / "s/keep.orc", "k");
  WriteFile(t / "s/skip.tmp", "s");
  WriteFile(t / "s/_temporary/0/x", "x");
  WriteFile(t / "d/_temporary/old", "target-only, filtered");
  WriteFile(t / "filters", ".*\\.tmp\n.*/_temporary(/.*)?\n");
  auto r = RunHmig({"distcp", "-update", "-delete", "-filters", t / "filters", t / "s", t / "d"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_TRUE(std::filesystem::exists(t / "d/keep.orc"));
  EXPECT_FALSE(std::filesystem::exists(t / "d/skip.tmp"));
  EXPECT_FALSE(std::filesystem::exists(t / "d/_temporary/0"));
  EXPECT_TRUE(std::filesystem::exists(t / "d/_temporary/old"));
}

TEST(DistCpCopyTest, AppendWritesOnlyTheMissingTailOfAVerifiedPrefix) {
  TempDir t;
  WriteFile(t / "s/log", "line1\n");
  ASSERT_EQ(RunHmig({"distcp", t / "s", t / "d"}).exit_code, 0);
  auto inode_before = Lstat(t / "d/log").st_ino;
  WriteFile(t / "s/log", "line1\nline2\n");
  auto r = RunHmig({"distcp", "-update", "-append", "--report", t / "r.json", t / "s", t / "d"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(ReadFile(t / "d/log"), "line1\nline2\n");
  EXPECT_EQ(Lstat(t / "d/log").st_ino, inode_before);  // appended in place, not replaced
  auto rep = ReadReport(t / "r.json");
  EXPECT_EQ(rep["files_appended"], 1);
  EXPECT_EQ(rep["bytes_copied"], 6);

  // Not a prefix any more: replaced by a full copy.
  WriteFile(t / "s/log", "LINE1\nline2\nline3\n");
  ASSERT_EQ(RunHmig({"distcp", "-update", "-append", t / "s", t / "d"}).exit_code, 0);
  EXPECT_EQ(ReadFile(t / "d/log"), "LINE1\nline2\nline3\n");
}

TEST(DistCpCopyTest, BlocksPerChunkCopiesALargeFileInParallelChunksExactly) {
  // A sparse 300 MiB file (cheap to make) with distinct bytes near every chunk
  // boundary: a chunk written at the wrong offset, or one lost, changes the copy.
  TempDir t;
  std::filesystem::create_directories(t / "s");
  const std::string big = t / "s/big.orc";
  {
    std::ofstream out(big, std::ios::binary);
    const uint64_t size = (300ull << 20) + 4321;
    for (uint64_t mark = 0; mark < size; mark += (32ull << 20) - 7) {
      out.seekp(static_cast<std::streamoff>(mark));
      out << "mark@" << mark;
    }
    out.seekp(static_cast<std::streamoff>(size - 4));
    out << "tail";
  }
  WriteFile(t / "s/small", "small");
  auto r = RunHmig(
      {"distcp", "-blocksperchunk", "1", "-m", "4", "--report", t / "r.json", t / "s", t / "d"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(RunProgram({"/usr/bin/cmp", big, t / "d/big.orc"}).exit_code, 0);
  EXPECT_EQ(ReadFile(t / "d/small"), "small");
  EXPECT_EQ(CountTempFiles(t / "d"), 0);
  auto rep = ReadReport(t / "r.json");
  EXPECT_EQ(rep["files_copied"], 2);
  EXPECT_EQ(rep["bytes_copied"], (300 << 20) + 4321 + 5);
  // The chunked copy is journalled like any other: nothing to do the second time.
  r = RunHmig(
      {"distcp", "-update", "-blocksperchunk", "1", "--report", t / "r2.json", t / "s", t / "d"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(ReadReport(t / "r2.json")["files_copied"], 0);
}

TEST(DistCpCopyTest, AtomicCopyAppearsAtOnceAndRefusesAnExistingTarget) {
  TempDir t;
  WriteFile(t / "s/a/f", "1");
  WriteFile(t / "s/b", "2");
  std::filesystem::create_directories(t / "work");
  auto r = RunHmig({"distcp", "-atomic", "-tmp", t / "work", t / "s", t / "d"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(Snapshot(t / "d"), Snapshot(t / "s"));
  EXPECT_TRUE(std::filesystem::is_empty(t / "work"));
  r = RunHmig({"distcp", "-atomic", t / "s", t / "d"});
  EXPECT_EQ(r.exit_code, 3);
  EXPECT_NE(r.err.find("-atomic needs a target that does not exist"), std::string::npos) << r.err;
}

TEST(DistCpCopyTest, LogDirRecordsEveryFileAndVerboseAddsSkips) {
  TempDir t;
  WriteFile(t / "s/a", "1");
  WriteFile(t / "s/b", "2");
  ASSERT_EQ(RunHmig({"distcp", "-log", t / "logs", t / "s", t / "d"}).exit_code, 0);
  ASSERT_EQ(RunHmig({"distcp", "-update", "-v", "-log", t / "logs2", t / "s", t / "d"}).exit_code,
            0);
  std::string first, second;
  for (auto& e : std::filesystem::directory_iterator(t / "logs")) {
    if (e.path().extension() == ".log") first = ReadFile(e.path());
  }
  for (auto& e : std::filesystem::directory_iterator(t / "logs2")) {
    if (e.path().extension() == ".log") second = ReadFile(e.path());
  }
  EXPECT_NE(first.find("COPIED\t1\t" + t / "s/a"), std::string::npos) << first;
  EXPECT_NE(second.find("SKIPPED\t1\t" + t / "s/b"), std::string::npos) << second;
}

TEST(DistCpCopyTest, NoProgressLineWhenNotATerminal) {
  TempDir t;
  WriteFile(t / "s/a", std::string(1 << 20, 'x'));
  auto r = RunHmig({"distcp", t / "s", t / "d"});
  ASSERT_EQ(r.exit_code, 0);
  EXPECT_EQ(r.err.find('\r'), std::string::npos);
  EXPECT_NE(r.out.find("files copied"), std::string::npos);
}

TEST(DistCpCopyTest, MeaninglessDistCpOptionsAreAcceptedAndSaidOnce) {
  TempDir t;
  WriteFile(t / "s/a", "1");
  auto r = RunHmig({"distcp", "-strategy", "dynamic", "-async", t / "s", t / "d"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.err.find("-strategy, -async accepted for compatibility"), std::string::npos) << r.err;
}

}  // namespace hmig::testing
