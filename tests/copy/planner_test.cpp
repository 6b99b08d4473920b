#include "copy/planner.h"

#include <gtest/gtest.h>

#include "copy/source_roots.h"

namespace hmig::copy {
namespace {

fs::FileStatus Dir(const std::string& path) {
  fs::FileStatus s;
  s.path = path;
  s.type = fs::FileType::kDirectory;
  return s;
}
fs::FileStatus File(const std::string& path, uint64_t length = 10) {
  fs::FileStatus s;
  s.path = path;
  s.type = fs::FileType::kFile;
  s.length = length;
  return s;
}

std::vector<std::string> Targets(const std::vector<SourceInput>& in, const std::string& target,
                                 std::optional<fs::FileStatus> target_status, bool contents) {
  auto m = MapSourcesToTarget(in, target, target_status, contents);
  EXPECT_TRUE(m.ok()) << m.status().ToString();
  std::vector<std::string> out;
  if (m.ok()) {
    for (const auto& x : *m) out.push_back(x.target_root);
  }
  return out;
}

}  // namespace

// The table of DistCp's source-path rules ("Update and Overwrite" in its guide).
TEST(SourceRootsTest, DistCpSourcePathRules) {
  const SourceInput first{"/source/first", Dir("/source/first")};
  const SourceInput second{"/source/second", Dir("/source/second")};
  const SourceInput file{"/source/f.txt", File("/source/f.txt")};
  const auto existing_dir = Dir("/target");
  const auto existing_file = File("/target");
  struct Case {
    const char* name;
    std::vector<SourceInput> sources;
    std::optional<fs::FileStatus> target;
    bool contents;
    std::vector<std::string> want;
  } cases[] = {
      {"default: two dirs go under the target",
       {first, second},
       existing_dir,
       false,
       {"/target/first", "/target/second"}},
      {"default: two dirs, target absent: still under it",
       {first, second},
       std::nullopt,
       false,
       {"/target/first", "/target/second"}},
      {"-update: contents of both go into the target",
       {first, second},
       existing_dir,
       true,
       {"/target", "/target"}},
      {"default: one dir onto an existing dir goes under it",
       {first},
       existing_dir,
       false,
       {"/target/first"}},
      {"default: one dir onto an absent target becomes it",
       {first},
       std::nullopt,
       false,
       {"/target"}},
      {"-update: one dir onto an existing dir: contents", {first}, existing_dir, true, {"/target"}},
      {"one file onto an absent target becomes it", {file}, std::nullopt, false, {"/target"}},
      {"one file onto an existing file replaces it", {file}, existing_file, true, {"/target"}},
      {"one file onto an existing dir goes inside", {file}, existing_dir, false, {"/target/f.txt"}},
      {"-update: one file onto an existing dir goes inside",
       {file},
       existing_dir,
       true,
       {"/target/f.txt"}},
      {"a file among several sources goes inside",
       {first, file},
       existing_dir,
       true,
       {"/target", "/target/f.txt"}},
  };
  for (const auto& c : cases) {
    EXPECT_EQ(Targets(c.sources, "/target", c.target, c.contents), c.want) << c.name;
  }
}

TEST(SourceRootsTest, SeveralSourcesOntoAFileIsAnError) {
  auto m =
      MapSourcesToTarget({{"/a", Dir("/a")}, {"/b", Dir("/b")}}, "/target", File("/target"), true);
  EXPECT_EQ(m.status().code(), StatusCode::kInvalidArgument);
}

class PlannerTest : public ::testing::Test {
 protected:
  // A source tree /src with a/ a/one (10 bytes) a/two (20 bytes) three (30 bytes), copied into
  // /dst.
  PlanRoot Root() {
    PlanRoot r;
    r.source_root = "/src";
    r.target_root = "/dst";
    r.entries = {{"", Dir("/src")},
                 {"a", Dir("/src/a")},
                 {"a/one", File("/src/a/one", 10)},
                 {"a/two", File("/src/a/two", 20)},
                 {"three", File("/src/three", 30)}};
    return r;
  }
  Action ActionFor(const Plan& p, const std::string& dst) {
    for (const auto& i : p.items) {
      if (i.dst_path == dst) return i.action;
    }
    ADD_FAILURE() << "no plan item for " << dst;
    return Action::kConflict;
  }
};

TEST_F(PlannerTest, UpdateOverwriteAndDefaultModesTable) {
  // Target: /dst with a/one same length, a/two other length, three absent.
  std::vector<fs::FileStatus> target = {Dir("/dst"), Dir("/dst/a"), File("/dst/a/one", 10),
                                        File("/dst/a/two", 5)};
  struct Case {
    const char* name;
    PlanModes modes;
    Action one, two, three;
  } cases[] = {
      {"default skips what exists", {}, Action::kSkip, Action::kSkip, Action::kCopy},
      {"-update compares same length, copies other length",
       {.update = true},
       Action::kCompare,
       Action::kCopy,
       Action::kCopy},
      {"-update -skipcrccheck trusts same length",
       {.update = true, .skip_crc = true},
       Action::kSkip,
       Action::kCopy,
       Action::kCopy},
      {"-update -append appends to a shorter target",
       {.update = true, .append = true},
       Action::kCompare,
       Action::kAppend,
       Action::kCopy},
      {"-overwrite copies everything",
       {.overwrite = true},
       Action::kCopy,
       Action::kCopy,
       Action::kCopy},
  };
  for (const auto& c : cases) {
    auto plan = BuildPlan({Root()}, target, c.modes);
    ASSERT_TRUE(plan.ok()) << c.name;
    EXPECT_EQ(ActionFor(*plan, "/dst/a/one"), c.one) << c.name;
    EXPECT_EQ(ActionFor(*plan, "/dst/a/two"), c.two) << c.name;
    EXPECT_EQ(ActionFor(*plan, "/dst/three"), c.three) << c.name;
    EXPECT_EQ(ActionFor(*plan, "/dst/a"), Action::kExistingDir) << c.name;
  }
}

TEST_F(PlannerTest, AppendIsNotChosenWhenTargetIsLonger) {
  auto plan = BuildPlan({Root()}, {Dir("/dst"), Dir("/dst/a"), File("/dst/a/two", 99)},
                        {.update = true, .append = true});
  ASSERT_TRUE(plan.ok());
  EXPECT_EQ(ActionFor(*plan, "/dst/a/two"), Action::kCopy);
}

TEST_F(PlannerTest, FileAgainstDirectoryIsAConflict) {
  auto plan =
      BuildPlan({Root()}, {Dir("/dst"), File("/dst/a", 3), Dir("/dst/three")}, {.update = true});
  ASSERT_TRUE(plan.ok());
  EXPECT_EQ(ActionFor(*plan, "/dst/a"), Action::kConflict);
  EXPECT_EQ(ActionFor(*plan, "/dst/three"), Action::kConflict);
}

TEST_F(PlannerTest, SymlinksAndSpecialFilesAreSkipped) {
  PlanRoot r = Root();
  fs::FileStatus link = File("/src/link");
  link.type = fs::FileType::kSymlink;
  fs::FileStatus fifo = File("/src/fifo");
  fifo.type = fs::FileType::kOther;
  r.entries.push_back({"link", link});
  r.entries.push_back({"fifo", fifo});
  auto plan = BuildPlan({r}, {}, {});
  ASSERT_TRUE(plan.ok());
  EXPECT_EQ(ActionFor(*plan, "/dst/link"), Action::kSkipSymlink);
  EXPECT_EQ(ActionFor(*plan, "/dst/fifo"), Action::kSkipSpecial);
}

TEST_F(PlannerTest, ItemsAreOrderedParentsFirst) {
  auto plan = BuildPlan({Root()}, {}, {});
  ASSERT_TRUE(plan.ok());
  ASSERT_FALSE(plan->items.empty());
  EXPECT_EQ(plan->items.front().dst_path, "/dst");
  EXPECT_EQ(plan->items.front().action, Action::kCreateDir);
  for (size_t i = 1; i < plan->items.size(); ++i) {
    EXPECT_LT(plan->items[i - 1].dst_path, plan->items[i].dst_path);
  }
}

TEST_F(PlannerTest, DeleteRemovesOnlyTopmostMissingEntriesAndCountsTheirContents) {
  std::vector<fs::FileStatus> target = {Dir("/dst"),
                                        Dir("/dst/a"),
                                        File("/dst/a/one", 10),
                                        File("/dst/a/old", 7),
                                        Dir("/dst/gone"),
                                        Dir("/dst/gone/sub"),
                                        File("/dst/gone/x", 1),
                                        File("/dst/gone/sub/y", 2),
                                        File("/dst/three", 30),
                                        File("/dst/gone file", 4)};
  auto plan = BuildPlan({Root()}, target, {.update = true, .delete_missing = true});
  ASSERT_TRUE(plan.ok());
  ASSERT_EQ(plan->deletes.size(), 3u);
  EXPECT_EQ(plan->deletes[0].path, "/dst/a/old");
  EXPECT_EQ(plan->deletes[1].path, "/dst/gone");
  EXPECT_TRUE(plan->deletes[1].is_dir);
  EXPECT_EQ(plan->deletes[1].files, 2u);
  EXPECT_EQ(plan->deletes[1].dirs, 2u);
  EXPECT_EQ(plan->deletes[1].bytes, 3u);
  EXPECT_EQ(plan->deletes[2].path, "/dst/gone file");
}

TEST_F(PlannerTest, DeleteNeverProposesTheTargetRootOrOutsideIt) {
  std::vector<fs::FileStatus> target = {Dir("/dst"), File("/dst2/x"), File("/elsewhere")};
  auto plan = BuildPlan({Root()}, target, {.update = true, .delete_missing = true});
  ASSERT_TRUE(plan.ok());
  EXPECT_TRUE(plan->deletes.empty());
}

TEST_F(PlannerTest, DeleteSparesWhatTheFiltersExclude) {
  std::vector<fs::FileStatus> target = {Dir("/dst"), Dir("/dst/_tmp"), File("/dst/_tmp/x"),
                                        File("/dst/stale")};
  auto keep = [](const std::string& src) { return src.find("_tmp") != std::string::npos; };
  auto plan = BuildPlan({Root()}, target, {.update = true, .delete_missing = true}, keep);
  ASSERT_TRUE(plan.ok());
  ASSERT_EQ(plan->deletes.size(), 1u);
  EXPECT_EQ(plan->deletes[0].path, "/dst/stale");
}

TEST_F(PlannerTest, TwoSourcesWritingTheSameFileConflict) {
  PlanRoot a = Root();
  PlanRoot b;
  b.source_root = "/other";
  b.target_root = "/dst";
  b.entries = {{"", Dir("/other")}, {"three", File("/other/three")}};
  auto plan = BuildPlan({a, b}, {}, {.update = true});
  ASSERT_FALSE(plan.ok());
  EXPECT_NE(plan.status().message().find("conflicting sources"), std::string::npos);
}

TEST_F(PlannerTest, TwoSourcesMayMergeDirectories) {
  PlanRoot a = Root();
  PlanRoot b;
  b.source_root = "/other";
  b.target_root = "/dst";
  b.entries = {{"", Dir("/other")}, {"a", Dir("/other/a")}, {"a/four", File("/other/a/four")}};
  auto plan = BuildPlan({a, b}, {}, {.update = true});
  ASSERT_TRUE(plan.ok()) << plan.status().ToString();
  EXPECT_EQ(ActionFor(*plan, "/dst/a/four"), Action::kCopy);
}

}  // namespace hmig::copy
