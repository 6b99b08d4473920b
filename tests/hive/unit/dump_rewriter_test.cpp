#include "hive/dump_rewriter.h"

#include <gtest/gtest.h>

namespace hmig::hive {
namespace {

struct Output {
  std::string text;
  ColumnChanges changes;
  Status status;
};

// Feeds `dump` in pieces of `piece` bytes (0: all at once).
Output Rewrite(const std::string& dump, SqlDialect dialect, size_t piece = 0,
               std::vector<std::string> from = {"hdfs://oldcluster:8020"}) {
  auto m = LocationMatcher::Create(from, "hdfs://emr-cluster");
  EXPECT_TRUE(m.ok());
  Output out;
  DumpRewriter rw(*m, dialect, [&](std::string_view s) {
    out.text.append(s);
    return Status::OK();
  });
  if (piece == 0) piece = dump.size() + 1;
  for (size_t i = 0; i < dump.size() && out.status.ok(); i += piece) {
    out.status = rw.Feed(std::string_view(dump).substr(i, piece));
  }
  if (out.status.ok()) out.status = rw.Finish();
  out.changes = rw.changes();
  return out;
}

const char* kMySqlDump =
    "/*M!999999\\- enable the sandbox mode */ \n"
    "-- MariaDB dump 10.19  Distrib 10.11.19-MariaDB\n"
    "/*!40101 SET NAMES utf8mb4 */;\n"
    "DROP TABLE IF EXISTS `SDS`;\n"
    "CREATE TABLE `SDS` (\n"
    "  `SD_ID` bigint(20) NOT NULL,\n"
    "  `CD_ID` bigint(20) DEFAULT NULL,\n"
    "  `INPUT_FORMAT` varchar(4000) DEFAULT NULL COMMENT 'it''s, (odd); "
    "hdfs://oldcluster:8020/c',\n"
    "  `LOCATION` varchar(4000) CHARACTER SET latin1 COLLATE latin1_bin DEFAULT NULL,\n"
    "  PRIMARY KEY (`SD_ID`),\n"
    "  KEY `SDS_N49` (`CD_ID`),\n"
    "  CONSTRAINT `SDS_FK2` FOREIGN KEY (`CD_ID`) REFERENCES `CDS` (`CD_ID`)\n"
    ") ENGINE=InnoDB DEFAULT CHARSET=latin1 COLLATE=latin1_bin;\n"
    "LOCK TABLES `SDS` WRITE;\n"
    "/*!40000 ALTER TABLE `SDS` DISABLE KEYS */;\n"
    "INSERT INTO `SDS` VALUES (1,1,'hdfs://oldcluster:8020/in','hdfs://oldcluster:8020/w/a'),"
    "(2,NULL,'x','hdfs://oldcluster/w/no port'),(3,1,'y','hdfs://oldcluster:80200/w/trap'),"
    "(4,1,'z','hdfs://oldcluster2/w/trap2'),(5,1,'q','s3a://oldcluster/w'),"
    "(6,1,'it\\'s','hdfs://oldcluster:8020/w/it\\'s \\\\ back, (paren); semi'),"
    "(7,1,'','hdfs://oldcluster:8020/w/d''q/\xc3\xa4\xe6\x97\xa5'),(8,1,'a',NULL),"
    "(9,1,'b',_binary "
    "'hdfs://oldcluster:8020/bin'),(10,1,'c',X'686466733A2F2F6F6C64636C75737465723A383032302F78'),"
    "(11,1,'d','HDFS://OLDCLUSTER:8020/Upper');\n"
    "/*!40000 ALTER TABLE `SDS` ENABLE KEYS */;\n"
    "UNLOCK TABLES;\n"
    "INSERT INTO `COLUMNS_V2` VALUES (1,'hdfs://oldcluster:8020/not-a-location','c',0);\n";

TEST(HiveDumpRewriter, MySqlRewritesOnlyLocationColumnsWithAuthorityRules) {
  Output out = Rewrite(kMySqlDump, SqlDialect::kMySql);
  ASSERT_TRUE(out.status.ok()) << out.status.ToString();
  const std::string& t = out.text;
  EXPECT_NE(t.find("(1,1,'hdfs://oldcluster:8020/in','hdfs://emr-cluster/w/a')"),
            std::string::npos);
  EXPECT_NE(t.find("(2,NULL,'x','hdfs://emr-cluster/w/no port')"), std::string::npos);
  EXPECT_NE(t.find("'hdfs://oldcluster:80200/w/trap'"), std::string::npos);
  EXPECT_NE(t.find("'hdfs://oldcluster2/w/trap2'"), std::string::npos);
  EXPECT_NE(t.find("'s3a://oldcluster/w'"), std::string::npos);
  EXPECT_NE(t.find("'hdfs://emr-cluster/w/it\\'s \\\\ back, (paren); semi'"), std::string::npos);
  EXPECT_NE(t.find("'hdfs://emr-cluster/w/d''q/\xc3\xa4\xe6\x97\xa5'"), std::string::npos);
  EXPECT_NE(t.find("_binary 'hdfs://emr-cluster/bin'"), std::string::npos);
  // X'' keeps hex form: "hdfs://emr-cluster/x".
  EXPECT_NE(t.find("X'686466733A2F2F656D722D636C75737465722F78'"), std::string::npos);
  EXPECT_NE(t.find("'hdfs://emr-cluster/Upper'"), std::string::npos);
  // The comment in CREATE TABLE and a non-location table stay as they were.
  EXPECT_NE(t.find("COMMENT 'it''s, (odd); hdfs://oldcluster:8020/c'"), std::string::npos);
  EXPECT_NE(t.find("(1,'hdfs://oldcluster:8020/not-a-location','c',0)"), std::string::npos);
  EXPECT_EQ(out.changes.at("SDS.LOCATION").changed, 7u);
  EXPECT_EQ(out.changes.size(), 1u);
}

TEST(HiveDumpRewriter, OutputIsIdenticalWhateverTheChunkBoundaries) {
  Output whole = Rewrite(kMySqlDump, SqlDialect::kMySql);
  for (size_t piece : {1, 2, 3, 7, 64}) {
    Output split = Rewrite(kMySqlDump, SqlDialect::kMySql, piece);
    ASSERT_TRUE(split.status.ok());
    EXPECT_EQ(split.text, whole.text) << "piece " << piece;
    EXPECT_EQ(split.changes.at("SDS.LOCATION").changed, 7u);
  }
}

TEST(HiveDumpRewriter, ReusedReadBufferGivesTheSameOutput) {
  // RewriteDumpFile reads every chunk into the same buffer: nothing cached per
  // buffer address may survive from one chunk to the next.
  auto m = LocationMatcher::Create({"hdfs://oldcluster:8020"}, "hdfs://emr-cluster");
  ASSERT_TRUE(m.ok());
  const std::string dump = kMySqlDump;
  for (size_t piece : {5, 17, 64}) {
    std::string out;
    DumpRewriter rw(*m, SqlDialect::kMySql, [&](std::string_view s) {
      out.append(s);
      return Status::OK();
    });
    std::string buffer(piece, '\0');
    for (size_t i = 0; i < dump.size(); i += piece) {
      size_t n = std::min(piece, dump.size() - i);
      buffer.assign(dump, i, n);
      ASSERT_TRUE(rw.Feed(std::string_view(buffer.data(), n)).ok());
    }
    ASSERT_TRUE(rw.Finish().ok());
    EXPECT_EQ(out, Rewrite(dump, SqlDialect::kMySql).text) << "piece " << piece;
    EXPECT_EQ(rw.changes().at("SDS.LOCATION").changed, 7u);
  }
}

TEST(HiveDumpRewriter, UnchangedDumpIsCopiedByteForByte) {
  std::string dump = kMySqlDump;
  Output out = Rewrite(dump, SqlDialect::kMySql, 0, {"hdfs://othercluster"});
  ASSERT_TRUE(out.status.ok());
  EXPECT_EQ(out.text, dump);
  EXPECT_TRUE(out.changes.empty());
}

TEST(HiveDumpRewriter, CompleteInsertColumnListNeedsNoCreateTable) {
  std::string dump =
      "INSERT INTO `DBS` (`DB_ID`, `DESC`, `DB_LOCATION_URI`, `NAME`) VALUES "
      "(1,'hdfs://oldcluster:8020/desc','hdfs://oldcluster:8020/db','d');\n";
  Output out = Rewrite(dump, SqlDialect::kMySql);
  ASSERT_TRUE(out.status.ok());
  EXPECT_EQ(out.text,
            "INSERT INTO `DBS` (`DB_ID`, `DESC`, `DB_LOCATION_URI`, `NAME`) VALUES "
            "(1,'hdfs://oldcluster:8020/desc','hdfs://emr-cluster/db','d');\n");
}

TEST(HiveDumpRewriter, LocationTableWithUnknownColumnsIsAnError) {
  Output out =
      Rewrite("INSERT INTO `SDS` VALUES (1,'hdfs://oldcluster:8020/x');\n", SqlDialect::kMySql);
  EXPECT_FALSE(out.status.ok());
  EXPECT_NE(out.status.message().find("SDS"), std::string::npos);
}

TEST(HiveDumpRewriter, ParamsValuesAreRewrittenOnlyWhenTheyAreOldLocations) {
  std::string dump =
      "CREATE TABLE `TABLE_PARAMS` (`TBL_ID` bigint, `PARAM_KEY` varchar(256), `PARAM_VALUE` "
      "mediumtext);\nINSERT INTO `TABLE_PARAMS` VALUES "
      "(1,'avro.schema.url','hdfs://oldcluster:8020/s.avsc'),"
      "(1,'comment','see hdfs://oldcluster:8020/x'),(1,'hdfs://oldcluster:8020/k','v');\n";
  Output out = Rewrite(dump, SqlDialect::kMySql);
  ASSERT_TRUE(out.status.ok());
  EXPECT_NE(out.text.find("'avro.schema.url','hdfs://emr-cluster/s.avsc'"), std::string::npos);
  EXPECT_NE(out.text.find("'see hdfs://oldcluster:8020/x'"), std::string::npos);
  EXPECT_NE(out.text.find("(1,'hdfs://oldcluster:8020/k','v')"), std::string::npos);
  EXPECT_EQ(out.changes.at("TABLE_PARAMS.PARAM_VALUE").changed, 1u);
}

const char* kPgDump =
    "--\n-- PostgreSQL database dump\n--\n"
    "SET standard_conforming_strings = on;\n"
    "CREATE FUNCTION public.f() RETURNS text AS $body$ SELECT 'x;' ; COPY x FROM stdin; $body$ "
    "LANGUAGE sql;\n"
    "CREATE TABLE public.\"SDS\" (\n    \"SD_ID\" bigint NOT NULL,\n    \"LOCATION\" character "
    "varying(4000)\n);\n"
    "COPY public.\"SDS\" (\"SD_ID\", \"LOCATION\") FROM stdin;\n"
    "1\thdfs://oldcluster:8020/w/a\n"
    "2\thdfs://oldcluster:80200/w/trap\n"
    "3\t\\N\n"
    "4\thdfs://oldcluster/w/tab\\there\\\\x\n"
    "5\thdfs://oldcluster:8020\n"
    "\\.\n\n"
    "COPY public.\"COLUMNS_V2\" (\"CD_ID\", \"COMMENT\") FROM stdin;\n"
    "1\thdfs://oldcluster:8020/x\n"
    "\\.\n\n"
    "INSERT INTO public.\"SDS\" VALUES (6, 'hdfs://oldcluster:8020/it''s\\'), "
    "(7, E'hdfs://oldcluster:8020/e\\'s');\n";

TEST(HiveDumpRewriter, PostgresCopyAndInsertsAreRewritten) {
  for (size_t piece : {0, 1, 5}) {
    Output out = Rewrite(kPgDump, SqlDialect::kPostgres, piece);
    ASSERT_TRUE(out.status.ok()) << out.status.ToString();
    const std::string& t = out.text;
    EXPECT_NE(t.find("1\thdfs://emr-cluster/w/a\n"), std::string::npos);
    EXPECT_NE(t.find("2\thdfs://oldcluster:80200/w/trap\n"), std::string::npos);
    EXPECT_NE(t.find("3\t\\N\n"), std::string::npos);
    EXPECT_NE(t.find("4\thdfs://emr-cluster/w/tab\\there\\\\x\n"), std::string::npos);
    EXPECT_NE(t.find("5\thdfs://emr-cluster\n"), std::string::npos);
    EXPECT_NE(t.find("1\thdfs://oldcluster:8020/x\n"), std::string::npos);  // COLUMNS_V2
    EXPECT_NE(t.find("(6, 'hdfs://emr-cluster/it''s\\')"), std::string::npos);
    EXPECT_NE(t.find("(7, E'hdfs://emr-cluster/e\\'s')"), std::string::npos);
    EXPECT_EQ(out.changes.at("SDS.LOCATION").changed, 5u) << piece;
  }
}

TEST(HiveDumpRewriter, DialectIsDetectedFromTheDumpHeader) {
  EXPECT_EQ(DetectDumpDialect(kPgDump), SqlDialect::kPostgres);
  EXPECT_EQ(DetectDumpDialect(kMySqlDump), SqlDialect::kMySql);
}

TEST(HiveDumpRewriter, DumpEndingInsideALiteralIsCorrupt) {
  std::string dump = "INSERT INTO `SDS` (`SD_ID`,`LOCATION`) VALUES (1,'hdfs://oldcluster:8020/x";
  EXPECT_FALSE(Rewrite(dump, SqlDialect::kMySql).status.ok());
}

TEST(HiveDumpRewriter, SamplesShowBeforeAndAfter) {
  Output out = Rewrite(kMySqlDump, SqlDialect::kMySql);
  const auto& s = out.changes.at("SDS.LOCATION").samples;
  ASSERT_EQ(s.size(), kMaxSamplesPerColumn);
  EXPECT_EQ(s[0].first, "hdfs://oldcluster:8020/w/a");
  EXPECT_EQ(s[0].second, "hdfs://emr-cluster/w/a");
}

}  // namespace
}  // namespace hmig::hive

