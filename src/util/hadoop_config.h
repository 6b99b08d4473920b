// Reader for Hadoop's XML configuration files (core-site.xml, hdfs-site.xml,
// mapred-site.xml, yarn-site.xml, hive-site.xml, ...), following the rules of
// org.apache.hadoop.conf.Configuration so that hmig sees the values the cluster sees:
//
//  * Files are added in order; a later file overrides an earlier one, except that a
//    property marked final (<final>true</final>) in an earlier file keeps its value:
//    the later definition is ignored and a warning is recorded.
//  * A property is <property><name>..</name><value>..</value>[<final>true</final>]
//    </property> (child elements) or <property name=".." value=".." final="true"/>
//    (attributes, Hadoop 3). A property without a value is ignored, as in Hadoop;
//    a property without a name is ignored with a warning. The root element must be
//    <configuration>. <xi:include href="other.xml"/> (XInclude) is followed, relative to
//    the including file; <xi:fallback> is used when the href does not exist.
//  * Deprecated names (fs.default.name, dfs.block.size, mapred.job.map.memory.mb, ...)
//    are stored and looked up under their current name (CanonicalName()), so either
//    spelling finds the value; HadoopProperty::written_name keeps the file's spelling.
//  * Get() expands ${var}: first the other properties (raw values), then the
//    environment for ${env.NAME} (with ${env.NAME:-default} and ${env.NAME-default}
//    as in Hadoop 3). An unbound variable stops expansion and leaves the text as is;
//    a self-referencing value is returned unexpanded; more than 20 substitutions (Hadoop's
//    MAX_SUBST) is an error. Java system properties are not known to hmig.
//
// Every error names the file and line (Status::path() is the file, the message begins
// with "line N"). The object is a plain value: copyable, and safe for concurrent reads.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "util/status.h"

namespace hmig {

// One property as the loaded files define it, after the override and final rules.
struct HadoopProperty {
  std::string name;          // current (non-deprecated) name
  std::string written_name;  // the name as written in the file (may be a deprecated alias)
  std::string raw_value;     // as written, before ${var} expansion, not trimmed
  bool is_final = false;
  std::string file;  // the file (or source label) whose definition won
  int line = 0;      // 1-based line of that <property> element
};

class HadoopConfig {
 public:
  // Returns the value of an environment variable, or nullopt when unset.
  using EnvLookup = std::function<std::optional<std::string>(const std::string& name)>;

  // An empty configuration reading the process environment for ${env.NAME}.
  HadoopConfig();

  // The usual site files, in the order Hadoop and Hive load them.
  static const std::vector<std::string>& DefaultSiteFiles();

  // Loads `file_names` (default: DefaultSiteFiles()) from `dir` in order. Missing files
  // are skipped, unless every one is missing (NotFound naming the dir); a file that
  // exists but cannot be read or parsed is an error naming it.
  static Result<HadoopConfig> LoadDir(const std::string& dir,
                                      const std::vector<std::string>& file_names = {});

  // Adds one file after those already added. NotFound when it does not exist;
  // InvalidArgument ("line N, column C: ...") for malformed XML or a wrong root element.
  // On error the configuration is left unchanged.
  Status AddFile(const std::string& path);
  // The same for XML text already in memory; `source_label` stands in for the file name.
  Status AddXml(std::string_view xml, const std::string& source_label);

  // Sets a value directly (a command-line -D override), as Configuration.set() does: it
  // replaces any loaded value, final or not. `source_label` stands in for the file name.
  void Set(const std::string& name, const std::string& value,
           const std::string& source_label = "(set)");

  // Replaces the environment used for ${env.NAME} (tests, or a captured environment).
  void SetEnvLookup(EnvLookup lookup) { env_ = std::move(lookup); }

  // The definition of `name` (either spelling of a deprecated name), or nullptr.
  const HadoopProperty* Find(std::string_view name) const;
  bool Has(std::string_view name) const { return Find(name) != nullptr; }
  // Every defined property name (current names), sorted.
  std::vector<std::string> Names() const;
  // Files added so far, in order (including XIncluded ones).
  const std::vector<std::string>& files() const { return files_; }
  // Ignored overrides of final properties, properties without a name, unknown
  // top-level elements: "file: line N: ..." each, in load order.
  const std::vector<std::string>& warnings() const { return warnings_; }

  // The expanded value, not trimmed; nullopt when undefined. Error: expansion too deep.
  Result<std::optional<std::string>> Get(std::string_view name) const;
  // Expanded and trimmed; `fallback` when undefined.
  Result<std::string> GetString(std::string_view name, std::string fallback = {}) const;
  // "true"/"false" in any case, trimmed; `fallback` when undefined; anything else is
  // InvalidArgument naming file and line (Hadoop would silently use the default).
  Result<bool> GetBool(std::string_view name, bool fallback) const;
  // Decimal or 0x-hexadecimal, optional sign; range-checked.
  Result<int32_t> GetInt(std::string_view name, int32_t fallback) const;
  Result<int64_t> GetLong(std::string_view name, int64_t fallback) const;
  // A size with Hadoop's binary suffixes k, m, g, t, p, e (any case): "128m" = 134217728.
  Result<int64_t> GetSize(std::string_view name, int64_t fallback) const;
  // Comma- (or newline-) separated, each item trimmed, empty items dropped; {} when undefined.
  Result<std::vector<std::string>> GetTrimmedList(std::string_view name) const;

  // Expands ${var} in any text against this configuration (same rules as Get()).
  Result<std::string> Expand(std::string_view text) const;

  // The current name for a deprecated one ("dfs.block.size" -> "dfs.blocksize");
  // other names are returned unchanged.
  static std::string CanonicalName(std::string_view name);

 private:
  Status AddXmlAt(std::string_view xml, const std::string& label, int include_depth);
  Status Invalid(const HadoopProperty& p, const std::string& what) const;

  std::map<std::string, HadoopProperty, std::less<>> props_;
  std::vector<std::string> files_;
  std::vector<std::string> warnings_;
  EnvLookup env_;
};

// Hadoop's size syntax on its own (StringUtils.TraditionalBinaryPrefix): an integer with
// an optional binary suffix k/m/g/t/p/e; InvalidArgument on anything else or overflow.
Result<int64_t> ParseHadoopSize(std::string_view text);

}  // namespace hmig
