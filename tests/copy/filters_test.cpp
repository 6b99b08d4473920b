#include "copy/filters.h"

#include <gtest/gtest.h>

namespace hmig::copy {

TEST(PathFilterTest, WholePathMustMatchAsJavaMatchesDoes) {
  auto f = PathFilter::FromLines({".*\\.tmp", ".*/_temporary/.*", "", "   "});
  ASSERT_TRUE(f.ok());
  EXPECT_TRUE(f->Excludes("/w/t/part-0.tmp"));
  EXPECT_FALSE(f->Excludes("/w/t/part-0.tmp.orc"));  // matches() is anchored at both ends
  EXPECT_TRUE(f->Excludes("hdfs://nn:8020/w/_temporary/0/x"));
  EXPECT_FALSE(f->Excludes("/w/t/part-0.orc"));
}

TEST(PathFilterTest, EmptyFilterExcludesNothing) {
  PathFilter f;
  EXPECT_TRUE(f.empty());
  EXPECT_FALSE(f.Excludes("/anything"));
}

TEST(PathFilterTest, MalformedExpressionNamesItsLine) {
  auto f = PathFilter::FromLines({".*ok", "([unclosed"}, "filters.txt");
  ASSERT_FALSE(f.ok());
  EXPECT_NE(f.status().ToString().find("line 2"), std::string::npos);
  EXPECT_NE(f.status().ToString().find("filters.txt"), std::string::npos);
}

}  // namespace hmig::copy
