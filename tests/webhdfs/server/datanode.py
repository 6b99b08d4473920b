"""The DataNode side of the WebHDFS test server: step 2 of OPEN, CREATE, APPEND
and GETFILECHECKSUM, answering as Hadoop's netty DataNode does (Content-Length,
Connection: close, an unsolicited 100 Continue before CREATE/APPEND answers,
stack traces in error messages), with the drop/stall faults applied mid-body.

Like a DataNode, it computes the CRC of every bytes-per-checksum chunk while
CREATE/APPEND bodies stream to disk and keeps them with the file (its .meta);
APPEND recomputes the CRC of a partial last chunk from its stored bytes, and
GETFILECHECKSUM only hashes the stored CRCs. The CRCs are trusted while the
file's size, mtime and inode are those recorded after the write; otherwise (a
file changed behind the server's back, a snapshot copy) they are recomputed from
the stored bytes, so answers match the bytes on disk (a same-size rewrite behind
the server's back within one tick of the file timestamps, a few milliseconds,
would go unnoticed)."""
import os
import socket
import time

import hdfs_checksums
from hdfs_store import HdfsError
from webhdfs_params import bool_param, int_param


def _stamp(st):
    return (st.st_size, st.st_mtime_ns, st.st_ino)


def record_crcs(store, meta, stream, st):
    """Keeps the chunk CRCs of a finished (or cut) write when they cover the file."""
    with store.lock:
        if stream.length == st.st_size:
            meta["crcs"], meta["crcStamp"] = stream.result(), _stamp(st)
        else:
            meta.pop("crcs", None)


def stored_crcs(store, disk, meta):
    """(chunk CRCs, length) of a file: the stored ones, or recomputed and stored."""
    st = os.stat(disk)
    with store.lock:
        crcs, stamp = meta.get("crcs"), meta.get("crcStamp")
    if crcs is not None and stamp == _stamp(st):
        return crcs, st.st_size
    crcs, length = hdfs_checksums.crcs_of_file(disk, meta["crc"], meta["bpc"])
    with store.lock:
        store.crc_recomputes += 1
    after = os.stat(disk)
    if _stamp(after) == _stamp(st) and length == after.st_size:
        with store.lock:
            meta["crcs"], meta["crcStamp"] = crcs, _stamp(after)
    return crcs, length


def append_stream(store, disk, meta):
    """A CRC stream continuing the file: its whole chunks' CRCs, its partial last
    chunk read back so that the chunk's CRC is recomputed over old + new bytes."""
    crcs, length = stored_crcs(store, disk, meta)
    partial = length % meta["bpc"]
    tail = b""
    if partial:
        with open(disk, "rb") as f:
            f.seek(length - partial)
            tail = f.read(partial)
        crcs = crcs[:-4]
    return hdfs_checksums.ChunkCrcStream(meta["crc"], meta["bpc"], crcs, tail)


