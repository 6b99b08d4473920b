// Parsing of the few SQL statement heads the dump rewriter must understand:
// CREATE TABLE (to learn column order), INSERT/REPLACE ... VALUES and
// COPY ... FROM stdin (to learn the target table and its column list).
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "hive/dump_rewriter.h"

namespace hmig::hive {

struct StatementHead {
  enum class Kind { kOther, kCreateTable, kInsert, kCopyFromStdin };
  Kind kind = Kind::kOther;
  std::string table;                 // unquoted, schema qualifier dropped
  std::vector<std::string> columns;  // unquoted; empty when the statement names none
};

// `text` is the statement from its first byte up to VALUES (INSERT) or its ';'.
StatementHead ParseStatementHead(std::string_view text, SqlDialect dialect);

}  // namespace hmig::hive
