#include "hive/metastore_copy.h"

#include <algorithm>
#include <map>
#include <set>

#include "hive/location_columns.h"

namespace hmig::hive {
namespace {

constexpr size_t kRowsPerInsert = 500;

// Parent tables before children; cycles (none hold rows in practice) keep
// their remaining order.
Result<std::vector<std::string>> ForeignKeyOrder(Db& db, const std::vector<std::string>& tables) {
  std::map<std::string, std::set<std::string>> parents;
  std::string sql = db.kind() == DbKind::kMySql
                        ? "SELECT TABLE_NAME, REFERENCED_TABLE_NAME FROM "
                          "INFORMATION_SCHEMA.KEY_COLUMN_USAGE WHERE "
                          "TABLE_SCHEMA = DATABASE() AND REFERENCED_TABLE_NAME IS NOT NULL"
                        : "SELECT c.relname, p.relname FROM pg_constraint k JOIN pg_class c ON "
                          "c.oid = k.conrelid JOIN "
                          "pg_class p ON p.oid = k.confrelid JOIN pg_namespace n ON n.oid = "
                          "c.relnamespace WHERE k.contype = 'f' "
                          "AND n.nspname = current_schema()";
  HMIG_RETURN_IF_ERROR(db.QueryEach(sql, [&](const Row& r) {
    if (r[0] && r[1] && *r[0] != *r[1]) parents[*r[0]].insert(*r[1]);
    return Status::OK();
  }));
  std::vector<std::string> order;
  std::set<std::string> placed;
  std::vector<std::string> left = tables;
  while (!left.empty()) {
    bool progress = false;
    for (auto it = left.begin(); it != left.end();) {
      bool ready = true;
      for (const auto& p : parents[*it]) {
        if (!placed.count(p) && std::find(left.begin(), left.end(), p) != left.end()) ready = false;
      }
      if (ready) {
        order.push_back(*it);
        placed.insert(*it);
        it = left.erase(it);
        progress = true;
      } else {
        ++it;
      }
    }
    if (!progress) {  // a cycle: take the rest as they are
      order.insert(order.end(), left.begin(), left.end());
      break;
    }
  }
  return order;
}

}  // namespace

Result<std::vector<std::string>> ListTables(Db& db) {
  std::string schema = db.kind() == DbKind::kMySql ? "DATABASE()" : "current_schema()";
  HMIG_ASSIGN_OR_RETURN(
      auto rows, db.Query("SELECT table_name FROM information_schema.tables WHERE table_schema = " +
                          schema + " AND table_type = 'BASE TABLE' ORDER BY table_name"));
  std::vector<std::string> out;
  for (const auto& r : rows) {
    if (r[0]) out.push_back(*r[0]);
  }
  return out;
}

Result<CopyReport> CopyMetastore(Db& source, Db& target, const LocationMatcher& matcher) {
  CopyReport report;
  HMIG_ASSIGN_OR_RETURN(auto source_tables, ListTables(source));
  HMIG_ASSIGN_OR_RETURN(auto target_tables, ListTables(target));
  std::vector<std::string> common;
  for (const auto& t : target_tables) {
    if (std::find(source_tables.begin(), source_tables.end(), t) != source_tables.end())
      common.push_back(t);
  }
  HMIG_ASSIGN_OR_RETURN(auto order, ForeignKeyOrder(target, common));
  // One consistent read of the source.
  HMIG_RETURN_IF_ERROR(source.Exec(source.kind() == DbKind::kMySql
                                       ? "START TRANSACTION WITH CONSISTENT SNAPSHOT, READ ONLY"
                                       : "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY"));
  HMIG_RETURN_IF_ERROR(target.Begin());
  auto fail = [&](const Status& st) {
    (void)source.Rollback();
    (void)target.Rollback();
    return st;
  };
  // Clear seed rows children first, then copy parents first.
  for (auto it = order.rbegin(); it != order.rend(); ++it) {
    Status st = target.Exec("DELETE FROM " + target.QuoteIdent(*it));
    if (!st.ok()) return fail(st.WithContext("emptying " + *it));
  }
  for (const auto& table : order) {
    auto scols = source.TableColumns(table);
    if (!scols.ok()) return fail(scols.status());
    auto tcols = target.TableColumns(table);
    if (!tcols.ok()) return fail(tcols.status());
    std::vector<std::string> cols;
    for (const auto& c : *tcols) {
      if (std::find(scols->begin(), scols->end(), c) != scols->end()) cols.push_back(c);
    }
    if (cols.empty()) continue;
    std::vector<const LocationColumn*> location(cols.size(), nullptr);
    std::string select = "SELECT ", insert_head = "INSERT INTO " + target.QuoteIdent(table) + " (";
    for (size_t i = 0; i < cols.size(); ++i) {
      if (i) {
        select.append(", ");
        insert_head.append(", ");
      }
      select.append(source.QuoteIdent(cols[i]));
      insert_head.append(target.QuoteIdent(cols[i]));
      location[i] = FindLocationColumn(table, cols[i]);
    }
    select.append(" FROM ").append(source.QuoteIdent(table));
    insert_head.append(") VALUES ");
    // The source streams its rows; batches go to the target (another
    // connection) as they fill.
    std::string batch;
    size_t in_batch = 0;
    Status insert_status;
    auto flush = [&]() -> Status {
      if (in_batch == 0) return Status::OK();
      Status st = target.Exec(insert_head + batch);
      batch.clear();
      in_batch = 0;
      return st.ok() ? st : st.WithContext("copying " + table);
    };
    Status st = source.QueryEach(select, [&](const Row& r) {
      batch.append(in_batch ? ",(" : "(");
      for (size_t i = 0; i < cols.size(); ++i) {
        if (i) batch.push_back(',');
        if (!r[i]) {
          batch.append("NULL");
          continue;
        }
        std::string value = *r[i];
        if (location[i]) {
          if (auto rewritten = matcher.Rewrite(value)) {
            RecordChange(report.rewritten, location[i]->Name(), value, *rewritten);
            value = std::move(*rewritten);
          }
        }
        batch.append(target.QuoteLiteral(value));
      }
      batch.push_back(')');
      ++report.rows;
      if (++in_batch == kRowsPerInsert) return flush();
      return Status::OK();
    });
    if (st.ok()) st = flush();
    if (!st.ok()) return fail(st.WithContext("copying " + table));
    ++report.tables;
  }
  Status st = target.Commit();
  (void)source.Rollback();
  if (!st.ok()) return st;
  return report;
}

}  // namespace hmig::hive
