// `hmig jobs check` through the real binary: a Hadoop 2 style cluster configuration, a
// hive-env.sh with the seed's 512 MB gateway heap, and Hive/shell job scripts.
#include <gtest/gtest.h>

#include <map>

#include "run_hmig.h"
#include "util/hadoop_config.h"

namespace hmig::testing {
namespace {

void WriteInputs(const TempDir& dir) {
  WriteFile(dir / "conf/mapred-site.xml", R"(<?xml version="1.0"?>
<!-- MapReduce settings of the new cluster -->
<configuration>
  <property>
    <name>mapreduce.map.memory.mb</name>
    <value>2048</value>
  </property>
  <property>
    <name>mapreduce.map.java.opts</name>
    <value>-Xmx2048m</value>
  </property>
  <property>
    <name>mapreduce.reduce.memory.mb</name>
    <value>4096</value>
  </property>
  <property>
    <name>mapred.reduce.child.java.opts</name>
    <value>-Xmx200m -Djava.net.preferIPv4Stack=true</value>
  </property>
</configuration>
)");
  WriteFile(dir / "conf/yarn-site.xml", R"(<configuration>
  <property><name>yarn.scheduler.minimum-allocation-mb</name><value>1024</value></property>
  <property><name>yarn.scheduler.maximum-allocation-mb</name><value>8192</value></property>
</configuration>
)");
  WriteFile(dir / "hive-env.sh", "# /etc/ecm/hive-conf/hive-env.sh\nexport HADOOP_HEAPSIZE=512\n");
  WriteFile(dir / "jobs/etl/daily.hql",
            "set mapreduce.map.memory.mb=3840;\n"
            "set mapreduce.map.java.opts=-Xmx3072m;\n"
            "INSERT OVERWRITE TABLE dw.daily SELECT * FROM ods.orders;\n"
            "set mapreduce.reduce.java.opts=-Xmx6144m;\n"
            "INSERT OVERWRITE TABLE dw.agg SELECT k, count(*) FROM dw.daily GROUP BY k;\n");
  WriteFile(dir / "jobs/etl/big.hql", "SET mapreduce.map.memory.mb=16384;\nSELECT 1;\n");
  WriteFile(dir / "jobs/etl/two_steps.sql",
            "set mapreduce.map.memory.mb=1024;\nset mapreduce.map.java.opts=-Xmx1000m;\n"
            "select 1;\nset mapreduce.map.memory.mb=4096;\n"
            "set mapreduce.map.java.opts=-Xmx3276m;\nselect 2;\n");
  WriteFile(dir / "jobs/bin/run.sh",
            "#!/bin/bash\n"
            "hive --hiveconf mapreduce.map.java.opts=-Xmx3g -f etl/daily.hql\n"
            "hadoop jar app.jar Main -Dmapreduce.reduce.java.opts=\"-Xmx9000m -XX:+UseG1GC\" in "
            "out\n");
  WriteFile(dir / "jobs/etl/clean.hql", "SELECT 1;\n");
}

std::map<std::string, nlohmann::json> ByLocationAndSubject(const nlohmann::json& findings) {
  std::map<std::string, nlohmann::json> out;
  for (const auto& f : findings) {
    out[f["location"].get<std::string>() + " " + f["subject"].get<std::string>()] = f;
  }
  return out;
}

TEST(JobsCheckTest, EachFindingWithTheValueToUse) {
  TempDir dir;
  WriteInputs(dir);
  auto run = RunHmig({"jobs", "check", "--conf", dir / "conf", "--hive-env", dir / "hive-env.sh",
                      "--scripts", dir / "jobs", "--json"});
  ASSERT_EQ(run.exit_code, 1) << run.err;
  auto j = run.Json();
  auto f = ByLocationAndSubject(j["findings"]);
  std::string conf = dir / "conf/mapred-site.xml";
  std::string jobs = dir / "jobs";
  std::vector<std::string> keys;
  for (const auto& [k, v] : f) keys.push_back(k);
  std::vector<std::string> want = {
      jobs + "/bin/run.sh:2 mapreduce.map.memory.mb",
      jobs + "/bin/run.sh:3 mapreduce.reduce.java.opts",
      jobs + "/etl/big.hql:1 mapreduce.map.memory.mb",
      jobs + "/etl/daily.hql:4 mapreduce.reduce.memory.mb",
      jobs + "/etl/two_steps.sql:2 mapreduce.map.memory.mb",
      conf + ":16 mapreduce.reduce.java.opts",
      conf + ":8 mapreduce.map.memory.mb",
      dir / "hive-env.sh:2 HADOOP_HEAPSIZE",
  };
  std::sort(want.begin(), want.end());
  EXPECT_EQ(keys, want);
  // The cluster: map heap 2048 of 2048 is over 80%; reduce has the 200 MB default heap.
  EXPECT_EQ(f[conf + ":8 mapreduce.map.memory.mb"]["severity"], "warning");
  EXPECT_EQ(f[conf + ":8 mapreduce.map.memory.mb"]["suggested"], "2560");
  EXPECT_EQ(f[conf + ":16 mapreduce.reduce.java.opts"]["suggested"],
            "-Xmx3276m -Djava.net.preferIPv4Stack=true");
  EXPECT_EQ(f[dir / "hive-env.sh:2 HADOOP_HEAPSIZE"]["suggested"], "1024");
  // Scripts: a 6 GB reduce heap in the cluster's 4 GB container; 16 GB above the maximum.
  EXPECT_EQ(f[jobs + "/etl/daily.hql:4 mapreduce.reduce.memory.mb"]["severity"], "error");
  EXPECT_EQ(f[jobs + "/etl/daily.hql:4 mapreduce.reduce.memory.mb"]["suggested"], "7680");
  EXPECT_EQ(f[jobs + "/etl/big.hql:1 mapreduce.map.memory.mb"]["suggested"], "8192");
  EXPECT_EQ(f[jobs + "/etl/two_steps.sql:2 mapreduce.map.memory.mb"]["suggested"], "1250");
  EXPECT_EQ(f[jobs + "/bin/run.sh:3 mapreduce.reduce.java.opts"]["suggested"],
            "-Xmx3276m -XX:+UseG1GC");
  EXPECT_EQ(j["scripts_scanned"], 5);
  EXPECT_TRUE(j["written"].empty());
}

TEST(JobsCheckTest, FixWritesCorrectedCopiesAndNeverTouchesTheOriginals) {
  TempDir dir;
  WriteInputs(dir);
  std::string before = ReadFile(dir / "conf/mapred-site.xml");
  auto run = RunHmig({"jobs", "check", "--conf", dir / "conf", "--hive-env", dir / "hive-env.sh",
                      "--scripts", dir / "jobs", "--fix", dir / "fixed"});
  ASSERT_EQ(run.exit_code, 1) << run.err << run.out;
  EXPECT_EQ(ReadFile(dir / "conf/mapred-site.xml"), before);
  HadoopConfig fixed;
  ASSERT_TRUE(fixed.AddFile(dir / "fixed/conf/mapred-site.xml").ok());
  EXPECT_EQ(*fixed.GetString("mapreduce.map.memory.mb"), "2560");
  EXPECT_EQ(*fixed.GetString("mapreduce.reduce.java.opts"),
            "-Xmx3276m -Djava.net.preferIPv4Stack=true");
  EXPECT_EQ(fixed.Find("mapreduce.reduce.java.opts")->written_name,
            "mapred.reduce.child.java.opts");
  EXPECT_NE(ReadFile(dir / "fixed/conf/mapred-site.xml").find("<!-- MapReduce settings"),
            std::string::npos);
  EXPECT_FALSE(std::filesystem::exists(dir / "fixed/conf/yarn-site.xml"));
  EXPECT_EQ(ReadFile(dir / "fixed/hive-env.sh"),
            "# /etc/ecm/hive-conf/hive-env.sh\nexport HADOOP_HEAPSIZE=1024\n");
  EXPECT_EQ(ReadFile(dir / "fixed/scripts/etl/daily.hql"),
            "set mapreduce.map.memory.mb=3840;\n"
            "set mapreduce.map.java.opts=-Xmx3072m;\n"
            "INSERT OVERWRITE TABLE dw.daily SELECT * FROM ods.orders;\n"
            "set mapreduce.reduce.java.opts=-Xmx6144m; set mapreduce.reduce.memory.mb=7680;\n"
            "INSERT OVERWRITE TABLE dw.agg SELECT k, count(*) FROM dw.daily GROUP BY k;\n");
  EXPECT_EQ(ReadFile(dir / "fixed/scripts/etl/two_steps.sql"),
            "set mapreduce.map.memory.mb=1250;\nset mapreduce.map.java.opts=-Xmx1000m;\n"
            "select 1;\nset mapreduce.map.memory.mb=4096;\n"
            "set mapreduce.map.java.opts=-Xmx3276m;\nselect 2;\n");
  EXPECT_EQ(ReadFile(dir / "fixed/scripts/bin/run.sh"),
            "#!/bin/bash\n"
            "hive --hiveconf mapreduce.map.java.opts=-Xmx3g --hiveconf "
            "mapreduce.map.memory.mb=3840 -f etl/daily.hql\n"
            "hadoop jar app.jar Main -Dmapreduce.reduce.java.opts=\"-Xmx3276m -XX:+UseG1GC\" in "
            "out\n");
  EXPECT_FALSE(std::filesystem::exists(dir / "fixed/scripts/etl/clean.hql"));
  // The corrected copies pass the check.
  auto again = RunHmig({"jobs", "check", "--conf", dir / "fixed/conf", "--hive-env",
                        dir / "fixed/hive-env.sh", "--scripts", dir / "fixed/scripts"});
  EXPECT_EQ(again.exit_code, 0) << again.out;
}

TEST(JobsCheckTest, MapReduceSetsUnderHiveOnTezGetANote) {
  TempDir dir;
  WriteFile(dir / "conf/mapred-site.xml", R"(<configuration>
<property><name>mapreduce.map.memory.mb</name><value>3840</value></property>
<property><name>mapreduce.map.java.opts</name><value>-Xmx3072m</value></property>
<property><name>mapreduce.reduce.memory.mb</name><value>3840</value></property>
<property><name>mapreduce.reduce.java.opts</name><value>-Xmx3072m</value></property>
</configuration>)");
  WriteFile(dir / "conf/hive-site.xml",
            "<configuration>\n<property><name>hive.execution.engine</name><value>tez</value>"
            "</property>\n</configuration>\n");
  WriteFile(dir / "jobs/tez.hql", "set mapreduce.map.memory.mb=4096;\nSELECT 1;\n");
  WriteFile(dir / "jobs/mr.hql",
            "set hive.execution.engine=mr;\nset mapreduce.map.memory.mb=4096;\nSELECT 1;\n");
  auto run =
      RunHmig({"jobs", "check", "--conf", dir / "conf", "--scripts", dir / "jobs", "--json"});
  ASSERT_EQ(run.exit_code, 0) << run.out;  // notes only
  auto f = run.Json()["findings"];
  ASSERT_EQ(f.size(), 1u) << f.dump();
  EXPECT_EQ(f[0]["location"], dir / "jobs/tez.hql:1");
  EXPECT_NE(f[0]["advice"].get<std::string>().find("hive.tez.container.size=4096 and "
                                                   "hive.tez.java.opts=-Xmx3276m"),
            std::string::npos);
  EXPECT_NE(f[0]["message"].get<std::string>().find(dir / "conf/hive-site.xml:2"),
            std::string::npos);
}

TEST(JobsCheckTest, WellSizedClusterPassesAndBadInputsFail) {
  TempDir dir;
  WriteFile(dir / "conf/mapred-site.xml", R"(<configuration>
<property><name>mapreduce.map.memory.mb</name><value>3840</value></property>
<property><name>mapreduce.map.java.opts</name><value>-Xmx3072m</value></property>
<property><name>mapreduce.reduce.memory.mb</name><value>7680</value></property>
<property><name>mapreduce.reduce.java.opts</name><value>-Xmx6144m</value></property>
</configuration>)");
  auto ok = RunHmig({"jobs", "check", "--conf", dir / "conf"});
  EXPECT_EQ(ok.exit_code, 0) << ok.out;
  EXPECT_NE(ok.out.find("0 error(s), 0 warning(s)"), std::string::npos) << ok.out;
  WriteFile(dir / "broken/mapred-site.xml", "<configuration>\n<property>\n</configuration>\n");
  auto broken = RunHmig({"jobs", "check", "--conf", dir / "broken"});
  EXPECT_EQ(broken.exit_code, 3);
  EXPECT_NE(broken.err.find(dir / "broken/mapred-site.xml: line 3"), std::string::npos)
      << broken.err;
  auto in_place = RunHmig({"jobs", "check", "--conf", dir / "conf", "--fix", dir / "conf"});
  EXPECT_EQ(in_place.exit_code, 2);
  auto no_env = RunHmig({"jobs", "check", "--conf", dir / "conf", "--hive-env", dir / "nope.sh"});
  EXPECT_EQ(no_env.exit_code, 3);
  EXPECT_NE(no_env.err.find("nope.sh"), std::string::npos);
}

}  // namespace
}  // namespace hmig::testing
