#include "hive/location_matcher.h"

#include <gtest/gtest.h>

namespace hmig::hive {
namespace {

LocationMatcher Make(std::vector<std::string> from, std::string to) {
  auto m = LocationMatcher::Create(from, to);
  EXPECT_TRUE(m.ok()) << m.status().ToString();
  return *m;
}

TEST(HiveLocationMatcher, DefaultPortFromMatchesSameAuthorityWithAndWithoutPort) {
  auto m = Make({"hdfs://oldcluster:8020"}, "hdfs://emr-cluster");
  EXPECT_EQ(m.Rewrite("hdfs://oldcluster:8020/warehouse/t"), "hdfs://emr-cluster/warehouse/t");
  EXPECT_EQ(m.Rewrite("hdfs://oldcluster/warehouse/t"), "hdfs://emr-cluster/warehouse/t");
  EXPECT_EQ(m.Rewrite("hdfs://oldcluster:8020"), "hdfs://emr-cluster");
  EXPECT_EQ(m.Rewrite("hdfs://oldcluster:8020/"), "hdfs://emr-cluster/");
}

TEST(HiveLocationMatcher, FromWithoutPortMatchesDefaultPortOnly) {
  auto m = Make({"hdfs://oldcluster"}, "hdfs://emr-cluster");
  EXPECT_TRUE(m.Matches("hdfs://oldcluster/x"));
  EXPECT_TRUE(m.Matches("hdfs://oldcluster:8020/x"));
  EXPECT_FALSE(m.Matches("hdfs://oldcluster:9000/x"));
}

TEST(HiveLocationMatcher, NonDefaultPortMatchesOnlyThatPort) {
  auto m = Make({"hdfs://nn1:9000"}, "hdfs://emr-cluster");
  EXPECT_TRUE(m.Matches("hdfs://nn1:9000/x"));
  EXPECT_FALSE(m.Matches("hdfs://nn1/x"));
  EXPECT_FALSE(m.Matches("hdfs://nn1:8020/x"));
}

TEST(HiveLocationMatcher, PrefixTrapsNeverMatch) {
  auto m = Make({"hdfs://oldcluster:8020"}, "hdfs://emr-cluster");
  EXPECT_FALSE(m.Matches("hdfs://oldcluster:80200/x"));
  EXPECT_FALSE(m.Matches("hdfs://oldcluster2/x"));
  EXPECT_FALSE(m.Matches("hdfs://oldcluster2:8020/x"));
  EXPECT_FALSE(m.Matches("hdfs://oldcluster.example.com:8020/x"));
  EXPECT_FALSE(m.Matches("hdfs://oldcluster:8020x/y"));
  EXPECT_FALSE(m.Matches("hdfs:/oldcluster:8020/x"));
  EXPECT_FALSE(m.Matches("/oldcluster:8020/x"));
  EXPECT_FALSE(m.Matches("xhdfs://oldcluster:8020/x"));
  EXPECT_FALSE(m.Matches(""));
}

TEST(HiveLocationMatcher, SchemeAndHostCompareCaseInsensitivelyPathKeepsBytes) {
  auto m = Make({"hdfs://OldCluster:8020"}, "hdfs://emr-cluster");
  EXPECT_EQ(m.Rewrite("HDFS://OLDCLUSTER:8020/Data/Ä ö/%20x/dt=2024-01-01 00%3A00"),
            "hdfs://emr-cluster/Data/Ä ö/%20x/dt=2024-01-01 00%3A00");
}

TEST(HiveLocationMatcher, OtherFilesystemsAreNeverTouched) {
  auto m = Make({"hdfs://oldcluster:8020"}, "hdfs://emr-cluster");
  for (const char* v : {"s3a://oldcluster/x", "oss://oldcluster:8020/x", "file:/oldcluster/x",
                        "viewfs://oldcluster/x", "webhdfs://oldcluster:8020/x", "TBD"}) {
    EXPECT_FALSE(m.Matches(v)) << v;
  }
  EXPECT_FALSE(LocationMatcher::Create({"s3a://bucket"}, "hdfs://emr").ok());
  EXPECT_FALSE(LocationMatcher::Create({"viewfs://cluster"}, "hdfs://emr").ok());
}

TEST(HiveLocationMatcher, SeveralFromMapToOneTarget) {
  auto m =
      Make({"hdfs://nameservice1", "hdfs://nn1.example.com:8020", "hdfs://nn2.example.com:8020"},
           "hdfs://emr-cluster");
  EXPECT_EQ(m.Rewrite("hdfs://nameservice1/a"), "hdfs://emr-cluster/a");
  EXPECT_EQ(m.Rewrite("hdfs://nn1.example.com:8020/b"), "hdfs://emr-cluster/b");
  EXPECT_EQ(m.Rewrite("hdfs://nn2.example.com/c"), "hdfs://emr-cluster/c");
  EXPECT_FALSE(m.Matches("hdfs://nn3.example.com:8020/c"));
}

TEST(HiveLocationMatcher, RejectsPathsUserInfoAndSameTarget) {
  EXPECT_FALSE(LocationMatcher::Create({"hdfs://old:8020/user"}, "hdfs://new").ok());
  EXPECT_FALSE(LocationMatcher::Create({"hdfs://u@old:8020"}, "hdfs://new").ok());
  EXPECT_FALSE(LocationMatcher::Create({"hdfs://old:80x"}, "hdfs://new").ok());
  EXPECT_FALSE(LocationMatcher::Create({"hdfs://old"}, "hdfs://new/path").ok());
  EXPECT_FALSE(LocationMatcher::Create({"hdfs://old"}, "hdfs://old:8020").ok());
  EXPECT_FALSE(LocationMatcher::Create({"hdfs://o'ld"}, "hdfs://new").ok());
  EXPECT_FALSE(LocationMatcher::Create({}, "hdfs://new").ok());
  EXPECT_TRUE(LocationMatcher::Create({"hdfs://old/"}, "hdfs://new/").ok());
}

TEST(HiveLocationMatcher, InventoryPrefixIsLowerCasedSchemeAndAuthority) {
  EXPECT_EQ(LocationPrefixOf("HDFS://OldCluster:8020/x/y"), "hdfs://oldcluster:8020");
  EXPECT_EQ(LocationPrefixOf("hdfs://nameservice1"), "hdfs://nameservice1");
  EXPECT_EQ(LocationPrefixOf("file:/tmp/x"), "file:");
  EXPECT_EQ(LocationPrefixOf("TBD"), std::nullopt);
  EXPECT_EQ(LocationPrefixOf("/relative"), std::nullopt);
}

}  // namespace
}  // namespace hmig::hive
