#include "conf/jobs_check.h"

#include <algorithm>
#include <array>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <sstream>

#include <fmt/format.h>

#include "conf/hive_env.h"
#include "conf/script_overrides.h"
#include "conf/site_xml_edit.h"
#include "conf/task_memory.h"
#include "util/hadoop_config.h"

namespace hmig::conf {
namespace fs = std::filesystem;
namespace {

Result<std::string> ReadText(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return Status::FromErrno(errno, "cannot open", path);
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

Status WriteText(const fs::path& path, const std::string& text, JobsCheckResult& result) {
  std::error_code ec;
  fs::create_directories(path.parent_path(), ec);
  if (ec) return Status::FromErrno(ec.value(), "cannot create directory", path.parent_path());
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out << text;
  out.close();
  if (!out) return Status::FromErrno(errno, "cannot write corrected copy", path.string());
  result.written.push_back(path.string());
  return Status::OK();
}

bool SamePath(const std::string& a, const std::string& b) {
  std::error_code ec1, ec2;
  return fs::weakly_canonical(a, ec1) == fs::weakly_canonical(b, ec2);
}

// Corrected copies of the site files for the cluster-level fixes.
Status WriteConfFixes(const HadoopConfig& conf, const std::string& conf_dir,
                      const std::map<std::string, std::string>& fixes, const fs::path& out_dir,
                      JobsCheckResult& result) {
  std::map<std::string, std::string> texts;  // file -> edited text
  for (const auto& [key, value] : fixes) {
    const HadoopProperty* p = conf.Find(key);
    std::string file = p ? p->file : conf_dir + "/mapred-site.xml";
    if (!texts.count(file)) {
      auto text = ReadText(file);
      texts[file] = text.ok() ? *text : EmptySiteXml();
    }
    auto edited = SetSiteProperty(texts[file], key, value, file);
    if (!edited.ok()) {
      result.notes.push_back(
          fmt::format("{}: not changed automatically: {}", key, edited.status().ToString()));
      continue;
    }
    texts[file] = std::move(*edited);
  }
  for (const auto& [file, text] : texts) {
    HMIG_RETURN_IF_ERROR(WriteText(out_dir / fs::path(file).filename(), text, result));
  }
  return Status::OK();
}

std::string FindingKey(const Finding& f) {
  return fmt::format("{}|{}|{}|{}", static_cast<int>(f.severity), f.subject, f.location, f.message);
}

// Evaluates one script: the cluster's settings overridden, statement by statement, by the
// script's own; returns the corrected text (empty when nothing changed).
std::string CheckScript(const std::string& label, const std::string& text,
                        const std::vector<TaskMemory>& cluster, const YarnLimits& limits,
                        std::vector<Finding>& findings) {
  auto overrides = FindScriptOverrides(text);
  if (overrides.empty()) return "";
  std::map<std::string, TaskMemory> state;
  std::map<std::string, std::array<int, 2>> active;  // task -> [memory, opts] override index
  for (const auto& t : cluster) {
    state[t.task] = t;
    active[t.task] = {-1, -1};
  }
  std::set<std::string> seen, touched;
  std::map<int, std::string> replace;                     // override index -> new value
  std::map<int, std::map<std::string, std::string>> add;  // insert after override index
  auto evaluate = [&](const std::string& task) {
    auto check = CheckTaskMemory(state[task], limits);
    int latest = std::max(active[task][0], active[task][1]);
    for (auto& f : check.findings) {
      if (f.location.rfind(label, 0) != 0 && latest >= 0) {
        f.location = fmt::format("{}:{}", label, overrides[latest].line);
      }
      f.details["script"] = label;
      if (seen.insert(FindingKey(f)).second) findings.push_back(std::move(f));
    }
    for (const auto& fix : check.fixes) {
      int slot = TaskMemoryRole(fix.key).second == "memory" ? 0 : 1;
      int idx = active[task][slot];
      if (idx >= 0) {
        replace[idx] = fix.value;
      } else if (latest >= 0) {
        std::string key = slot == 0 ? fix.key : JavaOptsKey(task);
        add[latest][key] = fix.value;
      }
    }
  };
  for (size_t i = 0; i < overrides.size(); ++i) {
    const auto& o = overrides[i];
    auto [role_task, role] = TaskMemoryRole(o.key);
    int slot = role == "memory" ? 0 : 1;
    std::vector<std::string> tasks;
    if (role_task == "map,reduce") {
      for (const char* t : {"map", "reduce"}) {
        // mapreduce.<task>.java.opts, where set, wins over mapred.child.java.opts.
        if (!state[t].opts.set || state[t].opts.key == o.key) tasks.push_back(t);
      }
    } else {
      tasks.push_back(role_task);
    }
    for (const auto& t : tasks) {
      if (active[t][slot] >= 0) evaluate(t);  // the previous statement's settings
      MemorySetting& s = slot == 0 ? state[t].memory : state[t].opts;
      s = {o.key, o.value, fmt::format("{}:{}", label, o.line), true};
      active[t][slot] = static_cast<int>(i);
      touched.insert(t);
    }
  }
  for (const auto& t : touched) evaluate(t);
  if (replace.empty() && add.empty()) return "";
  struct Edit {
    size_t begin, end;
    std::string text;
  };
  std::vector<Edit> edits;
  for (const auto& [idx, value] : replace) {
    const auto& o = overrides[idx];
    bool needs_quotes =
        o.form != ScriptOverride::Form::kSet && !o.quoted && value.find(' ') != std::string::npos;
    edits.push_back({o.value_begin, o.value_end, needs_quotes ? "\"" + value + "\"" : value});
  }
  for (const auto& [idx, kv] : add) {
    std::string ins;
    for (const auto& [k, v] : kv) ins += OverrideText(overrides[idx], k, v);
    edits.push_back({overrides[idx].insert_at, overrides[idx].insert_at, ins});
  }
  std::sort(edits.begin(), edits.end(),
            [](const Edit& a, const Edit& b) { return a.begin > b.begin; });
  std::string out = text;
  for (const auto& e : edits) out.replace(e.begin, e.end - e.begin, e.text);
  return out;
}

// Under Hive on Tez, `set mapreduce.*` sizes nothing: Tez containers come from
// hive.tez.container.size / hive.tez.java.opts. One note per script that relies on them.
void NoteTezEngine(const std::string& label, const std::string& text,
                   const std::string& engine_where, std::vector<Finding>& findings) {
  std::string lower = text;
  for (char& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  if (lower.find("hive.execution.engine=mr") != std::string::npos) return;  // runs on MR
  for (const auto& o : FindScriptOverrides(text)) {
    if (o.key != "mapreduce.map.memory.mb" && o.key != "mapreduce.reduce.memory.mb") continue;
    Finding f;
    f.severity = Severity::kInfo;
    f.subject = o.key;
    f.location = fmt::format("{}:{}", label, o.line);
    f.message = fmt::format(
        "the new cluster runs Hive on Tez ({}): this setting does not size "
        "Tez containers",
        engine_where);
    f.advice = fmt::format(
        "for Hive queries set hive.tez.container.size={} and "
        "hive.tez.java.opts=-Xmx{}m instead (or add set "
        "hive.execution.engine=mr;)",
        o.value, std::atoll(o.value.c_str()) * 4 / 5);
    findings.push_back(std::move(f));
    return;
  }
}

}  // namespace

Result<JobsCheckResult> CheckJobs(const JobsCheckOptions& options) {
  if (options.fix_dir) {
    for (const auto* input :
         {&options.conf_dir, options.scripts_dir ? &*options.scripts_dir : &options.conf_dir}) {
      if (SamePath(*options.fix_dir, *input)) {
        return Status::Invalid(
            "--fix must name a new directory: files are never corrected "
            "in place",
            *options.fix_dir);
      }
    }
  }
  HMIG_ASSIGN_OR_RETURN(HadoopConfig conf, HadoopConfig::LoadDir(options.conf_dir));
  JobsCheckResult result;
  const YarnLimits limits = YarnLimitsFromConfig(conf);
  const std::vector<TaskMemory> tasks = TaskMemoryFromConfig(conf);
  const HadoopProperty* engine = conf.Find("hive.execution.engine");
  const bool tez = engine && conf.GetString("hive.execution.engine").ValueOr("") == "tez";
  const std::string engine_where =
      engine ? fmt::format("hive.execution.engine=tez, {}:{}", engine->file, engine->line) : "";
  std::map<std::string, std::string> conf_fixes;
  for (const auto& t : tasks) {
    auto check = CheckTaskMemory(t, limits);
    for (auto& f : check.findings) result.findings.push_back(std::move(f));
    for (const auto& fix : check.fixes) {
      bool opts = TaskMemoryRole(fix.key).second == "opts";
      conf_fixes[opts ? JavaOptsKey(t.task) : fix.key] = fix.value;
    }
  }
  const fs::path fix_dir = options.fix_dir ? fs::path(*options.fix_dir) : fs::path();
  if (options.fix_dir && !conf_fixes.empty()) {
    HMIG_RETURN_IF_ERROR(
        WriteConfFixes(conf, options.conf_dir, conf_fixes, fix_dir / "conf", result));
  }
  if (options.hive_env) {
    HMIG_ASSIGN_OR_RETURN(std::string text, ReadText(*options.hive_env));
    auto check = CheckHiveEnv(text, *options.hive_env);
    for (auto& f : check.findings) result.findings.push_back(std::move(f));
    if (options.fix_dir && check.changed) {
      HMIG_RETURN_IF_ERROR(WriteText(fix_dir / "hive-env.sh", check.fixed_text, result));
    }
  }
  if (options.scripts_dir) {
    std::error_code ec;
    fs::path root(*options.scripts_dir);
    if (!fs::is_directory(root, ec)) {
      return Status::NotFound("not a directory (job scripts)", *options.scripts_dir);
    }
    std::vector<fs::path> files;
    for (auto it = fs::recursive_directory_iterator(
             root, fs::directory_options::skip_permission_denied, ec);
         !ec && it != fs::recursive_directory_iterator(); it.increment(ec)) {
      std::string base = it->path().filename().string();
      if (it->is_directory(ec)) {
        if ((!base.empty() && base[0] == '.') ||
            (options.fix_dir && SamePath(it->path().string(), *options.fix_dir))) {
          it.disable_recursion_pending();
        }
      } else if (it->is_regular_file(ec) && IsJobScript(base)) {
        files.push_back(it->path());
      }
    }
    std::sort(files.begin(), files.end());
    for (const auto& p : files) {
      auto text = ReadText(p.string());
      if (!text.ok()) {
        result.notes.push_back(text.status().ToString());
        continue;
      }
      ++result.scripts_scanned;
      std::string fixed = CheckScript(p.string(), *text, tasks, limits, result.findings);
      if (tez) NoteTezEngine(p.string(), *text, engine_where, result.findings);
      if (options.fix_dir && !fixed.empty()) {
        HMIG_RETURN_IF_ERROR(
            WriteText(fix_dir / "scripts" / fs::relative(p, root, ec), fixed, result));
      }
    }
  }
  return result;
}

}  // namespace hmig::conf
