// Test content for a Hive metastore of any schema version: many databases,
// managed/external/partitioned tables, views, a skewed table, functions with
// jar resources, parameters holding locations, and the traps a text-prefix
// rewrite falls into (:80200, oldcluster2, other schemes, escaped and unicode
// paths). Every location of the old filesystem is spelled
// hdfs://oldcluster:8020, so OLD->NEW->OLD must restore it byte for byte.
#pragma once

#include <set>
#include <string>

#include "hive_servers.h"

namespace hmig::testing::hive {

struct SchemaFeatures {
  bool ctlgs = false;             // CTLGS table (3.0.0+)
  bool ctlg_name = false;         // DBS.CTLG_NAME
  bool managed_location = false;  // DBS.DB_MANAGED_LOCATION_URI (4.0.0)
  bool is_rewrite_enabled = false;
  // Present in every version the shared fixtures load (0.14.0+); absent from
  // some legacy schemas (see legacy_versions_test.cpp).
  bool db_location = true;      // DBS.DB_LOCATION_URI (0.6.0+)
  bool db_owner = true;         // DBS.OWNER_NAME/OWNER_TYPE (0.13.0+)
  bool tbl_type = true;         // TBLS.TBL_TYPE and the view text columns (0.6.0+)
  bool database_params = true;  // DATABASE_PARAMS (0.7.0+)
  bool cds = true;              // CDS/COLUMNS_V2, SDS.CD_ID (0.8.0+; COLUMNS by SD_ID before)
  bool skewed = true;           // SKEWED_* tables, SDS.IS_STOREDASSUBDIRECTORIES (0.10.0+)
  bool funcs = true;            // FUNCS/FUNC_RU (0.13.0+)
};

class ContentWriter {
 public:
  ContentWriter(Server server, SchemaFeatures f) : server_(server), f_(f) {}

  std::string Lit(const std::string& s) const {
    std::string out = "'";
    for (char c : s) {
      if (c == '\'') out.push_back('\'');
      if (c == '\\' && server_ == Server::kMariaDb) out.push_back('\\');
      out.push_back(c);
    }
    out.push_back('\'');
    return out;
  }
  std::string Bool(bool b) const {
    return server_ == Server::kMariaDb ? (b ? "1" : "0") : (b ? "true" : "false");
  }

  // The whole content as SQL (double-quoted identifiers).
  std::string Build(int databases, int partitions_per_table) {
    std::string sql;
    const std::string old = "hdfs://oldcluster:8020";
    if (f_.ctlgs) {
      sql += "UPDATE \"CTLGS\" SET \"LOCATION_URI\" = " + Lit(old + "/warehouse") + ";\n";
    }
    const char* db_locations[] = {"/warehouse/db%d.db", "/warehouse/db%d.db", "/data/sp ace/db%d",
                                  "/data/M\xc3\xbcnchen/db%d"};
    for (int d = 1; d <= databases; ++d) {
      char path[128];
      std::snprintf(path, sizeof path, db_locations[d % 4], d);
      std::string loc = old + path;
      if (d == 4) loc = "hdfs://oldcluster:80200/warehouse/trap.db";  // prefix trap
      if (d == 5) loc = "hdfs://oldcluster2/warehouse/trap2.db";      // prefix trap
      if (d == 6) loc = "s3a://analytics-bucket/db6";
      AddDatabase(sql, d, "db" + std::to_string(d), loc,
                  f_.managed_location
                      ? std::optional<std::string>(old + "/managed/db" + std::to_string(d))
                      : std::nullopt);
      if (d == 1 && f_.database_params) {
        sql += "INSERT INTO \"DATABASE_PARAMS\" VALUES (1, 'external.location', " +
               Lit(old + "/ext/db1") + ");\n";
      }
      AddTables(sql, d, partitions_per_table);
    }
    // A function with two jars: one on the old filesystem, one on oss://.
    if (!f_.funcs) return sql;
    sql +=
        "INSERT INTO \"FUNCS\" (\"FUNC_ID\", \"CLASS_NAME\", \"CREATE_TIME\", \"DB_ID\", "
        "\"FUNC_NAME\", \"FUNC_TYPE\", \"OWNER_NAME\", \"OWNER_TYPE\") VALUES "
        "(1, 'com.example.Udf', 1700000000, 1, 'my_udf', 1, 'hive', 'USER');\n";
    sql += "INSERT INTO \"FUNC_RU\" VALUES (1, 1, " + Lit(old + "/jars/udf-1.0.jar") +
           ", 0), (1, 1, " + Lit("oss://jars-bucket/udf-deps.jar") + ", 1);\n";
    return sql;
  }

