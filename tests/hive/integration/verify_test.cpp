// hmig hive verify finds what differs between two metastores, old-filesystem
// leftovers, and (with --check-paths) locations that do not exist.
#include <gtest/gtest.h>
#include <sys/stat.h>

#include <cctype>

#include <nlohmann/json.hpp>

#include "scratch_metastore.h"

namespace hmig::testing::hive {
namespace {

class HiveVerify : public ::testing::TestWithParam<Server> {
 protected:
  void SetUp() override { ASSERT_TRUE(Servers::Get().ok()) << "run through ctest"; }
  Server server() const { return GetParam(); }
  // Each test has its own databases: ctest -j runs tests of this suite concurrently.
  std::string Name(const char* side) const {
    return std::string("verify_") +
           static_cast<char>(
               std::tolower(::testing::UnitTest::GetInstance()->current_test_info()->name()[0])) +
           (server() == Server::kMariaDb ? "_my_" : "_pg_") + side;
  }
  nlohmann::json Verify(const std::string& extra, int want_exit) {
    CommandResult r =
        Hmig(server(), "hive verify --json --db " + Servers::Get().Url(server(), Name("old")) +
                           " --db " + Servers::Get().Url(server(), Name("new")) + extra);
    EXPECT_EQ(r.exit_code, want_exit) << r.output.substr(0, 3000);
    return nlohmann::json::parse(r.output, nullptr, false);
  }
  static bool HasKind(const nlohmann::json& j, const std::string& kind, const std::string& object) {
    for (const auto& d : j["differences"]) {
      if (d["kind"] == kind && d["object"].get<std::string>().find(object) != std::string::npos)
        return true;
    }
    return false;
  }
};

TEST_P(HiveVerify, ReportsEveryKindOfDifferenceAndLeftover) {
  CreateScratchMetastore(server(), Name("old"), 2, 6);
  CreateScratchMetastore(server(), Name("new"), 2, 6);
  const std::string fromto = " --from hdfs://oldcluster:8020 --to hdfs://emr-cluster";
  ASSERT_EQ(Hmig(server(), "hive rewrite-locations" + fromto + " --db " +
                               Servers::Get().Url(server(), Name("new")))
                .exit_code,
            0);
  auto same = Verify(fromto, 0);
  EXPECT_EQ(same["equal"], true);
  EXPECT_EQ(same["tables"], 10);

  // Break the new metastore in several ways.
  Sql(server(), Name("new"),
      "DELETE FROM \"PARTITION_PARAMS\" WHERE \"PART_ID\" = 2;\n"
      "DELETE FROM \"PARTITIONS\" WHERE \"PART_ID\" = 2;\n"
      "UPDATE \"SERDES\" SET \"SLIB\" = 'org.example.OtherSerde' WHERE \"SERDE_ID\" = 1;\n"
      "UPDATE \"SDS\" SET \"LOCATION\" = 'hdfs://emr-cluster/elsewhere' WHERE \"SD_ID\" = 4;\n"
      "UPDATE \"SDS\" SET \"INPUT_FORMAT\" = 'org.example.In' WHERE \"SD_ID\" = 5;\n"
      "UPDATE \"TBLS\" SET \"TBL_NAME\" = 'renamed' WHERE \"TBL_NAME\" = 'ext_s3' AND \"DB_ID\" = "
      "2;\n"
      "UPDATE \"FUNC_RU\" SET \"RESOURCE_URI\" = 'hdfs://oldcluster/jars/left-behind.jar' WHERE "
      "\"INTEGER_IDX\" = 0;\n");
  auto diff = Verify(fromto, 1);
  EXPECT_EQ(diff["equal"], false);
  EXPECT_TRUE(HasKind(diff, "partitions", "db1.events")) << diff.dump(2);
  EXPECT_TRUE(HasKind(diff, "missing-partition", "db1.events/"));
  EXPECT_TRUE(HasKind(diff, "serde", "db1.events"));
  EXPECT_TRUE(HasKind(diff, "location", "db1.events/"));
  EXPECT_TRUE(HasKind(diff, "input-format", "db1.events/"));
  EXPECT_TRUE(HasKind(diff, "missing-table", "db2.ext_s3"));
  EXPECT_TRUE(HasKind(diff, "extra-table", "db2.renamed"));
  EXPECT_EQ(diff["leftover_count"], 1);
  EXPECT_TRUE(diff["leftovers"].contains("FUNC_RU.RESOURCE_URI"));
  // The terminal form says the same and exits 1.
  CommandResult t =
      Hmig(server(), "hive verify --db " + Servers::Get().Url(server(), Name("old")) + " --db " +
                         Servers::Get().Url(server(), Name("new")) + fromto);
  EXPECT_EQ(t.exit_code, 1);
  EXPECT_NE(t.output.find("missing-partition"), std::string::npos);
  EXPECT_NE(t.output.find("metastores DIFFER"), std::string::npos);
  DropDatabase(server(), Name("old"));
  DropDatabase(server(), Name("new"));
}

TEST_P(HiveVerify, CheckPathsFindsLocationsMissingOnTheTargetFilesystem) {
  CreateScratchMetastore(server(), Name("old"), 1, 2);
  CreateScratchMetastore(server(), Name("new"), 1, 2);
  // Point every location of both at a local directory tree (file://), where
  // only the table directory exists.
  const std::string root = ::testing::TempDir() + "/hmig-verify-" + Name("paths");
  ASSERT_EQ(RunShell("rm -rf " + root + " && mkdir -p " + root + "/events").exit_code, 0);
  for (const char* side : {"old", "new"}) {
    Sql(server(), Name(side),
        "UPDATE \"SDS\" SET \"LOCATION\" = 'file://" + root +
            "/events' WHERE \"LOCATION\" IS NOT NULL;\n"
            "UPDATE \"DBS\" SET \"DB_LOCATION_URI\" = 'file://" +
            root + "/missing-db';\n");
  }
  auto j = Verify(" --check-paths", 1);
  EXPECT_EQ(j["paths"]["checked"], 2);  // distinct locations: the table dir and the db dir
  EXPECT_EQ(j["paths"]["missing"], 1);
  EXPECT_TRUE(HasKind(j, "path-missing", "db1")) << j.dump(2);
  ASSERT_EQ(mkdir((root + "/missing-db").c_str(), 0755), 0);
  auto ok = Verify(" --check-paths", 0);
  EXPECT_EQ(ok["paths"]["missing"], 0);
  RunShell("rm -rf " + root);
  DropDatabase(server(), Name("old"));
  DropDatabase(server(), Name("new"));
}

INSTANTIATE_TEST_SUITE_P(Servers, HiveVerify,
                         ::testing::Values(Server::kMariaDb, Server::kPostgres),
                         [](const ::testing::TestParamInfo<Server>& i) {
                           return std::string(i.param == Server::kMariaDb ? "MariaDb" : "Postgres");
                         });

}  // namespace
}  // namespace hmig::testing::hive
