#include "copy/distcp_options.h"

#include <gtest/gtest.h>

namespace hmig::copy {

TEST(DistCpOptionsTest, SeedFullSyncLineParses) {
  auto o = ParseDistCpArgs(
      {"-pbugpcax", "-m", "1000", "-bandwidth", "30", "/old/warehouse", "/new/warehouse"});
  ASSERT_TRUE(o.ok()) << o.status().ToString();
  EXPECT_EQ(o->preserve.Letters(), "bugpcax");
  EXPECT_EQ(o->max_workers, 1000);
  EXPECT_DOUBLE_EQ(o->bandwidth_mb, 30);
  EXPECT_EQ(o->sources, std::vector<std::string>{"/old/warehouse"});
  EXPECT_EQ(o->target, "/new/warehouse");
}

TEST(DistCpOptionsTest, SeedIncrementalLineWithEnDashDeleteIsAcceptedWithWarning) {
  auto o = ParseDistCpArgs({"-pbugpcax", "-m", "1000", "-bandwidth", "30", "-update",
                            "\xE2\x80\x93"
                            "delete",
                            "/a", "/b"});
  ASSERT_TRUE(o.ok()) << o.status().ToString();
  EXPECT_TRUE(o->update);
  EXPECT_TRUE(o->delete_missing);
  ASSERT_EQ(o->warnings.size(), 1u);
  EXPECT_NE(o->warnings[0].find("-delete"), std::string::npos);
}

TEST(DistCpOptionsTest, OneAndTwoDashesAndInlineValuesAreEquivalent) {
  auto a = ParseDistCpArgs({"-update", "-m", "7", "/s", "/t"});
  auto b = ParseDistCpArgs({"--update", "--m=7", "/s", "/t"});
  ASSERT_TRUE(a.ok() && b.ok());
  EXPECT_EQ(a->update, b->update);
  EXPECT_EQ(a->max_workers, b->max_workers);
}

TEST(DistCpOptionsTest, BarePMeansDistCpDefaultSet) {
  auto o = ParseDistCpArgs({"-p", "/s", "/t"});
  ASSERT_TRUE(o.ok());
  EXPECT_EQ(o->preserve.Letters(), "rbugpct");
  EXPECT_FALSE(o->preserve.acl);
  EXPECT_FALSE(o->preserve.xattr);
}

TEST(DistCpOptionsTest, UnknownPreserveLetterIsRejected) {
  EXPECT_FALSE(ParseDistCpArgs({"-pbugz", "/s", "/t"}).ok());
}

TEST(DistCpOptionsTest, DistCpIncompatibilitiesAreUsageErrors) {
  struct Case {
    std::vector<std::string> args;
    std::string needle;
  } cases[] = {
      {{"-delete", "/s", "/t"}, "-delete"},
      {{"-update", "-overwrite", "/s", "/t"}, "-overwrite"},
      {{"-skipcrccheck", "/s", "/t"}, "-skipcrccheck"},
      {{"-append", "/s", "/t"}, "-append"},
      {{"-update", "-append", "-skipcrccheck", "/s", "/t"}, "-append"},
      {{"-atomic", "-update", "/s", "/t"}, "-atomic"},
      {{"-tmp", "/x", "/s", "/t"}, "-tmp"},
      {{"-m", "0", "/s", "/t"}, "-m"},
      {{"-m"}, "-m"},
      {{"-bandwidth", "fast", "/s", "/t"}, "-bandwidth"},
      {{"-nosuchflag", "/s", "/t"}, "nosuchflag"},
      {{"/only-one"}, "source"},
      {{}, "target"},
      {{"-f", "/list", "/s", "/t"}, "-f"},
  };
  for (const auto& c : cases) {
    auto o = ParseDistCpArgs(c.args);
    ASSERT_FALSE(o.ok()) << c.needle;
    EXPECT_EQ(o.status().code(), StatusCode::kInvalidArgument);
    EXPECT_NE(o.status().message().find(c.needle), std::string::npos) << o.status().message();
  }
}

TEST(DistCpOptionsTest, MeaninglessOptionsAreAcceptedAndListed) {
  auto o = ParseDistCpArgs({"-strategy", "dynamic", "-async", "-copybuffersize", "8", "/s", "/t"});
  ASSERT_TRUE(o.ok());
  EXPECT_EQ(o->ignored_options,
            (std::vector<std::string>{"-strategy", "-async", "-copybuffersize"}));
  EXPECT_EQ(o->sources.size(), 1u);
}

TEST(DistCpOptionsTest, DoubleDashEndsOptionsSoNamesMayStartWithDash) {
  auto o = ParseDistCpArgs({"-update", "--", "-weird-source", "/t"});
  ASSERT_TRUE(o.ok());
  EXPECT_EQ(o->sources, std::vector<std::string>{"-weird-source"});
}

TEST(DistCpOptionsTest, SourceListFileReplacesPositionalSources) {
  auto o = ParseDistCpArgs({"-f", "/lists/srclist", "/t"});
  ASSERT_TRUE(o.ok());
  EXPECT_TRUE(o->sources.empty());
  EXPECT_EQ(o->source_list_file, "/lists/srclist");
}

TEST(DistCpOptionsTest, ListThreadsAreCappedAtDistCpsForty) {
  auto o = ParseDistCpArgs({"-numListstatusThreads", "100", "/s", "/t"});
  ASSERT_TRUE(o.ok());
  EXPECT_EQ(o->list_threads, 40);
}

}  // namespace hmig::copy
