// A metastore database created by one test for itself (so tests that need a
// private database never race the shared per-version ones): dropped if left
// over, created, loaded with a modern Hive schema script and the generated content.
#pragma once

#include <string>

#include "metastore_content.h"

namespace hmig::testing::hive {

inline void DropDatabase(Server s, const std::string& name) {
  if (s == Server::kMariaDb) {
    Sql(s, "", "DROP DATABASE IF EXISTS " + name + ";\n");
  } else {
    Sql(s, "postgres", "DROP DATABASE IF EXISTS " + name + ";\n");
  }
}

// An empty database (no schema).
inline void CreateEmptyDatabase(Server s, const std::string& name) {
  DropDatabase(s, name);
  if (s == Server::kMariaDb) {
    Sql(s, "", "CREATE DATABASE " + name + " CHARACTER SET latin1;\n");
  } else {
    Sql(s, "postgres", "CREATE DATABASE " + name + ";\n");
  }
}

// Runs a SQL file through the server's client from inside its folder.
inline void LoadFile(Server s, const std::string& db, const std::string& dir,
                     const std::string& file) {
  CommandResult r = RunShell("cd " + ShellQuote(dir) + " && " + Servers::Get().Client(s, db) +
                             " < " + ShellQuote(file));
  ASSERT_EQ(r.exit_code, 0) << file << ": " << r.output.substr(0, 2000);
}

// Schema 3.1.0 (modern layout) plus the generated content.
inline void CreateScratchMetastore(Server s, const std::string& name, int databases = 3,
                                   int partitions = 12) {
  CreateEmptyDatabase(s, name);
  const std::string fixtures = Servers::Get().Var("HIVE_TEST_FIXTURES");
  const std::string dir = fixtures + (s == Server::kMariaDb ? "/mysql" : "/postgres");
  LoadFile(
      s, name, dir,
      s == Server::kMariaDb ? "hive-schema-3.1.0.mysql.sql" : "hive-schema-3.1.0.postgres.sql");
  SchemaFeatures f;
  f.ctlgs = f.ctlg_name = f.is_rewrite_enabled = true;
  Sql(s, name, ContentWriter(s, f).Build(databases, partitions));
}

}  // namespace hmig::testing::hive
