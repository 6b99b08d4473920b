#include "conf/authority_match.h"

#include <gtest/gtest.h>

namespace hmig::conf {
namespace {

AuthorityMatcher Make(std::vector<std::string> from, std::string to) {
  auto m = AuthorityMatcher::Create(from, to);
  EXPECT_TRUE(m.ok()) << m.status().ToString();
  return *m;
}

TEST(AuthorityMatchTest, ExplicitDefaultPortMatchesWithAndWithoutPort) {
  auto m = Make({"hdfs://oldcluster:8020"}, "hdfs://emr-cluster");
  EXPECT_TRUE(m.Matches("hdfs://oldcluster:8020/x"));
  EXPECT_TRUE(m.Matches("hdfs://oldcluster/x"));
  EXPECT_TRUE(m.Matches("hdfs://oldcluster"));
  EXPECT_TRUE(m.Matches("HDFS://OldCluster:8020/x"));
}

TEST(AuthorityMatchTest, NeverMatchesLongerPortOrLongerHost) {
  auto m = Make({"hdfs://oldcluster:8020"}, "hdfs://emr-cluster");
  EXPECT_FALSE(m.Matches("hdfs://oldcluster:80200/x"));
  EXPECT_FALSE(m.Matches("hdfs://oldcluster2/x"));
  EXPECT_FALSE(m.Matches("hdfs://oldcluster.example.com/x"));
  EXPECT_FALSE(m.Matches("hdfs://oldcluster:9000/x"));
  EXPECT_FALSE(m.Matches("webhdfs://oldcluster:8020/x"));
  EXPECT_FALSE(m.Matches("hdfs://user@oldcluster/x"));
}

TEST(AuthorityMatchTest, PortlessFromMatchesDefaultPortOnly) {
  auto m = Make({"hdfs://mycluster"}, "hdfs://emr-cluster");
  EXPECT_TRUE(m.Matches("hdfs://mycluster:8020/a"));
  EXPECT_FALSE(m.Matches("hdfs://mycluster:9000/a"));
  auto w = Make({"webhdfs://nn1"}, "webhdfs://nn9");
  EXPECT_TRUE(w.Matches("webhdfs://nn1/a"));
  EXPECT_FALSE(w.Matches("webhdfs://nn1:50070/a"));  // no known default for webhdfs
}

TEST(AuthorityMatchTest, RewriteKeepsPathByteForByte) {
  auto m = Make({"hdfs://oldcluster:8020/"}, "hdfs://emr-cluster/");
  EXPECT_EQ(*m.Rewrite("hdfs://oldcluster:8020/user/hive/warehouse/t/dt=2024-01-01 %20x?#"),
            "hdfs://emr-cluster/user/hive/warehouse/t/dt=2024-01-01 %20x?#");
  EXPECT_EQ(*m.Rewrite("hdfs://oldcluster//double//slash/"), "hdfs://emr-cluster//double//slash/");
  EXPECT_FALSE(m.Rewrite("hdfs://other/x").has_value());
}

TEST(AuthorityMatchTest, SeveralFromMapToOneTo) {
  auto m =
      Make({"hdfs://nn1.old:8020", "hdfs://nn2.old:8020", "hdfs://oldns"}, "hdfs://emr-cluster");
  std::string text =
      "a=hdfs://nn1.old/x b='hdfs://NN2.old:8020/y' c=hdfs://oldns:8020 "
      "d=hdfs://nn3.old/z";
  size_t n = 0;
  EXPECT_EQ(m.RewriteAll(text, &n),
            "a=hdfs://emr-cluster/x b='hdfs://emr-cluster/y' c=hdfs://emr-cluster "
            "d=hdfs://nn3.old/z");
  EXPECT_EQ(n, 3u);
  auto all = m.FindAll(text);
  ASSERT_EQ(all.size(), 3u);
  EXPECT_EQ(all[1].rule, 1u);
  EXPECT_EQ(text.substr(all[0].begin, all[0].end - all[0].begin), "hdfs://nn1.old");
}

TEST(AuthorityMatchTest, FindsUrisAfterPunctuationButNotInsideLongerSchemes) {
  auto m = Make({"hdfs://old:8020"}, "hdfs://new");
  EXPECT_EQ(m.RewriteAll("LOCATION 'hdfs://old:8020/t';\n(\"hdfs://old/a\",)\n"
                         "-Dfs.defaultFS=hdfs://old <value>hdfs://old:8020</value>"),
            "LOCATION 'hdfs://new/t';\n(\"hdfs://new/a\",)\n"
            "-Dfs.defaultFS=hdfs://new <value>hdfs://new</value>");
  EXPECT_EQ(m.RewriteAll("xhdfs://old/a swebhdfs://old/a"), "xhdfs://old/a swebhdfs://old/a");
  EXPECT_EQ(m.RewriteAll("src.hdfs://old/a"), "src.hdfs://new/a");
}

TEST(AuthorityMatchTest, Ipv6Authorities) {
  auto m = Make({"hdfs://[fe80::1]:8020"}, "hdfs://new");
  EXPECT_TRUE(m.Matches("hdfs://[FE80::1]/a"));
  EXPECT_FALSE(m.Matches("hdfs://[fe80::2]/a"));
}

TEST(AuthorityMatchTest, RejectsFromWithPathOrWithoutScheme) {
  EXPECT_FALSE(AuthorityMatcher::Create({"hdfs://old:8020/user"}, "hdfs://new").ok());
  EXPECT_FALSE(AuthorityMatcher::Create({"oldcluster:8020"}, "hdfs://new").ok());
  EXPECT_FALSE(AuthorityMatcher::Create({}, "hdfs://new").ok());
  EXPECT_FALSE(AuthorityMatcher::Create({"hdfs://old"}, "/local/path").ok());
  auto bad = AuthorityMatcher::Create({"hdfs://old:8020/user"}, "hdfs://new");
  EXPECT_NE(bad.status().message().find("--from 'hdfs://old:8020/user'"), std::string::npos);
}

}  // namespace
}  // namespace hmig::conf
