#include "hive/upgrade_plan.h"

#include <gtest/gtest.h>

#include "hive/upgrade_tolerance.h"

namespace hmig::hive {
namespace {

const std::string kFixtures = std::string(HMIG_SHARED_DIR) + "/fixtures/hive-metastore/";

TEST(HiveUpgradePlan, LegacyChainFrom120EndsAt230WithPrePostgresScripts) {
  auto plan = PlanUpgrade(kFixtures + "mysql/legacy-2.3", DbKind::kMySql, "1.2.0", std::nullopt);
  ASSERT_TRUE(plan.ok()) << plan.status().ToString();
  ASSERT_EQ(plan->size(), 4u);
  EXPECT_EQ(plan->front().from, "1.2.0");
  EXPECT_EQ(plan->front().to, "2.0.0");
  EXPECT_EQ(plan->back().to, "2.3.0");
  EXPECT_NE(plan->front().scripts.back().find("upgrade-1.2.0-to-2.0.0.mysql.sql"),
            std::string::npos);
  auto pg = PlanUpgrade(kFixtures + "postgres/legacy-2.3", DbKind::kPostgres, "0.12.0",
                        std::string("0.14.0"));
  ASSERT_TRUE(pg.ok()) << pg.status().ToString();
  ASSERT_EQ(pg->size(), 2u);
  ASSERT_EQ((*pg)[0].scripts.size(), 2u);
  EXPECT_NE((*pg)[0].scripts[0].find("pre-0-upgrade-0.12.0-to-0.13.0.postgres.sql"),
            std::string::npos);
}

TEST(HiveUpgradePlan, ModernChainStopsAtTargetAndIsEmptyWhenCurrent) {
  auto plan = PlanUpgrade(kFixtures + "postgres", DbKind::kPostgres, "1.2.0", std::string("3.1.0"));
  ASSERT_TRUE(plan.ok());
  EXPECT_EQ(plan->size(), 6u);
  EXPECT_EQ(plan->back().to, "3.1.0");
  auto none = PlanUpgrade(kFixtures + "postgres", DbKind::kPostgres, "4.0.0", std::nullopt);
  ASSERT_TRUE(none.ok());
  EXPECT_TRUE(none->empty());
}

TEST(HiveUpgradePlan, UnknownUnreachableOrScriptlessVersionsAreErrorsBeforeAnythingRuns) {
  EXPECT_FALSE(PlanUpgrade(kFixtures + "mysql", DbKind::kMySql, "9.9.9", std::nullopt).ok());
  EXPECT_FALSE(
      PlanUpgrade(kFixtures + "mysql", DbKind::kMySql, "1.2.0", std::string("7.0.0")).ok());
  EXPECT_FALSE(
      PlanUpgrade(kFixtures + "mysql", DbKind::kMySql, "2.3.0", std::string("1.2.0")).ok());
  // The modern layout lists 0.x steps in its order file but ships no script for them.
  auto old = PlanUpgrade(kFixtures + "mysql", DbKind::kMySql, "0.14.0", std::nullopt);
  ASSERT_FALSE(old.ok());
  EXPECT_NE(old.status().message().find("has no script"), std::string::npos);
  EXPECT_FALSE(PlanUpgrade("/nonexistent", DbKind::kMySql, "1.2.0", std::nullopt).ok());
}

TEST(HiveUpgradePlan, SeveralFoldersTakeEachStepFromTheFirstFolderThatHasIt) {
  // A 0.14.0 metastore to 3.1.0: the modern folder has no script before 1.2.0,
  // the legacy one none after 2.3.0.
  ScriptDirs both(std::vector<std::string>{kFixtures + "mysql", kFixtures + "mysql/legacy-2.3"});
  auto plan = PlanUpgrade(both, DbKind::kMySql, "0.14.0", std::string("3.1.0"));
  ASSERT_TRUE(plan.ok()) << plan.status().ToString();
  ASSERT_EQ(plan->size(), 8u);
  EXPECT_EQ((*plan)[0].from, "0.14.0");
  EXPECT_NE((*plan)[0].scripts.back().find("/legacy-2.3/upgrade-0.14.0-to-1.1.0"),
            std::string::npos);
  EXPECT_NE((*plan)[2].scripts.back().find("/mysql/upgrade-1.2.0-to-2.0.0"), std::string::npos)
      << "the first folder wins where both have the step";
  EXPECT_EQ(plan->back().to, "3.1.0");
  EXPECT_NE(plan->back().scripts.back().find("/mysql/upgrade-3.0.0-to-3.1.0"), std::string::npos);
  EXPECT_EQ(both.Find("hive-schema-1.1.0.mysql.sql")->parent_path().filename(), "legacy-2.3");
  EXPECT_FALSE(both.Find("hive-schema-9.9.9.mysql.sql"));
  // Either folder alone cannot do it.
  EXPECT_FALSE(
      PlanUpgrade(kFixtures + "mysql/legacy-2.3", DbKind::kMySql, "0.14.0", std::string("3.1.0"))
          .ok());
}

TEST(HiveUpgradeTolerance, OnlyAlreadyAppliedErrorsAreSkipped) {
  auto my = [](int code, const std::string& msg,
               const std::string& stmt = "ALTER TABLE X ADD C INT") {
    return IsAlreadyAppliedError(DbKind::kMySql, SqlError{code, "HY000", msg}, stmt);
  };
  for (int code : {1050, 1060, 1061, 1062, 1091}) EXPECT_TRUE(my(code, "")) << code;
  EXPECT_TRUE(my(
      1005, "Can't create table `h`.`#sql-1` (errno: 121 \"Duplicate key on write or update\")"));
  EXPECT_FALSE(my(1005,
                  "Can't create table `h`.`#sql-1` (errno: 150 \"Foreign key constraint is "
                  "incorrectly formed\")"));
  EXPECT_FALSE(my(1064, "You have an error in your SQL syntax"));
  EXPECT_FALSE(my(1146, "Table 'h.T' doesn't exist", "UPDATE T SET A = 1"));
  EXPECT_TRUE(
      my(1146, "Table 'h.NEXT_TXN_ID' doesn't exist", "RENAME TABLE NEXT_TXN_ID TO TXN_LOCK_TBL"));
  EXPECT_TRUE(my(1054, "Unknown column", "ALTER TABLE T CHANGE OLD_C NEW_C bigint"));
  auto pg = [](const char* state, const std::string& stmt = "CREATE TABLE \"T\" (x int)") {
    return IsAlreadyAppliedError(DbKind::kPostgres, SqlError{0, state, ""}, stmt);
  };
  for (const char* s : {"42P07", "42701", "42710", "42P16", "23505"}) EXPECT_TRUE(pg(s)) << s;
  EXPECT_FALSE(pg("42601"));  // syntax error
  EXPECT_FALSE(pg("42P01", "UPDATE \"T\" SET x = 1"));
  EXPECT_TRUE(pg("42P01", "ALTER TABLE txns RENAME TO \"TXNS\""));
  EXPECT_TRUE(pg("42703", "ALTER TABLE \"T\" DROP COLUMN \"C\""));
  EXPECT_TRUE(pg("42704", "DROP INDEX \"I\""));
}

}  // namespace
}  // namespace hmig::hive
