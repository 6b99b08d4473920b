#include "copy/planner.h"

#include <algorithm>

#include "util/uri.h"

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

namespace {

bool ByPath(const fs::FileStatus& a, const fs::FileStatus& b) {
  return a.path < b.path;
}

}  // namespace

Result<DirectoryPlan> PlanDirectory(DirectoryInput in, const PlanModes& modes,
                                    const std::function<bool(const std::string&)>& keep_at_target,
                                    const std::function<bool(const std::string&)>& is_temp_name) {
  DirectoryPlan plan;
  // Temp files of a killed run are removed, never treated as data.
  auto& targets = in.target_children;
  std::erase_if(targets, [&](const fs::FileStatus& t) {
    if (!t.is_file() || !is_temp_name || !is_temp_name(BaseName(t.path))) return false;
    plan.stale_temps.push_back(t.path);
    return true;
  });
  std::sort(targets.begin(), targets.end(), ByPath);

  size_t total = 0;
  for (const auto& s : in.sources) total += s.children.size();
  plan.items.reserve(total);
  for (auto& source : in.sources) {
    for (auto& child : source.children) {
      PlanItem item;
      item.root_index = source.root_index;
      item.dst_path = JoinPath(in.target_dir, BaseName(child.path));
      item.src = std::move(child);
      plan.items.push_back(std::move(item));
    }
  }
  // Stable: merged directories keep the order of their sources.
  std::stable_sort(plan.items.begin(), plan.items.end(),
                   [](const PlanItem& a, const PlanItem& b) { return a.dst_path < b.dst_path; });

  for (size_t i = 1; i < plan.items.size(); ++i) {
    const PlanItem& a = plan.items[i - 1];
    const PlanItem& b = plan.items[i];
    if (a.dst_path == b.dst_path && !(a.src.is_dir() && b.src.is_dir())) {
      // Two sources may merge directories, never write the same file.
      return Status::Invalid("sources " + a.src.path + " and " + b.src.path +
                                 " would both be copied to " + b.dst_path +
                                 " (conflicting sources)",
                             b.dst_path);
    }
  }
  // One merge of two sorted lists: each target entry is either some item's (moved
  // into it) or, with -delete, a candidate for deletion.
  const bool deleting = modes.delete_missing && !in.sources.empty();
  auto item = plan.items.begin();
  for (auto& t : targets) {
    while (item != plan.items.end() && item->dst_path < t.path) ++item;
    if (item != plan.items.end() && item->dst_path == t.path) {
      // Merged directories share their target entry.
      for (auto it = std::next(item); it != plan.items.end() && it->dst_path == t.path; ++it)
        it->dst = t;
      item->dst = std::move(t);
      continue;
    }
    if (!deleting) continue;
    std::string source_path = JoinPath(in.sources.front().source_dir, BaseName(t.path));
    if (keep_at_target && keep_at_target(source_path)) continue;
    plan.deletes.push_back({t.path, t.is_dir()});
  }
  for (auto& i : plan.items) i.action = Decide(i.src, i.dst, modes);
  return plan;
}

}  // namespace hmig::copy
