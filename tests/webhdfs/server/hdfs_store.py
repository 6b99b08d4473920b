"""The namespace of the WebHDFS test server: files and directories in a local
directory, and what a local file cannot hold (owner, group, permission,
replication, block size, checksum type, ACLs, xattrs, snapshottable flag,
times in milliseconds) in an in-memory metadata table keyed by HDFS path.

Semantics follow the HDFS NameNode as recorded from Hadoop 3.3.6 / 2.10.1
(exception classes and messages), within these limits: one flat permission
check (owner/other bits of the parent for writes; the superuser passes; groups
other than the owner's are not resolved and ACL entries are not enforced),
snapshots are full copies taken at CREATESNAPSHOT (GETSNAPSHOTDIFF matches
entries by fileId, so renames are reported as RENAME), no leases; only space
quotas (set through the control endpoint, as `hdfs dfsadmin -setSpaceQuota`),
checked when a file's first bytes arrive: a block of the file's size x
replication must fit under every ancestor's quota (HDFS checks on each block
allocation); no namespace quotas.
"""
import os
import re
import shutil
import threading

from hdfs_common import HdfsError, now_ms, parent_of, perm_string, split
from snapshots import SnapshotsMixin


class Store(SnapshotsMixin):
    def __init__(self, root, superuser, version, block_size, bytes_per_checksum, checksum_type):
        self.root = root
        self.data = os.path.join(root, "data")
        self.snapdir = os.path.join(root, "snapshots")
        os.makedirs(self.data, exist_ok=True)
        os.makedirs(self.snapdir, exist_ok=True)
        self.superuser = superuser
        self.version = version
        self.block_size = block_size
        self.bytes_per_checksum = bytes_per_checksum
        self.checksum_type = checksum_type
        self.lock = threading.RLock()
        self.next_id = 16385
        self.meta = {}
        self.snapshots = {}  # dir -> {name: (disk path, meta copy, ctime)}
        self.safemode = False
        self.crc_recomputes = 0  # chunk CRCs recomputed from stored bytes (not kept from the write)
        self.meta["/"] = self._new_meta(True, superuser, 0o755)
        self.meta["/"]["snapshottable"] = version >= 3

    # ----- helpers -----------------------------------------------------------
    def _new_meta(self, is_dir, owner, perm, replication=0, block_size=0):
        self.next_id += 1
        t = now_ms()
        return {"dir": is_dir, "owner": owner, "group": "supergroup", "perm": perm, "mtime": t,
                "atime": 0 if is_dir else t, "replication": replication, "blockSize": block_size,
                "acl": [], "xattrs": {}, "fileId": self.next_id, "snapshottable": False,
                "crc": self.checksum_type, "bpc": self.bytes_per_checksum}

    def normalize(self, path):
        parts = split(path)
        if ".." in parts or "." in parts:
            raise HdfsError("FileNotFoundException", "File does not exist: " + path)
        return "/" + "/".join(parts)

    def resolve(self, path):
        """(disk path, meta dict, read-only) for a path, snapshots included."""
        parts = split(path)
        if ".snapshot" in parts:
            i = parts.index(".snapshot")
            snap_root = "/" + "/".join(parts[:i])
            if i + 1 >= len(parts):
                return None, None, True
            snaps = self.snapshots.get(snap_root, {})
            name = parts[i + 1]
            if name not in snaps:
                return None, None, True
            disk, meta, _ = snaps[name]
            rel = "/" + "/".join(parts[i + 2:])
            key = snap_root if rel == "/" else snap_root + rel
            return os.path.join(disk, *parts[i + 2:]), meta.get(key), True
        key = "/" + "/".join(parts)
        return os.path.join(self.data, *parts), self.meta.get(key), False

    def get(self, path, message=None):
        disk, meta, _ = self.resolve(path)
        if meta is None:
            raise HdfsError("FileNotFoundException", message or ("File does not exist: " + path))
        return disk, meta

    def check_write(self, user, path, message_path=None):
        if self.resolve(path)[2]:
            raise HdfsError("SnapshotAccessControlException", "Modification on a read-only snapshot is disallowed")
        self.check_access(user, path, 2, "WRITE")

    def check_access(self, user, path, bit, name):
        if user == self.superuser:
            return
        _, meta = self.get(path)
        mode = meta["perm"]
        bits = (mode >> 6) & 7 if user == meta["owner"] else mode & 7
        if not bits & bit:
            raise HdfsError("AccessControlException", 'Permission denied: user=%s, access=%s, inode="%s":%s:%s:%s'
                            % (user, name, path, meta["owner"], meta["group"], perm_string(mode, meta["dir"])))

    def check_owner(self, user, path):
        _, meta = self.get(path, "Directory/File does not exist " + path)
        if user != self.superuser and user != meta["owner"]:
            raise HdfsError("AccessControlException",
                            "Permission denied. user=%s is not the owner of inode=%s" % (user, path))
        return meta

    def check_safemode(self, what):
        if self.safemode:
            raise HdfsError("SafeModeException", what + ". Name node is in safe mode.\nIt was turned on manually. "
                            "Use \"hdfs dfsadmin -safemode leave\" to turn safe mode off. NamenodeHostName:localhost")

    # ----- reads -------------------------------------------------------------
    def file_status(self, path, suffix=""):
        disk, meta = self.get(path)
        is_dir = meta["dir"]
        st = {"accessTime": meta["atime"], "blockSize": 0 if is_dir else meta["blockSize"],
              "childrenNum": len(os.listdir(disk)) if is_dir else 0, "fileId": meta["fileId"],
              "group": meta["group"], "length": 0 if is_dir else os.path.getsize(disk),
              "modificationTime": meta["mtime"], "owner": meta["owner"], "pathSuffix": suffix,
              "permission": "%o" % meta["perm"], "replication": 0 if is_dir else meta["replication"],
              "storagePolicy": 0, "type": "DIRECTORY" if is_dir else "FILE"}
        if meta["acl"]:
            st["aclBit"] = True
        if meta.get("snapshottable") and self.version >= 3:
            st["snapshotEnabled"] = True
        return dict(sorted(st.items()))

    def children(self, path):
        disk, meta = self.get(path, "File %s does not exist." % path)
        parts = split(path)
        if ".snapshot" in parts and parts[-1] == ".snapshot":
            return sorted(self.snapshots.get("/" + "/".join(parts[:-1]), {}).keys())
        if not meta["dir"]:
            return None
        return sorted(os.listdir(disk), key=lambda n: n.encode())

    def content_summary(self, path):
        disk, meta = self.get(path)
        files = dirs = length = 0
        if meta["dir"]:
            for base, dnames, fnames in os.walk(disk):
                dirs += 1
                files += len(fnames)
                length += sum(os.path.getsize(os.path.join(base, f)) for f in fnames)
        else:
            files, length = 1, os.path.getsize(disk)
        cs = {"directoryCount": dirs, "fileCount": files, "length": length, "quota": -1,
              "spaceConsumed": self._consumed(path), "spaceQuota": meta.get("spaceQuota", -1), "typeQuota": {}}
        if self.version >= 3:
            cs.update({"ecPolicy": "" if meta["dir"] else "Replicated", "snapshotDirectoryCount": 0,
                       "snapshotFileCount": 0, "snapshotLength": 0, "snapshotSpaceConsumed": 0})
        return dict(sorted(cs.items()))

    # ----- space quotas ----------------------------------------------------------
    def set_space_quota(self, path, quota):
        with self.lock:
            _, meta = self.get(path)
            if not meta["dir"]:
                raise HdfsError("FileNotFoundException", "Directory does not exist: " + path)
            meta["spaceQuota"] = quota

    def _consumed(self, path):
        """Bytes x replication of the files at or below path."""
        prefix = path.rstrip("/") + "/"
        total = 0
        for key, meta in list(self.meta.items()):
            if not meta["dir"] and (key == path or key.startswith(prefix)):
                disk = self.resolve(key)[0]
                total += (os.path.getsize(disk) if os.path.exists(disk) else 0) * max(1, meta["replication"] or 1)
        return total

    def check_space_quota(self, path, meta):
        """As the NameNode allocating a block for `path`: a whole block of the file's
        size x replication must fit under the space quota of every ancestor."""
        with self.lock:
            need = meta["blockSize"] * max(1, meta["replication"] or 1)
            parts = split(path)
            for i in range(len(parts)):
                d = "/" + "/".join(parts[:i])
                quota = self.meta.get(d, {}).get("spaceQuota", -1)
                if quota >= 0 and self._consumed(d) + need > quota:
                    used = self._consumed(d) + need
                    raise HdfsError("DSQuotaExceededException", "The DiskSpace quota of %s is exceeded: quota = %d B "
                                    "= %s but diskspace consumed = %d B = %s" % (d, quota, _size(quota), used, _size(used)))

    # ----- namespace changes ---------------------------------------------------
    def mkdirs(self, user, path, perm):
        with self.lock:
            self.check_safemode("Cannot create directory " + path)
            parts = split(path)
            cur = ""
            for i, p in enumerate(parts):
                parent = cur or "/"
                cur = cur + "/" + p
                _, meta, _ = self.resolve(cur)
                if meta is not None:
                    if not meta["dir"]:
                        raise HdfsError("ParentNotDirectoryException", "Parent path is not a directory: " + cur)
                    continue
                self.check_write(user, parent)
                os.mkdir(os.path.join(self.data, *parts[:i + 1]))
                self.meta[cur] = self._new_meta(True, user, perm if i == len(parts) - 1 else 0o755)
                self.meta[parent]["mtime"] = now_ms()
            return True

    def begin_create(self, user, path, overwrite, perm, replication, block_size, create_parent):
        """DataNode step 2 of CREATE: makes the file (empty); returns its disk path and metadata."""
        with self.lock:
            self.check_safemode("Cannot create file" + path)
            if block_size <= 0 or block_size % self.bytes_per_checksum:
                # DFSOutputStream's check, raised where the DataNode creates the file.
                raise HdfsError("HadoopIllegalArgumentException", "Invalid values: dfs.bytes-per-checksum (=%d) "
                                "must divide block size (=%d)." % (self.bytes_per_checksum, block_size))
            _, meta, _ = self.resolve(path)
            if meta is not None:
                if meta["dir"]:
                    raise HdfsError("FileAlreadyExistsException", path + " already exists as a directory")
                if not overwrite:
                    raise HdfsError("FileAlreadyExistsException", path + " for client 127.0.0.1 already exists")
            parent = parent_of(path)
            if self.resolve(parent)[1] is None:
                if not create_parent:
                    raise HdfsError("FileNotFoundException", "Parent directory doesn't exist: " + parent)
                self.mkdirs(user, parent, 0o755)
            self.check_write(user, parent)
            disk = self.resolve(path)[0]
            open(disk, "wb").close()
            m = self._new_meta(False, user, perm, replication, block_size)
            if meta is not None:
                m["fileId"] = self.next_id
            self.meta[path] = m
            self.meta[parent]["mtime"] = now_ms()
            return disk, m

    def begin_append(self, user, path):
        with self.lock:
            self.check_safemode("Cannot append to file" + path)
            disk, meta = self.get(path, "File %s not found." % path)
            if meta["dir"]:
                raise HdfsError("FileNotFoundException", "Failed to append to non-existent file " + path)
            self.check_write(user, path)
            return disk, meta

    def touch(self, path):
        with self.lock:
            meta = self.meta.get(path)
            if meta:
                meta["mtime"] = meta["atime"] = now_ms()

    def rename(self, user, src, dst, options):
        with self.lock:
            self.check_safemode("Cannot rename " + src)
            _, smeta, _ = self.resolve(src)
            _, dmeta, _ = self.resolve(dst)
            if options is None:  # plain rename: false instead of reasons
                if smeta is None or src == "/":
                    return False
                if dmeta is not None and dmeta["dir"]:
                    dst = dst.rstrip("/") + "/" + split(src)[-1]
                    dmeta = self.meta.get(dst)
                if dmeta is not None or self.meta.get(parent_of(dst)) is None:
                    return False
            else:
                if smeta is None:
                    raise HdfsError("FileNotFoundException", "rename source %s is not found." % src)
                if self.meta.get(parent_of(dst)) is None:
                    raise HdfsError("FileNotFoundException", "rename destination parent %s not found." % parent_of(dst))
                if dmeta is not None:
                    if "OVERWRITE" not in options:
                        raise HdfsError("FileAlreadyExistsException", "rename destination %s already exists." % dst)
                    if dmeta["dir"] != smeta["dir"]:
                        raise HdfsError("IOException", "Source %s and destination %s must both be directories" % (src, dst))
                    if dmeta["dir"] and os.listdir(self.resolve(dst)[0]):
                        raise HdfsError("IOException", "rename destination directory is not empty: " + dst)
            self.check_write(user, parent_of(src))
            self.check_write(user, parent_of(dst))
            sdisk, ddisk = self.resolve(src)[0], self.resolve(dst)[0]
            if os.path.isdir(ddisk):
                os.rmdir(ddisk)
            os.replace(sdisk, ddisk)
            moved = {k: v for k, v in self.meta.items() if k == src or k.startswith(src + "/")}
            for k in list(self.meta):
                if k == dst or k.startswith(dst + "/"):
                    del self.meta[k]
            for k, v in moved.items():
                del self.meta[k]
                self.meta[dst + k[len(src):]] = v
            t = now_ms()
            self.meta[parent_of(src)]["mtime"] = t
            self.meta[parent_of(dst)]["mtime"] = t
            return True

    def delete(self, user, path, recursive):
        with self.lock:
            self.check_safemode("Cannot delete " + path)
            disk, meta, _ = self.resolve(path)
            if meta is None:
                return False
            if path == "/":
                raise HdfsError("IOException", "Cannot delete the root directory")
            if meta["dir"] and os.listdir(disk) and not recursive:
                raise HdfsError("PathIsNotEmptyDirectoryException", "`%s is non empty': Directory is not empty" % path)
            if meta["dir"] and self.snapshots.get(path):
                raise HdfsError("SnapshotException", "The directory %s cannot be deleted since %s is snapshottable "
                                "and already has snapshots" % (path, path))
            self.check_write(user, parent_of(path))
            if meta["dir"]:
                shutil.rmtree(disk)
            else:
                os.unlink(disk)
            for k in list(self.meta):
                if k == path or k.startswith(path + "/"):
                    del self.meta[k]
            self.meta[parent_of(path)]["mtime"] = now_ms()
            return True

    def set_attr(self, user, path, op, **kw):
        with self.lock:
            if op == "SETOWNER":
                meta = self.check_owner(user, path)
                if user != self.superuser and kw.get("owner") not in (None, user):
                    raise HdfsError("AccessControlException", "User %s is not a super user (non-super user cannot "
                                    "change owner)." % user)
                if kw.get("owner"):
                    meta["owner"] = kw["owner"]
                if kw.get("group"):
                    meta["group"] = kw["group"]
            elif op == "SETPERMISSION":
                self.check_owner(user, path)["perm"] = kw["perm"]
            elif op == "SETTIMES":
                meta = self.check_owner(user, path)
                if kw["mtime"] >= 0:
                    meta["mtime"] = kw["mtime"]
                if kw["atime"] >= 0:
                    meta["atime"] = kw["atime"]
            elif op == "SETREPLICATION":
                meta = self.check_owner(user, path)
                if meta["dir"]:
                    return False
                meta["replication"] = kw["replication"]
            return True

    # ----- ACLs and xattrs -----------------------------------------------------
    def set_acl(self, user, path, op, spec):
        with self.lock:
            meta = self.check_owner(user, path)
            entries = [e for e in spec.split(",") if e] if spec else []
            acl = meta["acl"]
            if op == "SETACL":
                base = {}
                rest = []
                for e in entries:
                    kind = e.rsplit(":", 1)[0]
                    if kind in ("user:", "group:", "other:", "mask:") and not e.startswith("default:"):
                        base[kind] = e.rsplit(":", 1)[1]
                    else:
                        rest.append(e)
                for kind, shift in (("user:", 6), ("other:", 0)):
                    if kind in base:
                        meta["perm"] = (meta["perm"] & ~(7 << shift)) | (_bits(base[kind]) << shift)
                named = [e for e in rest if not e.startswith("default:")]
                group_bits = base.get("mask:", base.get("group:"))
                if named and "mask:" not in base:
                    # HDFS computes the mask as the union of the group class.
                    union = _bits(base.get("group:", _rwx((meta["perm"] >> 3) & 7)))
                    for e in named:
                        if e.startswith("user:") or e.startswith("group:"):
                            union |= _bits(e.rsplit(":", 1)[1])
                    group_bits = _rwx(union)
                if named and "group:" in base:
                    rest.insert(0, "group::" + base["group:"])
                if group_bits:
                    meta["perm"] = (meta["perm"] & ~0o70) | (_bits(group_bits) << 3)
                meta["acl"] = _order(rest)
            elif op == "MODIFYACLENTRIES":
                keys = {e.rsplit(":", 1)[0] for e in entries}
                meta["acl"] = _order([e for e in acl if e.rsplit(":", 1)[0] not in keys] + entries)
                if not any(e.startswith("group::") for e in meta["acl"]) and any(
                        not e.startswith("default:") for e in meta["acl"]):
                    meta["acl"].append("group::" + _rwx((meta["perm"] >> 3) & 7))
                    meta["acl"] = _order(meta["acl"])
            elif op == "REMOVEACLENTRIES":
                keys = {e.rstrip(":").rsplit(":", 1)[0] if e.count(":") >= 2 else e.rstrip(":") for e in entries}
                keys |= {e.rstrip(":") for e in entries}
                meta["acl"] = [e for e in acl if e.rsplit(":", 1)[0] not in keys]
            elif op == "REMOVEDEFAULTACL":
                meta["acl"] = [e for e in acl if not e.startswith("default:")]
            elif op == "REMOVEACL":
                meta["acl"] = [e for e in acl if e.startswith("default:")]
            if not any(not e.startswith("default:") and not e.startswith("group::") for e in meta["acl"]):
                meta["acl"] = [e for e in meta["acl"] if not e.startswith("group::")]

    def acl_status(self, path):
        _, meta = self.get(path, "cannot find " + path)
        return {"AclStatus": {"entries": meta["acl"], "group": meta["group"], "owner": meta["owner"],
                              "permission": "%o" % (meta["perm"] & 0o777),
                              "stickyBit": bool(meta["perm"] & 0o1000)}}

    def set_xattr(self, user, path, name, value, flags):
        with self.lock:
            if not re.match(r"^(user|trusted|security|system|raw)\.", name):
                raise HdfsError("HadoopIllegalArgumentException",
                                "An XAttr name must be prefixed with user/trusted/security/system/raw, followed by a '.'")
            meta = self.check_owner(user, path)
            exists = name in meta["xattrs"]
            short = name.split(".", 1)[1]
            if exists and "REPLACE" not in flags:
                raise HdfsError("IOException", "XAttr: %s already exists. The REPLACE flag must be specified." % short)
            if not exists and "CREATE" not in flags:
                raise HdfsError("IOException", "XAttr: %s does not exist. The CREATE flag must be specified." % short)
            meta["xattrs"][name] = value

    def remove_xattr(self, user, path, name):
        with self.lock:
            meta = self.check_owner(user, path)
            if name not in meta["xattrs"]:
                raise HdfsError("IOException", "No matching attributes found for remove operation")
            del meta["xattrs"][name]

def _size(n):
    """Hadoop's long2String(n, "B", 2): 1 MB, 1.50 GB."""
    for unit, prefix in ((1 << 50, "P"), (1 << 40, "T"), (1 << 30, "G"), (1 << 20, "M"), (1 << 10, "K")):
        if n >= unit:
            return ("%d %sB" % (n // unit, prefix)) if n % unit == 0 else ("%.2f %sB" % (n / unit, prefix))
    return "%d B" % n


def _bits(rwx):
    return (4 if "r" in rwx else 0) | (2 if "w" in rwx else 0) | (1 if "x" in rwx else 0)


def _rwx(bits):
    return ("r" if bits & 4 else "-") + ("w" if bits & 2 else "-") + ("x" if bits & 1 else "-")


def _order(entries):
    """HDFS order: access before default; user, group, mask, other; named after unnamed."""
    rank = {"user": 0, "group": 1, "mask": 2, "other": 3}

    def key(e):
        d = e.startswith("default:")
        body = e[len("default:"):] if d else e
        kind, name = body.split(":")[0], body.split(":")[1]
        return (d, rank.get(kind, 4), name != "", name)
    return sorted(dict.fromkeys(entries), key=key)
