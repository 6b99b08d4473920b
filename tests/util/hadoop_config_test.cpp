#include "util/hadoop_config.h"

#include <gtest/gtest.h>

#include <map>

#include "support/temp_dir.h"

namespace hmig {
namespace {

using testing::TempDir;
using testing::WriteFile;

// A core-site.xml as Hadoop 2.7 clusters ship it (license header, comments, descriptions).
const char* kCoreSite = R"(<?xml version="1.0" encoding="UTF-8"?>
<?xml-stylesheet type="text/xsl" href="configuration.xsl"?>
<!-- Licensed under the Apache License, Version 2.0 -->
<configuration>
  <property>
    <name>fs.defaultFS</name>
    <value>hdfs://oldcluster:8020</value>
    <final>true</final>
  </property>
  <property>
    <name>hadoop.tmp.dir</name>
    <value>/data/tmp/hadoop-${user.name}</value>
    <description>A base for other temporary directories.</description>
  </property>
  <property>
    <name>hadoop.security.authentication</name>
    <value> kerberos </value>
  </property>
  <property>
    <name>io.file.buffer.size</name>
    <value>131072</value>
  </property>
</configuration>
)";

const char* kHdfsSite = R"(<?xml version="1.0"?>
<configuration>
  <property><name>dfs.nameservices</name><value>ns1 , ns2,,</value></property>
  <property><name>dfs.ha.namenodes.ns1</name><value>nn1,nn2</value></property>
  <property>
    <name>dfs.namenode.http-address.ns1.nn1</name>
    <value>${nn.host.1}:50070</value>
  </property>
  <property><name>nn.host.1</name><value>master1.example.com</value></property>
  <property><name>dfs.blocksize</name><value>128m</value></property>
  <property><name>dfs.permissions.enabled</name><value>TRUE</value></property>
  <property><name>fs.defaultFS</name><value>hdfs://somewhere-else:8020</value></property>
  <property name="dfs.namenode.acls.enabled" value="true" final="true"/>
  <property><name>dfs.data.dir</name><value>/data1/dn,/data2/dn</value></property>
</configuration>
)";

HadoopConfig LoadBoth(TempDir& dir) {
  WriteFile(dir / "core-site.xml", kCoreSite);
  WriteFile(dir / "hdfs-site.xml", kHdfsSite);
  auto conf = HadoopConfig::LoadDir(dir.path());
  EXPECT_TRUE(conf.ok()) << conf.status().ToString();
  return conf.ok() ? *conf : HadoopConfig();
}

TEST(HadoopConfigTest, LaterFileOverridesButFinalValueIsKeptWithAWarning) {
  TempDir dir;
  HadoopConfig conf = LoadBoth(dir);
  EXPECT_EQ(*conf.GetString("fs.defaultFS"), "hdfs://oldcluster:8020");
  const HadoopProperty* p = conf.Find("fs.defaultFS");
  ASSERT_NE(p, nullptr);
  EXPECT_TRUE(p->is_final);
  EXPECT_EQ(p->file, dir / "core-site.xml");
  EXPECT_EQ(p->line, 5);
  ASSERT_EQ(conf.warnings().size(), 1u);
  EXPECT_NE(conf.warnings()[0].find("hdfs-site.xml: line 12: fs.defaultFS is final in"),
            std::string::npos)
      << conf.warnings()[0];
  EXPECT_EQ(conf.files().size(), 2u);
}

TEST(HadoopConfigTest, LaterFileOverridesNonFinalValue) {
  HadoopConfig conf;
  ASSERT_TRUE(conf.AddXml("<configuration><property><name>dfs.replication</name>"
                          "<value>3</value></property></configuration>",
                          "a.xml")
                  .ok());
  ASSERT_TRUE(conf.AddXml("<configuration><property><name>dfs.replication</name>"
                          "<value>2</value></property></configuration>",
                          "b.xml")
                  .ok());
  EXPECT_EQ(*conf.GetInt("dfs.replication", 0), 2);
  EXPECT_EQ(conf.Find("dfs.replication")->file, "b.xml");
  EXPECT_TRUE(conf.warnings().empty());
}

