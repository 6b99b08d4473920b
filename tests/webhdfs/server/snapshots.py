"""Snapshots of the WebHDFS test server's namespace: full copies taken at
CREATESNAPSHOT (data and metadata), and HDFS's SnapshotDiffReport between two of
them or one and the current tree. A mixin of hdfs_store.Store."""
import os
import shutil
import time

from hdfs_common import HdfsError, now_ms


class SnapshotsMixin:
    """Snapshot operations over Store's metadata table and data directory."""

    def allow_snapshot(self, path):
        with self.lock:
            self.get(path)[1]["snapshottable"] = True

    def create_snapshot(self, user, path, name):
        with self.lock:
            disk, meta = self.get(path)
            if not meta.get("snapshottable"):
                raise HdfsError("SnapshotException", "Directory is not a snapshottable directory: " + path)
            snaps = self.snapshots.setdefault(path, {})
            if not name:
                name = time.strftime("s%Y%m%d-%H%M%S.", time.localtime()) + "%03d" % (now_ms() % 1000)
            if name in snaps:
                raise HdfsError("SnapshotException", "Failed to add snapshot: there is already a snapshot with the "
                                "same name \"%s\"." % name)
            target = os.path.join(self.snapdir, "%d-%s" % (meta["fileId"], name))
            shutil.copytree(disk, target)
            copy = {k: _copy_meta(v) for k, v in self.meta.items() if k == path or k.startswith(path.rstrip("/") + "/")}
            snaps[name] = (target, copy, now_ms())
            return path.rstrip("/") + "/.snapshot/" + name

    def delete_snapshot(self, user, path, name):
        with self.lock:
            snaps = self.snapshots.get(path, {})
            if name not in snaps:
                raise HdfsError("SnapshotException", "Cannot delete snapshot %s from path %s: the snapshot does not "
                                "exist." % (name, path))
            shutil.rmtree(snaps.pop(name)[0])

    def rename_snapshot(self, path, old, new):
        with self.lock:
            snaps = self.snapshots.get(path, {})
            if old not in snaps:
                raise HdfsError("SnapshotException", "The snapshot %s does not exist for directory %s" % (old, path))
            snaps[new] = snaps.pop(old)

    def snapshot_diff(self, path, old, new):
        """HDFS's SnapshotDiffReport between two snapshots ("" = the current tree).
        Entries are matched by inode (fileId), as HDFS does, so a rename is one RENAME
        rather than DELETE + CREATE; only the top of a created, deleted or moved
        subtree is listed; MODIFY marks changed files and directories whose children
        changed (their mtime). Order as HDFS reports: per directory, its MODIFY,
        then its children's CREATE, DELETE, RENAME and file MODIFY entries."""
        with self.lock:
            def tree(name):
                if not name:
                    items = {k: v for k, v in self.meta.items()
                             if k == path or k.startswith(path.rstrip("/") + "/")}
                else:
                    snaps = self.snapshots.get(path, {})
                    if name not in snaps:
                        raise HdfsError("SnapshotException", "Cannot find the snapshot of directory %s with name %s"
                                        % (path, name))
                    items = snaps[name][1]
                return {v["fileId"]: (k[len(path):].strip("/"), v["mtime"], v["dir"]) for k, v in items.items()}
            a, b = tree(old), tree(new)

            def parent(rel):
                return rel.rsplit("/", 1)[0] if "/" in rel else ""

            by_path_a = {rel: fid for fid, (rel, _, _) in a.items()}
            by_path_b = {rel: fid for fid, (rel, _, _) in b.items()}
            rank = {"MODIFY-dir": 0, "CREATE": 1, "DELETE": 2, "RENAME": 3, "MODIFY": 4}
            entries = []  # (group dir, rank, path, entry)
            for fid, (rel, mtime, is_dir) in a.items():
                if fid not in b:
                    if rel and by_path_a.get(parent(rel)) in b:  # not inside a deleted subtree
                        entries.append((parent(rel), rank["DELETE"], rel, {"sourcePath": rel, "type": "DELETE"}))
                    continue
                rel_b, mtime_b, _ = b[fid]
                if rel_b != rel and rel:
                    # A child moved along with its renamed parent is not listed itself.
                    pa, pb = by_path_a.get(parent(rel)), by_path_b.get(parent(rel_b))
                    if pa != pb or rel.rsplit("/", 1)[-1] != rel_b.rsplit("/", 1)[-1]:
                        entries.append((parent(rel), rank["RENAME"], rel,
                                        {"sourcePath": rel, "targetPath": rel_b, "type": "RENAME"}))
                if mtime_b != mtime:
                    group, r = (rel, rank["MODIFY-dir"]) if is_dir else (parent(rel), rank["MODIFY"])
                    entries.append((group, r, rel, {"sourcePath": rel, "type": "MODIFY"}))
            for fid, (rel, _, _) in b.items():
                if fid not in a and rel and by_path_b.get(parent(rel)) in a:  # top of a created subtree
                    entries.append((parent(rel), rank["CREATE"], rel, {"sourcePath": rel, "type": "CREATE"}))
            entries.sort(key=lambda e: (e[0].split("/") if e[0] else [], e[1], e[2].encode()))
            return {"SnapshotDiffReport": {"diffList": [e[3] for e in entries], "fromSnapshot": old,
                                           "snapshotRoot": path, "toSnapshot": new}}


def _copy_meta(m):
    c = dict(m)
    c["acl"] = list(m["acl"])
    c["xattrs"] = dict(m["xattrs"])
    return c