namespace hmig::hive {
namespace {

// The rewriter remembers the raw prefix of the last match; every literal must
// still come out exactly as LocationMatcher rewrites it on its own, whatever
// came before it (same prefix followed by more authority, other case, escapes
// inside the prefix, the bare authority, another --from).
TEST(HiveDumpRewriter, RememberedPrefixNeverChangesTheResultOfALiteral) {
  const std::vector<std::string> from = {"hdfs://oldcluster:8020", "hdfs://nameservice1"};
  const std::vector<std::string> values = {
      "hdfs://oldcluster:8020/a",    "hdfs://oldcluster:80200/trap", "hdfs://oldcluster:8020x/t",
      "hdfs://oldcluster:8020/b",    "HDFS://OLDCLUSTER:8020/Up",    "HDFS://OLDCLUSTER:8020/Up2",
      "hdfs://oldcluster:8020",      "hdfs://oldcluster:8020/",      "hdfs://oldcluster/no-port",
      "hdfs://oldcluster/no-port2",  "hdfs://oldcluster:8020:1/x",   "hdfs://nameservice1/ns",
      "hdfs://oldcluster:8020/c",    "hdfs://oldcluster:8020?q/x",   "s3a://oldcluster:8020/s3",
      "hdfs://oldcluster:8020/it's", "hdfs://oldcluster:8020/b\\ack"};
  auto m = LocationMatcher::Create(from, "hdfs://emr-cluster");
  ASSERT_TRUE(m.ok());
  std::string dump = "INSERT INTO `SDS` (`SD_ID`,`LOCATION`) VALUES ";
  std::string want = dump;
  auto quote = [](const std::string& v) {
    std::string q;
    for (char c : v) {
      if (c == '\'' || c == '\\') q.push_back('\\');
      q.push_back(c);
    }
    return q;
  };
  for (size_t i = 0; i < values.size(); ++i) {
    const std::string sep = i ? "," : "";
    auto rewritten = m->Rewrite(values[i]);
    dump += sep + "(" + std::to_string(i) + ",'" + quote(values[i]) + "')";
    want += sep + "(" + std::to_string(i) + ",'" + quote(rewritten.value_or(values[i])) + "')";
  }
  dump += ";\n";
  want += ";\n";
  // The same values once more through a PostgreSQL COPY block.
  Output my = Rewrite(dump, SqlDialect::kMySql, 0, from);
  ASSERT_TRUE(my.status.ok()) << my.status.ToString();
  EXPECT_EQ(my.text, want);
  std::string copy = "COPY public.\"SDS\" (\"SD_ID\", \"LOCATION\") FROM stdin;\n";
  std::string copy_want = copy;
  for (size_t i = 0; i < values.size(); ++i) {
    std::string esc;
    for (char c : values[i]) {
      if (c == '\\') esc.push_back('\\');
      esc.push_back(c);
    }
    std::string r = m->Rewrite(values[i]).value_or(values[i]);
    std::string esc_r;
    for (char c : r) {
      if (c == '\\') esc_r.push_back('\\');
      esc_r.push_back(c);
    }
    copy += std::to_string(i) + "\t" + esc + "\n";
    copy_want += std::to_string(i) + "\t" + esc_r + "\n";
  }
  copy += "\\.\n";
  copy_want += "\\.\n";
  Output pg = Rewrite(copy, SqlDialect::kPostgres, 7, from);
  ASSERT_TRUE(pg.status.ok()) << pg.status.ToString();
  EXPECT_EQ(pg.text, copy_want);
}

}  // namespace
}  // namespace hmig::hive
