// hmig hive migrate: schema creation, copy with location rewrite, upgrade,
// id generators, validation and verification in one command, on real MariaDB
// and PostgreSQL, then a safe re-run and the refusal to overwrite.
//
// The version matrix (per database): legacy layout 0.14.0, 1.1.0, 1.2.0 -> 2.3.0
// (its newest); modern layout 1.2.0 -> 3.1.0 (--to-version) and 4.0.0 (its
// newest); both folders (--scripts modern --scripts legacy: the modern layout has
// no script before 1.2.0 and no hive-schema-2.3.0 to validate against) 1.2.0 ->
// 2.3.0 (--to-version), 0.14.0 -> 3.1.0 (--to-version) and 1.1.0 -> 4.0.0. Every
// source version reaches every target through the same chain of steps, so the
// two pairs left out (0.14.0 -> 4.0.0, 1.1.0 -> 3.1.0) would run no step, and
// validate against no schema, that the matrix does not already cover; they are
// left out to keep CI short.
#include <gtest/gtest.h>

#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <thread>

#include <nlohmann/json.hpp>

#include "scratch_metastore.h"

namespace hmig::testing::hive {
namespace {

struct MigrateCase {
  Server server;
  std::string layout;       // "legacy-2.3", "." (modern) or "both"
  std::string from;         // old schema version
  std::string target;       // expected new version
  bool to_version = false;  // pass --to-version target (else: the newest)
  std::string name;
};

void PrintTo(const MigrateCase& c, std::ostream* os) {
  *os << c.name;
}

std::string Trim(std::string s) {
  while (!s.empty() && (s.back() == '\n' || s.back() == ' ')) s.pop_back();
  return s;
}

class HiveMigrate : public ::testing::TestWithParam<MigrateCase> {
 protected:
  void SetUp() override { ASSERT_TRUE(Servers::Get().ok()) << "run through ctest"; }
  Server server() const { return GetParam().server; }
  std::string Old() const { return "migrate_" + GetParam().name + "_old"; }
  std::string New() const { return "migrate_" + GetParam().name + "_new"; }
  std::string Base() const {
    return Servers::Get().Var("HIVE_TEST_FIXTURES") +
           (server() == Server::kMariaDb ? "/mysql" : "/postgres");
  }
  std::string Ext() const { return server() == Server::kMariaDb ? ".mysql.sql" : ".postgres.sql"; }
  // Where the old version's schema script is.
  std::string OldSchemaDir() const {
    return GetParam().from == "1.2.0" && GetParam().layout == "." ? Base() : Base() + "/legacy-2.3";
  }
  std::string ScriptsFlags() const {
    if (GetParam().layout == "both")
      return " --scripts " + Base() + " --scripts " + Base() + "/legacy-2.3";
    return " --scripts " + Base() + "/" + GetParam().layout;
  }
  CommandResult Migrate() {
    return Hmig(server(), "hive migrate --json --from-db " + Servers::Get().Url(server(), Old()) +
                              " --to-db " + Servers::Get().Url(server(), New()) + ScriptsFlags() +
                              " --from hdfs://oldcluster:8020 --to hdfs://emr-cluster" +
                              (GetParam().to_version ? " --to-version " + GetParam().target : ""));
  }
  long Number(const std::string& db, const std::string& sql) {
    std::string out = Trim(Sql(server(), db, sql));
    return out.empty() ? -1 : std::stol(out);
  }
};

TEST_P(HiveMigrate, CopiesRewritesUpgradesValidatesVerifiesAndIsSafeToRerun) {
  CreateEmptyDatabase(server(), Old());
  LoadFile(server(), Old(), OldSchemaDir(), "hive-schema-" + GetParam().from + Ext());
  // The MySQL hive-schema-1.1.0 of Hive 2.3 records '1.2.0' (the two schemas are
  // the same there); a metastore created by Hive 1.1.0 itself says 1.1.0.
  Sql(server(), Old(), "UPDATE \"VERSION\" SET \"SCHEMA_VERSION\" = '" + GetParam().from + "';\n");
  Sql(server(), Old(), ContentWriter(server(), SchemaFeatures{}).Build(4, 25));
  // Delegation-token master keys: MASTER_KEYS.KEY_ID is SERIAL on PostgreSQL.
  Sql(server(), Old(),
      "INSERT INTO \"MASTER_KEYS\" (\"KEY_ID\", \"MASTER_KEY\") VALUES (1, 'k1'), (2, 'k2');\n");
  const std::string before = Dump(server(), Old());
  CreateEmptyDatabase(server(), New());

  CommandResult r = Migrate();
  ASSERT_EQ(r.exit_code, 0) << r.output.substr(0, 4000);
  auto j = nlohmann::json::parse(r.output);
  EXPECT_EQ(j["old_version"], GetParam().from);
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

  // The new metastore can create objects: DataNucleus takes the next ids from
  // SEQUENCE_TABLE, and a SERIAL column from its sequence.
  const long next_db = Number(New(),
                              "SELECT \"NEXT_VAL\" FROM \"SEQUENCE_TABLE\" WHERE \"SEQUENCE_NAME\" "
                              "= 'org.apache.hadoop.hive.metastore.model.MDatabase';\n");
  const long next_part = Number(New(),
                                "SELECT \"NEXT_VAL\" FROM \"SEQUENCE_TABLE\" WHERE "
                                "\"SEQUENCE_NAME\" = "
                                "'org.apache.hadoop.hive.metastore.model.MPartition';\n");
  EXPECT_GT(next_db, Number(New(), "SELECT MAX(\"DB_ID\") FROM \"DBS\";\n"));
  EXPECT_GT(next_part, Number(New(), "SELECT MAX(\"PART_ID\") FROM \"PARTITIONS\";\n"));
  Sql(server(), New(),
      "INSERT INTO \"DBS\" (\"DB_ID\", \"DESC\", \"DB_LOCATION_URI\", \"NAME\", \"OWNER_NAME\", "
      "\"OWNER_TYPE\") VALUES (" +
          std::to_string(next_db) +
          ", 'created after the migration', 'hdfs://emr-cluster/warehouse/new.db', 'new_db', "
          "'hive', 'USER');\n"
          "INSERT INTO \"MASTER_KEYS\" (\"MASTER_KEY\") VALUES ('k3');\n");
  EXPECT_EQ(Number(New(), "SELECT MAX(\"KEY_ID\") FROM \"MASTER_KEYS\";\n"), 3);
  Sql(server(), New(),
      "DELETE FROM \"DBS\" WHERE \"NAME\" = 'new_db';\nDELETE FROM \"MASTER_KEYS\" WHERE "
      "\"KEY_ID\" = 3;\n");

  // Re-running finds the finished migration and changes nothing.
  CommandResult again = Migrate();
  ASSERT_EQ(again.exit_code, 0) << again.output.substr(0, 2000);
  auto a = nlohmann::json::parse(again.output);
  EXPECT_EQ(a["already_done"], true);
  EXPECT_TRUE(a["id_generators"].empty()) << a["id_generators"].dump();

  // A new database holding something else is never overwritten.
  Sql(server(), New(), "DELETE FROM \"PARTITION_PARAMS\";\n");
  Sql(server(), New(), "DELETE FROM \"PARTITIONS\" WHERE \"PART_ID\" = 1;\n");
  CommandResult refuse = Migrate();
  EXPECT_EQ(refuse.exit_code, 3) << refuse.output;
  EXPECT_NE(refuse.output.find("not empty"), std::string::npos) << refuse.output;
  DropDatabase(server(), Old());
  DropDatabase(server(), New());
}

// What an earlier run or the user left in the new database decides what
// migrate may do: a schema creation that stopped before VERSION was written is
// redone, an empty schema of the old version is filled, anything else that is
// not this metastore is refused and left untouched, or with --force moved
// aside whole (a backup on the same server) before the migration.
TEST(HiveMigrateTarget, StoppedSchemaIsRedoneEmptySchemaIsFilledForeignTablesRefusedOrMovedAsideByForce) {
  ASSERT_TRUE(Servers::Get().ok());
  for (Server s : {Server::kMariaDb, Server::kPostgres}) {
    const std::string tag = s == Server::kMariaDb ? "my" : "pg";
    const std::string old_db = "mtarget_" + tag + "_old", new_db = "mtarget_" + tag + "_new";
    const std::string dir =
        Servers::Get().Var("HIVE_TEST_FIXTURES") + (s == Server::kMariaDb ? "/mysql" : "/postgres");
    const std::string schema =
        std::string("hive-schema-1.2.0") + (s == Server::kMariaDb ? ".mysql.sql" : ".postgres.sql");
    CreateEmptyDatabase(s, old_db);
    LoadFile(s, old_db, dir, schema);
    Sql(s, old_db, ContentWriter(s, SchemaFeatures{}).Build(2, 3));
    auto migrate = [&] {
      return Hmig(s, "hive migrate --json --from-db " + Servers::Get().Url(s, old_db) +
                         " --to-db " + Servers::Get().Url(s, new_db) + " --scripts " + dir +
                         " --from hdfs://oldcluster:8020 --to hdfs://emr-cluster --to-version "
                         "1.2.0");  // no upgrade: this test is about the target database
    };
    // The whole schema but no VERSION row: a creation that stopped.
    CreateEmptyDatabase(s, new_db);
    LoadFile(s, new_db, dir, schema);
    Sql(s, new_db, "DELETE FROM \"VERSION\";\n");
    CommandResult stopped = migrate();
    ASSERT_EQ(stopped.exit_code, 0) << tag << ": " << stopped.output.substr(0, 3000);
    auto j = nlohmann::json::parse(stopped.output);
    EXPECT_NE(j["migrate_notes"].dump().find("a schema creation that stopped"), std::string::npos)
        << j["migrate_notes"].dump();
    EXPECT_EQ(j["verify"]["equal"], true);
    // An empty schema of the old version (as schematool -initSchema makes it),
    // while another session is connected to the old metastore.
    CreateEmptyDatabase(s, new_db);
    LoadFile(s, new_db, dir, schema);
    pid_t session = fork();
    if (session == 0) {
      const std::string sleep = s == Server::kMariaDb ? "SELECT SLEEP(4);" : "SELECT pg_sleep(4);";
      const std::string cmd =
          "echo '" + sleep + "' | " + Servers::Get().Client(s, old_db) + " >/dev/null 2>&1";
      execl("/bin/sh", "sh", "-c", cmd.c_str(), static_cast<char*>(nullptr));
      _exit(127);
    }
    ASSERT_GT(session, 0);
    std::this_thread::sleep_for(std::chrono::milliseconds(1000));
    CommandResult empty = migrate();
    int status = 0;
    waitpid(session, &status, 0);
    ASSERT_EQ(empty.exit_code, 0) << tag << ": " << empty.output.substr(0, 3000);
    j = nlohmann::json::parse(empty.output);
    EXPECT_NE(j["migrate_notes"].dump().find("held only an empty Hive 1.2.0 schema"),
              std::string::npos)
        << j["migrate_notes"].dump();
    EXPECT_EQ(j["new_version"], "1.2.0");
    EXPECT_NE(j["warnings"].dump().find("other session(s) are connected to the old metastore"),
              std::string::npos)
        << j["warnings"].dump();
    // Someone else's table, no content of ours: refused, and the table stays.
    CreateEmptyDatabase(s, new_db);
    Sql(s, new_db, "CREATE TABLE customers (id INT);\nINSERT INTO customers VALUES (7);\n");
    CommandResult foreign = migrate();
    EXPECT_EQ(foreign.exit_code, 3) << foreign.output;
    EXPECT_NE(foreign.output.find("not a Hive metastore"), std::string::npos) << foreign.output;
    EXPECT_NE(Sql(s, new_db, "SELECT id FROM customers;\n").find('7'), std::string::npos);
    // --force: the foreign tables are moved aside, whole, then the migration runs.
    CommandResult forced =
        Hmig(s, "hive migrate --json --force --from-db " + Servers::Get().Url(s, old_db) +
                    " --to-db " + Servers::Get().Url(s, new_db) + " --scripts " + dir +
                    " --from hdfs://oldcluster:8020 --to hdfs://emr-cluster");
    ASSERT_EQ(forced.exit_code, 0) << tag << ": " << forced.output.substr(0, 3000);
    EXPECT_NE(forced.output.find("moved, whole, to"), std::string::npos) << forced.output;
    std::string where = Trim(
        s == Server::kMariaDb
            ? Sql(s, "",
                  "SELECT table_schema FROM information_schema.tables WHERE table_name = "
                  "'customers' AND table_schema LIKE 'mtarget_my_new_hmig_backup_%';\n")
            : Sql(s, new_db,
                  "SELECT schemaname FROM pg_tables WHERE tablename = 'customers' AND schemaname "
                  "LIKE 'hmig_backup_%';\n"));
    ASSERT_FALSE(where.empty()) << "no backup of the foreign table";
    EXPECT_NE(
        Sql(s, s == Server::kMariaDb ? "" : new_db, "SELECT id FROM " + where + ".customers;\n")
            .find('7'),
        std::string::npos);
    if (s == Server::kMariaDb) Sql(s, "", "DROP DATABASE " + where + ";\n");
    DropDatabase(s, old_db);
    DropDatabase(s, new_db);
  }
}

std::vector<MigrateCase> Cases() {
  std::vector<MigrateCase> out;
  for (Server s : {Server::kMariaDb, Server::kPostgres}) {
    const std::string p = s == Server::kMariaDb ? "my_" : "pg_";
    out.push_back({s, "legacy-2.3", "1.2.0", "2.3.0", false, p + "legacy_120"});
    out.push_back({s, "legacy-2.3", "1.1.0", "2.3.0", false, p + "legacy_110"});
    out.push_back({s, "legacy-2.3", "0.14.0", "2.3.0", false, p + "legacy_0140"});
    out.push_back({s, ".", "1.2.0", "4.0.0", false, p + "modern_120"});
    out.push_back({s, ".", "1.2.0", "3.1.0", true, p + "modern_120_to_310"});
    // The modern layout has no hive-schema-2.3.0 to validate against.
    out.push_back({s, "both", "1.2.0", "2.3.0", true, p + "both_120_to_230"});
    out.push_back({s, "both", "0.14.0", "3.1.0", true, p + "both_0140_to_310"});
    out.push_back({s, "both", "1.1.0", "4.0.0", false, p + "both_110"});
  }
  return out;
}

INSTANTIATE_TEST_SUITE_P(Versions, HiveMigrate, ::testing::ValuesIn(Cases()),
                         [](const ::testing::TestParamInfo<MigrateCase>& i) {
                           return i.param.name;
                         });

}  // namespace
}  // namespace hmig::testing::hive
