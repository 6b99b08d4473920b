// hdfs:// authorities resolved through Hadoop configuration properties as
// DistCp users write them: two clusters, HA nameservices, plain host:port.
#include "fs/webhdfs/hdfs_resolution.h"

#include <gtest/gtest.h>

#include <map>

namespace hmig::fs::webhdfs {
namespace {

ConfLookup From(std::map<std::string, std::string> props) {
  return [props](const std::string& name) -> std::optional<std::string> {
    auto it = props.find(name);
    if (it == props.end()) return std::nullopt;
    return it->second;
  };
}

// Old and new cluster in one hdfs-site.xml, as DistCp between HA clusters needs.
const std::map<std::string, std::string> kTwoClusters = {
    {"fs.defaultFS", "hdfs://newns"},
    {"dfs.nameservices", "oldns, newns"},
    {"dfs.ha.namenodes.oldns", "nn1,nn2"},
    {"dfs.namenode.rpc-address.oldns.nn1", "old1:8020"},
    {"dfs.namenode.rpc-address.oldns.nn2", "old2:8020"},
    {"dfs.namenode.http-address.oldns.nn1", "old1:50070"},
    {"dfs.namenode.http-address.oldns.nn2", "old2:50070"},
    {"dfs.ha.namenodes.newns", "a,b"},
    {"dfs.namenode.rpc-address.newns.a", "new1:8020"},
    {"dfs.namenode.rpc-address.newns.b", "new2:8020"},
    {"dfs.namenode.http-address.newns.a", "new1:9870"},
    {"dfs.namenode.http-address.newns.b", "0.0.0.0:9870"},
};

TEST(HdfsResolutionTest, AnHaNameserviceGivesEveryNameNodeInOrder) {
  auto r = ResolveHdfsAuthority("oldns", From(kTwoClusters));
  ASSERT_TRUE(r.ok() && r->has_value());
  EXPECT_EQ((*r)->namenodes, (std::vector<std::string>{"http://old1:50070", "http://old2:50070"}));
  EXPECT_EQ((*r)->nameservice, "oldns");
  r = ResolveHdfsAuthority("newns", From(kTwoClusters));
  ASSERT_TRUE(r.ok() && r->has_value());
  // A wildcard bind address is reached through the NameNode's RPC host.
  EXPECT_EQ((*r)->namenodes, (std::vector<std::string>{"http://new1:9870", "http://new2:9870"}));
}

TEST(HdfsResolutionTest, EmptyAuthorityUsesDefaultFs) {
  auto r = ResolveHdfsAuthority("", From(kTwoClusters));
  ASSERT_TRUE(r.ok() && r->has_value());
  EXPECT_EQ((*r)->nameservice, "newns");
  EXPECT_FALSE(ResolveHdfsAuthority("", From({})).ok());
}

TEST(HdfsResolutionTest, HostPortFindsTheNameNodeWithThatRpcAddress) {
  auto r = ResolveHdfsAuthority("old2:8020", From(kTwoClusters));
  ASSERT_TRUE(r.ok() && r->has_value());
  EXPECT_EQ((*r)->namenodes, std::vector<std::string>{"http://old2:50070"});
  r = ResolveHdfsAuthority("old2", From(kTwoClusters));  // 8020 implied
  ASSERT_TRUE(r.ok() && r->has_value());
  r = ResolveHdfsAuthority("elsewhere:8020", From(kTwoClusters));
  ASSERT_TRUE(r.ok());
  EXPECT_FALSE(r->has_value());
}

TEST(HdfsResolutionTest, HttpsOnlyPolicyUsesHttpsAddresses) {
  auto props = kTwoClusters;
  props["dfs.http.policy"] = "HTTPS_ONLY";
  props["dfs.namenode.https-address.oldns.nn1"] = "old1:50470";
  auto r = ResolveHdfsAuthority("oldns", From(props));
  ASSERT_TRUE(r.ok() && r->has_value());
  // nn2 has no https-address: its RPC host with the default HTTPS port.
  EXPECT_EQ((*r)->namenodes, (std::vector<std::string>{"https://old1:50470", "https://old2:9871"}));
}

TEST(HdfsResolutionTest, SingleNameNodeSetupsAndBrokenOnes) {
  auto r = ResolveHdfsAuthority("nn:8020", From({{"dfs.namenode.rpc-address", "nn:8020"},
                                                 {"dfs.namenode.http-address", "nn:50070"}}));
  ASSERT_TRUE(r.ok() && r->has_value());
  EXPECT_EQ((*r)->namenodes, std::vector<std::string>{"http://nn:50070"});
  auto broken =
      ResolveHdfsAuthority("ns", From({{"dfs.nameservices", "ns"}, {"dfs.ha.namenodes.ns", "x"}}));
  ASSERT_FALSE(broken.ok());
  EXPECT_NE(broken.status().message().find("dfs.namenode.http-address.ns.x"), std::string::npos);
}

}  // namespace
}  // namespace hmig::fs::webhdfs
