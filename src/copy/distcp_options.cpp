#include "copy/distcp_options.h"

#include <charconv>
#include <functional>
#include <map>
#include <type_traits>

namespace hmig::copy {

Result<PreserveSet> PreserveSet::Parse(const std::string& letters) {
  PreserveSet p;
  if (letters.empty()) {
    p.replication = p.block_size = p.user = p.group = p.permission = p.checksum_type = p.times =
        true;
    return p;
  }
  for (char c : letters) {
    switch (c) {
      case 'r':
        p.replication = true;
        break;
      case 'b':
        p.block_size = true;
        break;
      case 'u':
        p.user = true;
        break;
      case 'g':
        p.group = true;
        break;
      case 'p':
        p.permission = true;
        break;
      case 'c':
        p.checksum_type = true;
        break;
      case 'a':
        p.acl = true;
        break;
      case 'x':
        p.xattr = true;
        break;
      case 't':
        p.times = true;
        break;
      default:
        return Status::Invalid(std::string("unknown -p attribute '") + c +
                               "' (valid: r b u g p c a x t)");
    }
  }
  return p;
}

std::string PreserveSet::Letters() const {
  std::string s;
  if (replication) s += 'r';
  if (block_size) s += 'b';
  if (user) s += 'u';
  if (group) s += 'g';
  if (permission) s += 'p';
  if (checksum_type) s += 'c';
  if (acl) s += 'a';
  if (xattr) s += 'x';
  if (times) s += 't';
  return s;
}

namespace {

enum class Kind { kFlag, kValue, kTwoValues, kIgnoredFlag, kIgnoredValue };

struct OptionSpec {
  Kind kind;
  std::function<Status(CopyOptions&, const std::vector<std::string>&)> apply;
};

// A positive number (double for -bandwidth, int for counts), the whole text.
template <typename T>
Result<T> ParsePositive(const std::string& flag, const std::string& text) {
  T v = 0;
  auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
  if (ec != std::errc() || ptr != text.data() + text.size() || v <= 0) {
    const char* what = std::is_integral_v<T> ? "a positive whole number" : "a positive number";
    return Status::Invalid("-" + flag + " needs " + what + ", got '" + text + "'");
  }
  return v;
}

Result<double> ParseNumber(const std::string& flag, const std::string& text) {
  return ParsePositive<double>(flag, text);
}
Result<int> ParsePositiveInt(const std::string& flag, const std::string& text) {
  return ParsePositive<int>(flag, text);
}

Status SetFlag(bool CopyOptions::*field, CopyOptions& o) {
  o.*field = true;
  return Status::OK();
}

const std::map<std::string, OptionSpec>& OptionTable() {
  using V = const std::vector<std::string>&;
  static const std::map<std::string, OptionSpec> table = {
      {"update", {Kind::kFlag, [](CopyOptions& o, V) { return SetFlag(&CopyOptions::update, o); }}},
      {"overwrite",
       {Kind::kFlag, [](CopyOptions& o, V) { return SetFlag(&CopyOptions::overwrite, o); }}},
      {"append", {Kind::kFlag, [](CopyOptions& o, V) { return SetFlag(&CopyOptions::append, o); }}},
      {"delete",
       {Kind::kFlag, [](CopyOptions& o, V) { return SetFlag(&CopyOptions::delete_missing, o); }}},
      {"skipcrccheck",
       {Kind::kFlag, [](CopyOptions& o, V) { return SetFlag(&CopyOptions::skip_crc, o); }}},
      {"i",
       {Kind::kFlag, [](CopyOptions& o, V) { return SetFlag(&CopyOptions::ignore_failures, o); }}},
      {"direct", {Kind::kFlag, [](CopyOptions& o, V) { return SetFlag(&CopyOptions::direct, o); }}},
      {"atomic", {Kind::kFlag, [](CopyOptions& o, V) { return SetFlag(&CopyOptions::atomic, o); }}},
      {"v", {Kind::kFlag, [](CopyOptions& o, V) { return SetFlag(&CopyOptions::verbose, o); }}},
      {"verify", {Kind::kFlag, [](CopyOptions& o, V) { return SetFlag(&CopyOptions::verify, o); }}},
      {"h", {Kind::kFlag, [](CopyOptions& o, V) { return SetFlag(&CopyOptions::help, o); }}},
      {"help", {Kind::kFlag, [](CopyOptions& o, V) { return SetFlag(&CopyOptions::help, o); }}},
      {"tmp",
       {Kind::kValue,
        [](CopyOptions& o, V v) {
          o.tmp_dir = v[0];
          return Status::OK();
        }}},
      {"log",
       {Kind::kValue,
        [](CopyOptions& o, V v) {
          o.log_dir = v[0];
          return Status::OK();
        }}},
      {"filters",
       {Kind::kValue,
        [](CopyOptions& o, V v) {
          o.filters_file = v[0];
          return Status::OK();
        }}},
      {"f",
       {Kind::kValue,
        [](CopyOptions& o, V v) {
          o.source_list_file = v[0];
          return Status::OK();
        }}},
      {"report",
       {Kind::kValue,
        [](CopyOptions& o, V v) {
          o.report_file = v[0];
          return Status::OK();
        }}},
      {"state",
       {Kind::kValue,
        [](CopyOptions& o, V v) {
          o.state_dir = v[0];
          return Status::OK();
        }}},
      {"retries",
       {Kind::kValue,
        [](CopyOptions& o, V v) -> Status {
          if (v[0] == "0") {
            o.retries = 0;
            return Status::OK();
          }
          HMIG_ASSIGN_OR_RETURN(o.retries, ParsePositiveInt("retries", v[0]));
          return Status::OK();
        }}},
      {"hadoop-conf",
       {Kind::kValue,
        [](CopyOptions& o, V v) {
          o.hadoop_conf = v[0];
          return Status::OK();
        }}},
      {"ca-cert",
       {Kind::kValue,
        [](CopyOptions& o, V v) {
          o.ca_cert = v[0];
          return Status::OK();
        }}},
      {"insecure",
       {Kind::kFlag, [](CopyOptions& o, V) { return SetFlag(&CopyOptions::insecure, o); }}},
      {"verify-bytes",
       {Kind::kFlag, [](CopyOptions& o, V) { return SetFlag(&CopyOptions::verify_bytes, o); }}},
      {"delegation-token",
       {Kind::kValue,
        [](CopyOptions& o, V v) {
          o.delegation_token = v[0];
          return Status::OK();
        }}},
      {"namenode-http-port",
       {Kind::kValue,
        [](CopyOptions& o, V v) -> Status {
          HMIG_RETURN_IF_ERROR(ParsePositiveInt("namenode-http-port", v[0]).status());
          o.namenode_http_port = v[0];
          return Status::OK();
        }}},
      {"m",
       {Kind::kValue,
        [](CopyOptions& o, V v) -> Status {
          HMIG_ASSIGN_OR_RETURN(o.max_workers, ParsePositiveInt("m", v[0]));
          return Status::OK();
        }}},
      {"bandwidth",
       {Kind::kValue,
        [](CopyOptions& o, V v) -> Status {
          HMIG_ASSIGN_OR_RETURN(o.bandwidth_mb, ParseNumber("bandwidth", v[0]));
          return Status::OK();
        }}},
      {"numListstatusThreads",
       {Kind::kValue,
        [](CopyOptions& o, V v) -> Status {
          HMIG_ASSIGN_OR_RETURN(o.list_threads, ParsePositiveInt("numListstatusThreads", v[0]));
          if (o.list_threads > 40) o.list_threads = 40;  // DistCp's cap
          return Status::OK();
        }}},
      {"blocksperchunk",
       {Kind::kValue,
        [](CopyOptions& o, V v) -> Status {
          if (v[0] == "0") {
            o.blocks_per_chunk = 0;
            return Status::OK();
          }
          HMIG_ASSIGN_OR_RETURN(o.blocks_per_chunk, ParsePositiveInt("blocksperchunk", v[0]));
          return Status::OK();
        }}},
      // DistCp options that steer MapReduce or Hadoop internals: accepted, noted once.
      {"async", {Kind::kIgnoredFlag, nullptr}},
      {"useiterator", {Kind::kIgnoredFlag, nullptr}},
      {"updateRoot", {Kind::kIgnoredFlag, nullptr}},
      {"strategy", {Kind::kIgnoredValue, nullptr}},
      {"copybuffersize", {Kind::kIgnoredValue, nullptr}},
      {"xtrack", {Kind::kIgnoredValue, nullptr}},
      {"mapredSslConf", {Kind::kIgnoredValue, nullptr}},
      {"sizelimit", {Kind::kIgnoredValue, nullptr}},
      {"filelimit", {Kind::kIgnoredValue, nullptr}},
      {"diff",
       {Kind::kTwoValues,
        [](CopyOptions&, V) {
          return Status::Invalid(
              "-diff needs HDFS snapshots; it is not supported on this version of hmig");
        }}},
      {"rdiff",
       {Kind::kTwoValues,
        [](CopyOptions&, V) {
          return Status::Invalid(
              "-rdiff needs HDFS snapshots; it is not supported on this version of hmig");
        }}},
  };
  return table;
}

// Turns an argument that starts with a dash-like character into the option name,
// or returns nullopt for a positional argument.
std::optional<std::string> OptionName(const std::string& arg, CopyOptions& o) {
  static const std::string kEnDash = "\xE2\x80\x93", kEmDash = "\xE2\x80\x94";
  std::string rest;
  for (const auto& dash : {kEnDash, kEmDash}) {
    if (arg.rfind(dash, 0) == 0) {
      rest = arg.substr(dash.size());
      while (!rest.empty() && rest.front() == '-') rest.erase(0, 1);
      o.warnings.push_back("'" + arg + "' starts with a typographic dash; read as '-" + rest + "'");
      return rest;
    }
  }
  if (arg.size() < 2 || arg[0] != '-') return std::nullopt;
  rest = arg.substr(arg[1] == '-' ? 2 : 1);
  return rest;
}

Status ValidateCombination(const CopyOptions& o) {
  if (o.update && o.overwrite) {
    return Status::Invalid("-update and -overwrite cannot be used together");
  }
  if (o.delete_missing && !o.update && !o.overwrite) {
    return Status::Invalid("-delete is only valid with -update or -overwrite");
  }
  if (o.skip_crc && !o.update) return Status::Invalid("-skipcrccheck is only valid with -update");
  if (o.append && !o.update) return Status::Invalid("-append is only valid with -update");
  if (o.append && o.skip_crc) {
    return Status::Invalid(
        "-append cannot be used with -skipcrccheck (the prefix must be verified)");
  }
  if (o.atomic && (o.update || o.overwrite)) {
    return Status::Invalid("-atomic cannot be used with -update or -overwrite");
  }
  if (!o.tmp_dir.empty() && !o.atomic) return Status::Invalid("-tmp is only valid with -atomic");
  if (o.atomic && o.direct) return Status::Invalid("-atomic and -direct cannot be used together");
  return Status::OK();
}

}  // namespace

Result<CopyOptions> ParseDistCpArgs(const std::vector<std::string>& args) {
  CopyOptions o;
  std::vector<std::string> positional;
  bool options_done = false;
  for (size_t i = 0; i < args.size(); ++i) {
    const std::string& arg = args[i];
    if (options_done) {
      positional.push_back(arg);
      continue;
    }
    if (arg == "--") {
      options_done = true;
      continue;
    }
    auto name = OptionName(arg, o);
    if (!name) {
      positional.push_back(arg);
      continue;
    }
    std::string value_inline;
    bool has_inline = false;
    if (auto eq = name->find('='); eq != std::string::npos) {
      value_inline = name->substr(eq + 1);
      *name = name->substr(0, eq);
      has_inline = true;
    }
    // -p, -pbugpcax, --preserve=...: the letters are glued to the flag, as in DistCp.
    if (!name->empty() && (*name)[0] == 'p' &&
        name->find_first_not_of("prbugcaxt") == std::string::npos) {
      HMIG_ASSIGN_OR_RETURN(o.preserve, PreserveSet::Parse(name->substr(1)));
      continue;
    }
    if (*name == "preserve") {
      HMIG_ASSIGN_OR_RETURN(o.preserve, PreserveSet::Parse(value_inline));
      continue;
    }
    const auto& table = OptionTable();
    auto it = table.find(*name);
    if (it == table.end()) {
      return Status::Invalid("unknown option '" + arg + "' (see hmig distcp --help)");
    }
    const OptionSpec& spec = it->second;
    size_t want = spec.kind == Kind::kTwoValues                                     ? 2
                  : (spec.kind == Kind::kValue || spec.kind == Kind::kIgnoredValue) ? 1
                                                                                    : 0;
    std::vector<std::string> values;
    if (has_inline) {
      if (want == 0) return Status::Invalid("option '-" + *name + "' takes no value");
      values.push_back(value_inline);
    }
    while (values.size() < want) {
      if (++i >= args.size()) return Status::Invalid("option '-" + *name + "' needs a value");
      values.push_back(args[i]);
    }
    if (spec.kind == Kind::kIgnoredFlag || spec.kind == Kind::kIgnoredValue) {
      o.ignored_options.push_back("-" + *name);
      continue;
    }
    HMIG_RETURN_IF_ERROR(spec.apply(o, values));
  }
  if (o.help) return o;
  HMIG_RETURN_IF_ERROR(ValidateCombination(o));
  if (positional.empty()) return Status::Invalid("missing target path");
  o.target = positional.back();
  positional.pop_back();
  o.sources = std::move(positional);
  if (o.sources.empty() && o.source_list_file.empty()) {
    return Status::Invalid("missing source path (give SOURCE... TARGET, or -f LISTFILE TARGET)");
  }
  if (!o.sources.empty() && !o.source_list_file.empty()) {
    return Status::Invalid("give sources either on the command line or with -f, not both");
  }
  return o;
}

std::string DistCpUsage() {
  return R"(usage: hmig distcp [OPTIONS] SOURCE... TARGET
       hmig distcp [OPTIONS] -f LISTFILE TARGET

Copies files and directories with Apache Hadoop DistCp's semantics. Options take one
dash (as DistCp users type them) or two.

  -update              copy only files missing at the target or differing in length
                       or checksum; copies the CONTENTS of source directories
  -overwrite           copy every file unconditionally (also copies contents)
  -append              with -update: append only the missing tail when the target is
                       a verified prefix of the source
  -delete              with -update/-overwrite: delete target entries absent from the
                       source (only after every listing and copy succeeded)
  -skipcrccheck        with -update: compare lengths only
  -p[rbugpcaxt]        preserve replication, block size, user, group, permission,
                       checksum type, ACL, xattrs, times; bare -p = rbugpct
  -m N                 at most N files copied at once (default 20)
  -bandwidth MB        per-worker limit in MB/s (default: unlimited)
  -numListstatusThreads N   parallel listing threads (default 8, at most 40)
  -i                   ignore failures: log them, continue, exit 0
  -log DIR             write per-file results to DIR
  -filters FILE        regular expressions (one per line); matching paths are skipped
  -f LISTFILE          read source paths from LISTFILE (one per line)
  -direct              write straight to the final name (no temp file)
  -atomic [-tmp DIR]   copy into a work directory, then move it to TARGET at once
  -v                   log skipped files too (with -log)
  --report FILE        write the counters as JSON
  --verify             after the copy, compare source and target as `hmig verify`
                       does (its summary is printed and added to --report)
  --state DIR          keep the resume journal in DIR (default: -log DIR, else
                       <target parent>/.hmig-state/)
  --retries N          retry transient errors N times per file (default 3)
  --verify-bytes       with -update, where the two sides' checksums cannot be
                       compared (other algorithms or block sizes), read both
                       sides and compare their CRC32C instead of trusting length
  -blocksperchunk N    copy files of more than N blocks as chunks of N blocks in
                       parallel (a local source counts 128 MiB blocks); without it
                       files of 256 MiB and more are split only when cores would
                       otherwise idle (fewer files in flight than cores)
  -strategy, -copybuffersize, -async, -xtrack, -useiterator,
  -updateRoot, -sizelimit, -filelimit, -mapredSslConf: accepted, no effect here

HDFS (webhdfs://, swebhdfs://, hdfs://):
  --hadoop-conf DIR    Hadoop configuration for hdfs:// names (default
                       $HADOOP_CONF_DIR, else /etc/hadoop/conf)
  --ca-cert FILE       CA certificates for swebhdfs://
  --insecure           do not verify TLS certificates (dangerous)
  --delegation-token T HDFS delegation token (also read from the credentials file
                       at $HADOOP_TOKEN_FILE_LOCATION); hidden from the process list
  --namenode-http-port P   NameNode HTTP port for hdfs://host:port URIs without a
                       Hadoop configuration (default: probe 9870, then 50070)
  user: $HADOOP_USER_NAME, else the local user; Kerberos: HMIG_WEBHDFS_AUTH=kerberos

exit status: 0 all done (also with -i), 1 some files failed, 2 usage error, 3 fatal error
)";
}

}  // namespace hmig::copy
