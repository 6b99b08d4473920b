// Connecting: --db URLs, hive-site.xml JDBC settings, the password sources, and
// that a password never shows up in what hmig prints.
#include <gtest/gtest.h>

#include "scratch_metastore.h"

namespace hmig::testing::hive {
namespace {

class HiveConnection : public ::testing::TestWithParam<Server> {
 protected:
  void SetUp() override { ASSERT_TRUE(Servers::Get().ok()) << "run through ctest"; }
  Server server() const { return GetParam(); }
  std::string Port() const {
    return Servers::Get().Var(server() == Server::kMariaDb ? "HIVE_TEST_MY_PORT"
                                                           : "HIVE_TEST_PG_PORT");
  }
  std::string User() const {
    return Servers::Get().Var(server() == Server::kMariaDb ? "HIVE_TEST_MY_USER"
                                                           : "HIVE_TEST_PG_USER");
  }
  std::string WriteTemp(const std::string& name, const std::string& content) {
    std::string path =
        ::testing::TempDir() + "/hmig-conn-" + std::to_string(::getpid()) + "-" + name;
    std::ofstream(path, std::ios::binary) << content;
    return path;
  }
  std::string HiveSite(const std::string& jdbc_url, const std::string& password) {
    return "<?xml version=\"1.0\"?>\n<configuration>\n"
           "  <property><name>javax.jdo.option.ConnectionURL</name><value>" +
           jdbc_url +
           "</value></property>\n"
           "  <property><name>javax.jdo.option.ConnectionUserName</name><value>" +
           User() +
           "</value></property>\n"
           "  <property><name>javax.jdo.option.ConnectionPassword</name><value>" +
           password +
           "</value></property>\n"
           "</configuration>\n";
  }
};

TEST_P(HiveConnection, HiveSiteJdbcUrlAndPasswordAreUsedAndNeverPrinted) {
  std::string jdbc = server() == Server::kMariaDb
                         ? "jdbc:mysql://127.0.0.1:" + Port() +
                               "/v230_c?createDatabaseIfNotExist=true&amp;useSSL=false"
                         : "jdbc:postgresql://127.0.0.1:" + Port() + "/v230_c";
  const std::string password = Servers::Get().Password(server());
  std::string site = WriteTemp("hive-site.xml", HiveSite(jdbc, password));
  CommandResult r =
      RunShell("env -u HMIG_DB_PASSWORD " HMIG_BINARY " hive info --hive-site " + site);
  EXPECT_EQ(r.exit_code, 0) << r.output;
  EXPECT_NE(r.output.find("schema version       2.3.0"), std::string::npos) << r.output;
  EXPECT_EQ(r.output.find(password), std::string::npos);
  if (server() == Server::kMariaDb) {
    std::string mariadb =
        WriteTemp("hive-site-mariadb.xml",
                  HiveSite("jdbc:mariadb://127.0.0.1:" + Port() + "/v230_c", password));
    EXPECT_EQ(RunShell("env -u HMIG_DB_PASSWORD " HMIG_BINARY " hive info --hive-site " + mariadb)
                  .exit_code,
              0);
    std::remove(mariadb.c_str());
  }
  // A wrong password in hive-site.xml fails with an auth error that does not echo it.
  std::string bad = WriteTemp("hive-site-bad.xml", HiveSite(jdbc, "Wr0ng-Secret-42"));
  CommandResult b =
      RunShell("env -u HMIG_DB_PASSWORD " HMIG_BINARY " hive info --hive-site " + bad);
  EXPECT_EQ(b.exit_code, 3) << b.output;
  EXPECT_EQ(b.output.find("Wr0ng-Secret-42"), std::string::npos) << b.output;
  std::remove(site.c_str());
  std::remove(bad.c_str());
}

TEST_P(HiveConnection, PasswordFileWinsOverTheEnvironment) {
  std::string file = WriteTemp("password", Servers::Get().Password(server()) + "\n");
  std::string url = Servers::Get().Url(server(), "v120_c");
  CommandResult r =
      RunShell("HMIG_DB_PASSWORD=not-the-password " HMIG_BINARY " hive info --json --db " + url +
               " --password-file " + file);
  EXPECT_EQ(r.exit_code, 0) << r.output;
  EXPECT_NE(r.output.find("\"schema_version\": \"1.2.0\""), std::string::npos) << r.output;
  CommandResult env =
      RunShell("HMIG_DB_PASSWORD=not-the-password " HMIG_BINARY " hive info --db " + url);
  EXPECT_EQ(env.exit_code, 3);
  EXPECT_EQ(env.output.find("not-the-password"), std::string::npos) << env.output;
  std::remove(file.c_str());
}

TEST_P(HiveConnection, PasswordInsideTheUrlIsRefusedWithoutEchoingIt) {
  std::string scheme = server() == Server::kMariaDb ? "mysql://" : "postgresql://";
  CommandResult r = RunShell(HMIG_BINARY " hive info --db " + scheme + User() +
                             ":S3cretInUrl@127.0.0.1:" + Port() + "/v120_c");
  EXPECT_EQ(r.exit_code, 2) << r.output;
  EXPECT_EQ(r.output.find("S3cretInUrl"), std::string::npos) << r.output;
}

TEST_P(HiveConnection, FailedRewriteRollsBackEveryColumn) {
  const std::string db = std::string("rollback_") + (server() == Server::kMariaDb ? "my" : "pg");
  CreateScratchMetastore(server(), db, 2, 4);
  // FUNC_RU is updated after DBS and SDS: make its update fail.
  if (server() == Server::kMariaDb) {
    Sql(server(), db,
        "CREATE TRIGGER fail_ru BEFORE UPDATE ON \"FUNC_RU\" FOR EACH ROW "
        "SIGNAL SQLSTATE '45000' SET MESSAGE_TEXT = 'injected failure';\n");
  } else {
    Sql(server(), db,
        "CREATE FUNCTION fail_ru() RETURNS trigger AS $$ BEGIN RAISE EXCEPTION 'injected failure'; "
        "END $$ "
        "LANGUAGE plpgsql;\nCREATE TRIGGER fail_ru BEFORE UPDATE ON \"FUNC_RU\" FOR EACH ROW "
        "EXECUTE FUNCTION fail_ru();\n");
  }
  const std::string before = Dump(server(), db);
  const std::string backup = ::testing::TempDir() + "/hmig-" + db + "-backup.sql";
  CommandResult r =
      Hmig(server(),
           "hive rewrite-locations --from hdfs://oldcluster:8020 --to hdfs://emr-cluster --db " +
               Servers::Get().Url(server(), db) + " --backup " + backup);
  EXPECT_EQ(r.exit_code, 3) << r.output;
  EXPECT_NE(r.output.find("injected failure"), std::string::npos) << r.output;
  EXPECT_NE(r.output.find("rolled back"), std::string::npos);
  EXPECT_EQ(Dump(server(), db), before) << "a failed rewrite left changes behind";
  // The backup was written before the first change.
  EXPECT_NE(ReadFileText(backup).find("hdfs://oldcluster:8020/warehouse/db1.db"),
            std::string::npos);
  DropDatabase(server(), db);
  std::remove(backup.c_str());
}

INSTANTIATE_TEST_SUITE_P(Servers, HiveConnection,
                         ::testing::Values(Server::kMariaDb, Server::kPostgres),
                         [](const ::testing::TestParamInfo<Server>& i) {
                           return std::string(i.param == Server::kMariaDb ? "MariaDb" : "Postgres");
                         });

}  // namespace
}  // namespace hmig::testing::hive
