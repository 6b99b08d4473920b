#include <map>
#include <mutex>

#include "fs/builtin_backends.h"
#include "fs/filesystem.h"

namespace hmig::fs {

namespace {
struct SchemeRegistry {
  std::mutex mu;
  std::map<std::string, FileSystemFactory> factories;
  std::map<std::string, std::shared_ptr<FileSystem>> instances;  // by scheme://authority
};

SchemeRegistry& Registry() {
  static SchemeRegistry* registry = [] {
    auto* r = new SchemeRegistry;
    RegisterBuiltinBackends([r](const std::string& scheme, FileSystemFactory f) {
      r->factories[scheme] = std::move(f);
    });
    return r;
  }();
  return *registry;
}
}  // namespace

void RegisterScheme(const std::string& scheme, FileSystemFactory factory) {
  auto& r = Registry();
  std::lock_guard lock(r.mu);
  r.factories[scheme] = std::move(factory);
}

Result<Resolved> Resolve(const std::string& location) {
  HMIG_ASSIGN_OR_RETURN(Uri uri, ParseUri(location));
  auto& r = Registry();
  std::lock_guard lock(r.mu);
  std::string key = uri.scheme + "://" + uri.authority;
  auto it = r.instances.find(key);
  if (it == r.instances.end()) {
    auto factory = r.factories.find(uri.scheme);
    if (factory == r.factories.end()) {
      std::string known;
      for (const auto& [name, _] : r.factories) {
        if (!known.empty()) known.append(", ");
        known.append(name).append("://");
      }
      return Status::Invalid(
          "unsupported URI scheme '" + uri.scheme + "' (supported: " + known + ")", location);
    }
    HMIG_ASSIGN_OR_RETURN(auto fs, factory->second(uri));
    it = r.instances.emplace(key, std::move(fs)).first;
  }
  return Resolved{it->second, uri.path, uri};
}

}  // namespace hmig::fs
