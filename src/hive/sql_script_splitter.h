// Splits a SQL script the way the mysql and psql clients do, for running Hive's
// schema and upgrade scripts without either client: statements end at the
// current delimiter outside string literals, quoted names and comments
// (`--` with or without a following space, `#` on MySQL, `/* */`), MySQL's
// `DELIMITER xx` client command changes the delimiter (for CREATE PROCEDURE
// bodies), PostgreSQL dollar quoting ($$...$$, $tag$...$tag$) is honoured, and
// the include commands `SOURCE file;` (MySQL) and `\i file` (PostgreSQL) become
// include entries (the trailing ';' and quotes around the name removed).
// Comment-only pieces are dropped; MySQL's executable /*!...*/ comments stay in
// the statement text.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "hive/dump_rewriter.h"
#include "util/status.h"

namespace hmig::hive {

struct ScriptStatement {
  enum class Kind { kSql, kInclude };
  Kind kind = Kind::kSql;
  std::string text;  // statement without its delimiter, or the included file name
  int line = 0;      // 1-based line of the statement's first significant character
};

// An error for an unterminated string, quoted name, comment or dollar quote,
// naming the line it started on.
Result<std::vector<ScriptStatement>> SplitSqlScript(std::string_view script, SqlDialect dialect);

}  // namespace hmig::hive
