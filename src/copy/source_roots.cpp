#include "copy/source_roots.h"

namespace hmig::copy {

Result<std::vector<SourceMapping>> MapSourcesToTarget(
    const std::vector<SourceInput>& sources, const std::string& target,
    const std::optional<fs::FileStatus>& target_status, bool contents_mode) {
  const bool target_exists = target_status.has_value();
  const bool target_is_file = target_exists && !target_status->is_dir();
  if (sources.size() > 1 && target_is_file) {
    return Status::Invalid("several sources cannot be copied onto a file", target);
  }
  std::vector<SourceMapping> out;
  for (const auto& src : sources) {
    const bool is_dir = src.status.is_dir();
    std::string name = BaseName(src.status.path);
    if (sources.size() == 1 && !is_dir) {
      // A solitary file: becomes the target unless the target is an existing directory.
      out.push_back({target_exists && !target_is_file ? JoinPath(target, name) : target});
      continue;
    }
    const bool contents = (sources.size() == 1 && !target_exists) || contents_mode;
    if (is_dir && (contents || src.is_root)) {
      out.push_back({target});
    } else {
      out.push_back({JoinPath(target, name)});
    }
  }
  return out;
}

}  // namespace hmig::copy
