#include <gtest/gtest.h>

#include <algorithm>
#include <vector>

#include "verify/grouping.h"
#include "verify/path_order.h"

namespace hmig::verify {
namespace {

TEST(TreeOrder, DirectoryContentsComeBeforeSiblingsThatSortAfterSlash) {
  std::vector<std::string> paths = {"a0", "a.x", "a-b", "a/x", "a", "a/x/y", "b", "\xC3\xA9", "A"};
  std::sort(paths.begin(), paths.end(), TreeOrderLess());
  EXPECT_EQ(paths, (std::vector<std::string>{"A", "a", "a/x", "a/x/y", "a-b", "a.x", "a0", "b",
                                             "\xC3\xA9"}));
}

TEST(TreeOrder, EqualPathsCompareEqual) {
  EXPECT_EQ(CompareTreeOrder("x/y", "x/y"), 0);
  EXPECT_LT(CompareTreeOrder("", "a"), 0);
  EXPECT_GT(CompareTreeOrder("a b", "a/b"), 0);
}

TEST(Grouping, HiveDefaultGroupsByTableAfterTheDatabaseDirectory) {
  EXPECT_EQ(GroupOf("warehouse/sales.db/orders/dt=2024-01-01/part-0", false, kHiveGroupDepth),
            "warehouse/sales.db/orders");
  EXPECT_EQ(GroupOf("warehouse/sales.db/orders", true, kHiveGroupDepth),
            "warehouse/sales.db/orders");
  EXPECT_EQ(GroupOf("warehouse/sales.db/orders/dt=1", true, kHiveGroupDepth),
            "warehouse/sales.db/orders");
  EXPECT_EQ(GroupOf("warehouse/sales.db", true, kHiveGroupDepth), "warehouse/sales.db");
  EXPECT_EQ(GroupOf("warehouse/sales.db/_SUCCESS", false, kHiveGroupDepth), "warehouse/sales.db");
  EXPECT_EQ(GroupOf("sales.db/orders/x", false, kHiveGroupDepth), "sales.db/orders");
}

TEST(Grouping, HiveDefaultWithoutDatabaseDirectoryUsesFirstComponent) {
  EXPECT_EQ(GroupOf("web_logs/dt=1/part-0", false, kHiveGroupDepth), "web_logs");
  EXPECT_EQ(GroupOf("web_logs", true, kHiveGroupDepth), "web_logs");
  EXPECT_EQ(GroupOf("README", false, kHiveGroupDepth), ".");
  EXPECT_EQ(GroupOf("", true, kHiveGroupDepth), ".");
  // ".db" alone is not a database directory name.
  EXPECT_EQ(GroupOf("x/.db/t/f", false, kHiveGroupDepth), "x");
}

TEST(Grouping, FixedDepthCutsTheDirectoryOfTheEntry) {
  EXPECT_EQ(GroupOf("a/b/c/d/file", false, 2), "a/b");
  EXPECT_EQ(GroupOf("a/b/file", false, 3), "a/b");
  EXPECT_EQ(GroupOf("a/b/c", true, 3), "a/b/c");
  EXPECT_EQ(GroupOf("a/b/c/d", true, 3), "a/b/c");
  EXPECT_EQ(GroupOf("a/b/c/d", true, 0), ".");
  EXPECT_EQ(GroupOf("file", false, 1), ".");
}

}  // namespace
}  // namespace hmig::verify
