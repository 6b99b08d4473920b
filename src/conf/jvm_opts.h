// The maximum heap in JVM options ("-Xmx3072m -XX:+UseG1GC"), read and replaced.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace hmig::conf {

// The heap the JVM would get from `opts`, in MiB (rounded down): the last -Xmx (or
// -XX:MaxHeapSize=) wins, as in the JVM. Sizes: bytes, k, m, g, t (any case).
// nullopt when no (valid) maximum heap is given.
std::optional<int64_t> HeapMbFromJavaOpts(std::string_view opts);

// `opts` with every maximum-heap option replaced by -Xmx<mb>m (appended when absent).
std::string JavaOptsWithHeapMb(std::string_view opts, int64_t mb);

}  // namespace hmig::conf
