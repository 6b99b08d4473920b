#include "hive/rename_check.h"

#include <cctype>
#include <regex>

namespace hmig::hive {
namespace {

// One identifier: "quoted", `quoted` or bare.
constexpr const char* kIdent = R"(("[^"]+"|`[^`]+`|[A-Za-z0-9_$]+))";

std::string Name(DbKind kind, const std::string& token) {
  if (token.size() >= 2 && (token.front() == '"' || token.front() == '`'))
    return token.substr(1, token.size() - 2);
  if (kind == DbKind::kMySql) return token;
  std::string lower = token;  // PostgreSQL folds unquoted names to lower case
  for (auto& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return lower;
}

bool SameColumn(DbKind kind, const std::string& a, const std::string& b) {
  if (kind == DbKind::kPostgres) return a == b;
  if (a.size() != b.size()) return false;  // MySQL column names ignore case
  for (size_t i = 0; i < a.size(); ++i) {
    if (std::tolower(static_cast<unsigned char>(a[i])) !=
        std::tolower(static_cast<unsigned char>(b[i])))
      return false;
  }
  return true;
}

}  // namespace

std::optional<RenameTarget> ParseRenameTarget(DbKind kind, const std::string& statement) {
  const std::string id = kIdent;
  const std::string alter = R"(^\s*ALTER\s+TABLE\s+(?:IF\s+EXISTS\s+)?(?:ONLY\s+)?)" + id;
  static const std::regex column(
      alter + R"(\s+RENAME\s+COLUMN\s+)" + id + R"(\s+TO\s+)" + id + R"(\s*$)", std::regex::icase);
  static const std::regex change(
      alter + R"(\s+CHANGE\s+(?:COLUMN\s+)?)" + id + R"(\s+)" + id + R"(\s+[^,]*$)",
      std::regex::icase);
  static const std::regex table(alter + R"(\s+RENAME\s+(?:TO\s+|AS\s+)?)" + id + R"(\s*$)",
                                std::regex::icase);
  static const std::regex index(
      R"(^\s*ALTER\s+INDEX\s+(?:IF\s+EXISTS\s+)?)" + id + R"(\s+RENAME\s+TO\s+)" + id + R"(\s*$)",
      std::regex::icase);
  static const std::regex rename_table(
      R"(^\s*RENAME\s+TABLE\s+)" + id + R"(\s+TO\s+)" + id + R"(\s*$)", std::regex::icase);
  std::smatch m;
  if (std::regex_search(statement, m, column)) {
    return RenameTarget{Name(kind, m[1].str()), Name(kind, m[3].str()), Name(kind, m[1].str()),
                        Name(kind, m[2].str())};
  }
  if (kind == DbKind::kMySql && std::regex_search(statement, m, change)) {
    return RenameTarget{Name(kind, m[1].str()), Name(kind, m[3].str()), Name(kind, m[1].str()),
                        Name(kind, m[2].str())};
  }
  if (std::regex_search(statement, m, table)) {
    // "RENAME COLUMN" without TO matches nothing above; do not take COLUMN for a name.
    std::string upper = m[2].str();
    for (auto& c : upper) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    if (upper != "COLUMN")
      return RenameTarget{Name(kind, m[2].str()), "", Name(kind, m[1].str()), ""};
  }
  if (std::regex_search(statement, m, index))
    return RenameTarget{Name(kind, m[2].str()), "", Name(kind, m[1].str()), ""};
  if (std::regex_search(statement, m, rename_table))
    return RenameTarget{Name(kind, m[2].str()), "", Name(kind, m[1].str()), ""};
  return std::nullopt;
}

RenameTarget FollowLaterRenames(DbKind kind, RenameTarget target,
                                const std::vector<std::string>& later) {
  for (const auto& statement : later) {
    auto r = ParseRenameTarget(kind, statement);
    if (!r || r->source_table != target.table) continue;
    if (r->column.empty()) {
      target.table = r->table;  // the table (or index) is renamed again
    } else if (!target.column.empty() && SameColumn(kind, r->source_column, target.column)) {
      target.column = r->column;  // the column is renamed again
    }
  }
  return target;
}

Result<bool> RenameTargetExists(Db& db, const RenameTarget& target) {
  if (!target.column.empty()) {
    HMIG_ASSIGN_OR_RETURN(auto columns, db.TableColumns(target.table));
    for (const auto& c : columns) {
      if (SameColumn(db.kind(), c, target.column)) return true;
    }
    return false;
  }
  // A table, view or (PostgreSQL) index of that name.
  const std::string sql =
      db.kind() == DbKind::kMySql
          ? "SELECT 1 FROM information_schema.tables WHERE table_schema = DATABASE() AND "
            "table_name = " +
                db.QuoteLiteral(target.table)
          : "SELECT 1 FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE "
            "n.nspname = current_schema() AND c.relname = " +
                db.QuoteLiteral(target.table);
  HMIG_ASSIGN_OR_RETURN(auto rows, db.Query(sql));
  return !rows.empty();
}

}  // namespace hmig::hive
