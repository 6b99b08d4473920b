// Per-job overrides of MapReduce memory settings written in job scripts:
//   Hive/SQL:  set mapreduce.map.memory.mb=3840;   SET mapreduce.map.java.opts=-Xmx3072m;
//   shell:     hive --hiveconf mapreduce.map.memory.mb=4096 -e "set ...;"
//              hadoop jar x.jar Main -Dmapreduce.reduce.java.opts="-Xmx6g -XX:+UseG1GC"
// Only the properties TaskMemoryRole() knows are returned.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace hmig::conf {

struct ScriptOverride {
  enum class Form { kSet, kHiveconf, kDefine };
  Form form = Form::kSet;
  std::string key;                        // canonical property name
  std::string value;                      // unquoted, trimmed
  int line = 0;                           // 1-based
  size_t value_begin = 0, value_end = 0;  // the value's bytes in the text (inside quotes)
  bool quoted = false;                    // the value was written inside quotes
  size_t insert_at = 0;                   // where another setting of the same form can be inserted
  bool terminated = false;                // a `set` statement ended by ';'
};

std::vector<ScriptOverride> FindScriptOverrides(std::string_view text);

// The text that sets `key` to `value` in the same form as `like`, to insert at like.insert_at.
std::string OverrideText(const ScriptOverride& like, const std::string& key,
                         const std::string& value);

// True for files whose overrides are looked for (.hql .sql .q .hive .sh .bash).
bool IsJobScript(const std::string& file_name);

}  // namespace hmig::conf
