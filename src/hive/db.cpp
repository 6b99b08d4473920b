#include "hive/db.h"

namespace hmig::hive {

std::string DbConfig::Describe() const {
  std::string out = kind == DbKind::kMySql ? "mysql://" : "postgresql://";
  if (!user.empty()) out.append(user).append("@");
  out.append(host);
  if (port > 0) out.append(":").append(std::to_string(port));
  out.append("/").append(database);
  return out;
}

Result<std::vector<Row>> Db::Query(const std::string& sql) {
  std::vector<Row> rows;
  HMIG_RETURN_IF_ERROR(QueryEach(sql, [&](const Row& r) {
    rows.push_back(r);
    return Status::OK();
  }));
  return rows;
}

Result<std::vector<std::string>> Db::TableColumns(const std::string& table) {
  std::string schema = kind() == DbKind::kMySql ? "DATABASE()" : "current_schema()";
  HMIG_ASSIGN_OR_RETURN(auto rows, Query("SELECT column_name FROM information_schema.columns WHERE "
                                         "table_schema = " +
                                         schema + " AND table_name = " + QuoteLiteral(table) +
                                         " ORDER BY ordinal_position"));
  std::vector<std::string> names;
  for (const auto& r : rows) {
    if (!r.empty() && r[0]) names.push_back(*r[0]);
  }
  return names;
}

}  // namespace hmig::hive
