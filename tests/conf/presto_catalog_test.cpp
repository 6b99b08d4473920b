// `hmig presto catalog` through the real binary, from an old Presto catalog to a new
// Presto or Trino one.
#include <gtest/gtest.h>

#include <map>

#include "conf/java_properties.h"
#include "run_hmig.h"

namespace hmig::testing {
namespace {

const char* kOldCatalog =
    "# Hive catalog of the old cluster\n"
    "connector.name=hive-hadoop2\n"
    "hive.metastore.uri=thrift://oldmeta.example.com:9083\n"
    "hive.config.resources=/etc/hadoop/conf/core-site.xml,/etc/hadoop/conf/hdfs-site.xml\n"
    "hive.allow-drop-table=false\n"
    "hive.storage-format=ORC\n"
    "hive.hdfs.presto.principal=presto@EXAMPLE.COM\n"
    "hive.metastore-cache-ttl=10m\n"
    "hive.made-up-setting=1\n";

void WriteHadoopConf(const TempDir& dir) {
  WriteFile(dir / "hadoop-conf/core-site.xml",
            "<configuration><property><name>fs.defaultFS</name><value>hdfs://emr-cluster</value>"
            "</property></configuration>\n");
  WriteFile(dir / "hadoop-conf/hdfs-site.xml", "<configuration></configuration>\n");
}

std::map<std::string, std::string> Props(const std::string& text) {
  auto pf = conf::PropertiesFile::Parse(text, "out");
  std::map<std::string, std::string> m;
  for (const auto& e : pf->entries()) m[e.key] = e.value;
  return m;
}

TEST(PrestoCatalogTest, PrestoCatalogHasTheSeedPropertiesAndKeepsUserSettings) {
  TempDir dir;
  WriteHadoopConf(dir);
  WriteFile(dir / "old/hive.properties", kOldCatalog);
  auto run = RunHmig({"presto", "catalog", "--from", dir / "old/hive.properties", "--metastore-uri",
                      "thrift://emr-header-1.cluster-500148414:9083", "--hadoop-conf",
                      dir / "hadoop-conf/", "--out", dir / "hive.properties"});
  ASSERT_EQ(run.exit_code, 0) << run.err << run.out;
  std::string text = ReadFile(dir / "hive.properties");
  auto p = Props(text);
  EXPECT_EQ(p["connector.name"], "hive-hadoop2");
  EXPECT_EQ(p["hive.metastore.uri"], "thrift://emr-header-1.cluster-500148414:9083");
  EXPECT_EQ(p["hive.config.resources"],
            dir / "hadoop-conf/core-site.xml," + dir / "hadoop-conf/hdfs-site.xml");
  EXPECT_EQ(p["hive.allow-drop-table"], "true");
  EXPECT_EQ(p["hive.allow-rename-table"], "true");
  EXPECT_EQ(p["hive.recursive-directories"], "true");
  EXPECT_EQ(p["hive.storage-format"], "ORC");
  EXPECT_EQ(p["hive.hdfs.presto.principal"], "presto@EXAMPLE.COM");
  EXPECT_EQ(text.rfind("# Hive catalog of the old cluster\nconnector.name=hive-hadoop2\n", 0), 0u)
      << text;
  EXPECT_NE(run.out.find("hive.made-up-setting"), std::string::npos);
  EXPECT_NE(run.out.find("changed from 'false' to 'true'"), std::string::npos) << run.out;
}

TEST(PrestoCatalogTest, TrinoFlavorWarnsOnPrestoOnlyProperties) {
  TempDir dir;
  WriteHadoopConf(dir);
  WriteFile(dir / "old/hive.properties", kOldCatalog);
  auto run = RunHmig({"presto", "catalog", "--from", dir / "old/hive.properties", "--metastore-uri",
                      "thrift://emr-header-1:9083", "--hadoop-conf", dir / "hadoop-conf",
                      "--flavor", "trino", "--json"});
  ASSERT_EQ(run.exit_code, 1) << run.err;
  auto j = run.Json();
  auto p = Props(j["catalog"]);
  EXPECT_EQ(p["connector.name"], "hive");
  EXPECT_EQ(p["hive.recursive-directories"], "true");
  std::map<std::string, nlohmann::json> f;
  for (const auto& x : j["findings"]) {
    if (x["location"] != "") f[x["subject"]] = x;
  }
  EXPECT_EQ(f["hive.hdfs.presto.principal"]["severity"], "warning");
  EXPECT_EQ(f["hive.hdfs.presto.principal"]["advice"], "rename it to hive.hdfs.trino.principal");
  EXPECT_EQ(f["hive.hdfs.presto.principal"]["location"], dir / "old/hive.properties:7");
  EXPECT_EQ(f["hive.allow-drop-table"]["severity"], "warning");
  EXPECT_EQ(f["hive.made-up-setting"]["severity"], "info");
  EXPECT_EQ(f.count("hive.storage-format"), 0u);
  EXPECT_EQ(f.count("hive.metastore-cache-ttl"), 0u);
  // The seed's allow-* settings are not added for Trino (only the user's old one remains).
  EXPECT_EQ(p.count("hive.allow-rename-table"), 0u);
}

TEST(PrestoCatalogTest, WithoutFromWritesAFreshCatalogToStdout) {
  TempDir dir;
  WriteHadoopConf(dir);
  auto run = RunHmig({"presto", "catalog", "--metastore-uri", "thrift://meta:9083", "--hadoop-conf",
                      dir / "hadoop-conf"});
  ASSERT_EQ(run.exit_code, 0) << run.err;
  auto p = Props(run.out);
  EXPECT_EQ(p.size(), 6u);
  EXPECT_EQ(p["connector.name"], "hive-hadoop2");
}

TEST(PrestoCatalogTest, MissingConfigResourcesAndBadUrisAreErrors) {
  TempDir dir;
  WriteFile(dir / "conf/core-site.xml", "<configuration/>\n");
  auto missing = RunHmig({"presto", "catalog", "--metastore-uri", "thrift://meta:9083",
                          "--hadoop-conf", dir / "conf"});
  EXPECT_EQ(missing.exit_code, 3);
  EXPECT_NE(missing.err.find("hdfs-site.xml"), std::string::npos) << missing.err;
  WriteFile(dir / "conf/hdfs-site.xml", "<configuration>\n<property>\n");
  auto malformed = RunHmig({"presto", "catalog", "--metastore-uri", "thrift://meta:9083",
                            "--hadoop-conf", dir / "conf"});
  EXPECT_EQ(malformed.exit_code, 3);
  EXPECT_NE(malformed.err.find("hdfs-site.xml: hive.config.resources: hdfs-site.xml: line"),
            std::string::npos)
      << malformed.err;
  auto bad_uri =
      RunHmig({"presto", "catalog", "--metastore-uri", "meta:9083", "--hadoop-conf", dir / "conf"});
  EXPECT_EQ(bad_uri.exit_code, 2);
  auto bad_flavor = RunHmig({"presto", "catalog", "--metastore-uri", "thrift://m:9083",
                             "--hadoop-conf", dir / "conf", "--flavor", "hive"});
  EXPECT_EQ(bad_flavor.exit_code, 2);
}

}  // namespace
}  // namespace hmig::testing