TEST(HadoopConfigTest, SetOverridesEvenFinalValuesLikeConfigurationSet) {
  TempDir dir;
  HadoopConfig conf = LoadBoth(dir);
  conf.Set("fs.defaultFS", "hdfs://override:8020", "-D");
  EXPECT_EQ(*conf.GetString("fs.defaultFS"), "hdfs://override:8020");
  EXPECT_EQ(conf.Find("fs.defaultFS")->file, "-D");
  EXPECT_FALSE(conf.Find("fs.defaultFS")->is_final);
  conf.Set("dfs.block.size", "64m");
  EXPECT_EQ(*conf.GetSize("dfs.blocksize", 0), 64LL << 20);
}

TEST(HadoopConfigTest, AttributeFormPropertiesAreRead) {
  TempDir dir;
  HadoopConfig conf = LoadBoth(dir);
  EXPECT_TRUE(*conf.GetBool("dfs.namenode.acls.enabled", false));
  EXPECT_TRUE(conf.Find("dfs.namenode.acls.enabled")->is_final);
}

TEST(HadoopConfigTest, SubstitutesOtherPropertiesAndLeavesUnboundVariables) {
  TempDir dir;
  HadoopConfig conf = LoadBoth(dir);
  EXPECT_EQ(*conf.GetString("dfs.namenode.http-address.ns1.nn1"), "master1.example.com:50070");
  // user.name is a Java system property in Hadoop; unknown here, so left literal.
  EXPECT_EQ(*conf.GetString("hadoop.tmp.dir"), "/data/tmp/hadoop-${user.name}");
  // The raw value stays available.
  EXPECT_EQ(conf.Find("dfs.namenode.http-address.ns1.nn1")->raw_value, "${nn.host.1}:50070");
}

TEST(HadoopConfigTest, SubstitutesEnvironmentWithDefaults) {
  HadoopConfig conf;
  std::map<std::string, std::string> env = {{"HADOOP_LOG_DIR", "/var/log/hadoop"}, {"EMPTY", ""}};
  conf.SetEnvLookup([&env](const std::string& n) -> std::optional<std::string> {
    auto it = env.find(n);
    if (it == env.end()) return std::nullopt;
    return it->second;
  });
  ASSERT_TRUE(conf.AddXml(R"(<configuration>
    <property><name>log.dir</name><value>${env.HADOOP_LOG_DIR}/nn</value></property>
    <property><name>a</name><value>${env.UNSET:-/fallback}</value></property>
    <property><name>b</name><value>${env.EMPTY:-dflt}|${env.EMPTY-dflt}|</value></property>
    <property><name>c</name><value>${env.UNSET}</value></property>
  </configuration>)",
                          "env.xml")
                  .ok());
  EXPECT_EQ(**conf.Get("log.dir"), "/var/log/hadoop/nn");
  EXPECT_EQ(**conf.Get("a"), "/fallback");
  EXPECT_EQ(**conf.Get("b"), "dflt||");
  EXPECT_EQ(**conf.Get("c"), "${env.UNSET}");
}

TEST(HadoopConfigTest, NestedAndChainedReferencesExpand) {
  HadoopConfig conf;
  ASSERT_TRUE(conf.AddXml(R"(<configuration>
    <property><name>which</name><value>one</value></property>
    <property><name>host.one</name><value>nn1.example.com</value></property>
    <property><name>addr</name><value>${host.${which}}:8020</value></property>
    <property><name>base</name><value>/data</value></property>
    <property><name>dir1</name><value>${base}/x</value></property>
    <property><name>dir2</name><value>${dir1}/y</value></property>
  </configuration>)",
                          "n.xml")
                  .ok());
  EXPECT_EQ(**conf.Get("addr"), "nn1.example.com:8020");
  EXPECT_EQ(**conf.Get("dir2"), "/data/x/y");
}

TEST(HadoopConfigTest, SelfReferenceIsReturnedUnexpanded) {
  HadoopConfig conf;
  ASSERT_TRUE(conf.AddXml("<configuration><property><name>loop</name><value>a${loop}"
                          "</value></property></configuration>",
                          "l.xml")
                  .ok());
  EXPECT_EQ(**conf.Get("loop"), "a${loop}");
}

