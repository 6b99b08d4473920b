// Which summary group an entry is counted in.
//
// The group of an entry is a directory: the entry itself for a directory, its
// parent for a file, cut to a depth:
//   --group-depth N   the first N components of that directory (0: one group ".")
//   default ("hive")  the Hive table level: if the directory has a component named
//                     "*.db" (a Hive database directory), the group is the path up
//                     to and including the component after the first such one (the
//                     table), e.g. warehouse/sales.db/orders for
//                     warehouse/sales.db/orders/dt=2024-01-01/part-0; the .db
//                     directory itself and files directly in it form the group
//                     warehouse/sales.db. Without a "*.db" component the group is
//                     the first component (the table directories of Hive's
//                     "default" database sit directly in the warehouse).
// Entries directly at the compared root (and the root itself) are in group ".".
#pragma once

#include <string>

namespace hmig::verify {

inline constexpr int kHiveGroupDepth = -1;

std::string GroupOf(const std::string& rel, bool is_dir, int group_depth);

// The rule in words, for reports.
std::string DescribeGroupRule(int group_depth);

}  // namespace hmig::verify
