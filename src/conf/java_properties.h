// Java .properties files (java.util.Properties syntax), as read by Flume and by
// Presto/Trino catalogs: '#'/'!' comments, '=', ':' or whitespace between key and value,
// backslash line continuations and escapes (\t \n \uXXXX ...); a later key wins.
// The file keeps its lines, so an edited copy differs from the original only where set.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "util/status.h"

namespace hmig::conf {

struct PropertyEntry {
  std::string key;
  std::string value;
  int line = 0;  // 1-based first line of the entry
};

class PropertiesFile {
 public:
  // InvalidArgument ("line N: malformed \uxxxx escape") naming `label` for the only
  // syntax Java itself rejects.
  static Result<PropertiesFile> Parse(std::string_view text, const std::string& label);

  // Every entry in file order (duplicates included).
  const std::vector<PropertyEntry>& entries() const { return entries_; }
  // The value in effect (the last definition), or nullopt.
  std::optional<std::string> Get(std::string_view key) const;
  const PropertyEntry* Find(std::string_view key) const;

  // Replaces the last definition of `key` with "key = value" on its own line(s), or
  // appends it at the end when absent; leaves the line alone when the value is the same.
  void Set(const std::string& key, const std::string& value);
  // Appends a line as is (a comment or a blank line).
  void AppendRaw(const std::string& line);

  // The file with every change; unchanged lines are byte for byte the original.
  std::string ToString() const;

  const std::string& label() const { return label_; }

 private:
  struct Line {
    std::string text;
    bool removed = false;
  };
  struct Located {
    size_t entry;
    size_t first_line, last_line;  // indices into lines_
  };
  std::vector<Line> lines_;
  std::vector<PropertyEntry> entries_;
  std::vector<Located> located_;
  std::string label_;
  bool trailing_newline_ = true;
};

// "key = value" with the escapes Java needs to read it back.
std::string FormatProperty(const std::string& key, const std::string& value);

}  // namespace hmig::conf