TEST(HadoopConfigTest, MoreThanTwentySubstitutionsIsAnErrorNamingFileAndLine) {
  std::string xml = "<configuration>\n";
  // v0 -> v1 -> ... -> v25: needs 25 expansions, Hadoop stops at 20.
  for (int i = 0; i < 25; ++i) {
    xml += "<property><name>v" + std::to_string(i) + "</name><value>${v" + std::to_string(i + 1) +
           "}</value></property>\n";
  }
  xml += "<property><name>v25</name><value>end</value></property>\n</configuration>\n";
  HadoopConfig conf;
  ASSERT_TRUE(conf.AddXml(xml, "deep.xml").ok());
  auto v = conf.Get("v0");
  ASSERT_FALSE(v.ok());
  EXPECT_EQ(v.status().path(), "deep.xml");
  EXPECT_NE(v.status().message().find("line 2"), std::string::npos) << v.status().ToString();
  EXPECT_NE(v.status().message().find("depth too large"), std::string::npos);
  // Nineteen is still fine (Hadoop fails once the twentieth is needed).
  EXPECT_EQ(**conf.Get("v6"), "end");
  EXPECT_FALSE(conf.Get("v5").ok());
}

TEST(HadoopConfigTest, TypedGetters) {
  TempDir dir;
  HadoopConfig conf = LoadBoth(dir);
  EXPECT_EQ(*conf.GetSize("dfs.blocksize", 0), 128LL * 1024 * 1024);
  EXPECT_EQ(*conf.GetLong("io.file.buffer.size", 0), 131072);
  EXPECT_EQ(*conf.GetLong("missing", 42), 42);
  EXPECT_TRUE(*conf.GetBool("dfs.permissions.enabled", false));
  EXPECT_FALSE(*conf.GetBool("missing", false));
  EXPECT_EQ(*conf.GetString("hadoop.security.authentication"), "kerberos");
  EXPECT_EQ(*conf.GetString("missing", "simple"), "simple");
  EXPECT_EQ(*conf.GetTrimmedList("dfs.nameservices"), (std::vector<std::string>{"ns1", "ns2"}));
  EXPECT_TRUE(conf.GetTrimmedList("missing")->empty());
  EXPECT_FALSE(*conf.Get("missing"));
}

TEST(HadoopConfigTest, BadTypedValuesNameFileAndLine) {
  HadoopConfig conf;
  ASSERT_TRUE(conf.AddXml(R"(<configuration>
<property><name>dfs.replication</name><value>three</value></property>
<property><name>dfs.permissions.enabled</name><value>yes</value></property>
<property><name>dfs.blocksize</name><value>128mb</value></property>
<property><name>big</name><value>9999999999</value></property>
<property><name>hex</name><value>0x10</value></property>
<property><name>huge</name><value>9e</value></property>
</configuration>)",
                          "hdfs-site.xml")
                  .ok());
  auto r = conf.GetInt("dfs.replication", 3);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().ToString(),
            "hdfs-site.xml: line 2: dfs.replication = 'three' is not an integer");
  auto b = conf.GetBool("dfs.permissions.enabled", true);
  ASSERT_FALSE(b.ok());
  EXPECT_NE(b.status().ToString().find("line 3"), std::string::npos);
  auto s = conf.GetSize("dfs.blocksize", 0);
  ASSERT_FALSE(s.ok());
  EXPECT_NE(s.status().ToString().find("line 4"), std::string::npos);
  EXPECT_FALSE(conf.GetInt("big", 0).ok());
  EXPECT_EQ(*conf.GetLong("big", 0), 9999999999LL);
  EXPECT_EQ(*conf.GetInt("hex", 0), 16);
  EXPECT_FALSE(conf.GetSize("huge", 0).ok());  // 9 EiB overflows int64
}

