#include "conf/task_memory.h"

#include <fmt/format.h>

#include "conf/jvm_opts.h"

namespace hmig::conf {
namespace {

struct TaskKeys {
  const char* task;
  const char* memory_key;
  const char* memory_default;
  const char* opts_key;
  const char* opts_default;
};

const TaskKeys kTasks[] = {
    {"map", "mapreduce.map.memory.mb", "1024", "mapreduce.map.java.opts", "-Xmx200m"},
    {"reduce", "mapreduce.reduce.memory.mb", "1024", "mapreduce.reduce.java.opts", "-Xmx200m"},
    {"am", "yarn.app.mapreduce.am.resource.mb", "1536", "yarn.app.mapreduce.am.command-opts",
     "-Xmx1024m"},
};

MemorySetting Setting(const HadoopConfig& conf, const std::string& key, const std::string& dflt) {
  MemorySetting s;
  s.key = key;
  const HadoopProperty* p = conf.Find(key);
  auto v = conf.GetString(key, dflt);
  s.value = v.ok() ? *v : (p ? p->raw_value : dflt);
  s.set = p != nullptr;
  s.where = p ? fmt::format("{}:{}", p->file, p->line) : "default";
  return s;
}

// Memory settings are plain integers in MB (Hadoop reads them with getInt).
std::optional<int64_t> ParseMb(const std::string& v) {
  if (v.empty() || v.size() > 12) return std::nullopt;
  int64_t n = 0;
  for (char c : v) {
    if (c < '0' || c > '9') return std::nullopt;
    n = n * 10 + (c - '0');
  }
  return n;
}

int64_t HeapFor(int64_t container_mb) {
  return container_mb * 4 / 5;
}
int64_t ContainerFor(int64_t heap_mb) {
  return (heap_mb * 5 + 3) / 4;
}

std::string Where(const MemorySetting& s) {
  return s.set ? s.where : "default";
}

}  // namespace

std::vector<TaskMemory> TaskMemoryFromConfig(const HadoopConfig& conf) {
  std::vector<TaskMemory> out;
  for (const auto& k : kTasks) {
    TaskMemory t;
    t.task = k.task;
    t.memory = Setting(conf, k.memory_key, k.memory_default);
    t.opts = Setting(conf, k.opts_key, k.opts_default);
    if (!t.opts.set && std::string(k.task) != "am" && conf.Has("mapred.child.java.opts")) {
      t.opts = Setting(conf, "mapred.child.java.opts", k.opts_default);
    }
    out.push_back(std::move(t));
  }
  return out;
}

YarnLimits YarnLimitsFromConfig(const HadoopConfig& conf) {
  YarnLimits l;
  l.min_mb = Setting(conf, "yarn.scheduler.minimum-allocation-mb", "1024");
  l.max_mb = Setting(conf, "yarn.scheduler.maximum-allocation-mb", "8192");
  l.nodemanager_mb = Setting(conf, "yarn.nodemanager.resource.memory-mb", "8192");
  return l;
}

std::string JavaOptsKey(const std::string& task) {
  for (const auto& k : kTasks) {
    if (task == k.task) return k.opts_key;
  }
  return "";
}

std::pair<std::string, std::string> TaskMemoryRole(const std::string& key) {
  for (const auto& k : kTasks) {
    if (key == k.memory_key) return {k.task, "memory"};
    if (key == k.opts_key) return {k.task, "opts"};
  }
  if (key == "mapred.child.java.opts") return {"map,reduce", "opts"};
  return {"", ""};
}

TaskMemoryCheck CheckTaskMemory(const TaskMemory& t, const YarnLimits& limits) {
  TaskMemoryCheck out;
  auto add = [&](Severity sev, const MemorySetting& s, std::string msg, std::string advice,
                 std::string suggested) -> Finding& {
    Finding f;
    f.severity = sev;
    f.subject = s.key;
    f.location = Where(s);
    f.message = std::move(msg);
    f.advice = std::move(advice);
    f.suggested = std::move(suggested);
    f.details = {
        {"task", t.task},
        {"memory_mb",
         {{"key", t.memory.key}, {"value", t.memory.value}, {"from", Where(t.memory)}}},
        {"java_opts", {{"key", t.opts.key}, {"value", t.opts.value}, {"from", Where(t.opts)}}}};
    out.findings.push_back(std::move(f));
    return out.findings.back();
  };
  auto container = ParseMb(t.memory.value);
  if (!container) {
    add(Severity::kError, t.memory, fmt::format("'{}' is not a size in MB", t.memory.value),
        "give the container size in MB", "");
    return out;
  }
  int64_t mem = *container;
  auto max_mb = ParseMb(limits.max_mb.value).value_or(8192);
  auto min_mb = ParseMb(limits.min_mb.value).value_or(1024);
  std::optional<int64_t> heap = HeapMbFromJavaOpts(t.opts.value);

  if (mem > max_mb) {
    add(Severity::kError, t.memory,
        fmt::format("the {} container asks for {} MB but yarn.scheduler.maximum-allocation-mb is "
                    "{} ({}): YARN rejects the job",
                    t.task, mem, max_mb, Where(limits.max_mb)),
        "ask for at most the maximum allocation, or raise the maximum on the new cluster",
        std::to_string(max_mb));
    out.fixes.push_back({t.memory.key, std::to_string(max_mb)});
    mem = max_mb;
  } else if (limits.nodemanager_mb.set) {
    auto nm = ParseMb(limits.nodemanager_mb.value);
    if (nm && mem > *nm) {
      add(Severity::kError, t.memory,
          fmt::format("the {} container asks for {} MB but a NodeManager offers only {} MB "
                      "(yarn.nodemanager.resource.memory-mb, {}): it is never scheduled",
                      t.task, mem, *nm, Where(limits.nodemanager_mb)),
          "ask for less than a node has", std::to_string(*nm));
      out.fixes.push_back({t.memory.key, std::to_string(*nm)});
      mem = *nm;
    }
  }
  if (mem < min_mb) {
    add(Severity::kInfo, t.memory,
        fmt::format("the {} container asks for {} MB, below yarn.scheduler.minimum-allocation-mb "
                    "{} ({}): YARN grants {} MB",
                    t.task, mem, min_mb, Where(limits.min_mb), min_mb),
        "size the heap for the container YARN really grants", "");
  }

  const int64_t recommended_heap = HeapFor(mem);
  auto suggest_heap = [&](int64_t h) {
    std::string opts = JavaOptsWithHeapMb(t.opts.value, h);
    out.fixes.push_back({t.opts.key, opts});
    return opts;
  };
  if (!heap || *heap <= 200) {
    std::string opts = suggest_heap(recommended_heap);
    std::string msg;
    if (!t.opts.set) {
      msg = fmt::format(
          "{} is not set: Hadoop 2 runs {} tasks with -Xmx200m, which dies with "
          "OutOfMemoryError on real data (Hadoop 3 derives 80% of the container)",
          t.opts.key, t.task);
    } else if (heap) {
      msg = fmt::format("{} tasks get a {} MB heap ({}): OutOfMemoryError on real data", t.task,
                        *heap, t.opts.value);
    } else {
      msg = fmt::format(
          "no -Xmx for {} tasks ('{}'): Hadoop 2 uses 200 MB, which dies with "
          "OutOfMemoryError (Hadoop 3 derives 80% of the container)",
          t.task, t.opts.value);
    }
    add(Severity::kWarning, t.opts, msg,
        fmt::format("give the JVM 80% of the {} MB container", mem), opts);
    return out;
  }
  if (*heap > recommended_heap) {
    int64_t needed = ContainerFor(*heap);
    bool raise = needed <= max_mb;
    Severity sev = *heap > mem ? Severity::kError : Severity::kWarning;
    std::string msg = fmt::format(
        "{} tasks get a {} MB heap in a {} MB container ({}): {}", t.task, *heap, mem, t.memory.key,
        *heap > mem ? "the heap does not even fit; the NodeManager kills the container"
                    : "above 80% of it, so heap plus JVM overhead exceeds the container and "
                      "the NodeManager kills it");
    if (raise) {
      Finding& f = add(sev, t.memory, msg,
                       fmt::format("raise {} to heap / 0.8 = {} MB (keeps the heap the job asks "
                                   "for)",
                                   t.memory.key, needed),
                       std::to_string(needed));
      f.location = t.opts.set ? Where(t.opts) : Where(t.memory);
      out.fixes.push_back({t.memory.key, std::to_string(needed)});
    } else {
      std::string opts = suggest_heap(recommended_heap);
      add(sev, t.opts, msg,
          fmt::format("{} MB would exceed the maximum allocation ({} MB): lower the heap to 80% "
                      "of the container",
                      needed, max_mb),
          opts);
    }
  }
  return out;
}

}  // namespace hmig::conf
