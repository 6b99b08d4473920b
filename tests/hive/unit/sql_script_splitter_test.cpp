#include "hive/sql_script_splitter.h"

#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

namespace hmig::hive {
namespace {

std::vector<ScriptStatement> Split(const std::string& s, SqlDialect d) {
  auto r = SplitSqlScript(s, d);
  EXPECT_TRUE(r.ok()) << r.status().ToString();
  return r.ok() ? *r : std::vector<ScriptStatement>{};
}

TEST(HiveSqlScriptSplitter, SplitsOnSemicolonsOutsideQuotesAndComments) {
  auto st = Split(
      "-- header; not a statement\n"
      "CREATE TABLE `a;b` (x varchar(10) DEFAULT 'x;y', y int COMMENT \"it\\\"s;\");\n"
      "/* block; comment */\n"
      "INSERT INTO t VALUES ('it''s; fine', 'back\\\\'); # trailing; comment\n"
      "/*!40101 SET NAMES utf8 */;\n"
      "--SOURCE 001-not-included.sql;\n"
      "SELECT 1",
      SqlDialect::kMySql);
  ASSERT_EQ(st.size(), 4u);
  EXPECT_EQ(st[0].text,
            "CREATE TABLE `a;b` (x varchar(10) DEFAULT 'x;y', y int COMMENT \"it\\\"s;\")");
  EXPECT_EQ(st[0].line, 2);
  EXPECT_EQ(st[1].text, "INSERT INTO t VALUES ('it''s; fine', 'back\\\\')");
  EXPECT_EQ(st[1].line, 4);
  EXPECT_EQ(st[2].text, "/*!40101 SET NAMES utf8 */");
  EXPECT_EQ(st[3].text, "SELECT 1");
  EXPECT_EQ(st[3].line, 7);
}

TEST(HiveSqlScriptSplitter, MySqlDelimiterBlocksKeepProcedureBodiesWhole) {
  auto st = Split(
      "DELIMITER $$\n"
      "DROP PROCEDURE IF EXISTS p $$\n"
      "CREATE PROCEDURE p()\n  BEGIN\n    SELECT 1;\n    SELECT 2;\n  END $$\n"
      "DELIMITER ;\n"
      "CALL p();\n",
      SqlDialect::kMySql);
  ASSERT_EQ(st.size(), 3u);
  EXPECT_EQ(st[0].text, "DROP PROCEDURE IF EXISTS p");
  EXPECT_EQ(st[1].text, "CREATE PROCEDURE p()\n  BEGIN\n    SELECT 1;\n    SELECT 2;\n  END");
  EXPECT_EQ(st[1].line, 3);
  EXPECT_EQ(st[2].text, "CALL p()");
}

TEST(HiveSqlScriptSplitter, IncludesBecomeEntriesWithoutTrailingSemicolon) {
  auto my =
      Split("SOURCE 001-HIVE-972.mysql.sql;\nsource 'x y.sql'\nSELECT 1;\n", SqlDialect::kMySql);
  ASSERT_EQ(my.size(), 3u);
  EXPECT_EQ(my[0].kind, ScriptStatement::Kind::kInclude);
  EXPECT_EQ(my[0].text, "001-HIVE-972.mysql.sql");
  EXPECT_EQ(my[1].text, "x y.sql");
  EXPECT_EQ(my[2].kind, ScriptStatement::Kind::kSql);
  auto pg =
      Split("\\i 001-HIVE-972.postgres.sql;\nSELECT 1;\n\\i hive-txn-schema-2.3.0.postgres.sql\n",
            SqlDialect::kPostgres);
  ASSERT_EQ(pg.size(), 3u);
  EXPECT_EQ(pg[0].text, "001-HIVE-972.postgres.sql");
  EXPECT_EQ(pg[0].kind, ScriptStatement::Kind::kInclude);
  EXPECT_EQ(pg[2].text, "hive-txn-schema-2.3.0.postgres.sql");
  EXPECT_EQ(pg[2].line, 3);
}

TEST(HiveSqlScriptSplitter, PostgresDollarQuotesAndStrings) {
  auto st = Split(
      "CREATE FUNCTION f() RETURNS trigger AS $body$ BEGIN x := 'a;b'; RETURN NEW; END; $body$ "
      "LANGUAGE plpgsql;\n"
      "CREATE FUNCTION g() RETURNS int AS $$ SELECT 1; $$ LANGUAGE sql;\n"
      "SELECT 'back\\';\nSELECT E'it\\'s;', \"we;ird\", $1;\n",
      SqlDialect::kPostgres);
  ASSERT_EQ(st.size(), 4u);
  EXPECT_EQ(st[0].text,
            "CREATE FUNCTION f() RETURNS trigger AS $body$ BEGIN x := 'a;b'; RETURN NEW; END; "
            "$body$ LANGUAGE plpgsql");
  EXPECT_EQ(st[1].text, "CREATE FUNCTION g() RETURNS int AS $$ SELECT 1; $$ LANGUAGE sql");
  EXPECT_EQ(st[2].text, "SELECT 'back\\'");
  EXPECT_EQ(st[3].text, "SELECT E'it\\'s;', \"we;ird\", $1");
}

TEST(HiveSqlScriptSplitter, UnterminatedTextIsAnErrorNamingItsLine) {
  auto r = SplitSqlScript("SELECT 1;\nSELECT 'oops;\n", SqlDialect::kMySql);
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.status().message().find("line 2"), std::string::npos) << r.status().message();
  EXPECT_FALSE(SplitSqlScript("SELECT $x$ never closed", SqlDialect::kPostgres).ok());
  EXPECT_FALSE(SplitSqlScript("/* open", SqlDialect::kMySql).ok());
}

// Every fixture script splits; the legacy procedure helper keeps its bodies whole.
TEST(HiveSqlScriptSplitter, HiveFixtureScriptsSplit) {
  const std::string root = std::string(HMIG_SHARED_DIR) + "/fixtures/hive-metastore/";
  auto read = [](const std::string& p) {
    std::ifstream in(p, std::ios::binary);
    std::stringstream ss;
    ss << in.rdbuf();
    return ss.str();
  };
  auto helper = Split(read(root + "mysql/legacy-2.3/008-HIVE-2246.mysql.sql"), SqlDialect::kMySql);
  ASSERT_FALSE(helper.empty());
  bool procedure = false;
  for (const auto& s : helper) {
    if (s.text.rfind("CREATE PROCEDURE REVERT()", 0) == 0) {
      procedure = true;
      EXPECT_NE(s.text.find("RENAME TABLE COLUMNS_OLD TO COLUMNS;"), std::string::npos);
      EXPECT_EQ(s.text.substr(s.text.size() - 3), "END");
    }
  }
  EXPECT_TRUE(procedure);
  auto legacy =
      Split(read(root + "mysql/legacy-2.3/hive-schema-2.3.0.mysql.sql"), SqlDialect::kMySql);
  int includes = 0;
  for (const auto& s : legacy) includes += s.kind == ScriptStatement::Kind::kInclude;
  EXPECT_EQ(includes, 1);  // SOURCE hive-txn-schema-2.3.0.mysql.sql;
  auto modern =
      Split(read(root + "postgres/hive-schema-4.0.0.postgres.sql"), SqlDialect::kPostgres);
  EXPECT_GT(modern.size(), 100u);
  for (const auto& s : modern) EXPECT_EQ(s.kind, ScriptStatement::Kind::kSql) << s.text;
}

}  // namespace
}  // namespace hmig::hive