TEST(HadoopConfigTest, ParseHadoopSizeSuffixes) {
  EXPECT_EQ(*ParseHadoopSize("512"), 512);
  EXPECT_EQ(*ParseHadoopSize("1k"), 1024);
  EXPECT_EQ(*ParseHadoopSize("64M"), 64LL << 20);
  EXPECT_EQ(*ParseHadoopSize(" 2g "), 2LL << 30);
  EXPECT_EQ(*ParseHadoopSize("1t"), 1LL << 40);
  EXPECT_EQ(*ParseHadoopSize("1p"), 1LL << 50);
  EXPECT_EQ(*ParseHadoopSize("7e"), 7LL << 60);
  EXPECT_FALSE(ParseHadoopSize("8e").ok());
  EXPECT_FALSE(ParseHadoopSize("1.5g").ok());
  EXPECT_FALSE(ParseHadoopSize("").ok());
  EXPECT_FALSE(ParseHadoopSize("m").ok());
}

TEST(HadoopConfigTest, DeprecatedNamesFromOldHadoopVersionsAreFoundUnderCurrentNames) {
  // Hadoop 1.x spellings.
  HadoopConfig conf;
  ASSERT_TRUE(conf.AddXml(R"(<configuration>
  <property><name>fs.default.name</name><value>hdfs://legacy:9000</value></property>
  <property><name>dfs.block.size</name><value>67108864</value></property>
  <property><name>dfs.permissions</name><value>false</value></property>
  <property><name>mapred.job.map.memory.mb</name><value>2048</value></property>
</configuration>)",
                          "old.xml")
                  .ok());
  EXPECT_EQ(*conf.GetString("fs.defaultFS"), "hdfs://legacy:9000");
  EXPECT_EQ(*conf.GetString("fs.default.name"), "hdfs://legacy:9000");
  EXPECT_EQ(*conf.GetSize("dfs.blocksize", 0), 64LL << 20);
  EXPECT_FALSE(*conf.GetBool("dfs.permissions.enabled", true));
  EXPECT_EQ(*conf.GetInt("mapreduce.map.memory.mb", 0), 2048);
  EXPECT_EQ(conf.Find("dfs.blocksize")->written_name, "dfs.block.size");
  EXPECT_EQ(HadoopConfig::CanonicalName("dfs.umaskmode"), "fs.permissions.umask-mode");
  EXPECT_EQ(HadoopConfig::CanonicalName("dfs.replication"), "dfs.replication");
  auto names = conf.Names();
  EXPECT_EQ(names, (std::vector<std::string>{"dfs.blocksize", "dfs.permissions.enabled",
                                             "fs.defaultFS", "mapreduce.map.memory.mb"}));
}

