// Every legacy Hive schema version of the fixtures that the shared server
// fixture does not load (0.3.0 ... 0.13.0, both databases): each test loads its
// version's own hive-schema script into a fresh database on the shared server,
// adds content through SQL that fits that version's columns, and proves
// `hive info`, `hive rewrite-dump`, `hive verify` and `hive rewrite-locations`
// (including OLD->NEW->OLD byte for byte) on it. Columns a version lacks
// (DBS.DB_LOCATION_URI before 0.6.0, COLUMNS_V2 before 0.8.0, TBL_TYPE before
// 0.6.0, the VERSION table before 0.12.0, ...) are skipped, not errors.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "schema_versions.h"
#include "scratch_metastore.h"

namespace hmig::testing::hive {
namespace {

const char* kOld = "hdfs://oldcluster:8020";
const char* kNew = "hdfs://emr-cluster";
constexpr int kDatabases = 6;
constexpr int kPartitions = 6;  // per partitioned table: every partition-name trap once

struct LegacyCase {
  Server server;
  std::string version;
  std::string reported;  // what `hive info` reports as schema_version
  bool recorded;         // VERSION table present (0.12.0+)
  // TBLS.TBL_TYPE left NULL, as in metastores upgraded from 0.5.0: Hive types
  // such rows by their view text and their EXTERNAL parameter.
  bool null_table_types = false;
};

std::string Tag(const std::string& version) {
  std::string t = "lg";
  for (char c : version) t.push_back(c == '.' ? '_' : c);
  return t;
}

void PrintTo(const LegacyCase& c, std::ostream* os) {
  *os << (c.server == Server::kMariaDb ? "MariaDB " : "PostgreSQL ") << c.version;
}

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

std::map<std::string, uint64_t> ChangedCounts(const nlohmann::json& j) {
  std::map<std::string, uint64_t> out;
  for (auto& [name, c] : j["columns"].items()) {
    if (c["changed"].get<uint64_t>() > 0) out[name] = c["changed"];
  }
  return out;
}

// The database's own dump tool writing `db` as plain SQL to stdout.
std::string DumpTool(Server s, const std::string& db) {
  const Servers& v = Servers::Get();
  if (s == Server::kMariaDb) {
    return "mariadb-dump --no-defaults --default-character-set=binary --socket=" +
           v.Var("HIVE_TEST_MY_SOCKET") + " -uroot " + db;
  }
  return "PGPASSWORD=" + v.Var("HIVE_TEST_PG_PASSWORD") + " " + v.Var("HIVE_TEST_PG_BIN") +
         "/pg_dump -h 127.0.0.1 -p " + v.Var("HIVE_TEST_PG_PORT") + " -U postgres " + db;
}

class HiveLegacySchema : public ::testing::TestWithParam<LegacyCase> {
 protected:
  void SetUp() override { ASSERT_TRUE(Servers::Get().ok()) << "run through ctest"; }
  Server server() const { return GetParam().server; }
  std::string Url(const std::string& db) const { return Servers::Get().Url(server(), db); }

  // A fresh database holding Hive's own hive-schema-<version> script.
  void LoadSchema(const std::string& db) {
    CreateEmptyDatabase(server(), db);
    const bool my = server() == Server::kMariaDb;
    LoadFile(
        server(), db,
        Servers::Get().Var("HIVE_TEST_FIXTURES") + (my ? "/mysql" : "/postgres") + "/legacy-2.3",
        "hive-schema-" + GetParam().version + (my ? ".mysql.sql" : ".postgres.sql"));
  }