 private:
  void AddDatabase(std::string& sql, int id, const std::string& name, const std::string& loc,
                   const std::optional<std::string>& managed) {
    std::string cols = "\"DB_ID\", \"DESC\", \"NAME\"";
    std::string vals = std::to_string(id) + ", 'database " + name + "', " + Lit(name);
    if (f_.db_location) {
      cols += ", \"DB_LOCATION_URI\"";
      vals += ", " + Lit(loc);
    }
    if (f_.db_owner) {
      cols += ", \"OWNER_NAME\", \"OWNER_TYPE\"";
      vals += ", 'hive', 'USER'";
    }
    if (f_.ctlg_name) {
      cols += ", \"CTLG_NAME\"";
      vals += ", 'hive'";
    }
    if (managed) {
      cols += ", \"DB_MANAGED_LOCATION_URI\"";
      vals += ", " + Lit(*managed);
    }
    sql += "INSERT INTO \"DBS\" (" + cols + ") VALUES (" + vals + ");\n";
  }

  // One SD (+ serde, + column descriptor) and returns its id.
  long Sd(std::string& sql, const std::optional<std::string>& location,
          bool with_path_param = false) {
    long id = ++sd_;
    // Before 0.8.0 columns hang off the storage descriptor (inserted below, after it).
    const std::string columns =
        std::string("INSERT INTO ") +
        (f_.cds ? "\"COLUMNS_V2\" (\"CD_ID\"" : "\"COLUMNS\" (\"SD_ID\"") +
        ", \"COMMENT\", \"COLUMN_NAME\", \"TYPE_NAME\", \"INTEGER_IDX\") VALUES (" +
        std::to_string(id) + ", 'was at hdfs://oldcluster:8020/x', 'id', 'bigint', 0), (" +
        std::to_string(id) + ", NULL, 'name', 'string', 1);\n";
    if (f_.cds) {
      sql += "INSERT INTO \"CDS\" VALUES (" + std::to_string(id) + ");\n";
      sql += columns;
    }
    sql += "INSERT INTO \"SERDES\" (\"SERDE_ID\", \"NAME\", \"SLIB\") VALUES (" +
           std::to_string(id) + ", NULL, 'org.apache.hadoop.hive.ql.io.orc.OrcSerde');\n";
    sql += "INSERT INTO \"SERDE_PARAMS\" VALUES (" + std::to_string(id) +
           ", 'serialization.format', '1');\n";
    if (with_path_param && location) {
      sql += "INSERT INTO \"SERDE_PARAMS\" VALUES (" + std::to_string(id) + ", 'path', " +
             Lit(*location) + ");\n";
    }
    sql += std::string("INSERT INTO \"SDS\" (\"SD_ID\", ") + (f_.cds ? "\"CD_ID\", " : "") +
           "\"INPUT_FORMAT\", \"IS_COMPRESSED\", " +
           (f_.skewed ? "\"IS_STOREDASSUBDIRECTORIES\", " : "") +
           "\"LOCATION\", \"NUM_BUCKETS\", \"OUTPUT_FORMAT\", \"SERDE_ID\") VALUES (" +
           std::to_string(id) + ", " + (f_.cds ? std::to_string(id) + ", " : "") +
           "'org.apache.hadoop.hive.ql.io.orc.OrcInputFormat', " + Bool(false) + ", " +
           (f_.skewed ? Bool(false) + ", " : "") + (location ? Lit(*location) : "NULL") +
           ", -1, 'org.apache.hadoop.hive.ql.io.orc.OrcOutputFormat', " + std::to_string(id) +
           ");\n";
    if (!f_.cds) sql += columns;
    return id;
  }

  long Table(std::string& sql, int db, const std::string& name, const std::string& type, long sd,
             const std::string& view_text = "") {
    long id = ++tbl_;
    std::string cols =
        "\"TBL_ID\", \"CREATE_TIME\", \"DB_ID\", \"LAST_ACCESS_TIME\", \"OWNER\", "
        "\"RETENTION\", \"SD_ID\", \"TBL_NAME\"";
    std::string vals = std::to_string(id) + ", 1700000000, " + std::to_string(db) +
                       ", 0, 'hive', 0, " + std::to_string(sd) + ", " + Lit(name);
    if (f_.tbl_type) {
      cols += ", \"TBL_TYPE\", \"VIEW_EXPANDED_TEXT\", \"VIEW_ORIGINAL_TEXT\"";
      vals += ", " + Lit(type) + ", " + (view_text.empty() ? "NULL" : Lit(view_text)) + ", " +
              (view_text.empty() ? "NULL" : Lit(view_text));
    }
    if (f_.is_rewrite_enabled) {
      cols += ", \"IS_REWRITE_ENABLED\"";
      vals += ", " + Bool(false);
    }
    sql += "INSERT INTO \"TBLS\" (" + cols + ") VALUES (" + vals + ");\n";
    // Without TBL_TYPE, Hive tells external tables by this parameter.
    if (!f_.tbl_type && type == "EXTERNAL_TABLE") {
      sql +=
          "INSERT INTO \"TABLE_PARAMS\" VALUES (" + std::to_string(id) + ", 'EXTERNAL', 'TRUE');\n";
    }
    return id;
  }

