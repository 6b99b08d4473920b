#include "hive/upgrade_plan.h"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <set>

namespace hmig::hive {

const char* ScriptDbType(DbKind kind) {
  return kind == DbKind::kMySql ? "mysql" : "postgres";
}

std::optional<std::filesystem::path> ScriptDirs::Find(const std::string& file) const {
  for (const auto& d : dirs) {
    std::filesystem::path p = std::filesystem::path(d) / file;
    std::error_code ec;
    if (std::filesystem::exists(p, ec)) return p;
  }
  return std::nullopt;
}

std::string ScriptDirs::Describe() const {
  std::string out;
  for (const auto& d : dirs) {
    if (!out.empty()) out.append(", ");
    out.append(d);
  }
  return out;
}

Result<std::vector<UpgradeStep>> PlanUpgrade(const ScriptDirs& scripts, DbKind kind,
                                             const std::string& current,
                                             const std::optional<std::string>& target) {
  namespace fs = std::filesystem;
  const std::string db = ScriptDbType(kind);
  const std::string order_name = "upgrade.order." + db;
  std::vector<std::pair<std::string, std::string>> order;
  std::set<std::string> versions;
  size_t order_files = 0;
  for (const auto& d : scripts.dirs) {
    std::ifstream in(fs::path(d) / order_name);
    if (!in) continue;
    ++order_files;
    std::string line;
    while (std::getline(in, line)) {
      while (!line.empty() && (line.back() == '\r' || line.back() == ' ')) line.pop_back();
      size_t sep = line.find("-to-");
      if (line.empty() || sep == std::string::npos) continue;
      order.emplace_back(line.substr(0, sep), line.substr(sep + 4));
      versions.insert(order.back().first);
      versions.insert(order.back().second);
    }
  }
  const std::string where = order_name + " in " + scripts.Describe();
  if (order_files == 0) return Status::NotFound("no upgrade order file", where);
  if (!versions.count(current)) {
    return Status::Invalid("schema version " + current + " is not in " + where);
  }
  if (target && !versions.count(*target)) {
    return Status::Invalid("target version " + *target + " is not in " + where);
  }
  std::vector<UpgradeStep> steps;
  std::string at = current;
  while (!target || at != *target) {
    auto it =
        std::find_if(order.begin(), order.end(), [&](const auto& s) { return s.first == at; });
    if (it == order.end()) {
      if (target) {
        return Status::Invalid("version " + *target + " cannot be reached from " + current +
                               " with " + where);
      }
      break;
    }
    UpgradeStep step{it->first, it->second, {}};
    const std::string name = it->first + "-to-" + it->second;
    auto main = scripts.Find("upgrade-" + name + "." + db + ".sql");
    if (!main) {
      return Status::NotFound("the upgrade step " + name + " has no script",
                              "upgrade-" + name + "." + db + ".sql in " + scripts.Describe());
    }
    // Legacy PostgreSQL: pre-<n>-upgrade-<step> scripts (from the same folder)
    // run before the step's own.
    std::vector<std::string> pre;
    std::error_code ec;
    for (const auto& e : fs::directory_iterator(main->parent_path(), ec)) {
      std::string f = e.path().filename().string();
      if (f.rfind("pre-", 0) == 0 && f.size() > name.size() &&
          f.find("-upgrade-" + name + "." + db + ".sql") != std::string::npos) {
        pre.push_back(e.path().string());
      }
    }
    std::sort(pre.begin(), pre.end());
    step.scripts = pre;
    step.scripts.push_back(main->string());
    steps.push_back(std::move(step));
    at = it->second;
    if (steps.size() > order.size()) return Status::Corrupt("the upgrade order loops", where);
  }
  return steps;
}

}  // namespace hmig::hive
