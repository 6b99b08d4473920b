// The pieces of `jobs check`: heap options, hive-env.sh variants, script overrides and
// site-file edits.
#include <gtest/gtest.h>

#include "conf/hive_env.h"
#include "conf/jvm_opts.h"
#include "conf/script_overrides.h"
#include "conf/site_xml_edit.h"
#include "conf/task_memory.h"
#include "util/hadoop_config.h"

namespace hmig::conf {
namespace {

TEST(JvmOptsTest, LastMaxHeapWinsInEveryUnit) {
  EXPECT_EQ(HeapMbFromJavaOpts("-Xmx3072m"), 3072);
  EXPECT_EQ(HeapMbFromJavaOpts("-Xms512m -Xmx4G -XX:+UseG1GC"), 4096);
  EXPECT_EQ(HeapMbFromJavaOpts("-Xmx1g -Xmx2g"), 2048);
  EXPECT_EQ(HeapMbFromJavaOpts("-Xmx2097152k"), 2048);
  EXPECT_EQ(HeapMbFromJavaOpts("-Xmx1073741824"), 1024);
  EXPECT_EQ(HeapMbFromJavaOpts("-XX:MaxHeapSize=512m"), 512);
  EXPECT_FALSE(HeapMbFromJavaOpts("-Djava.net.preferIPv4Stack=true").has_value());
  EXPECT_FALSE(HeapMbFromJavaOpts("-Xmxlots").has_value());
  EXPECT_FALSE(HeapMbFromJavaOpts("").has_value());
}

TEST(JvmOptsTest, ReplacesOrAppendsHeapKeepingOtherOptions) {
  EXPECT_EQ(JavaOptsWithHeapMb("-Xmx200m -Djava.net.preferIPv4Stack=true", 3276),
            "-Xmx3276m -Djava.net.preferIPv4Stack=true");
  EXPECT_EQ(JavaOptsWithHeapMb("-verbose:gc", 819), "-verbose:gc -Xmx819m");
  EXPECT_EQ(JavaOptsWithHeapMb("", 819), "-Xmx819m");
}

TEST(TaskMemoryTest, SeedPairIsFineAndOverEightyPercentIsKilled) {
  YarnLimits limits;
  limits.min_mb = {"yarn.scheduler.minimum-allocation-mb", "1024", "default", false};
  limits.max_mb = {"yarn.scheduler.maximum-allocation-mb", "8192", "default", false};
  TaskMemory t{"map",
               {"mapreduce.map.memory.mb", "3840", "m.xml:3", true},
               {"mapreduce.map.java.opts", "-Xmx3072m", "m.xml:7", true}};
  EXPECT_TRUE(CheckTaskMemory(t, limits).findings.empty());
  t.opts.value = "-Xmx3500m";
  auto c = CheckTaskMemory(t, limits);
  ASSERT_EQ(c.findings.size(), 1u);
  EXPECT_EQ(c.findings[0].severity, Severity::kWarning);
  EXPECT_EQ(c.findings[0].suggested, "4375");
  ASSERT_EQ(c.fixes.size(), 1u);
  EXPECT_EQ(c.fixes[0].key, "mapreduce.map.memory.mb");
  t.opts.value = "-Xmx4g";
  c = CheckTaskMemory(t, limits);
  EXPECT_EQ(c.findings[0].severity, Severity::kError);
  EXPECT_NE(c.findings[0].message.find("does not even fit"), std::string::npos);
}

TEST(TaskMemoryTest, TooBigForMaximumAllocationAndBelowMinimum) {
  YarnLimits limits;
  limits.min_mb = {"yarn.scheduler.minimum-allocation-mb", "2048", "y.xml:3", true};
  limits.max_mb = {"yarn.scheduler.maximum-allocation-mb", "8192", "y.xml:7", true};
  TaskMemory big{"reduce",
                 {"mapreduce.reduce.memory.mb", "16384", "s.hql:1", true},
                 {"mapreduce.reduce.java.opts", "-Xmx12000m", "s.hql:2", true}};
  auto c = CheckTaskMemory(big, limits);
  ASSERT_EQ(c.findings.size(), 2u);
  EXPECT_NE(c.findings[0].message.find("YARN rejects the job"), std::string::npos);
  EXPECT_EQ(c.findings[0].suggested, "8192");
  // 12000 MB of heap cannot fit 8192: the heap is lowered to 80% of it.
  EXPECT_EQ(c.findings[1].suggested, "-Xmx6553m");
  TaskMemory small{"map",
                   {"mapreduce.map.memory.mb", "512", "s.hql:1", true},
                   {"mapreduce.map.java.opts", "-Xmx400m", "s.hql:2", true}};
  c = CheckTaskMemory(small, limits);
  ASSERT_EQ(c.findings.size(), 1u);
  EXPECT_EQ(c.findings[0].severity, Severity::kInfo);
  EXPECT_NE(c.findings[0].message.find("YARN grants 2048 MB"), std::string::npos);
}

TEST(TaskMemoryTest, HadoopOneNamesAndChildOptsFallback) {
  HadoopConfig conf;
  ASSERT_TRUE(conf.AddXml(R"(<configuration>
<property><name>mapred.job.map.memory.mb</name><value>2048</value></property>
<property><name>mapred.child.java.opts</name><value>-Xmx1024m</value></property>
</configuration>)",
                          "mapred-site.xml")
                  .ok());
  auto tasks = TaskMemoryFromConfig(conf);
  ASSERT_EQ(tasks.size(), 3u);
  EXPECT_EQ(tasks[0].memory.key, "mapreduce.map.memory.mb");
  EXPECT_EQ(tasks[0].memory.value, "2048");
  EXPECT_EQ(tasks[0].opts.key, "mapred.child.java.opts");
  EXPECT_EQ(tasks[1].opts.value, "-Xmx1024m");
  EXPECT_EQ(tasks[2].opts.value, "-Xmx1024m");  // the AM's default, not the child opts
  EXPECT_FALSE(tasks[2].opts.set);
}

TEST(HiveEnvTest, SeedValueIsRaisedTo1024) {
  auto c = CheckHiveEnv("# Hive gateway\nexport HADOOP_HEAPSIZE=512\n", "hive-env.sh");
  ASSERT_EQ(c.findings.size(), 1u);
  EXPECT_EQ(c.findings[0].severity, Severity::kWarning);
  EXPECT_EQ(c.findings[0].location, "hive-env.sh:2");
  EXPECT_EQ(c.fixed_text, "# Hive gateway\nexport HADOOP_HEAPSIZE=1024\n");
}

TEST(HiveEnvTest, DefaultExpansionQuotedAndIndentedVariants) {
  const char* text =
      "if [ \"$SERVICE\" = \"cli\" ]; then\n"
      "  if [ -z \"$DEBUG\" ]; then\n"
      "    export HADOOP_OPTS=\"$HADOOP_OPTS -XX:NewRatio=12 -Xms10m\"\n"
      "  fi\n"
      "  export HADOOP_HEAPSIZE=\"768\"\n"
      "fi\n"
      "export HADOOP_HEAPSIZE=${HADOOP_HEAPSIZE:-256}\n"
      "# export HADOOP_HEAPSIZE=64\n";
  auto c = CheckHiveEnv(text, "hive-env.sh");
  ASSERT_EQ(c.findings.size(), 2u);
  EXPECT_EQ(c.findings[0].location, "hive-env.sh:5");
  EXPECT_EQ(c.findings[1].location, "hive-env.sh:7");
  EXPECT_NE(c.findings[1].message.find("unless HADOOP_HEAPSIZE is set in the environment"),
            std::string::npos);
  EXPECT_EQ(c.fixed_text,
            "if [ \"$SERVICE\" = \"cli\" ]; then\n"
            "  if [ -z \"$DEBUG\" ]; then\n"
            "    export HADOOP_OPTS=\"$HADOOP_OPTS -XX:NewRatio=12 -Xms10m\"\n"
            "  fi\n"
            "  export HADOOP_HEAPSIZE=\"1024\"\n"
            "fi\n"
            "export HADOOP_HEAPSIZE=${HADOOP_HEAPSIZE:-1024}\n"
            "# export HADOOP_HEAPSIZE=64\n");
}

TEST(HiveEnvTest, LargeEnoughUnitsAndUnsetAndGarbage) {
  EXPECT_TRUE(CheckHiveEnv("HADOOP_HEAPSIZE=2g\n", "e").findings.empty());
  EXPECT_TRUE(CheckHiveEnv("export HADOOP_HEAPSIZE=4096\n", "e").findings.empty());
  auto unset = CheckHiveEnv("# export HADOOP_HEAPSIZE=1024\nexport HIVE_CONF_DIR=/etc/hive\n", "e");
  ASSERT_EQ(unset.findings.size(), 1u);
  EXPECT_EQ(unset.findings[0].severity, Severity::kInfo);
  EXPECT_EQ(unset.fixed_text,
            "# export HADOOP_HEAPSIZE=1024\nexport HIVE_CONF_DIR=/etc/hive\n"
            "export HADOOP_HEAPSIZE=1024\n");
  auto bad = CheckHiveEnv("export HADOOP_HEAPSIZE=lots\n", "e");
  ASSERT_EQ(bad.findings.size(), 1u);
  EXPECT_EQ(bad.findings[0].severity, Severity::kError);
}

TEST(HiveEnvTest, ClientOptsHeapOverridesHadoopHeapsize) {
  auto c = CheckHiveEnv(
      "export HADOOP_HEAPSIZE=2048\n"
      "export HADOOP_CLIENT_OPTS=\"-Xmx512m -Djava.net.preferIPv4Stack=true $HADOOP_CLIENT_OPTS\"\n"
      "# export HADOOP_CLIENT_OPTS=\"-Xmx64m\"\n"
      "export HADOOP_OPTS=\"$HADOOP_OPTS -Xmx128m\"\n",
      "hive-env.sh");
  ASSERT_EQ(c.findings.size(), 2u);
  EXPECT_EQ(c.findings[0].subject, "HADOOP_CLIENT_OPTS");
  EXPECT_EQ(c.findings[0].location, "hive-env.sh:2");
  EXPECT_EQ(c.findings[1].subject, "HADOOP_OPTS");
  EXPECT_EQ(c.findings[1].location, "hive-env.sh:4");
  EXPECT_EQ(c.fixed_text,
            "export HADOOP_HEAPSIZE=2048\n"
            "export HADOOP_CLIENT_OPTS=\"-Xmx1024m -Djava.net.preferIPv4Stack=true "
            "$HADOOP_CLIENT_OPTS\"\n"
            "# export HADOOP_CLIENT_OPTS=\"-Xmx64m\"\n"
            "export HADOOP_OPTS=\"$HADOOP_OPTS -Xmx1024m\"\n");
  EXPECT_TRUE(
      CheckHiveEnv("HADOOP_HEAPSIZE=1024\nHADOOP_CLIENT_OPTS=-Xmx2g\n", "e").findings.empty());
}

TEST(ScriptOverridesTest, FindsSetHiveconfAndDefineForms) {
  std::string text =
      "SET mapreduce.map.memory.mb = 3840;\n"
      "set hive.exec.parallel=true;\n"
      "set mapreduce.map.java.opts=-Xmx3072m -XX:+UseG1GC;\n"
      "hive --hiveconf mapreduce.reduce.memory.mb=4096 -e \"set mapred.child.java.opts=-Xmx1g\"\n"
      "hadoop jar a.jar M -Dmapreduce.reduce.java.opts=\"-Xmx6g -Dx=1\" -D "
      "mapred.job.map.memory.mb=2048\n"
      "-- reset is not set: offset=1\n";
  auto o = FindScriptOverrides(text);
  ASSERT_EQ(o.size(), 6u);
  EXPECT_EQ(o[0].key, "mapreduce.map.memory.mb");
  EXPECT_EQ(o[0].value, "3840");
  EXPECT_EQ(o[0].line, 1);
  EXPECT_EQ(o[1].value, "-Xmx3072m -XX:+UseG1GC");
  EXPECT_EQ(o[1].line, 3);
  EXPECT_EQ(o[2].form, ScriptOverride::Form::kHiveconf);
  EXPECT_EQ(o[2].value, "4096");
  EXPECT_EQ(o[3].key, "mapred.child.java.opts");
  EXPECT_EQ(o[3].value, "-Xmx1g");
  EXPECT_FALSE(o[3].terminated);
  EXPECT_EQ(o[4].form, ScriptOverride::Form::kDefine);
  EXPECT_TRUE(o[4].quoted);
  EXPECT_EQ(o[4].value, "-Xmx6g -Dx=1");
  EXPECT_EQ(o[5].key, "mapreduce.map.memory.mb");  // Hadoop 1 name, canonical key
  EXPECT_EQ(o[5].line, 5);
  EXPECT_EQ(text.substr(o[4].value_begin, o[4].value_end - o[4].value_begin), "-Xmx6g -Dx=1");
}

TEST(SiteXmlEditTest, ReplacesValueInPlaceKeepingCommentsAndLayout) {
  std::string xml =
      "<?xml version=\"1.0\"?>\n<!-- tuned 2019 -->\n<configuration>\n"
      "  <property>\n    <name>mapred.job.map.memory.mb</name>\n"
      "    <value> 2048 </value>\n  </property>\n"
      "  <property><name>x</name><value/></property>\n</configuration>\n";
  auto edited = SetSiteProperty(xml, "mapreduce.map.memory.mb", "2560", "mapred-site.xml");
  ASSERT_TRUE(edited.ok()) << edited.status().ToString();
  std::string want = xml;
  want.replace(want.find(" 2048 "), 6, "2560");
  EXPECT_EQ(*edited, want);
  auto empty = SetSiteProperty(xml, "x", "a<b", "m");
  ASSERT_TRUE(empty.ok());
  EXPECT_NE(empty->find("<name>x</name><value>a&lt;b</value>"), std::string::npos) << *empty;
  auto added = SetSiteProperty(xml, "mapreduce.reduce.java.opts", "-Xmx3276m", "m");
  ASSERT_TRUE(added.ok());
  EXPECT_NE(added->find("  <property>\n    <name>mapreduce.reduce.java.opts</name>\n"
                        "    <value>-Xmx3276m</value>\n  </property>\n</configuration>"),
            std::string::npos)
      << *added;
  HadoopConfig check;
  ASSERT_TRUE(check.AddXml(*added, "m").ok());
  EXPECT_EQ(*check.GetString("mapreduce.reduce.java.opts"), "-Xmx3276m");
}

}  // namespace
}  // namespace hmig::conf
