#include "copy/source_list.h"

#include "fs/filesystem.h"

namespace hmig::copy {

Result<std::vector<std::string>> ReadSourceList(const std::string& location) {
  HMIG_ASSIGN_OR_RETURN(fs::Resolved list, fs::Resolve(location));
  HMIG_ASSIGN_OR_RETURN(auto reader, list.fs->OpenRead(list.path));
  std::string text;
  std::vector<char> buf(1 << 16);
  for (uint64_t off = 0;;) {
    HMIG_ASSIGN_OR_RETURN(size_t n, reader->ReadAt(off, buf.data(), buf.size()));
    if (n == 0) break;
    text.append(buf.data(), n);
    off += n;
  }
  std::vector<std::string> sources;
  for (size_t begin = 0; begin < text.size();) {
    size_t end = text.find('\n', begin);
    if (end == std::string::npos) end = text.size();
    std::string line = text.substr(begin, end - begin);
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (!line.empty()) sources.push_back(std::move(line));
    begin = end + 1;
  }
  if (sources.empty()) return Status::Invalid("the source list names no source", location);
  return sources;
}

Result<std::vector<ResolvedSource>> ResolveSources(std::vector<std::string>* sources,
                                                   const std::string& list_file) {
  if (!list_file.empty()) {
    auto listed = ReadSourceList(list_file);
    if (!listed.ok()) return listed.status().WithContext("cannot read the source list (-f)");
    *sources = std::move(listed).value();
  }
  std::vector<ResolvedSource> out;
  for (const auto& location : *sources) {
    HMIG_ASSIGN_OR_RETURN(fs::Resolved where, fs::Resolve(location));
    auto st = where.fs->Stat(where.path);
    if (!st.ok()) {
      if (st.status().code() == StatusCode::kNotFound) {
        return Status(StatusCode::kNotFound, "source does not exist", location);
      }
      return st.status().WithContext("cannot read source");
    }
    out.push_back({std::move(where), std::move(st).value()});
  }
  return out;
}

}  // namespace hmig::copy
