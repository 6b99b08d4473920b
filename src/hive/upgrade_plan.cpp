#include "hive/upgrade_plan.h"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <set>

namespace hmig::hive {

const char* ScriptDbType(DbKind kind) {
  return kind == DbKind::kMySql ? "mysql" : "postgres";
}

Result<std::vector<UpgradeStep>> PlanUpgrade(const std::string& scripts_dir, DbKind kind,
                                             const std::string& current,
                                             const std::optional<std::string>& target) {
  namespace fs = std::filesystem;
  const std::string db = ScriptDbType(kind);
  const fs::path dir(scripts_dir);
  const fs::path order_path = dir / ("upgrade.order." + db);
  std::ifstream in(order_path);
  if (!in) return Status::NotFound("no upgrade order file", order_path.string());
  std::vector<std::pair<std::string, std::string>> order;
  std::set<std::string> versions;
  std::string line;
  while (std::getline(in, line)) {
    while (!line.empty() && (line.back() == '\r' || line.back() == ' ')) line.pop_back();
    size_t sep = line.find("-to-");
    if (line.empty() || sep == std::string::npos) continue;
    order.emplace_back(line.substr(0, sep), line.substr(sep + 4));
    versions.insert(order.back().first);
    versions.insert(order.back().second);
  }
  if (!versions.count(current)) {
    return Status::Invalid("schema version " + current + " is not in " + order_path.string());
  }
  if (target && !versions.count(*target)) {
    return Status::Invalid("target version " + *target + " is not in " + order_path.string());
  }
  std::vector<UpgradeStep> steps;
  std::string at = current;
  while (!target || at != *target) {
    auto it =
        std::find_if(order.begin(), order.end(), [&](const auto& s) { return s.first == at; });
    if (it == order.end()) {
      if (target) {
        return Status::Invalid("version " + *target + " cannot be reached from " + current +
                               " with " + order_path.string());
      }
      break;
    }
    UpgradeStep step{it->first, it->second, {}};
    const std::string name = it->first + "-to-" + it->second;
    // Legacy PostgreSQL: pre-<n>-upgrade-<step> scripts run before the step's own.
    std::vector<std::string> pre;
    std::error_code ec;
    for (const auto& e : fs::directory_iterator(dir, ec)) {
      std::string f = e.path().filename().string();
      if (f.rfind("pre-", 0) == 0 && f.size() > name.size() &&
          f.find("-upgrade-" + name + "." + db + ".sql") != std::string::npos) {
        pre.push_back(e.path().string());
      }
    }
    std::sort(pre.begin(), pre.end());
    step.scripts = pre;
    fs::path main = dir / ("upgrade-" + name + "." + db + ".sql");
    if (!fs::exists(main)) {
      return Status::NotFound("the upgrade step " + name + " has no script", main.string());
    }
    step.scripts.push_back(main.string());
    steps.push_back(std::move(step));
    at = it->second;
    if (steps.size() > order.size())
      return Status::Corrupt("the upgrade order loops", order_path.string());
  }
  return steps;
}

}  // namespace hmig::hive
