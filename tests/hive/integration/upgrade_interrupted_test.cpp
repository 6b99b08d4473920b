// An upgrade killed with SIGKILL at random moments, then run again, ends in the
// same state as an uninterrupted upgrade of the same metastore: same version,
// same schema and rows (dump compared), validate passes. On MariaDB a killed
// step is partly applied (DDL is not transactional) and the re-run skips what
// is already there; on PostgreSQL the killed step's transaction is rolled back.
// The kill delays are random; the seed is printed to replay a failure
// (HMIG_TEST_SEED=N).
#include <gtest/gtest.h>

#include <chrono>
#include <random>
#include <thread>

#include <nlohmann/json.hpp>

#include "kill_process.h"
#include "scratch_metastore.h"

namespace hmig::testing::hive {
namespace {

struct KillCase {
  Server server;
  std::string layout;  // "legacy-2.3" or "." (modern)
  std::string target;
  std::string name;
};

void PrintTo(const KillCase& c, std::ostream* os) {
  *os << c.name;
}

class HiveUpgradeInterrupted : public ::testing::TestWithParam<KillCase> {
 protected:
  void SetUp() override { ASSERT_TRUE(Servers::Get().ok()) << "run through ctest"; }
  Server server() const { return GetParam().server; }
  std::string Dir() const {
    return Servers::Get().Var("HIVE_TEST_FIXTURES") +
           (server() == Server::kMariaDb ? "/mysql/" : "/postgres/") + GetParam().layout;
  }
  std::string Ext() const { return server() == Server::kMariaDb ? ".mysql.sql" : ".postgres.sql"; }
  void Create120(const std::string& db) {
    CreateEmptyDatabase(server(), db);
    LoadFile(server(), db, Dir(), "hive-schema-1.2.0" + Ext());
    Sql(server(), db, ContentWriter(server(), SchemaFeatures{}).Build(3, 10));
  }
  std::string UpgradeArgs(const std::string& db) const {
    return "hive upgrade --db " + Servers::Get().Url(server(), db) + " --scripts " + Dir();
  }
  std::string Version(const std::string& db) {
    std::string v = Sql(server(), db, "SELECT \"SCHEMA_VERSION\" FROM \"VERSION\";\n");
    while (!v.empty() && (v.back() == '\n' || v.back() == ' ')) v.pop_back();
    return v;
  }
  // Schema and rows, independent of the database's name.
  std::string State(const std::string& db) {
    std::string out = Dump(server(), db);
    if (server() == Server::kPostgres) {
      CommandResult schema = RunShell(
          "PGPASSWORD=" + Servers::Get().Password(server()) + " " +
          Servers::Get().Var("HIVE_TEST_PG_BIN") + "/pg_dump --schema-only --no-owner " +
          "-h 127.0.0.1 -p " + Servers::Get().Var("HIVE_TEST_PG_PORT") + " -U postgres " + db);
      EXPECT_EQ(schema.exit_code, 0) << schema.output.substr(0, 2000);
      // pg_dump 15.14+ writes a random key on its \restrict / \unrestrict lines.
      std::string kept;
      size_t pos = 0;
      while (pos < schema.output.size()) {
        size_t nl = schema.output.find('\n', pos);
        if (nl == std::string::npos) nl = schema.output.size();
        std::string line = schema.output.substr(pos, nl - pos);
        if (line.rfind("\\restrict", 0) != 0 && line.rfind("\\unrestrict", 0) != 0)
          kept.append(line).append("\n");
        pos = nl + 1;
      }
      out = kept + out;
    }
    return out;
  }
};

TEST_P(HiveUpgradeInterrupted, KilledRunsResumeToTheSameStateAsAnUninterruptedUpgrade) {
  const std::string ref = "killed_ref_" + GetParam().name;
  const std::string db = "killed_" + GetParam().name;
  Create120(ref);
  Create120(db);
  auto start = std::chrono::steady_clock::now();
  CommandResult clean = Hmig(server(), UpgradeArgs(ref));
  const double full =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  ASSERT_EQ(clean.exit_code, 0) << clean.output.substr(0, 4000);
  ASSERT_EQ(Version(ref), GetParam().target);

  unsigned seed = static_cast<unsigned>(std::random_device{}());
  if (const char* s = std::getenv("HMIG_TEST_SEED")) seed = static_cast<unsigned>(std::stoul(s));
  std::printf("seed %u (replay with HMIG_TEST_SEED=%u); uninterrupted upgrade %.2f s\n", seed, seed,
              full);
  std::mt19937 rng(seed);
  // Kill delays from just after the start to half an uninterrupted run (a
  // PostgreSQL upgrade of this content takes well under a second): a run after
  // one kill still has about half the work to do, so kills keep landing until a
  // run gets through. The machine's load makes run times vary: when fewer than
  // two kills landed, the victim is re-created and the delays halved.
  double max_delay = std::max(0.03, full * 0.5);
  int landed = 0;
  for (int attempt = 0; attempt < 4 && landed < 2; ++attempt, max_delay /= 2) {
    if (attempt > 0) Create120(db);
    landed = 0;
    std::uniform_real_distribution<double> delay(0.005, max_delay);
    for (int i = 0; i < 10; ++i) {
      pid_t pid = SpawnHmig(server(), UpgradeArgs(db));
      ASSERT_GT(pid, 0);
      int status = 0;
      const double d = delay(rng);
      if (!WaitFor(pid, d, &status)) {
        kill(pid, SIGKILL);
        waitpid(pid, &status, 0);
        ++landed;
        std::printf("kill %d after %.3f s: schema at %s\n", i + 1, d, Version(db).c_str());
      } else {
        ASSERT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0)
            << "an upgrade run after a kill failed; seed " << seed;
        std::printf("run %d finished within %.3f s\n", i + 1, d);
        break;
      }
    }
  }
  EXPECT_GE(landed, 2) << "the kills must land while the upgrade runs; seed " << seed;
  CommandResult last = Hmig(server(), UpgradeArgs(db) + " --json");
  ASSERT_EQ(last.exit_code, 0) << "seed " << seed << "\n" << last.output.substr(0, 4000);
  EXPECT_EQ(Version(db), GetParam().target);
  EXPECT_EQ(State(db), State(ref)) << "seed " << seed;
  CommandResult validate =
      Hmig(server(),
           "hive validate --json --db " + Servers::Get().Url(server(), db) + " --scripts " + Dir());
  EXPECT_EQ(validate.exit_code, 0) << "seed " << seed << "\n" << validate.output.substr(0, 4000);
  CommandResult again = Hmig(server(), UpgradeArgs(db));
  EXPECT_NE(again.output.find("already up to date, nothing to do"), std::string::npos)
      << again.output;
  DropDatabase(server(), ref);
  DropDatabase(server(), db);
}

INSTANTIATE_TEST_SUITE_P(
    Layouts, HiveUpgradeInterrupted,
    ::testing::Values(KillCase{Server::kMariaDb, "legacy-2.3", "2.3.0", "my_legacy"},
                      KillCase{Server::kMariaDb, ".", "4.0.0", "my_modern"},
                      KillCase{Server::kPostgres, "legacy-2.3", "2.3.0", "pg_legacy"},
                      KillCase{Server::kPostgres, ".", "4.0.0", "pg_modern"}),
    [](const ::testing::TestParamInfo<KillCase>& i) { return i.param.name; });

}  // namespace
}  // namespace hmig::testing::hive