  // What the generated content must produce in this version, per column.
  std::map<std::string, uint64_t> ExpectedChanges(const SchemaFeatures& f) const {
    std::map<std::string, uint64_t> want = {
        {"SDS.LOCATION", kDatabases * (kPartitions + 3)},  // events, partitions, spark, skewed
        {"TABLE_PARAMS.PARAM_VALUE", kDatabases},          // avro.schema.url
        {"PARTITION_PARAMS.PARAM_VALUE", kDatabases},
        {"SD_PARAMS.PARAM_VALUE", kDatabases},
        {"SERDE_PARAMS.PARAM_VALUE", kDatabases}};       // Spark's 'path'
    if (f.db_location) want["DBS.DB_LOCATION_URI"] = 3;  // minus two traps and s3a
    if (f.database_params) want["DATABASE_PARAMS.PARAM_VALUE"] = 1;
    if (f.skewed) want["SKEWED_COL_VALUE_LOC_MAP.LOCATION"] = kDatabases;
    if (f.funcs) want["FUNC_RU.RESOURCE_URI"] = 1;
    return want;
  }
};

TEST_P(HiveLegacySchema, InfoDumpRewriteVerifyAndDatabaseRoundTripWork) {
  const Server s = server();
  const std::string& version = GetParam().version;
  const std::string a = Tag(version) + "_a", b = Tag(version) + "_b";
  const SchemaFeatures f = FeaturesOf(version);
  LoadSchema(a);
  Sql(s, a, ContentWriter(s, f).Build(kDatabases, kPartitions));
  if (GetParam().null_table_types) {
    Sql(s, a,
        "INSERT INTO \"TABLE_PARAMS\" SELECT \"TBL_ID\", 'EXTERNAL', 'TRUE' FROM \"TBLS\" "
        "WHERE \"TBL_TYPE\" = 'EXTERNAL_TABLE';\n"
        "UPDATE \"TBLS\" SET \"TBL_TYPE\" = NULL;\n");
  }

  // info: version (recorded or inferred), counts, the columns this version has.
  auto info = RunJson(s, "hive info --json --db " + Url(a));
  EXPECT_EQ(info["schema_version"], GetParam().reported);
  EXPECT_EQ(info["schema_version_recorded"], GetParam().recorded);
  EXPECT_EQ(info["location_columns"].get<std::vector<std::string>>(),
            ExpectedLocationColumns(version));
  EXPECT_EQ(info["databases"], kDatabases);
  EXPECT_EQ(info["partitions"], kDatabases * kPartitions);
  EXPECT_EQ(info["storage_descriptors"], kDatabases * (kPartitions + (f.tbl_type ? 5 : 4)));
  EXPECT_EQ(info["functions"].is_null(), !f.funcs);
  EXPECT_TRUE(info["catalogs"].is_null());
  // Tables without TBL_TYPE are typed as Hive does: EXTERNAL=TRUE makes them external.
  EXPECT_EQ(info["tables_by_type"]["MANAGED_TABLE"], 2 * kDatabases);
  EXPECT_EQ(info["tables_by_type"]["EXTERNAL_TABLE"], 2 * kDatabases);
  EXPECT_EQ(info["tables_by_type"].contains("VIRTUAL_VIEW"), f.tbl_type);
  auto& p = info["prefixes"];
  EXPECT_EQ(p[kOld]["SDS.LOCATION"], kDatabases * (kPartitions + 3));
  EXPECT_EQ(p["s3a://analytics-bucket"]["SDS.LOCATION"], kDatabases);
  EXPECT_EQ(p.contains("hdfs://oldcluster:80200"), f.db_location);
  CommandResult table = Hmig(s, "hive info --db " + Url(a));
  EXPECT_EQ(table.exit_code, 0) << table.output;
  EXPECT_NE(table.output.find(GetParam().recorded ? "schema version       " + version
                                                  : std::string("unrecorded (no VERSION table")),
            std::string::npos)
      << table.output;
  const std::string original = Dump(s, a);

  // rewrite-dump of the database's own dump tool output; loaded into b.
  const std::string dump = ::testing::TempDir() + "/hmig-" + a + ".sql";
  const std::string rewritten = ::testing::TempDir() + "/hmig-" + b + ".sql";
  ASSERT_EQ(RunShell(DumpTool(s, a) + " > " + dump).exit_code, 0);
  const std::string fromto = std::string(" --from ") + kOld + " --to " + kNew;
  auto dumped = RunJson(s, "hive rewrite-dump --json " + dump + " " + rewritten + fromto);
  EXPECT_EQ(ChangedCounts(dumped), ExpectedChanges(f));
  CreateEmptyDatabase(s, b);
  LoadFile(s, b, ::testing::TempDir(), rewritten);

  // verify: the dump-rewritten metastore is the old one with rewritten locations.
  auto verify = RunJson(s, "hive verify --json --db " + Url(a) + " --db " + Url(b) + fromto);
  EXPECT_EQ(verify["equal"], true) << verify.dump(2).substr(0, 3000);
  EXPECT_EQ(verify["partitions"], kDatabases * kPartitions);
  EXPECT_EQ(verify["tables"], kDatabases * (f.tbl_type ? 5 : 4));
  EXPECT_EQ(verify["old_schema_version"],
            GetParam().recorded
                ? version
                : "unrecorded (no VERSION table; tables of Hive " + GetParam().reported + ")");
  // ... and differs from it without --from/--to (the rewritten locations).
  RunJson(s, "hive verify --json --db " + Url(a) + " --db " + Url(b), 1);

  // rewrite-locations in the database: the same counts as the dump, and the
  // same bytes as the rewritten dump loaded into b.
  const std::string rw = "hive rewrite-locations --json --db " + Url(a);
  auto dry = RunJson(s, rw + " --dry-run" + fromto);
  EXPECT_EQ(ChangedCounts(dry), ExpectedChanges(f));
  auto run = RunJson(s, rw + fromto);
  EXPECT_EQ(run["committed"], true);
  EXPECT_EQ(Dump(s, a), Dump(s, b)) << "database and dump rewrites differ";
  EXPECT_EQ(RunJson(s, rw + fromto)["changed"], 0);  // idempotent
  auto back = RunJson(s, rw + " --from " + kNew + " --to " + kOld);
  EXPECT_EQ(back["changed"], run["changed"]);
  EXPECT_EQ(Dump(s, a), original) << "OLD->NEW->OLD is not the identity";

  DropDatabase(s, a);
  DropDatabase(s, b);
  for (const auto& file : {dump, rewritten}) std::remove(file.c_str());
}

std::vector<LegacyCase> Cases() {
  std::vector<LegacyCase> out;
  for (Server s : {Server::kMariaDb, Server::kPostgres}) {
    // Before 0.12.0 there is no VERSION table: hmig names the releases whose
    // schema has exactly these tables.
    for (auto [version, reported] : {std::pair{"0.3.0", "0.3.0-0.4.1"},
                                     {"0.4.0", "0.3.0-0.4.1"},
                                     {"0.4.1", "0.3.0-0.4.1"},
                                     {"0.5.0", "0.5.0"},
                                     {"0.6.0", "0.6.0"},
                                     {"0.7.0", "0.7.0"},
                                     {"0.8.0", "0.8.0-0.9.0"},
                                     {"0.9.0", "0.8.0-0.9.0"},
                                     {"0.10.0", "0.10.0-0.11.0"},
                                     {"0.11.0", "0.10.0-0.11.0"},
                                     {"0.12.0", "0.12.0"},
                                     {"0.13.0", "0.13.0"}}) {
      const std::string v = version;
      out.push_back({s, v, reported, AtLeast(v, "0.12.0"), v == "0.6.0" || v == "0.12.0"});
    }
  }
  return out;
}

INSTANTIATE_TEST_SUITE_P(Versions, HiveLegacySchema, ::testing::ValuesIn(Cases()),
                         [](const ::testing::TestParamInfo<LegacyCase>& i) {
                           return std::string(i.param.server == Server::kMariaDb ? "MariaDb_"
                                                                                 : "Postgres_") +
                                  Tag(i.param.version);
                         });

}  // namespace
}  // namespace hmig::testing::hive
