#include "verify/verify_options.h"

#include <algorithm>
#include <charconv>

namespace hmig::verify {

namespace {

// "--json=x" / "-json" / "--json" -> ("json", "x", has_value); nullopt if not a flag.
struct FlagParts {
  std::string name;
  std::string value;
  bool has_value = false;
};

std::optional<FlagParts> SplitFlag(const std::string& arg) {
  if (arg.size() < 2 || arg[0] != '-') return std::nullopt;
  FlagParts f;
  f.name = arg.substr(arg[1] == '-' ? 2 : 1);
  if (auto eq = f.name.find('='); eq != std::string::npos) {
    f.value = f.name.substr(eq + 1);
    f.name.resize(eq);
    f.has_value = true;
  }
  return f;
}

Result<int> ParseDepth(const std::string& text) {
  if (text == "auto" || text == "hive") return kHiveGroupDepth;
  int v = -1;
  auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
  if (ec != std::errc() || ptr != text.data() + text.size() || v < 0 || v > 1000) {
    return Status::Invalid("--group-depth needs a whole number >= 0 or 'hive', got '" + text + "'");
  }
  return v;
}

void NoteCopyOnlyFlags(const copy::CopyOptions& c, std::vector<std::string>* ignored) {
  auto note = [&](bool given, const char* flag) {
    if (given) ignored->push_back(flag);
  };
  note(c.update, "-update");
  note(c.overwrite, "-overwrite");
  note(c.append, "-append");
  note(c.delete_missing, "-delete");
  note(c.ignore_failures, "-i");
  note(c.direct, "-direct");
  note(c.atomic, "-atomic");
  note(!c.tmp_dir.empty(), "-tmp");
  note(!c.log_dir.empty(), "-log");
  note(c.verbose, "-v");
  note(c.bandwidth_mb > 0, "-bandwidth");
  note(!c.report_file.empty(), "--report");
  for (const auto& o : c.ignored_options) ignored->push_back(o);
}

}  // namespace

Result<VerifyOptions> ParseVerifyArgs(const std::vector<std::string>& args) {
  VerifyOptions o;
  std::vector<std::string> rest;
  for (size_t i = 0; i < args.size(); ++i) {
    const std::string& arg = args[i];
    if (arg == "--") {
      rest.insert(rest.end(), args.begin() + static_cast<long>(i), args.end());
      break;
    }
    auto flag = SplitFlag(arg);
    if (!flag) {
      rest.push_back(arg);
      continue;
    }
    auto value = [&]() -> Result<std::string> {
      if (flag->has_value) return flag->value;
      if (i + 1 >= args.size()) return Status::Invalid("option '" + arg + "' needs a value");
      return args[++i];
    };
    auto no_value = [&]() -> Status {
      return flag->has_value ? Status::Invalid("option '--" + flag->name + "' takes no value")
                             : Status::OK();
    };
    if (flag->name == "json") {
      HMIG_ASSIGN_OR_RETURN(o.json_file, value());
    } else if (flag->name == "html") {
      HMIG_ASSIGN_OR_RETURN(o.html_file, value());
    } else if (flag->name == "group-depth") {
      HMIG_ASSIGN_OR_RETURN(std::string v, value());
      HMIG_ASSIGN_OR_RETURN(o.group_depth, ParseDepth(v));
    } else if (flag->name == "size-only") {
      HMIG_RETURN_IF_ERROR(no_value());
      o.size_only = true;
    } else if (flag->name == "verify-bytes") {
      HMIG_RETURN_IF_ERROR(no_value());
      o.verify_bytes = true;
    } else if (flag->name == "verify") {
      HMIG_RETURN_IF_ERROR(
          no_value());  // `hmig distcp --verify` arguments pasted: verifying anyway
    } else {
      rest.push_back(arg);
    }
  }
  auto parsed = copy::ParseDistCpArgs(rest);
  if (!parsed.ok()) {
    std::string msg = parsed.status().message();
    if (auto pos = msg.find("hmig distcp --help"); pos != std::string::npos) {
      msg.replace(pos, 18, "hmig verify --help");
    }
    return Status(parsed.status().code(), msg, parsed.status().path());
  }
  const copy::CopyOptions& c = *parsed;
  o.help = c.help;
  if (o.help) return o;
  if (o.size_only && o.verify_bytes) {
    return Status::Invalid("--size-only and --verify-bytes cannot be used together");
  }
  o.sources = c.sources;
  o.target = c.target;
  o.source_list_file = c.source_list_file;
  o.filters_file = c.filters_file;
  o.preserve = c.preserve;
  o.workers = c.max_workers;
  if (o.workers > kMaxVerifyWorkers) {
    o.warnings.push_back("-m " + std::to_string(o.workers) + ": comparing at most " +
                         std::to_string(kMaxVerifyWorkers) +
                         " files at once in one process (DistCp's -m counts cluster map tasks)");
    o.workers = kMaxVerifyWorkers;
  }
  o.list_threads = c.list_threads;
  o.warnings.insert(o.warnings.end(), c.warnings.begin(), c.warnings.end());
  if (c.skip_crc) {
    if (o.verify_bytes)
      return Status::Invalid("-skipcrccheck and --verify-bytes cannot be used together");
    o.size_only = true;
    o.warnings.push_back("-skipcrccheck: comparing lengths only, as the copy did (--size-only)");
  }
  NoteCopyOnlyFlags(c, &o.ignored);
  return o;
}

std::optional<fs::FileStatus> TargetStatusBeforeCopy(const std::string& target) {
  auto where = fs::Resolve(target);
  if (!where.ok()) return std::nullopt;
  auto st = where->fs->Stat(where->path);
  if (!st.ok()) return std::nullopt;
  return *st;
}

VerifyOptions VerifyOptionsForCopy(const copy::CopyOptions& c,
                                   const std::optional<fs::FileStatus>& target_before_copy) {
  VerifyOptions o;
  o.use_mapping_status = true;
  o.mapping_target_status = target_before_copy;
  o.sources = c.sources;
  o.target = c.target;
  o.filters_file = c.filters_file;
  o.preserve = c.preserve;
  o.size_only = c.skip_crc;
  o.workers = std::min(c.max_workers, kMaxVerifyWorkers);
  o.list_threads = c.list_threads;
  o.contents_mode = c.update || c.overwrite;
  return o;
}

std::string VerifyUsage() {
  return R"(usage: hmig verify [OPTIONS] SOURCE... TARGET
       hmig verify [OPTIONS] -f LISTFILE TARGET

Proves that TARGET holds what SOURCE holds. Paths follow `hmig distcp -update`: the
CONTENTS of each SOURCE directory are compared with TARGET. The arguments that
copied can verify: DistCp's flags take one dash or two; copy-only flags (-update,
-delete, -bandwidth, ...) are accepted and have no effect.

Per entry it finds: missing at target, extra at target, type differs (file vs
directory), length differs, checksum differs (only comparable checksums are
compared; otherwise both sides are read and their CRC32C compared), and with -p the
attributes that differ.

  -p[rbugpcaxt]        also compare attributes: u owner, g group, p permission,
                       t modification time (to the millisecond), a ACL, x xattrs,
                       r replication, b block size; bare -p = rbugpct
  --size-only          compare lengths only (quick pass); DistCp's -skipcrccheck
                       means the same
  --verify-bytes       read both sides and compare CRC32C of the bytes, whatever
                       checksums the filesystems offer
  --group-depth N|hive summary groups: directories N levels below the compared root
                       (0: one group); default 'hive': the table directory after the
                       first *.db component (else the first component)
  --json FILE          write every group and every difference as JSON
  --html FILE          write a self-contained HTML report (opens offline)
  -m N                 files compared at once (default 20, at most 128)
  -numListstatusThreads N   listing threads per side (default 8, at most 40)
  -filters FILE        regular expressions; matching source paths are not compared
  -f LISTFILE          read source paths from LISTFILE (one per line)

exit status: 0 identical, 1 differences found, 2 usage error, 3 error (something
could not be read: the comparison is incomplete)
)";
}

}  // namespace hmig::verify
