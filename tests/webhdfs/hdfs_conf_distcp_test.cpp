// hdfs:// URIs as users type them, resolved through a generated HADOOP_CONF_DIR
// holding two nameservices (old and new cluster, the old one an HA pair whose
// first NameNode is standby), then `hmig distcp -update -delete -pbugpcaxt`.
#include <gtest/gtest.h>

#include "fs/webhdfs/webhdfs_fs.h"
#include "support/run.h"
#include "support/tree.h"
#include "test_server.h"

namespace hmig::testing {
namespace {

std::string Property(const std::string& name, const std::string& value) {
  return "  <property><name>" + name + "</name><value>" + value + "</value></property>\n";
}

TEST(HdfsConfDistCpTest, NameservicesFromHadoopConfDirCopyBetweenClustersThroughFailover) {
  WebHdfsTestServer standby({"--standby"});
  WebHdfsTestServer old_active;
  WebHdfsTestServer fresh({"--hadoop-version", "2"});
  ASSERT_TRUE(standby.running() && old_active.running() && fresh.running());
  TempDir t;
  WriteFile(t / "conf/core-site.xml", "<?xml version=\"1.0\"?>\n<configuration>\n" +
                                          Property("fs.defaultFS", "hdfs://newns") +
                                          Property("hmig.test.host", "127.0.0.1") +
                                          "</configuration>\n");
  WriteFile(t / "conf/hdfs-site.xml",
            "<?xml version=\"1.0\"?>\n<configuration>\n" +
                Property("dfs.nameservices", "oldns,newns") +
                Property("dfs.ha.namenodes.oldns", "nn1,nn2") +
                Property("dfs.namenode.rpc-address.oldns.nn1", "${hmig.test.host}:8020") +
                Property("dfs.namenode.http-address.oldns.nn1",
                         "${hmig.test.host}:" + std::to_string(standby.nn_port())) +
                Property("dfs.namenode.http-address.oldns.nn2",
                         "${hmig.test.host}:" + std::to_string(old_active.nn_port())) +
                Property("dfs.ha.namenodes.newns", "a") +
                Property("dfs.namenode.http-address.newns.a",
                         "127.0.0.1:" + std::to_string(fresh.nn_port())) +
                "</configuration>\n");
  auto fs = old_active.Client();
  fs::CreateOptions o;
  o.create_parents = true;
  for (std::string f : {"/user/hive/warehouse/t/part-0", "/user/hive/warehouse/t/part-1"}) {
    auto w = fs->Create(f, o);
    ASSERT_TRUE(w.ok());
    ASSERT_TRUE((*w)->Write(f.data(), f.size()).ok());
    ASSERT_TRUE((*w)->Close().ok());
  }
  setenv("HADOOP_CONF_DIR", (t / "conf").c_str(), 1);
  setenv("HADOOP_USER_NAME", kTestUser, 1);
  auto r = RunHmig({"distcp", "-update", "-delete", "-pbugpcaxt", "--state", t / "state",
                    "hdfs://oldns/user/hive/warehouse", "hdfs:///user/hive/warehouse"});
  unsetenv("HADOOP_CONF_DIR");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(Snapshot(fresh.data_dir() + "/user/hive/warehouse"),
            Snapshot(old_active.data_dir() + "/user/hive/warehouse"));
  // The standby NameNode was asked first and answered StandbyException.
  EXPECT_GT(standby.State()["requests"].value("nn GETFILESTATUS", 0), 0);
  // The summary names the NameNode that actually served each side.
  EXPECT_NE(r.out.find("endpoint           source hdfs://oldns/user/hive/warehouse via http://"),
            std::string::npos)
      << r.out;
  EXPECT_NE(r.out.find(":" + std::to_string(old_active.nn_port())), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("endpoint           target hdfs:///user/hive/warehouse via "),
            std::string::npos)
      << r.out;
}

}  // namespace
}  // namespace hmig::testing
