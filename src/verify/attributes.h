// The -p attributes of two entries, compared. Each letter means what it means to
// `hmig distcp -p` (copy/preserve.cpp): u owner, g group, p permission (with
// setuid/setgid/sticky), t modification time, a ACL, x xattrs, r replication,
// b block size. Times are compared to the millisecond (HDFS's precision) and atime
// is not compared: reading a file, as a verification does, may change it.
#pragma once

#include <set>
#include <string>

#include "copy/distcp_options.h"
#include "fs/filesystem.h"

namespace hmig::verify {

// The letters of `wanted` that both filesystems can hold; a note for each other one.
copy::PreserveSet ComparableAttributes(const copy::PreserveSet& wanted, const fs::FileSystem& src,
                                       const fs::FileSystem& dst, std::set<std::string>* notes);

// Differences among the attributes read from the listings ("owner alice vs bob;
// permission 0644 vs 0600"); "" when none. ACL and xattrs need calls: see below.
std::string CompareListedAttributes(const fs::FileStatus& src, const fs::FileStatus& dst,
                                    const copy::PreserveSet& p);

// Differences in ACL (a) and extended attributes (x), read from both sides.
Result<std::string> CompareAclAndXAttrs(fs::FileSystem& src_fs, const fs::FileStatus& src,
                                        fs::FileSystem& dst_fs, const fs::FileStatus& dst,
                                        const copy::PreserveSet& p);

}  // namespace hmig::verify
