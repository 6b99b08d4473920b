// hmig hive validate: a metastore's schema against a fresh one of its version,
// its references, and leftover locations, on real MariaDB and PostgreSQL.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "scratch_metastore.h"

namespace hmig::testing::hive {
namespace {

class HiveValidate : public ::testing::TestWithParam<Server> {
 protected:
  void SetUp() override { ASSERT_TRUE(Servers::Get().ok()) << "run through ctest"; }
  Server server() const { return GetParam(); }
  std::string Db() const {
    return std::string("validate_") + (server() == Server::kMariaDb ? "my" : "pg");
  }
  std::string Dir() const {
    return Servers::Get().Var("HIVE_TEST_FIXTURES") +
           (server() == Server::kMariaDb ? "/mysql/legacy-2.3" : "/postgres/legacy-2.3");
  }
  nlohmann::json Validate(const std::string& extra, int want_exit) {
    CommandResult r =
        Hmig(server(), "hive validate --json --db " + Servers::Get().Url(server(), Db()) +
                           " --scripts " + Dir() + extra);
    EXPECT_EQ(r.exit_code, want_exit) << r.output.substr(0, 4000);
    return nlohmann::json::parse(r.output, nullptr, false);
  }
};

TEST_P(HiveValidate, UpgradedSchemaShowsOnlyDriftAndBreakageIsAProblem) {
  const std::string ext = server() == Server::kMariaDb ? ".mysql.sql" : ".postgres.sql";
  CreateEmptyDatabase(server(), Db());
  LoadFile(server(), Db(), Dir(), "hive-schema-1.2.0" + ext);
  Sql(server(), Db(), ContentWriter(server(), SchemaFeatures{}).Build(2, 3));
  ASSERT_EQ(Hmig(server(),
                 "hive upgrade --db " + Servers::Get().Url(server(), Db()) + " --scripts " + Dir())
                .exit_code,
            0);

  // 1.2.0 upgraded to 2.3.0 differs from a fresh 2.3.0 only by the documented drift.
  auto ok = Validate("", 0);
  EXPECT_EQ(ok["schema_version"], "2.3.0");
  EXPECT_EQ(ok["problems"], 0) << ok.dump(2);
  EXPECT_GT(ok["drift"].get<int>(), 0);
  EXPECT_TRUE(ok["integrity_problems"].empty());
  // Locations still on the old cluster are reported with --from.
  auto left = Validate(" --from hdfs://oldcluster:8020 --to hdfs://emr-cluster", 1);
  EXPECT_GT(left["leftovers"].get<int>(), 20);

  // A missing column and a missing index are problems.
  Sql(server(), Db(), "ALTER TABLE \"SDS\" DROP COLUMN \"NUM_BUCKETS\";\n");
  Sql(server(), Db(),
      server() == Server::kMariaDb ? "DROP INDEX \"PCS_STATS_IDX\" ON \"PART_COL_STATS\";\n"
                                   : "DROP INDEX \"PCS_STATS_IDX\";\n");
  auto bad = Validate("", 1);
  bool column = false, index = false;
  for (const auto& d : bad["differences"]) {
    if (d["kind"] == "missing-column" && d["object"] == "SDS.NUM_BUCKETS")
      column = !d["drift"].get<bool>();
    if (d["kind"] == "missing-index" && d["object"] == "PCS_STATS_IDX")
      index = !d["drift"].get<bool>();
  }
  EXPECT_TRUE(column) << bad.dump(2);
  EXPECT_TRUE(index) << bad.dump(2);
  // No scratch database is left behind: the one of this run is named after the
  // hmig process (other tests' runs may have theirs on the server meanwhile).
  CommandResult own =
      RunShell("HMIG_DB_PASSWORD=" + ShellQuote(Servers::Get().Password(server())) +
               " sh -c 'echo $$; exec " HMIG_BINARY " hive validate --db " +
               Servers::Get().Url(server(), Db()) + " --scripts " + Dir() + " >/dev/null'");
  ASSERT_EQ(own.exit_code, 1) << own.output;
  const std::string scratch = "hmig_validate_" + own.output.substr(0, own.output.find('\n'));
  std::string left_over =
      server() == Server::kMariaDb
          ? Sql(server(), "",
                "SELECT COUNT(*) FROM information_schema.schemata WHERE schema_name = '" + scratch +
                    "';\n")
          : Sql(server(), "postgres",
                "SELECT COUNT(*) FROM pg_database WHERE datname = '" + scratch + "';\n");
  EXPECT_EQ(left_over.substr(0, 1), "0") << scratch << ": " << left_over;
  DropDatabase(server(), Db());
}

TEST(HiveValidateIntegrity, DanglingReferencesAreReported) {
  ASSERT_TRUE(Servers::Get().ok());
  const Server s = Server::kMariaDb;
  const std::string db = "validate_refs";
  const std::string dir = Servers::Get().Var("HIVE_TEST_FIXTURES") + "/mysql";
  CreateEmptyDatabase(s, db);
  LoadFile(s, db, dir, "hive-schema-3.1.0.mysql.sql");
  SchemaFeatures f;
  f.ctlgs = f.ctlg_name = f.is_rewrite_enabled = true;
  Sql(s, db,
      ContentWriter(s, f).Build(1, 2) +
          "SET FOREIGN_KEY_CHECKS = 0;\nDELETE FROM \"SDS\" WHERE \"SD_ID\" = 2;\n");
  CommandResult r =
      Hmig(s, "hive validate --json --db " + Servers::Get().Url(s, db) + " --scripts " + dir);
  EXPECT_EQ(r.exit_code, 1) << r.output;
  auto j = nlohmann::json::parse(r.output);
  ASSERT_EQ(j["integrity_problems"].size(), 1u) << j.dump(2);
  EXPECT_NE(
      j["integrity_problems"][0].get<std::string>().find("PARTITIONS rows reference a missing SDS"),
      std::string::npos);
  DropDatabase(s, db);
}

INSTANTIATE_TEST_SUITE_P(Servers, HiveValidate,
                         ::testing::Values(Server::kMariaDb, Server::kPostgres),
                         [](const ::testing::TestParamInfo<Server>& i) {
                           return std::string(i.param == Server::kMariaDb ? "MariaDb" : "Postgres");
                         });

}  // namespace
}  // namespace hmig::testing::hive
