#include "hive/rename_check.h"

#include <gtest/gtest.h>

namespace hmig::hive {
namespace {

void ExpectTarget(DbKind kind, const std::string& sql, const std::string& table,
                  const std::string& column) {
  auto t = ParseRenameTarget(kind, sql);
  ASSERT_TRUE(t.has_value()) << sql;
  EXPECT_EQ(t->table, table) << sql;
  EXPECT_EQ(t->column, column) << sql;
}

TEST(HiveRenameTarget, EveryRenameFormOfHivesScriptsNamesItsTarget) {
  // PostgreSQL: unquoted names fold to lower case.
  ExpectTarget(DbKind::kPostgres, "ALTER TABLE \"HIVE_LOCKS\" RENAME COLUMN hl_db TO \"HL_DB\"",
               "HIVE_LOCKS", "HL_DB");
  ExpectTarget(DbKind::kPostgres, "ALTER TABLE \"COLUMNS\" RENAME TO \"COLUMNS_OLD\"",
               "COLUMNS_OLD", "");
  ExpectTarget(DbKind::kPostgres, "ALTER TABLE txns RENAME TO \"TXNS\"", "TXNS", "");
  ExpectTarget(DbKind::kPostgres, "ALTER TABLE \"TXNS\" RENAME TO Txns_Old", "txns_old", "");
  ExpectTarget(DbKind::kPostgres,
               "ALTER INDEX IF EXISTS hl_txnid_index RENAME TO \"HL_TXNID_INDEX\"",
               "HL_TXNID_INDEX", "");
  // MySQL: names as written.
  ExpectTarget(DbKind::kMySql, "RENAME TABLE NEXT_TXN_ID TO TXN_LOCK_TBL", "TXN_LOCK_TBL", "");
  ExpectTarget(DbKind::kMySql, "ALTER TABLE TXN_LOCK_TBL CHANGE NTXN_NEXT TXN_LOCK bigint",
               "TXN_LOCK_TBL", "TXN_LOCK");
  ExpectTarget(DbKind::kMySql, "ALTER TABLE `TBLS` CHANGE COLUMN `A` `B` varchar(10) NOT NULL",
               "TBLS", "B");
  ExpectTarget(DbKind::kMySql, "ALTER TABLE `T` RENAME COLUMN `A` TO `B`", "T", "B");
}

TEST(HiveRenameTarget, DropsAndOtherStatementsAreNotRenames) {
  EXPECT_FALSE(ParseRenameTarget(DbKind::kPostgres, "ALTER TABLE \"TBLS\" DROP COLUMN \"X\""));
  EXPECT_FALSE(ParseRenameTarget(DbKind::kMySql, "DROP TABLE IF EXISTS `X`"));
  EXPECT_FALSE(ParseRenameTarget(DbKind::kMySql, "ALTER TABLE T ADD COLUMN C INT"));
  // MySQL CHANGE is not PostgreSQL syntax; several clauses are not one rename.
  EXPECT_FALSE(ParseRenameTarget(DbKind::kPostgres, "ALTER TABLE T CHANGE A B INT"));
  EXPECT_FALSE(ParseRenameTarget(DbKind::kMySql, "ALTER TABLE T CHANGE A B INT, DROP C"));
}

TEST(HiveRenameTarget, ATargetRenamedAgainLaterInTheStepIsFollowed) {
  // Hive's 4.0.0 step (PostgreSQL): next_txn_id -> NEXT_TXN_ID -> TXN_LOCK_TBL,
  // ntxn_next -> NTXN_NEXT -> TXN_LOCK.
  const std::vector<std::string> later = {
      "ALTER TABLE \"NEXT_TXN_ID\" RENAME COLUMN ntxn_next TO \"NTXN_NEXT\"",
      "ALTER TABLE \"COMPACTION_QUEUE\" ADD \"CQ_NEXT_TXN_ID\" bigint",
      "ALTER TABLE \"NEXT_TXN_ID\" RENAME TO \"TXN_LOCK_TBL\"",
      "ALTER TABLE \"TXN_LOCK_TBL\" RENAME COLUMN \"NTXN_NEXT\" TO \"TXN_LOCK\""};
  auto table =
      ParseRenameTarget(DbKind::kPostgres, "ALTER TABLE next_txn_id RENAME TO \"NEXT_TXN_ID\"");
  ASSERT_TRUE(table);
  EXPECT_EQ(FollowLaterRenames(DbKind::kPostgres, *table, later).table, "TXN_LOCK_TBL");
  auto column = ParseRenameTarget(DbKind::kPostgres, later[0]);
  ASSERT_TRUE(column);
  auto followed = FollowLaterRenames(DbKind::kPostgres, *column,
                                     std::vector<std::string>(later.begin() + 1, later.end()));
  EXPECT_EQ(followed.table, "TXN_LOCK_TBL");
  EXPECT_EQ(followed.column, "TXN_LOCK");
}

}  // namespace
}  // namespace hmig::hive
