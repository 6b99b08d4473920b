#include "hive/upgrade_tolerance.h"

#include <cctype>

namespace hmig::hive {
namespace {

std::string Upper(const std::string& s) {
  std::string out = s;
  for (auto& c : out) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return out;
}

// The statement renames or drops something (the only statements whose
// "does not exist" errors mean the work was done before).
bool RenamesOrDrops(const std::string& statement) {
  std::string u = Upper(statement);
  for (auto& c : u) {
    if (c == '\n' || c == '\t' || c == '\r') c = ' ';
  }
  return u.rfind("RENAME ", 0) == 0 || u.find(" RENAME ") != std::string::npos ||
         u.rfind("DROP ", 0) == 0 || u.find(" DROP ") != std::string::npos ||
         u.find(" CHANGE ") != std::string::npos;  // MySQL: ALTER TABLE t CHANGE old new type
}

}  // namespace

bool IsAlreadyAppliedError(DbKind kind, const SqlError& error, const std::string& statement) {
  if (kind == DbKind::kMySql) {
    switch (error.code) {
      case 1050:  // ER_TABLE_EXISTS_ERROR: the CREATE TABLE ran before
      case 1060:  // ER_DUP_FIELDNAME: the ADD COLUMN ran before
      case 1061:  // ER_DUP_KEYNAME: the CREATE INDEX / ADD KEY ran before
      case 1062:  // ER_DUP_ENTRY: the seed INSERT ran before
      case 1091:  // ER_CANT_DROP_FIELD_OR_KEY: the DROP ran before
        return true;
      case 1054:  // ER_BAD_FIELD_ERROR and
      case 1146:  // ER_NO_SUCH_TABLE: only for a rename or drop whose object is
                  // already renamed or gone (the PostgreSQL rule for 42703/42P01
                  // below; the 4.0.0 step renames the txn tables and columns)
        return RenamesOrDrops(statement);
      case 1005:
        // ER_CANT_CREATE_TABLE is tolerated only for errno 121, a duplicate
        // foreign-key name (the constraint exists). errno 150 is a real
        // foreign-key definition error and must stop the run.
        return error.message.find("errno: 121") != std::string::npos;
      default:
        return false;
    }
  }
  const std::string& s = error.sqlstate;
  if (s == "42P07") return true;  // duplicate_table (tables and indexes): created before
  if (s == "42701") return true;  // duplicate_column: added before
  if (s == "42710") return true;  // duplicate_object: constraint/sequence created before
  if (s == "42P16") return true;  // invalid_table_definition: primary key added before
  if (s == "23505") return true;  // unique_violation: seed row inserted before
  // undefined_column / undefined_table / undefined_object: only for a rename or
  // a drop, where the object is gone because the step already ran.
  if (s == "42703" || s == "42P01" || s == "42704") return RenamesOrDrops(statement);
  return false;
}

}  // namespace hmig::hive
