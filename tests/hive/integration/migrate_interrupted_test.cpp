// A migration killed with SIGKILL at random moments (creating the schema,
// copying, upgrading, advancing the id generators, validating, verifying), then
// run again, finishes with the same new metastore as an uninterrupted one:
// same dump, verified equal to the old one, validated. The seed is printed
// (HMIG_TEST_SEED=N replays it).
#include <gtest/gtest.h>

#include <chrono>
#include <random>
#include <vector>

#include <nlohmann/json.hpp>

#include "kill_process.h"
#include "scratch_metastore.h"

namespace hmig::testing::hive {
namespace {

class HiveMigrateInterrupted : public ::testing::TestWithParam<Server> {
 protected:
  void SetUp() override { ASSERT_TRUE(Servers::Get().ok()) << "run through ctest"; }
  Server server() const { return GetParam(); }
  std::string Tag() const { return server() == Server::kMariaDb ? "my" : "pg"; }
  std::string Dir() const {
    return Servers::Get().Var("HIVE_TEST_FIXTURES") +
           (server() == Server::kMariaDb ? "/mysql" : "/postgres");
  }
  std::string Args(const std::string& old_db, const std::string& new_db) const {
    return "hive migrate --json --from-db " + Servers::Get().Url(server(), old_db) + " --to-db " +
           Servers::Get().Url(server(), new_db) + " --scripts " + Dir() +
           " --from hdfs://oldcluster:8020 --to hdfs://emr-cluster";
  }
  // A scratch database a killed run left behind (the server is local here).
  // (WITH (FORCE): a killed client's PostgreSQL backend may not have noticed yet.)
  void DropScratchOf(pid_t pid) {
    const std::string name = "hmig_validate_" + std::to_string(pid);
    if (server() == Server::kMariaDb) {
      DropDatabase(server(), name);
    } else {
      Sql(server(), "postgres", "DROP DATABASE IF EXISTS " + name + " WITH (FORCE);\n");
    }
  }
};

TEST_P(HiveMigrateInterrupted, KilledRunsResumeToTheSameMetastoreAsAnUninterruptedOne) {
  const std::string old_db = "mkill_" + Tag() + "_old";
  const std::string ref = "mkill_" + Tag() + "_ref";
  const std::string db = "mkill_" + Tag() + "_new";
  CreateEmptyDatabase(server(), old_db);
  LoadFile(server(), old_db, Dir(),
           std::string("hive-schema-1.2.0") +
               (server() == Server::kMariaDb ? ".mysql.sql" : ".postgres.sql"));
  Sql(server(), old_db, ContentWriter(server(), SchemaFeatures{}).Build(3, 10));
  CreateEmptyDatabase(server(), ref);
  auto start = std::chrono::steady_clock::now();
  CommandResult clean = Hmig(server(), Args(old_db, ref));
  const double full =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  ASSERT_EQ(clean.exit_code, 0) << clean.output.substr(0, 4000);

  unsigned seed = static_cast<unsigned>(std::random_device{}());
  if (const char* s = std::getenv("HMIG_TEST_SEED")) seed = static_cast<unsigned>(std::stoul(s));
  std::printf("seed %u (replay with HMIG_TEST_SEED=%u); uninterrupted migration %.2f s\n", seed,
              seed, full);
  std::mt19937 rng(seed);
  // As in the upgrade test: delays up to half a run, halved and the target
  // re-created when the machine's load let fewer than two kills land.
  double max_delay = std::max(0.05, full * 0.5);
  int landed = 0;
  std::vector<pid_t> killed;
  for (int attempt = 0; attempt < 4 && landed < 2; ++attempt, max_delay /= 2) {
    CreateEmptyDatabase(server(), db);
    landed = 0;
    std::uniform_real_distribution<double> delay(0.005, max_delay);
    for (int i = 0; i < 6; ++i) {
      pid_t pid = SpawnHmig(server(), Args(old_db, db));
      ASSERT_GT(pid, 0);
      int status = 0;
      const double d = delay(rng);
      if (!WaitFor(pid, d, &status)) {
        kill(pid, SIGKILL);
        waitpid(pid, &status, 0);
        killed.push_back(pid);
        ++landed;
        std::printf("kill %d after %.3f s\n", i + 1, d);
      } else {
        ASSERT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0)
            << "a migration run after a kill failed; seed " << seed;
        std::printf("run %d finished within %.3f s\n", i + 1, d);
        break;
      }
    }
  }
  EXPECT_GE(landed, 2) << "the kills must land while the migration runs; seed " << seed;
  CommandResult last = Hmig(server(), Args(old_db, db));
  for (pid_t pid : killed) DropScratchOf(pid);
  ASSERT_EQ(last.exit_code, 0) << "seed " << seed << "\n" << last.output.substr(0, 4000);
  auto j = nlohmann::json::parse(last.output);
  EXPECT_EQ(j["new_version"], "4.0.0");
  EXPECT_EQ(j["verify"]["equal"], true);
  EXPECT_EQ(j["validate"]["ok"], true) << j["validate"].dump(2);
  EXPECT_EQ(Dump(server(), db), Dump(server(), ref)) << "seed " << seed;
  DropDatabase(server(), old_db);
  DropDatabase(server(), ref);
  DropDatabase(server(), db);
}

INSTANTIATE_TEST_SUITE_P(Servers, HiveMigrateInterrupted,
                         ::testing::Values(Server::kMariaDb, Server::kPostgres),
                         [](const ::testing::TestParamInfo<Server>& i) {
                           return std::string(i.param == Server::kMariaDb ? "MariaDb" : "Postgres");
                         });

}  // namespace
}  // namespace hmig::testing::hive
