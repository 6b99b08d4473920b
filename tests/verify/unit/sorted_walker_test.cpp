#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <random>

#include "support/temp_dir.h"
#include "verify/sorted_walker.h"

namespace hmig::verify {
namespace {

using hmig::testing::TempDir;
using hmig::testing::WriteFile;

// A tree whose names put '-', '.', ' ' and multi-byte characters next to '/'.
std::vector<std::string> MakeTree(const TempDir& dir) {
  std::mt19937 rng(7);
  const std::vector<std::string> names = {"a", "a-b", "a.x", "a0", "b b", "\xC3\xA9t\xC3\xA9",
                                          "Z", "z"};
  std::vector<std::string> rels;
  std::function<void(const std::string&, int)> fill = [&](const std::string& rel, int depth) {
    for (const auto& n : names) {
      if (rng() % 3 == 0) continue;
      std::string child = rel.empty() ? n : rel + "/" + n;
      rels.push_back(child);
      if (depth < 3 && rng() % 2 == 0) {
        std::filesystem::create_directories(dir / child);
        fill(child, depth + 1);
      } else {
        WriteFile(dir / child, child);
      }
    }
  };
  fill("", 0);
  rels.push_back("");
  std::sort(rels.begin(), rels.end(), TreeOrderLess());
  return rels;
}

std::vector<std::string> Drain(EntryStream& stream) {
  std::vector<std::string> out;
  for (;;) {
    auto next = stream.Next();
    EXPECT_TRUE(next.ok()) << next.status().ToString();
    if (!next.ok() || !*next) return out;
    out.push_back((*next)->rel);
  }
}

TEST(SortedWalker, StreamsEveryEntryInTreeOrderWithATinyLookAheadBudget) {
  TempDir dir;
  auto expected = MakeTree(dir);
  auto fs = fs::Resolve(dir.path());
  ASSERT_TRUE(fs.ok());
  for (size_t budget : {size_t{1}, size_t{5}, size_t{100000}}) {
    SortedWalker::Options o;
    o.threads = 4;
    o.budget_entries = budget;
    SortedWalker walker(*fs->fs, fs->path, "", o);
    EXPECT_EQ(Drain(walker), expected) << "budget " << budget;
  }
}

TEST(SortedWalker, PrefixIsPrependedAndExcludedDirectoriesAreNotEntered) {
  TempDir dir;
  WriteFile(dir / "keep/f", "1");
  WriteFile(dir / "skip/f", "2");
  auto fs = fs::Resolve(dir.path());
  ASSERT_TRUE(fs.ok());
  SortedWalker::Options o;
  o.exclude = [](const std::string& p) { return p.find("/skip") != std::string::npos; };
  SortedWalker walker(*fs->fs, fs->path, "pre", o);
  EXPECT_EQ(Drain(walker), (std::vector<std::string>{"pre", "pre/keep", "pre/keep/f"}));
}

TEST(SortedWalker, MissingRootIsAnErrorUnlessAskedToBeEmpty) {
  TempDir dir;
  auto fs = fs::Resolve(dir / "absent");
  ASSERT_TRUE(fs.ok());
  SortedWalker strict(*fs->fs, fs->path, "", {});
  auto r = strict.Next();
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), StatusCode::kNotFound);
  SortedWalker::Options o;
  o.missing_root_is_empty = true;
  SortedWalker lenient(*fs->fs, fs->path, "", o);
  auto e = lenient.Next();
  ASSERT_TRUE(e.ok());
  EXPECT_FALSE(e->has_value());
}

TEST(MergedStream, MergesSourcesInTreeOrderAndRefusesDuplicateFiles) {
  TempDir a, b;
  WriteFile(a / "d/x", "1");
  WriteFile(b / "d/y", "2");
  WriteFile(b / "e", "3");
  auto fa = fs::Resolve(a.path());
  auto fb = fs::Resolve(b.path());
  std::vector<std::unique_ptr<EntryStream>> streams;
  streams.push_back(std::make_unique<SortedWalker>(*fa->fs, fa->path, "", SortedWalker::Options{}));
  streams.push_back(std::make_unique<SortedWalker>(*fb->fs, fb->path, "", SortedWalker::Options{}));
  MergedStream merged(std::move(streams));
  EXPECT_EQ(Drain(merged), (std::vector<std::string>{"", "d", "d/x", "d/y", "e"}));

  WriteFile(b / "d/x", "again");
  std::vector<std::unique_ptr<EntryStream>> again;
  again.push_back(std::make_unique<SortedWalker>(*fa->fs, fa->path, "", SortedWalker::Options{}));
  again.push_back(std::make_unique<SortedWalker>(*fb->fs, fb->path, "", SortedWalker::Options{}));
  MergedStream dup(std::move(again));
  Status failure;
  for (;;) {
    auto n = dup.Next();
    if (!n.ok()) {
      failure = n.status();
      break;
    }
    if (!*n) break;
  }
  EXPECT_EQ(failure.code(), StatusCode::kInvalidArgument);
  EXPECT_NE(failure.message().find("d/x"), std::string::npos);
}

}  // namespace
}  // namespace hmig::verify
