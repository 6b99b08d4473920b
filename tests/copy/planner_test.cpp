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
  // The source directory /src holds a/ (a directory), one (10 bytes), two (20 bytes)
  // and three (30 bytes); it is planned onto /dst.
  DirectoryInput Input(std::vector<fs::FileStatus> target = {}) {
    DirectoryInput in;
    in.target_dir = "/dst";
    in.sources.push_back(
        {0,
         "/src",
         {File("/src/three", 30), Dir("/src/a"), File("/src/one", 10), File("/src/two", 20)}});
    in.target_children = std::move(target);
    return in;
  }
  static Result<DirectoryPlan> Plan(DirectoryInput in, const PlanModes& modes,
                                    std::function<bool(const std::string&)> keep = nullptr) {
    return PlanDirectory(std::move(in), modes, keep,
                         [](const std::string& name) { return name.rfind(".hmig.", 0) == 0; });
  }
  Action ActionFor(const DirectoryPlan& p, const std::string& dst) {
    for (const auto& i : p.items) {
      if (i.dst_path == dst) return i.action;
    }
    ADD_FAILURE() << "no plan item for " << dst;
    return Action::kConflict;
  }
  std::vector<std::string> Deletes(const DirectoryPlan& p) {
    std::vector<std::string> out;
    for (const auto& d : p.deletes) out.push_back(d.path + (d.is_dir ? "/" : ""));
    return out;
  }
};

TEST_F(PlannerTest, UpdateOverwriteAndDefaultModesTable) {
  // Target: a/ exists, one has the same length, two another length, three is absent.
  std::vector<fs::FileStatus> target = {File("/dst/two", 5), Dir("/dst/a"), File("/dst/one", 10)};
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
    auto plan = Plan(Input(target), c.modes);
    ASSERT_TRUE(plan.ok()) << c.name;
    EXPECT_EQ(ActionFor(*plan, "/dst/one"), c.one) << c.name;
    EXPECT_EQ(ActionFor(*plan, "/dst/two"), c.two) << c.name;
    EXPECT_EQ(ActionFor(*plan, "/dst/three"), c.three) << c.name;
    EXPECT_EQ(ActionFor(*plan, "/dst/a"), Action::kExistingDir) << c.name;
  }
}

TEST_F(PlannerTest, NewDirectoriesAreCreatedAndTargetEntriesAreAttached) {
  auto plan = Plan(Input({File("/dst/one", 10)}), {.update = true});
  ASSERT_TRUE(plan.ok());
  EXPECT_EQ(ActionFor(*plan, "/dst/a"), Action::kCreateDir);
  for (const auto& item : plan->items) {
    EXPECT_EQ(item.dst.has_value(), item.dst_path == "/dst/one") << item.dst_path;
    EXPECT_EQ(item.src.path, "/src" + item.dst_path.substr(4));
  }
}

TEST_F(PlannerTest, AppendIsNotChosenWhenTargetIsLonger) {
  auto plan = Plan(Input({File("/dst/two", 99)}), {.update = true, .append = true});
  ASSERT_TRUE(plan.ok());
  EXPECT_EQ(ActionFor(*plan, "/dst/two"), Action::kCopy);
}

TEST_F(PlannerTest, FileAgainstDirectoryIsAConflict) {
  auto plan = Plan(Input({File("/dst/a", 3), Dir("/dst/three")}), {.update = true});
  ASSERT_TRUE(plan.ok());
  EXPECT_EQ(ActionFor(*plan, "/dst/a"), Action::kConflict);
  EXPECT_EQ(ActionFor(*plan, "/dst/three"), Action::kConflict);
}

TEST_F(PlannerTest, SymlinksAndSpecialFilesAreSkipped) {
  DirectoryInput in = Input();
  fs::FileStatus link = File("/src/link");
  link.type = fs::FileType::kSymlink;
  fs::FileStatus fifo = File("/src/fifo");
  fifo.type = fs::FileType::kOther;
  in.sources[0].children.push_back(link);
  in.sources[0].children.push_back(fifo);
  auto plan = Plan(std::move(in), {});
  ASSERT_TRUE(plan.ok());
  EXPECT_EQ(ActionFor(*plan, "/dst/link"), Action::kSkipSymlink);
  EXPECT_EQ(ActionFor(*plan, "/dst/fifo"), Action::kSkipSpecial);
}

