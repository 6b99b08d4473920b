// hmig hive info / rewrite-locations / verify against real MariaDB and
// PostgreSQL servers holding every Hive schema version of the fixtures.
#include <gtest/gtest.h>
#include <unistd.h>

#include <fstream>
#include <nlohmann/json.hpp>

#include "metastore_content.h"
#include "schema_versions.h"

namespace hmig::testing::hive {
namespace {

struct Case {
  Server server;
  std::string tag;      // database prefix loaded by the fixture (v120, v310, ...)
  std::string version;  // expected VERSION.SCHEMA_VERSION
};

void PrintTo(const Case& c, std::ostream* os) {
  *os << (c.server == Server::kMariaDb ? "MariaDB " : "PostgreSQL ") << c.version;
}

std::string CaseName(const ::testing::TestParamInfo<Case>& info) {
  return std::string(info.param.server == Server::kMariaDb ? "MariaDb_" : "Postgres_") +
         info.param.tag;
}

const char* kOld = "hdfs://oldcluster:8020";
const char* kNew = "hdfs://emr-cluster";

class HiveMetastore : public ::testing::TestWithParam<Case> {
 protected:
  void SetUp() override {
    ASSERT_TRUE(Servers::Get().ok()) << "HMIG_HIVE_SERVERS_ENV not set: run through ctest";
  }
  Server server() const { return GetParam().server; }
  std::string Db(const char* side) const { return GetParam().tag + "_" + side; }
  std::string Url(const char* side) const { return Servers::Get().Url(server(), Db(side)); }

  bool HasColumn(const std::string& db, const std::string& table, const std::string& column) {
    std::string schema = server() == Server::kMariaDb ? "DATABASE()" : "current_schema()";
    std::string out =
        Sql(server(), db,
            "SELECT COUNT(*) FROM information_schema.columns WHERE table_schema = " + schema +
                " AND table_name = '" + table + "' AND column_name = '" + column + "';\n");
    return out.find('1') != std::string::npos;
  }

