// hmig hive upgrade runs Hive's own upgrade scripts (legacy and modern layouts)
// on real MariaDB and PostgreSQL servers, without the mysql/psql clients.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "scratch_metastore.h"

namespace hmig::testing::hive {
namespace {

struct UpgradeCase {
  Server server;
  std::string layout;     // "legacy-2.3" or "."
  std::string target;     // newest version of the layout
  std::string last_from;  // the last step starts here
  std::string name;
};

void PrintTo(const UpgradeCase& c, std::ostream* os) {
  *os << c.name;
}

class HiveUpgrade : public ::testing::TestWithParam<UpgradeCase> {
 protected:
  void SetUp() override { ASSERT_TRUE(Servers::Get().ok()) << "run through ctest"; }
  Server server() const { return GetParam().server; }
  std::string Db() const { return "upgrade_" + GetParam().name; }
  std::string Dir() const {
    return Servers::Get().Var("HIVE_TEST_FIXTURES") +
           (server() == Server::kMariaDb ? "/mysql/" : "/postgres/") + GetParam().layout;
  }
  std::string Ext() const { return server() == Server::kMariaDb ? ".mysql.sql" : ".postgres.sql"; }
  // A fresh 1.2.0 metastore of this layout with generated content.
  void Create120() {
    CreateEmptyDatabase(server(), Db());
    LoadFile(server(), Db(), Dir(), "hive-schema-1.2.0" + Ext());
    Sql(server(), Db(), ContentWriter(server(), SchemaFeatures{}).Build(3, 10));
  }
  CommandResult Upgrade(const std::string& dir, const std::string& extra = "") {
    return Hmig(server(), "hive upgrade --db " + Servers::Get().Url(server(), Db()) +
                              " --scripts " + dir + extra);
  }
  std::string Version() {
    std::string v = Sql(server(), Db(), "SELECT \"SCHEMA_VERSION\" FROM \"VERSION\";\n");
    while (!v.empty() && (v.back() == '\n' || v.back() == ' ')) v.pop_back();
    return v;
  }
};

TEST_P(HiveUpgrade, RunsTheWholeChainKeepsContentAndIsANoOpWhenRepeated) {
  Create120();
  CommandResult dry = Upgrade(Dir(), " --dry-run --json");
  ASSERT_EQ(dry.exit_code, 0) << dry.output;
  auto plan = nlohmann::json::parse(dry.output)["plan"];
  EXPECT_EQ(plan.front()["from"], "1.2.0");
  EXPECT_EQ(plan.back()["to"], GetParam().target);
  EXPECT_EQ(Version(), "1.2.0") << "a dry run changed the schema";

  CommandResult run = Upgrade(Dir(), " --json");
  ASSERT_EQ(run.exit_code, 0) << run.output.substr(0, 4000);
  auto j = nlohmann::json::parse(run.output);
  EXPECT_EQ(j["to_version"], GetParam().target);
  EXPECT_EQ(j["skipped"].size(), 0u) << j["skipped"].dump(2);
  EXPECT_EQ(Version(), GetParam().target);
  // The content is still all there, and its locations are intact.
  CommandResult info =
      Hmig(server(), "hive info --json --db " + Servers::Get().Url(server(), Db()));
  auto i = nlohmann::json::parse(info.output);
  EXPECT_EQ(i["databases"], 3);
  EXPECT_EQ(i["partitions"], 30);
  EXPECT_EQ(i["prefixes"]["hdfs://oldcluster:8020"]["SDS.LOCATION"], 3 * 13);

  CommandResult again = Upgrade(Dir());
  EXPECT_EQ(again.exit_code, 0);
  EXPECT_NE(again.output.find("already up to date, nothing to do"), std::string::npos)
      << again.output;

  // The last step applied twice (as after an interruption before VERSION was
  // recorded): its "already applied" errors are skipped and reported.
  Sql(server(), Db(),
      "UPDATE \"VERSION\" SET \"SCHEMA_VERSION\" = '" + GetParam().last_from + "';\n");
  CommandResult twice = Upgrade(Dir(), " --json");
  ASSERT_EQ(twice.exit_code, 0) << twice.output.substr(0, 4000);
  auto t = nlohmann::json::parse(twice.output);
  EXPECT_GT(t["skipped"].size(), 0u);
  EXPECT_EQ(Version(), GetParam().target);
  DropDatabase(server(), Db());
}

TEST_P(HiveUpgrade, MissingIncludeOrRealErrorStopsBeforeTheVersionMoves) {
  // A copy of the scripts with one broken step.
  const std::string dir = ::testing::TempDir() + "/hmig-upgrade-" + GetParam().name;
  ASSERT_EQ(RunShell("rm -rf " + dir + " && cp -r " + ShellQuote(Dir()) + " " + dir).exit_code, 0);
  Create120();
  std::string broken_step = dir + "/upgrade-2.0.0-to-2.1.0" + Ext();
  ASSERT_EQ(RunShell("printf 'SELECT no_such_column FROM \"VERSION\";\\n' | cat - " + broken_step +
                     " > " + broken_step + ".new && mv " + broken_step + ".new " + broken_step)
                .exit_code,
            0);
  CommandResult r = Upgrade(dir);
  EXPECT_EQ(r.exit_code, 3) << r.output;
  EXPECT_NE(r.output.find("upgrade-2.0.0-to-2.1.0"), std::string::npos) << r.output;
  EXPECT_NE(r.output.find("no_such_column"), std::string::npos);
  EXPECT_NE(r.output.find("run the same `hmig hive upgrade` again to resume"), std::string::npos);
  EXPECT_EQ(Version(), "2.0.0") << "the failed step must not record its version";

  if (GetParam().layout != ".") {
    // Legacy layout: a helper script the step includes is missing.
    Create120();
    std::string helper = dir + (server() == Server::kMariaDb ? "/022-HIVE-11970.mysql.sql"
                                                             : "/021-HIVE-11970.postgres.sql");
    ASSERT_EQ(std::remove(helper.c_str()), 0) << helper;
    CommandResult m = Upgrade(dir);
    EXPECT_EQ(m.exit_code, 3) << m.output;
    EXPECT_NE(m.output.find("HIVE-11970"), std::string::npos) << m.output;
    EXPECT_NE(m.output.find("does not exist"), std::string::npos) << m.output;
    EXPECT_EQ(Version(), "1.2.0");
  }
  // A rename whose source and target are both missing is a real error, not an
  // "already applied" one (a re-run only skips renames whose target exists).
  Create120();
  std::string first_step = dir + "/upgrade-1.2.0-to-2.0.0" + Ext();
  const std::string rename = server() == Server::kMariaDb
                                 ? "ALTER TABLE TBLS CHANGE NO_SUCH_OLD NO_SUCH_NEW bigint;"
                                 : "ALTER TABLE \"TBLS\" RENAME COLUMN \"NO_SUCH_OLD\" TO "
                                   "\"NO_SUCH_NEW\";";
  ASSERT_EQ(RunShell("printf '%s\\n' " + ShellQuote(rename) + " | cat - " + first_step + " > " +
                     first_step + ".new && mv " + first_step + ".new " + first_step)
                .exit_code,
            0);
  CommandResult rn = Upgrade(dir);
  EXPECT_EQ(rn.exit_code, 3) << rn.output;
  EXPECT_NE(rn.output.find("NO_SUCH_NEW does not exist either"), std::string::npos) << rn.output;
  EXPECT_EQ(Version(), "1.2.0");
  RunShell("rm -rf " + dir);
  DropDatabase(server(), Db());
}

INSTANTIATE_TEST_SUITE_P(
    Layouts, HiveUpgrade,
    ::testing::Values(UpgradeCase{Server::kMariaDb, "legacy-2.3", "2.3.0", "2.2.0", "my_legacy"},
                      UpgradeCase{Server::kMariaDb, ".", "4.0.0", "3.2.0", "my_modern"},
                      UpgradeCase{Server::kPostgres, "legacy-2.3", "2.3.0", "2.2.0", "pg_legacy"},
                      UpgradeCase{Server::kPostgres, ".", "4.0.0", "3.2.0", "pg_modern"}),
    [](const ::testing::TestParamInfo<UpgradeCase>& i) { return i.param.name; });

TEST(HiveUpgradeTrap, Hive7018HelperIsSkippedWhenOnlyAnotherSchemaHasTheColumn) {
  ASSERT_TRUE(Servers::Get().ok());
  const Server s = Server::kMariaDb;
  const std::string db = "upgrade_trap_7018";
  const std::string dir = Servers::Get().Var("HIVE_TEST_FIXTURES") + "/mysql/legacy-2.3";
  CreateEmptyDatabase(s, db);
  LoadFile(s, db, dir, "hive-schema-1.2.0.mysql.sql");
  // A 1.2.0 copy on the same server still has LINK_TARGET_ID (the fixture's
  // v120_* databases). Upgrade to 2.0.0, then replay the step as an interrupted
  // run would.
  const std::string url = Servers::Get().Url(s, db);
  ASSERT_EQ(Hmig(s, "hive upgrade --to 2.0.0 --db " + url + " --scripts " + dir).exit_code, 0);
  Sql(s, db, "UPDATE \"VERSION\" SET \"SCHEMA_VERSION\" = '1.2.0';\n");
  CommandResult r = Hmig(s, "hive upgrade --json --to 2.0.0 --db " + url + " --scripts " + dir);
  ASSERT_EQ(r.exit_code, 0) << r.output.substr(0, 4000);
  auto j = nlohmann::json::parse(r.output);
  ASSERT_EQ(j["notes"].size(), 1u) << r.output;
  EXPECT_NE(j["notes"][0].get<std::string>().find("021-HIVE-7018"), std::string::npos);
  EXPECT_NE(j["notes"][0].get<std::string>().find("v120_a"), std::string::npos) << j["notes"][0];
  EXPECT_EQ(j["to_version"], "2.0.0");
  DropDatabase(s, db);
}

}  // namespace
}  // namespace hmig::testing::hive
