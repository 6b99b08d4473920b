// Re-running an upgrade step, a RENAME whose source is gone fails with "no such
// column/table" (MySQL 1054/1146, PostgreSQL 42703/42P01/42704). That means
// "already applied" only when the rename's target exists: otherwise both names
// are missing and the schema is not what the step expects. This finds the
// target of a rename statement and checks it.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "hive/db.h"

namespace hmig::hive {

struct RenameTarget {
  std::string table;   // the table holding the renamed column, or the new table/index name
  std::string column;  // the new column name; empty for a table or index rename
  std::string source_table, source_column;  // the names before the rename
};

// The target of `statement` when it is a single rename: ALTER TABLE t RENAME
// [COLUMN] a TO b, ALTER TABLE t RENAME TO n, ALTER INDEX i RENAME TO n,
// RENAME TABLE a TO b, ALTER TABLE t CHANGE [COLUMN] a b ... (MySQL). Names are
// as the database stores them (unquoted PostgreSQL names folded to lower case).
std::optional<RenameTarget> ParseRenameTarget(DbKind kind, const std::string& statement);

// Where `target` ends up when `later` (the statements after the rename in the
// same script) rename it again: Hive's 4.0.0 step renames next_txn_id to
// NEXT_TXN_ID, its column, and then the table again to TXN_LOCK_TBL.
RenameTarget FollowLaterRenames(DbKind kind, RenameTarget target,
                                const std::vector<std::string>& later);

// True when `target` exists in the connected database/schema.
Result<bool> RenameTargetExists(Db& db, const RenameTarget& target);

}  // namespace hmig::hive
