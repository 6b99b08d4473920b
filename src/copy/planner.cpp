#include "copy/planner.h"

#include <algorithm>
#include <unordered_map>
#include <unordered_set>

namespace hmig::copy {

const char* ActionName(Action a) {
  switch (a) {
    case Action::kCreateDir:
      return "mkdir";
    case Action::kExistingDir:
      return "dir-exists";
    case Action::kCopy:
      return "copy";
    case Action::kCompare:
      return "compare";
    case Action::kAppend:
      return "append";
    case Action::kSkip:
      return "skip";
    case Action::kSkipSymlink:
      return "skip-symlink";
    case Action::kSkipSpecial:
      return "skip-special";
    case Action::kConflict:
      return "conflict";
  }
  return "?";
}

namespace {

Action Decide(const fs::FileStatus& src, const std::optional<fs::FileStatus>& dst,
              const PlanModes& m) {
  if (src.type == fs::FileType::kSymlink) return Action::kSkipSymlink;
  if (src.type == fs::FileType::kOther) return Action::kSkipSpecial;
  if (dst && dst->is_dir() != src.is_dir()) return Action::kConflict;
  if (src.is_dir()) return dst ? Action::kExistingDir : Action::kCreateDir;
  if (!dst || m.overwrite) return Action::kCopy;
  if (!m.update) return Action::kSkip;  // DistCp's default: existing files are left alone
  if (dst->length == src.length) return m.skip_crc ? Action::kSkip : Action::kCompare;
  if (m.append && dst->length < src.length) return Action::kAppend;
  return Action::kCopy;
}

bool ByPath(const fs::FileStatus& a, const fs::FileStatus& b) {
  return a.path < b.path;
}

}  // namespace

Result<Plan> BuildPlan(std::vector<PlanRoot> roots, std::vector<fs::FileStatus> target_entries,
                       const PlanModes& modes,
                       const std::function<bool(const std::string&)>& keep_at_target) {
  // Listings arrive sorted already (one root listed in byte order stays in byte
  // order under a prefix): checking is linear, sorting is not.
  if (!std::is_sorted(target_entries.begin(), target_entries.end(), ByPath)) {
    std::sort(target_entries.begin(), target_entries.end(), ByPath);
  }
  auto find_target = [&](const std::string& path) -> std::optional<fs::FileStatus> {
    fs::FileStatus key;
    key.path = path;
    auto it = std::lower_bound(target_entries.begin(), target_entries.end(), key, ByPath);
    if (it != target_entries.end() && it->path == path) return *it;
    return std::nullopt;
  };

  Plan plan;
  size_t total = 0;
  for (const auto& root : roots) total += root.entries.size();
  plan.items.reserve(total);
  std::vector<bool> is_dir_root;
  for (size_t r = 0; r < roots.size(); ++r) {
    is_dir_root.push_back(!roots[r].entries.empty() && roots[r].entries.front().status.is_dir());
    for (auto& e : roots[r].entries) {
      PlanItem item;
      item.root_index = r;
      item.dst_path = e.rel.empty() ? roots[r].target_root : JoinPath(roots[r].target_root, e.rel);
      item.src = std::move(e.status);
      item.dst = find_target(item.dst_path);
      item.action = Decide(item.src, item.dst, modes);
      plan.items.push_back(std::move(item));
    }
    roots[r].entries = {};  // release as we go: the plan now holds everything
  }
  auto by_dst = [](const PlanItem& a, const PlanItem& b) { return a.dst_path < b.dst_path; };
  if (!std::is_sorted(plan.items.begin(), plan.items.end(), by_dst)) {
    std::stable_sort(plan.items.begin(), plan.items.end(), by_dst);
  }

  // Two sources may merge directories, never write the same file.
  for (size_t i = 1; i < plan.items.size(); ++i) {
    const auto& a = plan.items[i - 1];
    const auto& b = plan.items[i];
    if (a.dst_path == b.dst_path && !(a.src.is_dir() && b.src.is_dir())) {
      return Status::Invalid("sources " + a.src.path + " and " + b.src.path +
                                 " would both be copied to " + b.dst_path +
                                 " (conflicting sources)",
                             b.dst_path);
    }
  }

  if (!modes.delete_missing) return plan;

  // -delete: everything under a directory target root that no source entry maps to.
  std::vector<std::pair<std::string, std::string>> delete_roots;  // (target_root, source_root)
  for (size_t r = 0; r < roots.size(); ++r) {
    if (!is_dir_root[r]) continue;
    delete_roots.emplace_back(roots[r].target_root, roots[r].source_root);
  }
  std::unordered_set<std::string> planned;
  for (const auto& item : plan.items) planned.insert(item.dst_path);
  std::unordered_set<std::string> deleted_dirs, kept_dirs;
  auto under_any = [](const std::string& path, const std::unordered_set<std::string>& dirs) {
    for (std::string p = ParentPath(path); !dirs.empty(); p = ParentPath(p)) {
      if (dirs.count(p)) return true;
      if (p == "/") break;
    }
    return false;
  };
  std::unordered_map<std::string, size_t> delete_index;
  for (const auto& t : target_entries) {  // sorted: a directory comes before its contents
    const std::pair<std::string, std::string>* root = nullptr;
    for (const auto& dr : delete_roots) {
      if (t.path != dr.first && IsSameOrBelow(t.path, dr.first)) root = &dr;
    }
    if (!root || planned.count(t.path)) continue;
    if (under_any(t.path, deleted_dirs)) {
      // Counted into the topmost deleted directory.
      for (std::string p = ParentPath(t.path);; p = ParentPath(p)) {
        auto it = delete_index.find(p);
        if (it != delete_index.end()) {
          auto& d = plan.deletes[it->second];
          if (t.is_dir())
            ++d.dirs;
          else {
            ++d.files;
            d.bytes += t.length;
          }
          break;
        }
        if (p == "/") break;
      }
      continue;
    }
    std::string source_path = JoinPath(root->second, t.path.substr(root->first.size() + 1));
    if (under_any(t.path, kept_dirs) || (keep_at_target && keep_at_target(source_path))) {
      if (t.is_dir()) kept_dirs.insert(t.path);
      continue;
    }
    DeleteItem d;
    d.path = t.path;
    d.is_dir = t.is_dir();
    if (d.is_dir) {
      d.dirs = 1;
      deleted_dirs.insert(t.path);
      delete_index[t.path] = plan.deletes.size();
    } else {
      d.files = 1;
      d.bytes = t.length;
    }
    plan.deletes.push_back(std::move(d));
  }
  return plan;
}

}  // namespace hmig::copy
