// The backends compiled into hmig. Each backend exposes one Register function;
// this is the single list of them, read once by fs::Resolve.
#pragma once

#include <functional>
#include <string>

#include "fs/filesystem.h"

namespace hmig::fs {

using SchemeSink = std::function<void(const std::string& scheme, FileSystemFactory factory)>;

void RegisterBuiltinBackends(const SchemeSink& sink);

}  // namespace hmig::fs