  // Empties what a previous run left and loads the generated content.
  void Load(const std::string& db) {
    SchemaFeatures f;
    f.ctlgs = HasColumn(db, "CTLGS", "LOCATION_URI");
    f.ctlg_name = HasColumn(db, "DBS", "CTLG_NAME");
    f.managed_location = HasColumn(db, "DBS", "DB_MANAGED_LOCATION_URI");
    f.is_rewrite_enabled = HasColumn(db, "TBLS", "IS_REWRITE_ENABLED");
    std::string clear;
    for (const char* t : {"FUNC_RU",
                          "FUNCS",
                          "SKEWED_COL_VALUE_LOC_MAP",
                          "SKEWED_VALUES",
                          "SKEWED_COL_NAMES",
                          "SKEWED_STRING_LIST_VALUES",
                          "SKEWED_STRING_LIST",
                          "PARTITION_PARAMS",
                          "PARTITIONS",
                          "PARTITION_KEYS",
                          "TABLE_PARAMS",
                          "TBLS",
                          "SD_PARAMS",
                          "SDS",
                          "SERDE_PARAMS",
                          "SERDES",
                          "COLUMNS_V2",
                          "CDS",
                          "DATABASE_PARAMS",
                          "DBS"}) {
      clear += std::string("DELETE FROM \"") + t + "\";\n";
    }
    ContentWriter w(server(), f);
    Sql(server(), db, clear + w.Build(6, 90));
  }
};

TEST_P(HiveMetastore, InfoReportsVersionCountsAndPrefixesPerColumn) {
  Load(Db("c"));
  CommandResult r = Hmig(server(), "hive info --json --db " + Url("c"));
  ASSERT_EQ(r.exit_code, 0) << r.output;
  auto j = nlohmann::json::parse(r.output);
  // hmig reports what VERSION says. Hive's own MySQL hive-schema-1.1.0 script
  // inserts '1.2.0' there (its PostgreSQL twin says '1.1.0').
  std::string want = GetParam().version;
  if (server() == Server::kMariaDb && GetParam().tag == "v110") want = "1.2.0";
  EXPECT_EQ(j["schema_version"], want);
  EXPECT_EQ(j["schema_version_recorded"], true);
  EXPECT_EQ(j["location_columns"].get<std::vector<std::string>>(),
            ExpectedLocationColumns(GetParam().version));
  EXPECT_EQ(j["databases"], 6);
  EXPECT_EQ(j["partitions"], 6 * 90);
  EXPECT_EQ(j["functions"], 1);
  EXPECT_EQ(j["tables_by_type"]["MANAGED_TABLE"], 12);
  EXPECT_EQ(j["tables_by_type"]["EXTERNAL_TABLE"], 12);
  EXPECT_EQ(j["tables_by_type"]["VIRTUAL_VIEW"], 6);
  // 6 databases x (events + 90 partitions + ext + spark + view + skewed) SDs.
  EXPECT_EQ(j["storage_descriptors"], 6 * 95);
  auto& p = j["prefixes"];
  EXPECT_EQ(p["hdfs://oldcluster:80200"]["DBS.DB_LOCATION_URI"], 1);
  EXPECT_EQ(p["hdfs://oldcluster2"]["DBS.DB_LOCATION_URI"], 1);
  EXPECT_EQ(p["s3a://analytics-bucket"]["SDS.LOCATION"], 6);
  EXPECT_EQ(p["oss://jars-bucket"]["FUNC_RU.RESOURCE_URI"], 1);
  EXPECT_EQ(p["hdfs://oldcluster:8020"]["SDS.LOCATION"], 6 * 93);
  EXPECT_EQ(p["hdfs://oldcluster:8020"]["SKEWED_COL_VALUE_LOC_MAP.LOCATION"], 6);
  EXPECT_EQ(p["hdfs://oldcluster:8020"]["TABLE_PARAMS.PARAM_VALUE"], 6);
  EXPECT_EQ(p["hdfs://oldcluster:8020"]["SERDE_PARAMS.PARAM_VALUE"], 6);
  bool ctlgs = GetParam().version >= "3";
  EXPECT_EQ(j["catalogs"].is_null(), !ctlgs);
  if (ctlgs) {
    EXPECT_EQ(p["hdfs://oldcluster:8020"]["CTLGS.LOCATION_URI"], 1);
  }
  // Terminal output carries the same inventory and never the password.
  CommandResult t = Hmig(server(), "hive info --db " + Url("c"));
  EXPECT_EQ(t.exit_code, 0);
  EXPECT_NE(t.output.find("hdfs://oldcluster:80200"), std::string::npos);
  EXPECT_EQ(t.output.find(Servers::Get().Password(server())), std::string::npos);
}

TEST_P(HiveMetastore, RewriteIsTransactionalIdempotentVerifiedAndRoundTripsByteForByte) {
  Load(Db("a"));
  Load(Db("b"));
  const std::string original = Dump(server(), Db("b"));
  ASSERT_FALSE(original.empty());
  const std::string backup = ::testing::TempDir() + "/hmig-backup-" + Db("b") + ".sql";
  const std::string rw = std::string("hive rewrite-locations --json --from ") + kOld + " --to " +
                         kNew + " --db " + Url("b");

  // Dry run: counts per column, nothing changed.
  CommandResult dry = Hmig(server(), rw + " --dry-run");
  ASSERT_EQ(dry.exit_code, 0) << dry.output;
  auto d = nlohmann::json::parse(dry.output);
  const int sd_count = 6 * 93;
  EXPECT_EQ(d["columns"]["SDS.LOCATION"]["changed"], sd_count);
  EXPECT_EQ(d["columns"]["SKEWED_COL_VALUE_LOC_MAP.LOCATION"]["changed"], 6);
  EXPECT_EQ(d["columns"]["FUNC_RU.RESOURCE_URI"]["changed"], 1);
  EXPECT_EQ(d["columns"]["TABLE_PARAMS.PARAM_VALUE"]["changed"], 6);
  EXPECT_EQ(d["columns"]["PARTITION_PARAMS.PARAM_VALUE"]["changed"], 6);
  EXPECT_EQ(d["columns"]["SD_PARAMS.PARAM_VALUE"]["changed"], 6);
  EXPECT_EQ(d["columns"]["SERDE_PARAMS.PARAM_VALUE"]["changed"], 6);
  EXPECT_EQ(d["columns"]["DATABASE_PARAMS.PARAM_VALUE"]["changed"], 1);
  EXPECT_EQ(d["columns"]["DBS.DB_LOCATION_URI"]["changed"], 3);  // 6 minus 2 traps minus s3a
  bool v4 = GetParam().version >= "4";
  EXPECT_EQ(d["columns"].contains("DBS.DB_MANAGED_LOCATION_URI"), v4);
  if (v4) {
    EXPECT_EQ(d["columns"]["DBS.DB_MANAGED_LOCATION_URI"]["changed"], 6);
  }
  EXPECT_EQ(d["columns"].contains("CTLGS.LOCATION_URI"), GetParam().version >= "3");
  EXPECT_EQ(d["committed"], false);
  const auto& sample = d["columns"]["SDS.LOCATION"]["samples"][0];
  EXPECT_EQ(sample["before"].get<std::string>().rfind(kOld, 0), 0u);
  EXPECT_EQ(sample["after"].get<std::string>().rfind(std::string(kNew) + "/", 0), 0u);
  EXPECT_EQ(Dump(server(), Db("b")), original) << "a dry run changed the database";
  const uint64_t total = d["changed"];

  // Real run with a backup, then a second run that finds nothing.
  CommandResult run = Hmig(server(), rw + " --backup " + backup);
  ASSERT_EQ(run.exit_code, 0) << run.output;
  auto j = nlohmann::json::parse(run.output);
  EXPECT_EQ(j["changed"], total);
  EXPECT_EQ(j["committed"], true);
  CommandResult again = Hmig(server(), rw);
  ASSERT_EQ(again.exit_code, 0) << again.output;
  EXPECT_EQ(nlohmann::json::parse(again.output)["changed"], 0);

  // Traps and other filesystems are untouched; paths keep their bytes.
  std::string locs =
      Sql(server(), Db("b"), "SELECT \"DB_LOCATION_URI\" FROM \"DBS\" ORDER BY \"DB_ID\";\n");
  EXPECT_NE(locs.find("hdfs://oldcluster:80200/warehouse/trap.db"), std::string::npos);
  EXPECT_NE(locs.find("hdfs://oldcluster2/warehouse/trap2.db"), std::string::npos);
  EXPECT_NE(locs.find("s3a://analytics-bucket/db6"), std::string::npos);
  EXPECT_NE(locs.find("hdfs://emr-cluster/data/M\xc3\xbcnchen/db3"), std::string::npos) << locs;
  EXPECT_NE(locs.find("hdfs://emr-cluster/data/sp ace/db2"), std::string::npos);
  std::string parts = Sql(
      server(), Db("b"),
      "SELECT \"LOCATION\" FROM \"SDS\" WHERE \"LOCATION\" LIKE '%it''s%' ORDER BY \"SD_ID\";\n");
  EXPECT_NE(parts.find("hdfs://emr-cluster/warehouse/db1.db/events/dt=it's 03"), std::string::npos)
      << parts;
  std::string comment =
      Sql(server(), Db("b"),
          "SELECT \"PARAM_VALUE\" FROM \"TABLE_PARAMS\" WHERE \"PARAM_KEY\" = 'comment';\n");
  EXPECT_NE(comment.find("copied from hdfs://oldcluster:8020/old/events"), std::string::npos);

  // verify: a (old) against b (rewritten) is equal, with no leftovers.
  std::string verify = "hive verify --json --db " + Url("a") + " --db " + Url("b") + " --from " +
                       kOld + " --to " + kNew;
  CommandResult v = Hmig(server(), verify);
  EXPECT_EQ(v.exit_code, 0) << v.output.substr(0, 3000);
  auto vj = nlohmann::json::parse(v.output);
  EXPECT_EQ(vj["equal"], true);
  EXPECT_EQ(vj["partitions"], 6 * 90);
  // Without --from/--to the rewritten locations are differences.
  CommandResult plain = Hmig(server(), "hive verify --db " + Url("a") + " --db " + Url("b"));
  EXPECT_EQ(plain.exit_code, 1) << plain.output.substr(0, 2000);

  // The backup restores the original bytes.
  ASSERT_EQ(RunShell(Servers::Get().Client(server(), Db("b")) + " < " + backup).exit_code, 0);
  EXPECT_EQ(Dump(server(), Db("b")), original) << "the backup did not restore the metastore";

  // Rewrite OLD->NEW then NEW->OLD restores the metastore byte for byte.
  ASSERT_EQ(Hmig(server(), rw).exit_code, 0);
  CommandResult back = Hmig(server(), std::string("hive rewrite-locations --json --from ") + kNew +
                                          " --to " + kOld + " --db " + Url("b"));
  ASSERT_EQ(back.exit_code, 0) << back.output;
  EXPECT_EQ(nlohmann::json::parse(back.output)["changed"], total);
  EXPECT_EQ(Dump(server(), Db("b")), original) << "OLD->NEW->OLD is not the identity";
  std::remove(backup.c_str());
}

TEST_P(HiveMetastore, SeveralSpellingsOfTheOldClusterMapToOneTarget) {
  Load(Db("d"));
  Sql(server(), Db("d"),
      "UPDATE \"SDS\" SET \"LOCATION\" = 'hdfs://oldcluster/noport/x' WHERE \"SD_ID\" = 1;\n"
      "UPDATE \"SDS\" SET \"LOCATION\" = 'hdfs://nn1.example.com:8020/ha/x' WHERE \"SD_ID\" = 2;\n"
      "UPDATE \"SDS\" SET \"LOCATION\" = 'hdfs://nameservice1/ns/x' WHERE \"SD_ID\" = 3;\n"
      "UPDATE \"SDS\" SET \"LOCATION\" = 'HDFS://OldCluster:8020/Upper/X' WHERE \"SD_ID\" = 4;\n"
      "UPDATE \"SDS\" SET \"LOCATION\" = 'hdfs://nn2.example.com:9000/other-port' WHERE \"SD_ID\" "
      "= 5;\n");
  CommandResult r =
      Hmig(server(), std::string("hive rewrite-locations --from ") + kOld +
                         " --from hdfs://nameservice1 --from hdfs://nn1.example.com:8020 --to " +
                         kNew + " --db " + Url("d"));
  ASSERT_EQ(r.exit_code, 0) << r.output;
  std::string locs =
      Sql(server(), Db("d"),
          "SELECT \"LOCATION\" FROM \"SDS\" WHERE \"SD_ID\" <= 5 ORDER BY \"SD_ID\";\n");
  EXPECT_NE(locs.find("hdfs://emr-cluster/noport/x"), std::string::npos) << locs;
  EXPECT_NE(locs.find("hdfs://emr-cluster/ha/x"), std::string::npos);
  EXPECT_NE(locs.find("hdfs://emr-cluster/ns/x"), std::string::npos);
  EXPECT_NE(locs.find("hdfs://emr-cluster/Upper/X"), std::string::npos);
  EXPECT_NE(locs.find("hdfs://nn2.example.com:9000/other-port"), std::string::npos);
  CommandResult info = Hmig(server(), "hive info --json --db " + Url("d"));
  auto p = nlohmann::json::parse(info.output)["prefixes"];
  EXPECT_FALSE(p.contains("hdfs://oldcluster:8020"));
  EXPECT_FALSE(p.contains("hdfs://nameservice1"));
  EXPECT_EQ(p["hdfs://oldcluster:80200"]["DBS.DB_LOCATION_URI"], 1);
}

std::vector<Case> Cases() {
  std::vector<Case> out;
  for (Server s : {Server::kMariaDb, Server::kPostgres}) {
    // Every hive-schema version of the fixtures from 0.14.0 (the first with
    // functions) on: the legacy 2.3 layout and the modern one (v120m).
    for (auto [tag, version] : {std::pair{"v0140", "0.14.0"},
                                {"v110", "1.1.0"},
                                {"v120", "1.2.0"},
                                {"v130", "1.3.0"},
                                {"v200", "2.0.0"},
                                {"v210", "2.1.0"},
                                {"v220", "2.2.0"},
                                {"v230", "2.3.0"},
                                {"v120m", "1.2.0"},
                                {"v300", "3.0.0"},
                                {"v310", "3.1.0"},
                                {"v320", "3.2.0"},
                                {"v400", "4.0.0"}}) {
      out.push_back({s, tag, version});
    }
  }
  return out;
}

INSTANTIATE_TEST_SUITE_P(Versions, HiveMetastore, ::testing::ValuesIn(Cases()), CaseName);

}  // namespace
}  // namespace hmig::testing::hive
