// hmig hive migrate: schema creation, copy with location rewrite, upgrade and
// verification in one command, on real MariaDB and PostgreSQL.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "scratch_metastore.h"

namespace hmig::testing::hive {
namespace {

struct MigrateCase {
  Server server;
  std::string layout;
  std::string target;
  std::string name;
  std::string from = "1.2.0";
};

void PrintTo(const MigrateCase& c, std::ostream* os) {
  *os << c.name;
}

class HiveMigrate : public ::testing::TestWithParam<MigrateCase> {
 protected:
  void SetUp() override { ASSERT_TRUE(Servers::Get().ok()) << "run through ctest"; }
  Server server() const { return GetParam().server; }
  std::string Old() const { return "migrate_" + GetParam().name + "_old"; }
  std::string New() const { return "migrate_" + GetParam().name + "_new"; }
  std::string Dir() const {
    return Servers::Get().Var("HIVE_TEST_FIXTURES") +
           (server() == Server::kMariaDb ? "/mysql/" : "/postgres/") + GetParam().layout;
  }
  CommandResult Migrate(const std::string& extra = "") {
    return Hmig(server(), "hive migrate --json --from-db " + Servers::Get().Url(server(), Old()) +
                              " --to-db " + Servers::Get().Url(server(), New()) + " --scripts " +
                              Dir() + " --from hdfs://oldcluster:8020 --to hdfs://emr-cluster" +
                              extra);
  }
};

TEST_P(HiveMigrate, CopiesRewritesUpgradesAndVerifiesAndIsSafeToRerun) {
  const std::string ext = server() == Server::kMariaDb ? ".mysql.sql" : ".postgres.sql";
  CreateEmptyDatabase(server(), Old());
  LoadFile(server(), Old(), Dir(), "hive-schema-" + GetParam().from + ext);
  Sql(server(), Old(), ContentWriter(server(), SchemaFeatures{}).Build(4, 25));
  const std::string before = Dump(server(), Old());
  CreateEmptyDatabase(server(), New());

  CommandResult r = Migrate();
  ASSERT_EQ(r.exit_code, 0) << r.output.substr(0, 4000);
  auto j = nlohmann::json::parse(r.output);
  EXPECT_EQ(j["old_version"], GetParam().from);
  EXPECT_TRUE(j["warnings"].empty()) << j["warnings"].dump();
  EXPECT_EQ(j["new_version"], GetParam().target);
  EXPECT_EQ(j["verify"]["equal"], true);
  EXPECT_EQ(j["validate"]["ok"], true) << j["validate"].dump(2);
  EXPECT_EQ(j["validate"]["problems"], 0);
  EXPECT_EQ(j["verify"]["partitions"], 4 * 25);
  EXPECT_EQ(j["rewritten_per_column"]["SDS.LOCATION"], 4 * 28);
  EXPECT_EQ(j["rewritten_per_column"]["DBS.DB_LOCATION_URI"], 3);
  EXPECT_EQ(Dump(server(), Old()), before) << "the old metastore was modified";
  // The new metastore is a real one at the target version with the new locations.
  CommandResult info =
      Hmig(server(), "hive info --json --db " + Servers::Get().Url(server(), New()));
  auto i = nlohmann::json::parse(info.output);
  EXPECT_EQ(i["schema_version"], GetParam().target);
  EXPECT_EQ(i["prefixes"]["hdfs://emr-cluster"]["SDS.LOCATION"], 4 * 28);
  EXPECT_FALSE(i["prefixes"].contains("hdfs://oldcluster:8020"));
  EXPECT_EQ(i["prefixes"]["hdfs://oldcluster:80200"]["DBS.DB_LOCATION_URI"], 1);

  // Re-running finds the finished migration and changes nothing.
  CommandResult again = Migrate();
  ASSERT_EQ(again.exit_code, 0) << again.output.substr(0, 2000);
  EXPECT_EQ(nlohmann::json::parse(again.output)["already_done"], true);

  // A new database holding something else is never overwritten.
  Sql(server(), New(), "DELETE FROM \"PARTITION_PARAMS\";\n");
  Sql(server(), New(), "DELETE FROM \"PARTITIONS\" WHERE \"PART_ID\" = 1;\n");
  CommandResult refuse = Migrate();
  EXPECT_EQ(refuse.exit_code, 3) << refuse.output;
  EXPECT_NE(refuse.output.find("not empty"), std::string::npos) << refuse.output;
  DropDatabase(server(), Old());
  DropDatabase(server(), New());
}

INSTANTIATE_TEST_SUITE_P(
    Layouts, HiveMigrate,
    ::testing::Values(
        MigrateCase{Server::kMariaDb, "legacy-2.3", "2.3.0", "my_legacy"},
        MigrateCase{Server::kMariaDb, ".", "4.0.0", "my_modern"},
        MigrateCase{Server::kPostgres, "legacy-2.3", "2.3.0", "pg_legacy"},
        MigrateCase{Server::kPostgres, ".", "4.0.0", "pg_modern"},
        MigrateCase{Server::kMariaDb, "legacy-2.3", "2.3.0", "my_legacy_0140", "0.14.0"},
        MigrateCase{Server::kPostgres, "legacy-2.3", "2.3.0", "pg_legacy_0140", "0.14.0"}),
    [](const ::testing::TestParamInfo<MigrateCase>& i) { return i.param.name; });

}  // namespace
}  // namespace hmig::testing::hive
