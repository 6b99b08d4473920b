// `config diff` on two realistic clusters: an old Hadoop 2.7 cluster written with
// Hadoop 1 property names in places, and a new Hadoop 3 (EMR-like) cluster.
#include "conf/config_diff.h"

#include <gtest/gtest.h>

#include <map>

#include "run_hmig.h"

namespace hmig::testing {
namespace {

std::string Props(const std::map<std::string, std::string>& props) {
  std::string xml = "<?xml version=\"1.0\"?>\n<configuration>\n";
  for (const auto& [k, v] : props) {
    xml +=
        "  <property>\n    <name>" + k + "</name>\n    <value>" + v + "</value>\n  </property>\n";
  }
  return xml + "</configuration>\n";
}

void WriteOldCluster(const TempDir& dir) {
  // Hadoop 1 spellings (fs.default.name, dfs.block.size, dfs.permissions) still in use.
  WriteFile(dir / "old/core-site.xml",
            Props({{"fs.default.name", "hdfs://mycluster"},
                   {"hadoop.security.authentication", "kerberos"},
                   {"hadoop.rpc.protection", "privacy"},
                   {"ha.zookeeper.quorum", "zk1.old.example.com:2181,zk2.old.example.com:2181"}}));
  WriteFile(dir / "old/hdfs-site.xml",
            Props({{"dfs.nameservices", "mycluster"},
                   {"dfs.ha.namenodes.mycluster", "nn1,nn2"},
                   {"dfs.namenode.rpc-address.mycluster.nn1", "oldnn1.example.com:8020"},
                   {"dfs.namenode.rpc-address.mycluster.nn2", "oldnn2.example.com:8020"},
                   {"dfs.permissions", "true"},
                   {"dfs.namenode.acls.enabled", "true"},
                   {"dfs.block.size", "268435456"},
                   {"dfs.replication", "3"},
                   {"dfs.encrypt.data.transfer", "true"}}));
  WriteFile(dir / "old/hive-site.xml",
            Props({{"hive.metastore.uris", "thrift://oldmeta.example.com:9083"},
                   {"hive.metastore.warehouse.dir", "/user/hive/warehouse"},
                   {"javax.jdo.option.ConnectionURL",
                    "jdbc:mysql://olddb.example.com:3306/hivemeta?useSSL=false"},
                   {"javax.jdo.option.ConnectionPassword", "old-s3cret-pw"}}));
}

void WriteNewCluster(const TempDir& dir) {
  WriteFile(dir / "new/core-site.xml",
            Props({{"fs.defaultFS", "hdfs://emr-cluster"},
                   {"hadoop.security.authentication", "simple"},
                   {"hadoop.rpc.protection", "authentication"},
                   {"hadoop.proxyuser.hive.hosts", "oldmeta.example.com,emr-header-1"}}));
  WriteFile(dir / "new/hdfs-site.xml",
            Props({{"dfs.nameservices", "emr-cluster"},
                   {"dfs.namenode.rpc-address.emr-cluster.nn1", "emr-header-1:8020"},
                   {"dfs.permissions.enabled", "false"},
                   {"dfs.blocksize", "128m"},
                   {"dfs.replication", "2"},
                   {"dfs.checksum.combine.mode", "COMPOSITE_CRC"},
                   {"dfs.client.failover.proxy.provider.mycluster2",
                    "org.apache.hadoop.hdfs.server.namenode.ha.ConfiguredFailoverProxyProvider"}}));
  WriteFile(dir / "new/ssl-client.xml", "<configuration/>\n");
  WriteFile(dir / "new/hive-site.xml",
            Props({{"hive.metastore.uris", "thrift://emr-header-1:9083"},
                   {"hive.metastore.warehouse.dir", "hdfs://emr-cluster/user/hive/warehouse2"},
                   {"javax.jdo.option.ConnectionURL",
                    "jdbc:mysql://rm-xyz.mysql.rds.example.com:3306/hivemeta"},
                   {"javax.jdo.option.ConnectionPassword", "new-s3cret-pw"},
                   {"hive.exec.scratchdir", "hdfs://mycluster/tmp/hive"},
                   {"hive.server2.zookeeper.quorum", "zk1.old.example.com:2181"}}));
}

const nlohmann::json* FindingFor(const nlohmann::json& findings, const std::string& subject) {
  for (const auto& f : findings) {
    if (f["subject"] == subject) return &f;
  }
  return nullptr;
}

TEST(ConfigDiffTest, ReportsEachMigrationRelevantDifferenceWithSeverity) {
  TempDir dir;
  WriteOldCluster(dir);
  WriteNewCluster(dir);
  auto run = RunHmig({"config", "diff", "--old", dir / "old", "--new", dir / "new", "--json"});
  ASSERT_EQ(run.exit_code, 1) << run.err;
  auto j = run.Json();
  const auto& f = j["findings"];
  std::map<std::string, std::string> severity;
  for (const auto& x : f) severity[x["subject"]] = x["severity"];
  EXPECT_EQ(severity["dfs.permissions.enabled"], "warning");
  EXPECT_EQ(severity["dfs.namenode.acls.enabled"], "warning");  // unset on Hadoop 3 side
  EXPECT_EQ(severity["dfs.blocksize"], "warning");
  EXPECT_EQ(severity["dfs.checksum.combine.mode"], "warning");
  EXPECT_EQ(severity["dfs.replication"], "info");
  EXPECT_EQ(severity["hadoop.security.authentication"], "error");
  EXPECT_EQ(severity["dfs.encrypt.data.transfer"], "warning");
  EXPECT_EQ(severity["hadoop.rpc.protection"], "error");
  EXPECT_EQ(severity["hive.metastore.warehouse.dir"], "warning");
  EXPECT_EQ(severity["javax.jdo.option.ConnectionURL"], "info");
  EXPECT_EQ(severity["javax.jdo.option.ConnectionPassword"], "info");
  // Values of the new cluster that still name the old one.
  EXPECT_EQ(severity["hive.exec.scratchdir"], "error");
  EXPECT_EQ(severity["hadoop.proxyuser.hive.hosts"], "error");
  EXPECT_EQ(severity["hive.server2.zookeeper.quorum"], "error");
  // "mycluster2" is another name, not the old nameservice.
  EXPECT_EQ(severity.count("dfs.client.failover.proxy.provider.mycluster2"), 0u);
  EXPECT_EQ(severity.count("dfs.checksum.type"), 0u);
  EXPECT_EQ(severity.count("dfs.bytes-per-checksum"), 0u);
  EXPECT_EQ(severity.count("dfs.namenode.xattrs.enabled"), 0u);

  const auto* blocksize = FindingFor(f, "dfs.blocksize");
  EXPECT_EQ((*blocksize)["details"]["old"]["value"], "268435456");
  EXPECT_EQ((*blocksize)["details"]["new"]["value"], "128m");
  EXPECT_EQ((*blocksize)["details"]["old"]["from"], dir / "old/hdfs-site.xml:3");
  const auto* acl = FindingFor(f, "dfs.namenode.acls.enabled");
  EXPECT_EQ((*acl)["suggested"], "true");
  const auto* scratch = FindingFor(f, "hive.exec.scratchdir");
  EXPECT_EQ((*scratch)["details"]["old_cluster_names"], nlohmann::json({"mycluster"}));
  EXPECT_EQ(j["summary"]["errors"], 5);
  EXPECT_EQ(severity["ssl-client.xml"], "info");  // present but not compared
  // Secrets never appear, in any output.
  EXPECT_EQ(run.out.find("s3cret"), std::string::npos);
  auto text = RunHmig({"config", "diff", "--old", dir / "old", "--new", dir / "new"});
  EXPECT_EQ(text.out.find("s3cret"), std::string::npos);
  EXPECT_NE(text.out.find("ERROR   hadoop.security.authentication"), std::string::npos) << text.out;
  EXPECT_NE(text.out.find("5 error(s)"), std::string::npos) << text.out;
}

TEST(ConfigDiffTest, AclsDisabledOnNewClusterIsAnErrorForDistcpPa) {
  HadoopConfig o, n;
  ASSERT_TRUE(o.AddXml(Props({{"dfs.namenode.acls.enabled", "true"},
                              {"dfs.namenode.xattrs.enabled", "true"}}),
                       "old/hdfs-site.xml")
                  .ok());
  ASSERT_TRUE(n.AddXml(Props({{"dfs.namenode.acls.enabled", "false"},
                              {"dfs.namenode.xattrs.enabled", "false"}}),
                       "new/hdfs-site.xml")
                  .ok());
  auto findings = conf::DiffClusterConfigs(o, n);
  ASSERT_EQ(findings.size(), 2u);
  EXPECT_EQ(findings[0].subject, "dfs.namenode.acls.enabled");
  EXPECT_EQ(findings[0].severity, conf::Severity::kError);
  EXPECT_NE(findings[0].advice.find("-pa"), std::string::npos);
  EXPECT_EQ(findings[0].location, "new/hdfs-site.xml:3");
  EXPECT_EQ(findings[1].subject, "dfs.namenode.xattrs.enabled");
  EXPECT_EQ(findings[1].severity, conf::Severity::kError);
}

TEST(ConfigDiffTest, SameConfigTwiceOnlyWarnsAboutTheSharedMetastoreDatabase) {
  TempDir dir;
  WriteOldCluster(dir);
  auto run = RunHmig({"config", "diff", "--old", dir / "old", "--new", dir / "old"});
  EXPECT_EQ(run.exit_code, 1);  // same metastore database on both sides is a warning
  EXPECT_NE(run.out.find("both clusters use the same metastore database"), std::string::npos)
      << run.out;
  HadoopConfig a, b;
  ASSERT_TRUE(a.AddXml(Props({{"dfs.blocksize", "128m"}}), "a").ok());
  ASSERT_TRUE(b.AddXml(Props({{"dfs.blocksize", "134217728"}}), "b").ok());
  EXPECT_TRUE(conf::DiffClusterConfigs(a, b).empty()) << "128m and 134217728 are equal";
}

TEST(ConfigDiffTest, ChecksumTypeAndBytesPerChecksumAndComposite) {
  HadoopConfig o, n;
  ASSERT_TRUE(o.AddXml(Props({{"dfs.checksum.type", "CRC32"},
                              {"io.bytes.per.checksum", "1024"},
                              {"dfs.blocksize", "256m"}}),
                       "o")
                  .ok());
  ASSERT_TRUE(n.AddXml(Props({{"dfs.checksum.type", "CRC32C"}}), "n").ok());
  auto findings = conf::DiffClusterConfigs(o, n);
  ASSERT_EQ(findings.size(), 3u);
  EXPECT_EQ(findings[0].subject, "dfs.checksum.type");
  EXPECT_EQ(findings[0].severity, conf::Severity::kError);
  EXPECT_EQ(findings[1].subject, "dfs.bytes-per-checksum");
  EXPECT_EQ(findings[2].subject, "dfs.blocksize");
  // With COMPOSITE_CRC on both sides block size and bytes per checksum no longer matter.
  ASSERT_TRUE(o.AddXml(Props({{"dfs.checksum.combine.mode", "COMPOSITE_CRC"}}), "o2").ok());
  ASSERT_TRUE(n.AddXml(Props({{"dfs.checksum.combine.mode", "composite_crc"}}), "n2").ok());
  findings = conf::DiffClusterConfigs(o, n);
  ASSERT_EQ(findings.size(), 1u);
  EXPECT_EQ(findings[0].subject, "dfs.checksum.type");
}

TEST(ConfigDiffTest, BadValuesAreErrorsNamingFileAndLine) {
  HadoopConfig o, n;
  ASSERT_TRUE(o.AddXml(Props({{"dfs.permissions.enabled", "yes"}}), "old/hdfs-site.xml").ok());
  ASSERT_TRUE(n.AddXml(Props({{"dfs.blocksize", "128 MB"}}), "new/hdfs-site.xml").ok());
  auto findings = conf::DiffClusterConfigs(o, n);
  ASSERT_EQ(findings.size(), 2u);
  EXPECT_EQ(findings[0].location, "old/hdfs-site.xml");
  EXPECT_NE(findings[0].message.find("line 3: dfs.permissions.enabled = 'yes' is not true or "
                                     "false"),
            std::string::npos)
      << findings[0].message;
  EXPECT_EQ(findings[1].location, "new/hdfs-site.xml:3");
  EXPECT_EQ(findings[1].severity, conf::Severity::kError);
}

TEST(ConfigDiffTest, MalformedXmlAndMissingConfigAreFatalWithFileAndLine) {
  TempDir dir;
  WriteOldCluster(dir);
  WriteFile(dir / "new/hdfs-site.xml",
            "<configuration>\n<property><name>a</name><value>1</value></property>\n"
            "<property><name>b</name><value>2</value>\n</configuration>\n");
  auto run = RunHmig({"config", "diff", "--old", dir / "old", "--new", dir / "new"});
  EXPECT_EQ(run.exit_code, 3);
  EXPECT_NE(run.err.find(dir / "new/hdfs-site.xml: line 4, column"), std::string::npos) << run.err;
  auto empty = RunHmig({"config", "diff", "--old", dir / "old", "--new", dir / "nothing"});
  EXPECT_EQ(empty.exit_code, 3);
  EXPECT_NE(empty.err.find("no Hadoop configuration file found"), std::string::npos) << empty.err;
  WriteFile(dir / "odd/core-site.xml", "<properties><entry key=\"a\">b</entry></properties>\n");
  auto odd = RunHmig({"config", "diff", "--old", dir / "old", "--new", dir / "odd"});
  EXPECT_EQ(odd.exit_code, 3);
  EXPECT_NE(odd.err.find("not a Hadoop configuration file"), std::string::npos) << odd.err;
  auto usage = RunHmig({"config", "diff", "--old", dir / "old"});
  EXPECT_EQ(usage.exit_code, 2);
}

}  // namespace
}  // namespace hmig::testing
