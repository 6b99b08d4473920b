"""The DataNode side of the WebHDFS test server: step 2 of OPEN, CREATE, APPEND
and GETFILECHECKSUM, answering as Hadoop's netty DataNode does (Content-Length,
Connection: close, an unsolicited 100 Continue before CREATE/APPEND answers,
stack traces in error messages), with the drop/stall faults applied mid-body."""
import os
import socket
import time

import hdfs_checksums
from hdfs_store import HdfsError
from webhdfs_params import bool_param, int_param


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
                algo, raw = hdfs_checksums.md5md5crc(disk, length, meta["blockSize"], meta["bpc"], meta["crc"])
                hexbytes = (raw + bytes(4)).hex()
            return self.send_json({"FileChecksum": {"algorithm": algo, "bytes": hexbytes, "length": len(raw)}})
        if op in ("CREATE", "APPEND"):
            # Netty's DataNode answers 100 Continue whether or not it was asked.
            self.wfile.write(b"HTTP/1.1 100 Continue\r\n\r\n")
            if op == "CREATE":
                perm_default = 0o644 if self.state.version >= 3 else 0o755
                disk = store.begin_create(self.user, path, bool_param(params, "overwrite", False),
                                          int_param(params, "permission", perm_default, 8, "short"),
                                          int_param(params, "replication", 3 if False else 1),
                                          int_param(params, "blocksize", store.block_size),
                                          bool_param(params, "createparent", True))
            else:
                disk = store.begin_append(self.user, path)
            drop = fault.get("after", 0) if fault is not None and fault["kind"] == "drop" else None
            # Bytes go straight to the file: a cut upload leaves what arrived, as HDFS
            # does once the writer's lease is recovered.
            with open(disk, "ab") as f:
                try:
                    self.read_body(f.write, drop)
                except ConnectionAbortedError:
                    f.flush()
                    self.close_connection = True
                    self.connection.shutdown(socket.SHUT_RDWR)
                    return
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
