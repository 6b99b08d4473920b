// `hmig hive verify --check-paths` against HDFS: the rewritten locations are
// checked through hmig's filesystem layer on the WebHDFS test server
// (tests/webhdfs/server), reached as hdfs://newns through a Hadoop
// configuration (--hadoop-conf, as `hmig distcp` resolves it) and as
// webhdfs://host:port. One location is missing, then created; then all of them
// point at a port nobody listens on.
#include <gtest/gtest.h>

#include <sstream>

#include <nlohmann/json.hpp>

#include "scratch_metastore.h"
#include "support/temp_dir.h"
#include "webhdfs/test_server.h"

namespace hmig::testing::hive {
namespace {

const char* kOld = "hdfs://oldcluster:8020";

std::string Property(const std::string& name, const std::string& value) {
  return "  <property><name>" + name + "</name><value>" + value + "</value></property>\n";
}

// The hdfs:// locations of the new metastore (databases and storage descriptors).
std::vector<std::string> NewLocations(Server s, const std::string& db, const std::string& prefix) {
  std::string out =
      Sql(s, db,
          "SELECT \"DB_LOCATION_URI\" FROM \"DBS\" UNION ALL SELECT \"LOCATION\" FROM \"SDS\" "
          "WHERE \"LOCATION\" IS NOT NULL;\n");
  std::vector<std::string> paths;
  std::istringstream in(out);
  for (std::string line; std::getline(in, line);) {
    if (line.rfind(prefix, 0) == 0) paths.push_back(line.substr(prefix.size()));
  }
  return paths;
}

TEST(HiveVerifyCheckPaths, RewrittenLocationsAreCheckedOnHdfsThroughHadoopConfAndWebHdfs) {
  ASSERT_TRUE(Servers::Get().ok()) << "run through ctest";
  const Server s = Server::kMariaDb;
  WebHdfsTestServer nn;
  ASSERT_TRUE(nn.running());
  TempDir t;
  {
    std::ofstream core(t / "core-site.xml");
    core << "<?xml version=\"1.0\"?>\n<configuration>\n"
         << Property("fs.defaultFS", "hdfs://newns") << "</configuration>\n";
    std::ofstream hdfs(t / "hdfs-site.xml");
    hdfs << "<?xml version=\"1.0\"?>\n<configuration>\n"
         << Property("dfs.nameservices", "newns") << Property("dfs.ha.namenodes.newns", "nn1")
         << Property("dfs.namenode.http-address.newns.nn1", nn.authority()) << "</configuration>\n";
  }
  // Old and new metastores; only hdfs locations of the old cluster are kept (an
  // s3a location cannot be checked here and would be reported as such).
  for (const char* db : {"paths_old", "paths_new"}) {
    CreateScratchMetastore(s, db, /*databases=*/1, /*partitions=*/2);
    Sql(s, db,
        "UPDATE \"SDS\" SET \"LOCATION\" = NULL WHERE \"LOCATION\" NOT LIKE "
        "'hdfs://oldcluster:8020/%';\n");
  }
  const std::string old_url = Servers::Get().Url(s, "paths_old");
  const std::string new_url = Servers::Get().Url(s, "paths_new");
  ASSERT_EQ(Hmig(s, std::string("hive rewrite-locations --from ") + kOld +
                        " --to hdfs://newns --db " + new_url)
                .exit_code,
            0);
  // Every location exists on the new cluster except the Spark table's.
  auto client = nn.Client();
  const auto paths = NewLocations(s, "paths_new", "hdfs://newns");
  ASSERT_EQ(paths.size(), 6u);  // database, events, 2 partitions, spark, skewed
  const std::string missing = "/data/spark/t1";
  bool saw_missing = false, saw_escaped = false;
  for (const auto& p : paths) {
    saw_escaped = saw_escaped || p.find("00%3A00") != std::string::npos;
    if (p == missing) {
      saw_missing = true;
      continue;
    }
    ASSERT_TRUE(client->Mkdirs(p, std::nullopt).ok()) << p;
  }
  ASSERT_TRUE(saw_missing && saw_escaped);

  setenv("HADOOP_USER_NAME", kTestUser, 1);  // inherited by build/hmig
  const std::string verify =
      "hive verify --json --check-paths --db " + old_url + " --db " + new_url + " --from " + kOld;
  CommandResult r = Hmig(s, verify + " --to hdfs://newns --hadoop-conf " + t.path());
  EXPECT_EQ(r.exit_code, 1) << r.output;
  auto j = nlohmann::json::parse(r.output, nullptr, false);
  ASSERT_FALSE(j.is_discarded()) << r.output;
  EXPECT_EQ(j["paths"]["checked"], 6);
  EXPECT_EQ(j["paths"]["missing"], 1);
  ASSERT_EQ(j["difference_count"], 1) << j.dump(2);
  EXPECT_EQ(j["differences"][0]["kind"], "path-missing");
  EXPECT_EQ(j["differences"][0]["object"], "db1.spark_src");
  EXPECT_NE(j["differences"][0]["detail"].get<std::string>().find("hdfs://newns" + missing),
            std::string::npos);

  // Once the directory exists the metastores match, by hdfs:// and by webhdfs://.
  ASSERT_TRUE(client->Mkdirs(missing, std::nullopt).ok());
  r = Hmig(s, verify + " --to hdfs://newns --hadoop-conf " + t.path());
  EXPECT_EQ(r.exit_code, 0) << r.output;
  // A NameNode nobody answers for: every location is reported, none hangs.
  const std::string dead = "hdfs://127.0.0.1:8021";
  ASSERT_EQ(Hmig(s, "hive rewrite-locations --from hdfs://newns --to " + dead + " --db " + new_url)
                .exit_code,
            0);
  r = Hmig(s, verify + " --to " + dead + " --namenode-http-port 1");
  EXPECT_EQ(r.exit_code, 1) << r.output;
  j = nlohmann::json::parse(r.output, nullptr, false);
  EXPECT_EQ(j["paths"]["checked"], 6);
  EXPECT_EQ(j["paths"]["missing"], 6);
  ASSERT_EQ(j["differences"].size(), 6u) << j.dump(2);
  for (const auto& d : j["differences"]) {
    EXPECT_EQ(d["kind"], "path-unchecked") << d.dump();
    EXPECT_NE(d["detail"].get<std::string>().find(dead + "/"), std::string::npos) << d.dump();
  }
  ASSERT_EQ(Hmig(s, "hive rewrite-locations --from " + dead + " --to hdfs://newns --db " + new_url)
                .exit_code,
            0);
  const std::string webhdfs = "webhdfs://" + nn.authority();
  ASSERT_EQ(
      Hmig(s, "hive rewrite-locations --from hdfs://newns --to " + webhdfs + " --db " + new_url)
          .exit_code,
      0);
  r = Hmig(s, verify + " --to " + webhdfs);
  EXPECT_EQ(r.exit_code, 0) << r.output;
  j = nlohmann::json::parse(r.output, nullptr, false);
  EXPECT_EQ(j["paths"]["checked"], 6);
  EXPECT_EQ(j["paths"]["missing"], 0);
  for (const char* db : {"paths_old", "paths_new"}) DropDatabase(s, db);
}

}  // namespace
}  // namespace hmig::testing::hive