class DataNodeMixin:
    def datanode(self, op, path, params, fault):
        store = self.state.store
        if op == "OPEN":
            disk, meta = store.get(path)
            if meta["dir"]:
                raise HdfsError("FileNotFoundException", "Path is not a file: " + path, 404)
            size = os.path.getsize(disk)
            offset = int_param(params, "offset", 0)
            length = min(int_param(params, "length", size - offset), max(0, size - offset))
            self.send_response(200)
            self.send_header("Access-Control-Allow-Methods", "GET")
            self.send_header("Access-Control-Allow-Origin", "*")
            self.send_header("Content-Type", "application/octet-stream")
            self.send_header("Connection", "close")
            self.send_header("Content-Length", str(length))
            self.end_headers()
            self.close_connection = True
            cut = fault.get("after", 0) if fault is not None and fault["kind"] in ("drop", "stall") else None
            sent = 0
            with open(disk, "rb") as f:
                f.seek(offset)
                while sent < length:
                    n = min(1 << 20, length - sent)
                    if cut is not None:
                        n = min(n, cut - sent)
                        if n <= 0:
                            self.wfile.flush()
                            if fault["kind"] == "stall":
                                time.sleep(fault.get("ms", 5000) / 1000.0)
                            self.connection.shutdown(socket.SHUT_RDWR)
                            return
                    data = f.read(n)
                    if not data:
                        break
                    self.wfile.write(data)
                    sent += len(data)
            return
        if op == "GETFILECHECKSUM":
            disk, meta = store.get(path)
            if meta["dir"]:
                raise HdfsError("FileNotFoundException", "Path is not a file: " + path, 404)
            length = os.path.getsize(disk)
            if self.state.args.combine_mode == "COMPOSITE_CRC" and length > 0:
                algo, raw = hdfs_checksums.composite_crc(disk, meta["crc"])
                hexbytes = raw.hex()
            else:
                crcs, length = stored_crcs(store, disk, meta)
                algo, raw = hdfs_checksums.md5md5crc(crcs, length, meta["blockSize"], meta["bpc"], meta["crc"])
                hexbytes = (raw + bytes(4)).hex()
            return self.send_json({"FileChecksum": {"algorithm": algo, "bytes": hexbytes, "length": len(raw)}})
        if op in ("CREATE", "APPEND"):
            # Netty's DataNode answers 100 Continue whether or not it was asked.
            self.wfile.write(b"HTTP/1.1 100 Continue\r\n\r\n")
            # Errors found before the data (exists, permission, safe mode, block size)
            # are answered after the body is read: the client sends it after our 100
            # Continue, and closing on unread bytes would reset the connection before
            # it reads the answer.
            try:
                if op == "CREATE":
                    perm_default = 0o644 if self.state.version >= 3 else 0o755
                    disk, meta = store.begin_create(self.user, path, bool_param(params, "overwrite", False),
                                                    int_param(params, "permission", perm_default, 8, "short"),
                                                    int_param(params, "replication", 1),
                                                    int_param(params, "blocksize", store.block_size),
                                                    bool_param(params, "createparent", True))
                    crcs = hdfs_checksums.ChunkCrcStream(meta["crc"], meta["bpc"])
                else:
                    disk, meta = store.begin_append(self.user, path)
                    crcs = append_stream(store, disk, meta)
            except HdfsError:
                self.read_body(lambda data: None)
                raise
            drop = fault.get("after", 0) if fault is not None and fault["kind"] == "drop" else None

            # Bytes go straight to the file: a cut upload leaves what arrived, as HDFS
            # does once the writer's lease is recovered, and its CRCs cover them.
            # The first bytes need a block: that is when a space quota refuses them (the
            # rest of the body is read and dropped, then the error answered).
            refused = []
            with open(disk, "ab") as f:
                def sink(data):
                    if f.tell() == 0 and not refused and data:
                        try:
                            store.check_space_quota(path, meta)
                        except HdfsError as e:
                            refused.append(e)
                    if refused:
                        return
                    f.write(data)
                    crcs.update(data)
                try:
                    self.read_body(sink, drop)
                except ConnectionAbortedError:
                    self.close_connection = True
                    self.connection.shutdown(socket.SHUT_RDWR)
                    return
                finally:
                    f.flush()
                    record_crcs(store, meta, crcs, os.fstat(f.fileno()))
            if refused:
                raise refused[0]
            store.touch(path)
            if op == "CREATE":
                self.send_response(201)
                self.send_header("Location", "hdfs://127.0.0.1:%d%s" % (self.state.args.rpc_port, path))
            else:
                self.send_response(200)
            self.send_header("Content-Length", "0")
            if op == "CREATE":
                self.send_header("Access-Control-Allow-Origin", "*")
            self.send_header("Connection", "close")
            self.end_headers()
            self.close_connection = True
            return
        raise HdfsError("IllegalArgumentException", "Invalid operation " + op)
