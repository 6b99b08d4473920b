// `hmig jobs scan` through the real binary, on job definitions of every kind the issue
// names: Hive SQL, Spark SQL, shell, Python, Oozie workflow XML and properties.
#include <sys/stat.h>

#include <gtest/gtest.h>

#include "conf/job_scan.h"
#include "run_hmig.h"

namespace hmig::testing {
namespace {

void WriteJobs(const TempDir& dir) {
  WriteFile(dir / "jobs/hive/daily_orders.hql",
            "-- daily load\n"
            "SET hive.exec.dynamic.partition=true;\n"
            "CREATE EXTERNAL TABLE IF NOT EXISTS ods.orders (id BIGINT)\n"
            "  LOCATION 'hdfs://oldcluster:8020/user/hive/warehouse/ods.db/orders';\n"
            "LOAD DATA INPATH 'hdfs://oldcluster/staging/orders/dt=${hiveconf:dt}' INTO TABLE "
            "ods.orders;\n"
            "-- not ours: hdfs://oldcluster2/x and hdfs://oldcluster:80200/y\n");
  WriteFile(dir / "jobs/spark/agg.sql",
            "INSERT OVERWRITE DIRECTORY \"HDFS://OLDCLUSTER:8020/out/agg\" SELECT 1;\n");
  WriteFile(
      dir / "jobs/bin/run.sh",
      "#!/bin/bash\nset -e\nhadoop fs -ls hdfs://oldcluster:8020/data\n"
      "spark-submit --conf spark.eventLog.dir=hdfs://nn1.oldcluster:8020/spark-logs app.py\n");
  chmod((dir / "jobs/bin/run.sh").c_str(), 0755);
  WriteFile(dir / "jobs/py/export.py",
            "INPUT = \"hdfs://oldcluster:8020/data/in\"\nOUTPUT = 'hdfs://newcluster/data/out'\n");
  WriteFile(dir / "jobs/oozie/workflow.xml",
            "<workflow-app name=\"wf\" xmlns=\"uri:oozie:workflow:0.5\">\n"
            "  <start to=\"a\"/>\n  <action name=\"a\"><fs>\n"
            "    <delete path=\"hdfs://oldcluster:8020/tmp/wf\"/>\n"
            "  </fs><ok to=\"end\"/><error to=\"end\"/></action>\n  <end name=\"end\"/>\n"
            "</workflow-app>\n");
  WriteFile(dir / "jobs/oozie/job.properties",
            "nameNode=hdfs://oldcluster:8020\njobTracker=oldcluster:8032\n"
            "oozie.wf.application.path=${nameNode}/apps/wf\n");
  WriteFile(dir / "jobs/clean.hql", "SELECT 1;\n");
  WriteFile(dir / "jobs/lib/udf.jar", std::string("PK\x03\x04\0\0hdfs://oldcluster/x", 24));
  WriteFile(dir / "jobs/.git/config", "url = hdfs://oldcluster:8020/ignored\n");
}

TEST(JobsScanTest, ListsEveryOldClusterUriByFileAndLineAndNothingElse) {
  TempDir dir;
  WriteJobs(dir);
  auto run = RunHmig({"jobs", "scan", dir / "jobs", "--from", "hdfs://oldcluster:8020", "--from",
                      "hdfs://nn1.oldcluster:8020", "--to", "hdfs://emr-cluster", "--json"});
  ASSERT_EQ(run.exit_code, 1) << run.err;
  auto j = run.Json();
  EXPECT_EQ(j["files_scanned"], 7);  // the jar is binary, .git is hidden
  std::vector<std::string> got;
  for (const auto& h : j["hits"]) {
    got.push_back(h["file"].get<std::string>() + ":" + std::to_string(h["line"].get<int>()) + ":" +
                  std::to_string(h["column"].get<int>()) + " " + h["kind"].get<std::string>() +
                  " " + h["found"].get<std::string>() + " -> " + h["rewritten"].get<std::string>());
  }
  std::vector<std::string> want = {
      "bin/run.sh:3:15 shell hdfs://oldcluster:8020/data -> hdfs://emr-cluster/data",
      "bin/run.sh:4:40 shell hdfs://nn1.oldcluster:8020/spark-logs -> "
      "hdfs://emr-cluster/spark-logs",
      "hive/daily_orders.hql:4:13 Hive SQL hdfs://oldcluster:8020/user/hive/warehouse/ods.db/"
      "orders -> hdfs://emr-cluster/user/hive/warehouse/ods.db/orders",
      "hive/daily_orders.hql:5:19 Hive SQL hdfs://oldcluster/staging/orders/dt=${hiveconf:dt} -> "
      "hdfs://emr-cluster/staging/orders/dt=${hiveconf:dt}",
      "oozie/job.properties:1:10 properties hdfs://oldcluster:8020 -> hdfs://emr-cluster",
      "oozie/workflow.xml:4:19 Oozie workflow hdfs://oldcluster:8020/tmp/wf -> "
      "hdfs://emr-cluster/tmp/wf",
      "py/export.py:1:10 Python hdfs://oldcluster:8020/data/in -> hdfs://emr-cluster/data/in",
      "spark/agg.sql:1:29 SQL HDFS://OLDCLUSTER:8020/out/agg -> hdfs://emr-cluster/out/agg",
  };
  EXPECT_EQ(got, want);
  EXPECT_EQ(j["files_with_old_uris"], 6);
  // Hosts of the old cluster outside a matching URI are listed, never rewritten.
  std::vector<std::string> mentions;
  for (const auto& m : j["mentions"]) {
    mentions.push_back(m["file"].get<std::string>() + ":" + std::to_string(m["line"].get<int>()) +
                       ":" + std::to_string(m["column"].get<int>()) + " " +
                       m["text"].get<std::string>());
  }
  EXPECT_EQ(mentions,
            (std::vector<std::string>{"hive/daily_orders.hql:6:46 hdfs://oldcluster:80200/y",
                                      "oozie/job.properties:2:12 jobTracker=oldcluster:8032"}));
  bool jar_skipped = false;
  for (const auto& s : j["skipped"]) jar_skipped |= s.get<std::string>() == "lib/udf.jar: binary";
  EXPECT_TRUE(jar_skipped) << j["skipped"].dump();
}

TEST(JobsScanTest, RewriteWritesCopiesOfChangedFilesOnlyAndLeavesSourcesAlone) {
  TempDir dir;
  WriteJobs(dir);
  std::string before = ReadFile(dir / "jobs/hive/daily_orders.hql");
  auto run = RunHmig({"jobs", "scan", dir / "jobs", "--from", "hdfs://oldcluster:8020", "--to",
                      "hdfs://emr-cluster", "--rewrite", dir / "out"});
  ASSERT_EQ(run.exit_code, 1) << run.err;
  EXPECT_NE(run.out.find("7 location(s) of the old cluster in 6 file(s)"), std::string::npos)
      << run.out;
  EXPECT_NE(run.out.find("wrote 6 rewritten file(s)"), std::string::npos) << run.out;
  EXPECT_EQ(ReadFile(dir / "jobs/hive/daily_orders.hql"), before);
  std::string after = ReadFile(dir / "out/hive/daily_orders.hql");
  EXPECT_NE(after.find("LOCATION 'hdfs://emr-cluster/user/hive/warehouse/ods.db/orders';"),
            std::string::npos);
  EXPECT_NE(after.find("'hdfs://emr-cluster/staging/orders/dt=${hiveconf:dt}'"), std::string::npos);
  EXPECT_NE(after.find("hdfs://oldcluster2/x and hdfs://oldcluster:80200/y"), std::string::npos);
  EXPECT_EQ(ReadFile(dir / "out/oozie/job.properties"),
            "nameNode=hdfs://emr-cluster\njobTracker=oldcluster:8032\n"
            "oozie.wf.application.path=${nameNode}/apps/wf\n");
  EXPECT_FALSE(std::filesystem::exists(dir / "out/clean.hql"));  // unchanged: no copy
  struct stat st {};
  ASSERT_EQ(stat((dir / "out/bin/run.sh").c_str(), &st), 0);
  EXPECT_TRUE(st.st_mode & S_IXUSR) << "scripts stay executable";
  // Scanning the rewritten copies finds no URI left, only the host mentions to fix by hand.
  auto again = RunHmig({"jobs", "scan", dir / "out", "--from", "hdfs://oldcluster:8020", "--to",
                        "hdfs://emr-cluster", "--json"});
  EXPECT_EQ(again.exit_code, 1) << again.out;
  EXPECT_TRUE(again.Json()["hits"].empty());
  EXPECT_EQ(again.Json()["mentions"].size(), 2u);
}

TEST(JobsScanTest, RefusesInPlaceRewriteAndBadUris) {
  TempDir dir;
  WriteJobs(dir);
  auto in_place = RunHmig({"jobs", "scan", dir / "jobs", "--from", "hdfs://oldcluster:8020", "--to",
                           "hdfs://emr-cluster", "--rewrite", dir / "jobs/"});
  EXPECT_EQ(in_place.exit_code, 2);
  EXPECT_NE(in_place.err.find("never rewritten in place"), std::string::npos) << in_place.err;
  auto bad = RunHmig(
      {"jobs", "scan", dir / "jobs", "--from", "oldcluster:8020", "--to", "hdfs://emr-cluster"});
  EXPECT_EQ(bad.exit_code, 2);
  EXPECT_NE(bad.err.find("must be scheme://host[:port]"), std::string::npos) << bad.err;
  auto missing = RunHmig({"jobs", "scan", dir / "nope", "--from", "hdfs://a", "--to", "hdfs://b"});
  EXPECT_EQ(missing.exit_code, 3);
  EXPECT_NE(missing.err.find("nope"), std::string::npos);
}

TEST(JobsScanTest, PasswordsInMentionedUrisNeverReachTheReport) {
  TempDir dir;
  WriteFile(dir / "jobs/export.sh",
            "sqoop export --connect jdbc:mysql://etl:s3cretpw@oldcluster:3306/dw "
            "--export-dir hdfs://oldcluster/dw/out\n"
            "beeline -u 'jdbc:hive2://oldcluster:10000/default;user=etl;password=s3cretpw'\n");
  auto run = RunHmig({"jobs", "scan", dir / "jobs", "--from", "hdfs://oldcluster", "--to",
                      "hdfs://emr-cluster", "--json"});
  EXPECT_EQ(run.exit_code, 1) << run.err;
  EXPECT_EQ(run.out.find("s3cretpw"), std::string::npos) << run.out;
  auto j = run.Json();
  ASSERT_EQ(j["mentions"].size(), 2u);
  EXPECT_EQ(j["mentions"][0]["text"], "jdbc:mysql://etl:***@oldcluster:3306/dw");
  EXPECT_EQ(j["hits"].size(), 1u);
}

TEST(JobsScanTest, CleanTreeExitsZero) {
  TempDir dir;
  WriteFile(dir / "jobs/a.hql", "SELECT * FROM t WHERE p = 'hdfs://elsewhere/x';\n");
  auto run = RunHmig(
      {"jobs", "scan", dir / "jobs", "--from", "hdfs://oldcluster", "--to", "hdfs://emr-cluster"});
  EXPECT_EQ(run.exit_code, 0) << run.out << run.err;
  EXPECT_NE(run.out.find("scanned 1 files"), std::string::npos) << run.out;
}

}  // namespace
}  // namespace hmig::testing