TEST(HadoopConfigTest, MalformedXmlNamesFileLineAndColumn) {
  TempDir dir;
  WriteFile(dir / "hdfs-site.xml",
            "<?xml version=\"1.0\"?>\n<configuration>\n  <property>\n"
            "    <name>dfs.replication</name>\n    <value>3</valeu>\n  </property>\n"
            "</configuration>\n");
  HadoopConfig conf;
  Status st = conf.AddFile(dir / "hdfs-site.xml");
  ASSERT_FALSE(st.ok());
  EXPECT_EQ(st.code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(st.path(), dir / "hdfs-site.xml");
  EXPECT_EQ(st.message().rfind("line 5, column", 0), 0u) << st.ToString();
  EXPECT_NE(st.message().find("malformed XML"), std::string::npos);
  EXPECT_TRUE(conf.Names().empty());
}

TEST(HadoopConfigTest, FailedFileLeavesConfigurationUnchanged) {
  HadoopConfig conf;
  ASSERT_TRUE(conf.AddXml("<configuration><property><name>x</name><value>1</value>"
                          "</property></configuration>",
                          "good.xml")
                  .ok());
  Status st = conf.AddXml(
      "<configuration><property><name>x</name><value>2</value>"
      "</property><property></configuration>",
      "bad.xml");
  ASSERT_FALSE(st.ok());
  EXPECT_EQ(**conf.Get("x"), "1");
  EXPECT_EQ(conf.files(), std::vector<std::string>{"good.xml"});
}

TEST(HadoopConfigTest, WrongRootElementIsRejected) {
  HadoopConfig conf;
  Status st = conf.AddXml("<?xml version=\"1.0\"?>\n<workflow-app name=\"x\"/>\n", "wf.xml");
  ASSERT_FALSE(st.ok());
  EXPECT_EQ(st.ToString(),
            "wf.xml: line 2: not a Hadoop configuration file: the root element is "
            "<workflow-app>, expected <configuration>");
}

TEST(HadoopConfigTest, NamelessPropertyAndStrayElementsAreWarnings) {
  HadoopConfig conf;
  ASSERT_TRUE(conf.AddXml("<configuration>\n<property><value>1</value></property>\n"
                          "<junk/>\n<property><name>novalue</name></property>\n"
                          "</configuration>",
                          "w.xml")
                  .ok());
  ASSERT_EQ(conf.warnings().size(), 2u);
  EXPECT_EQ(conf.warnings()[0], "w.xml: line 2: <property> without a name is ignored");
  EXPECT_EQ(conf.warnings()[1], "w.xml: line 3: element <junk> is not a <property>; ignored");
  EXPECT_FALSE(conf.Has("novalue"));
}

TEST(HadoopConfigTest, XIncludeIsFollowedRelativeToTheIncludingFile) {
  TempDir dir;
  WriteFile(dir / "conf/hdfs-site.xml",
            R"(<configuration xmlns:xi="http://www.w3.org/2001/XInclude">
  <xi:include href="mounts.xml"/>
  <xi:include href="absent.xml"><xi:fallback/></xi:include>
  <property><name>dfs.replication</name><value>2</value></property>
</configuration>)");
  WriteFile(dir / "conf/mounts.xml",
            "<configuration><property><name>fs.viewfs.mounttable.x.link./a</name>"
            "<value>hdfs://ns1/a</value></property></configuration>");
  HadoopConfig conf;
  ASSERT_TRUE(conf.AddFile(dir / "conf/hdfs-site.xml").ok());
  EXPECT_EQ(*conf.GetString("fs.viewfs.mounttable.x.link./a"), "hdfs://ns1/a");
  EXPECT_EQ(conf.Find("fs.viewfs.mounttable.x.link./a")->file, dir / "conf/mounts.xml");
  WriteFile(dir / "conf/broken.xml",
            R"(<configuration xmlns:xi="http://www.w3.org/2001/XInclude">
  <xi:include href="gone.xml"/>
</configuration>)");
  Status st = conf.AddFile(dir / "conf/broken.xml");
  ASSERT_FALSE(st.ok());
  EXPECT_NE(st.ToString().find("broken.xml: line 2: xi:include"), std::string::npos)
      << st.ToString();
}

TEST(HadoopConfigTest, LoadDirSkipsMissingFilesButNotAnEmptyDirectory) {
  TempDir dir;
  auto none = HadoopConfig::LoadDir(dir.path());
  ASSERT_FALSE(none.ok());
  EXPECT_EQ(none.status().code(), StatusCode::kNotFound);
  EXPECT_NE(none.status().message().find("core-site.xml"), std::string::npos);
  WriteFile(dir / "yarn-site.xml",
            "<configuration><property><name>yarn.scheduler.maximum-allocation-mb</name>"
            "<value>8192</value></property></configuration>");
  auto one = HadoopConfig::LoadDir(dir.path());
  ASSERT_TRUE(one.ok()) << one.status().ToString();
  EXPECT_EQ(*one->GetInt("yarn.scheduler.maximum-allocation-mb", 0), 8192);
  auto custom = HadoopConfig::LoadDir(dir.path(), {"core-site.xml"});
  EXPECT_FALSE(custom.ok());
}

TEST(HadoopConfigTest, CdataAndEntitiesInValues) {
  HadoopConfig conf;
  ASSERT_TRUE(conf.AddXml("<configuration><property><name>q</name>"
                          "<value><![CDATA[a<b]]> &amp; c</value></property></configuration>",
                          "c.xml")
                  .ok());
  EXPECT_EQ(**conf.Get("q"), "a<b & c");
}

}  // namespace
}  // namespace hmig
