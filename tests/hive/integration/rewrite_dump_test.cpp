// hmig hive rewrite-dump on real dump files: the fixture's mysqldump of a 1.2.0
// metastore (the seed's workflow), and mariadb-dump / pg_dump (COPY and
// --inserts) of generated content, each loaded back into a real server and
// compared with `hmig hive verify`.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "scratch_metastore.h"

namespace hmig::testing::hive {
namespace {

const char* kOld = "hdfs://oldcluster:8020";
const char* kNew = "hdfs://emr-cluster";

nlohmann::json RunJson(Server s, const std::string& args, int want_exit = 0) {
  CommandResult r = Hmig(s, args);
  EXPECT_EQ(r.exit_code, want_exit) << args << "\n" << r.output.substr(0, 3000);
  try {
    return nlohmann::json::parse(r.output);
  } catch (const std::exception&) {
    ADD_FAILURE() << "not JSON: " << r.output.substr(0, 2000);
    return {};
  }
}

// Per column "changed" counts of a rewrite report.
std::map<std::string, uint64_t> Counts(const nlohmann::json& j) {
  std::map<std::string, uint64_t> out;
  for (auto& [name, c] : j["columns"].items()) {
    if (c["changed"].get<uint64_t>() > 0) out[name] = c["changed"];
  }
  return out;
}

class HiveRewriteDump : public ::testing::Test {
 protected:
  void SetUp() override { ASSERT_TRUE(Servers::Get().ok()) << "run through ctest"; }
  std::string Tmp(const std::string& name) { return ::testing::TempDir() + "/hmig-dump-" + name; }
};

TEST_F(HiveRewriteDump, SeedWorkflowOnTheSampleMysqldumpMatchesTheInDatabaseRewrite) {
  const Server s = Server::kMariaDb;
  const std::string sample =
      Servers::Get().Var("HIVE_TEST_FIXTURES") + "/sample-metastore-1.2.0.mysql.sql";
  const std::string out = Tmp("sample-new.sql");
  const std::string from =
      std::string(" --from ") + kOld + " --from hdfs://nameservice1 --to " + kNew;
  auto dump = RunJson(s, "hive rewrite-dump --json " + sample + " " + out + from);
  auto counts = Counts(dump);
  EXPECT_EQ(counts["DBS.DB_LOCATION_URI"], 4u);
  EXPECT_EQ(counts["SDS.LOCATION"], 12u);
  EXPECT_EQ(counts["FUNC_RU.RESOURCE_URI"], 1u);
  EXPECT_EQ(counts["SERDE_PARAMS.PARAM_VALUE"], 1u);
  // The traps survive in the output; the old authority is gone from locations.
  std::string text = ReadFileText(out);
  EXPECT_NE(text.find("hdfs://oldcluster2:8020/"), std::string::npos);
  EXPECT_NE(text.find("s3a://analytics-bucket/"), std::string::npos);
  EXPECT_NE(text.find("oss://backup-bucket/"), std::string::npos);

  // Load both into MariaDB (renaming the dump's database) and compare.
  for (const char* name : {"sample_old", "sample_new"}) CreateEmptyDatabase(s, name);
  const std::string strip = " | grep -v -e '^CREATE DATABASE' -e '^USE ' | ";
  ASSERT_EQ(RunShell("cat " + sample + strip + Servers::Get().Client(s, "sample_old")).exit_code,
            0);
  ASSERT_EQ(RunShell("cat " + out + strip + Servers::Get().Client(s, "sample_new")).exit_code, 0);
  auto verify = RunJson(s, "hive verify --json --db " + Servers::Get().Url(s, "sample_old") +
                               " --db " + Servers::Get().Url(s, "sample_new") + from);
  EXPECT_EQ(verify["equal"], true) << verify.dump(2).substr(0, 3000);
  EXPECT_EQ(verify["partitions"], 7);

  // The database rewrite of the same metastore changes exactly the same values,
  // and leaves the two databases identical.
  auto db = RunJson(
      s, "hive rewrite-locations --json --db " + Servers::Get().Url(s, "sample_old") + from);
  EXPECT_EQ(Counts(db), counts);
  EXPECT_EQ(Dump(s, "sample_old"), Dump(s, "sample_new"));
  for (const char* name : {"sample_old", "sample_new"}) DropDatabase(s, name);
  std::remove(out.c_str());
}

struct DumpCase {
  Server server;
  std::string dump_flags;  // extra flags for the dump tool
  std::string name;
};

class HiveRewriteDumpRoundTrip : public ::testing::TestWithParam<DumpCase> {};

void PrintTo(const DumpCase& c, std::ostream* os) {
  *os << c.name;
}

TEST_P(HiveRewriteDumpRoundTrip, RewrittenDumpLoadsAndVerifiesAndRewritesBackByteForByte) {
  ASSERT_TRUE(Servers::Get().ok());
  const Server s = GetParam().server;
  const std::string old_db = "dump_" + GetParam().name + "_old";
  const std::string new_db = "dump_" + GetParam().name + "_new";
  CreateScratchMetastore(s, old_db);
  const std::string original = ::testing::TempDir() + "/hmig-" + old_db + ".sql";
  const std::string rewritten = ::testing::TempDir() + "/hmig-" + new_db + ".sql";
  const std::string back = ::testing::TempDir() + "/hmig-" + old_db + "-back.sql";
  std::string tool;
  if (s == Server::kMariaDb) {
    tool = "mariadb-dump --no-defaults --default-character-set=binary --socket=" +
           Servers::Get().Var("HIVE_TEST_MY_SOCKET") + " -uroot ";
  } else {
    tool = "PGPASSWORD=" + Servers::Get().Var("HIVE_TEST_PG_PASSWORD") + " " +
           Servers::Get().Var("HIVE_TEST_PG_BIN") + "/pg_dump -h 127.0.0.1 -p " +
           Servers::Get().Var("HIVE_TEST_PG_PORT") + " -U postgres ";
  }
  ASSERT_EQ(RunShell(tool + GetParam().dump_flags + " " + old_db + " > " + original).exit_code, 0);

  const std::string fromto = std::string(" --from ") + kOld + " --to " + kNew;
  auto dump = RunJson(s, "hive rewrite-dump --json " + original + " " + rewritten + fromto);
  auto db = RunJson(
      s, "hive rewrite-locations --dry-run --json --db " + Servers::Get().Url(s, old_db) + fromto);
  EXPECT_EQ(Counts(dump), Counts(db)) << "dump and database rewrites disagree";
  EXPECT_GT(dump["changed"].get<uint64_t>(), 50u);

  CreateEmptyDatabase(s, new_db);
  LoadFile(s, new_db, ::testing::TempDir(), rewritten);
  auto verify = RunJson(s, "hive verify --json --db " + Servers::Get().Url(s, old_db) + " --db " +
                               Servers::Get().Url(s, new_db) + fromto);
  EXPECT_EQ(verify["equal"], true) << verify.dump(2).substr(0, 3000);
  EXPECT_EQ(verify["leftover_count"], 0);

  // NEW -> OLD on the rewritten dump gives back the original file byte for byte.
  RunJson(s, std::string("hive rewrite-dump --json ") + rewritten + " " + back + " --from " + kNew +
                 " --to " + kOld);
  EXPECT_TRUE(ReadFileText(back) == ReadFileText(original))
      << "dump OLD->NEW->OLD is not the identity";
  DropDatabase(s, old_db);
  DropDatabase(s, new_db);
  for (const auto& f : {original, rewritten, back}) std::remove(f.c_str());
}

INSTANTIATE_TEST_SUITE_P(Dumps, HiveRewriteDumpRoundTrip,
                         ::testing::Values(DumpCase{Server::kMariaDb, "", "mariadb"},
                                           DumpCase{Server::kMariaDb,
                                                    "--complete-insert --skip-extended-insert",
                                                    "mariadb_complete"},
                                           DumpCase{Server::kPostgres, "", "pg_copy"},
                                           DumpCase{Server::kPostgres, "--inserts", "pg_inserts"}),
                         [](const ::testing::TestParamInfo<DumpCase>& i) { return i.param.name; });

}  // namespace
}  // namespace hmig::testing::hive