  void AddTables(std::string& sql, int d, int partitions) {
    const std::string base = "hdfs://oldcluster:8020/warehouse/db" + std::to_string(d) + ".db";
    // Managed, partitioned, with escaped and unicode partition paths.
    long t = Table(sql, d, "events", "MANAGED_TABLE", Sd(sql, base + "/events"));
    sql += "INSERT INTO \"TABLE_PARAMS\" VALUES (" + std::to_string(t) + ", 'avro.schema.url', " +
           Lit("hdfs://oldcluster:8020/schemas/events.avsc") + "), (" + std::to_string(t) +
           ", 'comment', " + Lit("copied from hdfs://oldcluster:8020/old/events") + "), (" +
           std::to_string(t) + ", 'numFiles', '3');\n";
    sql +=
        "INSERT INTO \"PARTITION_KEYS\" (\"TBL_ID\", \"PKEY_COMMENT\", \"PKEY_NAME\", "
        "\"PKEY_TYPE\", "
        "\"INTEGER_IDX\") VALUES (" +
        std::to_string(t) + ", NULL, 'dt', 'string', 0);\n";
    const char* names[] = {
        "dt=2024-01-%02d", "dt=2024-01-%02d 00%%3A00", "dt=city M\xc3\xbcnchen %02d",
        "dt=it's %02d",    "dt=back\\slash %02d",      "dt=\xe6\x97\xa5\xe6\x9c\xac %02d"};
    for (int p = 0; p < partitions; ++p) {
      char pname[128];
      std::snprintf(pname, sizeof pname, names[p % 6], p);
      long sd = Sd(sql, base + "/events/" + pname);
      long part = ++part_;
      sql +=
          "INSERT INTO \"PARTITIONS\" (\"PART_ID\", \"CREATE_TIME\", \"LAST_ACCESS_TIME\", "
          "\"PART_NAME\", \"SD_ID\", \"TBL_ID\") VALUES (" +
          std::to_string(part) + ", 1700000000, 0, " + Lit(pname) + ", " + std::to_string(sd) +
          ", " + std::to_string(t) + ");\n";
      if (p == 0) {
        sql += "INSERT INTO \"PARTITION_PARAMS\" VALUES (" + std::to_string(part) +
               ", 'transient_lastDdlTime', '1700000000'), (" + std::to_string(part) +
               ", 'orig.location', " + Lit(base + "/events/" + pname) + ");\n";
      }
    }
    // External table whose data is on s3a (never touched) and one on the old cluster
    // with a Spark-style 'path' serde parameter.
    Table(sql, d, "ext_s3", "EXTERNAL_TABLE",
          Sd(sql, "s3a://analytics-bucket/db" + std::to_string(d) + "/ext"));
    long spark_sd = Sd(sql, "hdfs://oldcluster:8020/data/spark/t" + std::to_string(d), true);
    sql += "INSERT INTO \"SD_PARAMS\" VALUES (" + std::to_string(spark_sd) + ", 'origin', " +
           Lit("hdfs://oldcluster:8020/data/spark/orig") + ");\n";
    Table(sql, d, "spark_src", "EXTERNAL_TABLE", spark_sd);
    // A view: its storage descriptor has no location (no views before 0.6.0).
    if (f_.tbl_type) {
      Table(sql, d, "v_events", "VIRTUAL_VIEW", Sd(sql, std::nullopt), "SELECT * FROM events");
    }
    // A skewed table with a per-value location (list bucketing, 0.10.0+).
    if (!f_.skewed) {
      Table(sql, d, "skewed", "MANAGED_TABLE", Sd(sql, base + "/skewed"));
      return;
    }
    long skew_sd = Sd(sql, base + "/skewed");
    Table(sql, d, "skewed", "MANAGED_TABLE", skew_sd);
    long list = ++list_;
    sql += "INSERT INTO \"SKEWED_STRING_LIST\" VALUES (" + std::to_string(list) + ");\n";
    sql += "INSERT INTO \"SKEWED_STRING_LIST_VALUES\" VALUES (" + std::to_string(list) +
           ", 'hot', 0);\n";
    sql +=
        "INSERT INTO \"SKEWED_COL_NAMES\" VALUES (" + std::to_string(skew_sd) + ", 'name', 0);\n";
    sql += "INSERT INTO \"SKEWED_VALUES\" VALUES (" + std::to_string(skew_sd) + ", " +
           std::to_string(list) + ", 0);\n";
    sql += "INSERT INTO \"SKEWED_COL_VALUE_LOC_MAP\" VALUES (" + std::to_string(skew_sd) + ", " +
           std::to_string(list) + ", " + Lit(base + "/skewed/name=hot") + ");\n";
  }

  Server server_;
  SchemaFeatures f_;
  long sd_ = 0, tbl_ = 0, part_ = 0, list_ = 0;
};

}  // namespace hmig::testing::hive