TEST_F(PlannerTest, ItemsAreInByteOrderOfTheTargetPath) {
  auto plan = Plan(Input(), {});
  ASSERT_TRUE(plan.ok());
  ASSERT_EQ(plan->items.size(), 4u);
  for (size_t i = 1; i < plan->items.size(); ++i) {
    EXPECT_LT(plan->items[i - 1].dst_path, plan->items[i].dst_path);
  }
}

TEST_F(PlannerTest, DeleteProposesTheTargetEntriesNoSourceHas) {
  std::vector<fs::FileStatus> target = {File("/dst/one", 10), Dir("/dst/gone"), Dir("/dst/a"),
                                        File("/dst/old", 7), File("/dst/gone file", 4)};
  auto plan = Plan(Input(target), {.update = true, .delete_missing = true});
  ASSERT_TRUE(plan.ok());
  EXPECT_EQ(Deletes(*plan), (std::vector<std::string>{"/dst/gone/", "/dst/gone file", "/dst/old"}));
}

TEST_F(PlannerTest, NothingIsDeletedWithoutDelete) {
  auto plan = Plan(Input({File("/dst/old", 7)}), {.update = true});
  ASSERT_TRUE(plan.ok());
  EXPECT_TRUE(plan->deletes.empty());
}

TEST_F(PlannerTest, DeleteSparesWhatTheFiltersExclude) {
  std::vector<fs::FileStatus> target = {Dir("/dst/_tmp"), File("/dst/stale")};
  auto keep = [](const std::string& src) { return src == "/src/_tmp"; };
  auto plan = Plan(Input(target), {.update = true, .delete_missing = true}, keep);
  ASSERT_TRUE(plan.ok());
  EXPECT_EQ(Deletes(*plan), (std::vector<std::string>{"/dst/stale"}));
}

TEST_F(PlannerTest, TempFilesOfAKilledRunAreNeitherDataNorDeleteCandidates) {
  std::vector<fs::FileStatus> target = {File("/dst/.hmig.0123456789abcdef.tmp", 5),
                                        File("/dst/one", 10)};
  auto plan = Plan(Input(target), {.update = true, .delete_missing = true});
  ASSERT_TRUE(plan.ok());
  EXPECT_EQ(plan->stale_temps, (std::vector<std::string>{"/dst/.hmig.0123456789abcdef.tmp"}));
  EXPECT_TRUE(plan->deletes.empty());
}

TEST_F(PlannerTest, TwoSourcesWritingTheSameFileConflict) {
  DirectoryInput in = Input();
  in.sources.push_back({1, "/other", {File("/other/three")}});
  auto plan = Plan(std::move(in), {.update = true});
  ASSERT_FALSE(plan.ok());
  EXPECT_NE(plan.status().message().find("conflicting sources"), std::string::npos);
}

TEST_F(PlannerTest, TwoSourcesMayMergeDirectories) {
  DirectoryInput in = Input();
  in.sources.push_back({1, "/other", {Dir("/other/a"), File("/other/four")}});
  auto plan = Plan(std::move(in), {.update = true});
  ASSERT_TRUE(plan.ok()) << plan.status().ToString();
  // Both directories are kept (the walk lists both into /dst/a), next to each other.
  ASSERT_GE(plan->items.size(), 2u);
  EXPECT_EQ(plan->items[0].dst_path, "/dst/a");
  EXPECT_EQ(plan->items[1].dst_path, "/dst/a");
  EXPECT_EQ(plan->items[1].root_index, 1u);
  EXPECT_EQ(ActionFor(*plan, "/dst/four"), Action::kCopy);
}

}  // namespace hmig::copy