namespace hmig::testing::hive {
namespace {

TEST(HiveRewriteDumpCli, RepeatedFromFlagsBeforeTheFilesLeaveThePositionalsAlone) {
  const std::string in = ::testing::TempDir() + "/hmig-cli-in.sql";
  const std::string out = ::testing::TempDir() + "/hmig-cli-out.sql";
  std::ofstream(in)
      << "INSERT INTO `DBS` (`DB_ID`,`DB_LOCATION_URI`) VALUES (1,'hdfs://nn1:9000/x'),"
         "(2,'hdfs://nameservice1/y'),(3,'hdfs://nn2:9000/z');\n";
  CommandResult r =
      RunShell(std::string(HMIG_BINARY) +
               " hive rewrite-dump --from hdfs://nn1:9000 --from hdfs://nameservice1 --to "
               "hdfs://emr-cluster " +
               in + " " + out);
  ASSERT_EQ(r.exit_code, 0) << r.output;
  EXPECT_EQ(ReadFileText(out),
            "INSERT INTO `DBS` (`DB_ID`,`DB_LOCATION_URI`) VALUES (1,'hdfs://emr-cluster/x'),"
            "(2,'hdfs://emr-cluster/y'),(3,'hdfs://nn2:9000/z');\n");
  std::remove(in.c_str());
  std::remove(out.c_str());
}

}  // namespace
}  // namespace hmig::testing::hive
