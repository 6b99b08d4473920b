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

}  // namespace hmig::copy
