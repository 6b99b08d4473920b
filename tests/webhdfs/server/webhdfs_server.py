#!/usr/bin/env python3
"""A WebHDFS test server for hmig's tests, written to Hadoop's published WebHDFS
REST API and checked against real exchanges recorded from Hadoop 3.3.6 and
2.10.1 (shared fixtures, webhdfs/README.md). No Hadoop can be installed where
hmig's tests run, so this stands in for a NameNode plus one DataNode.

Why Python: the standard library has an HTTP/1.1 server, JSON, threads and TLS,
so the server needs little beyond python3 and stays short enough to read next to
the spec. The one hot loop, the DataNode's per-chunk CRCs, runs in C (ISA-L
through ctypes, one call per buffer with chunk_crcs.cpp's helper), so the data
path moves hundreds of MB/s and the benchmark measures the client, not the
server, next to curl against the same server.

Files: webhdfs_server.py (HTTP plumbing, auth, faults, control), namenode.py
(NameNode operations), datanode.py (data steps), hdfs_store.py and snapshots.py
(the namespace), hdfs_checksums.py (chunk CRCs and file checksums).

Faithful:
  * separate NameNode and DataNode HTTP ports; OPEN, CREATE, APPEND and
    GETFILECHECKSUM answer 307 at the NameNode with a DataNode Location built like
    Hadoop's (namenoderpcaddress, createflag/createparent/overwrite, sorted
    params), or {"Location":..} with noredirect=true; the NameNode checks nothing
    before redirecting CREATE (errors such as FileAlreadyExists come from the
    DataNode, after its unsolicited "100 Continue", with a stack trace);
  * NameNode JSON is chunked, empty answers are octet-stream Content-Length 0,
    DataNode answers carry Content-Length and Connection: close, hadoop.auth
    cookies, LISTSTATUS bodies with newlines, keys in alphabetical order;
  * RemoteException JSON with Hadoop's exception names, HTTP codes and messages;
    OPEN at or past EOF is a 403 IOException; boolean answers as Hadoop gives them;
  * LISTSTATUS_BATCH paging with startAfter and remainingEntries (page size set by
    --page-size, small in tests);
  * GETFILECHECKSUM answers HDFS's MD5-of-MD5-of-CRC32C/CRC32 for each file's
    block size, bytes-per-checksum and checksum type (64 hex digits with 4 zero
    padding bytes, length 28, as recorded), from chunk CRCs the DataNode side
    computed while CREATE/APPEND wrote the data, as a DataNode keeps them in a
    block's .meta file (datanode.py, hdfs_checksums.py); a block size that is not
    a multiple of bytes-per-checksum is refused as DFSOutputStream refuses it;
  * --hadoop-version 2 gives 2.10.1's differences: 307 reason TEMPORARY_REDIRECT,
    755 files from CREATE, no snapshotEnabled, GETSNAPSHOTDIFF rejected, short
    GETCONTENTSUMMARY;
  * delegation tokens (--auth token): GETDELEGATIONTOKEN issues, RENEW/CANCEL,
    every other call needs delegation=<token> (401 without, 403 InvalidToken when
    unknown or cancelled); with --auth simple GETDELEGATIONTOKEN answers
    {"Token":null} as recorded;
  * HA: --standby answers every call with 403 StandbyException;
  * --httpfs behaves as an HttpFS gateway: OPEN and GETFILECHECKSUM answer at once,
    CREATE/APPEND redirect to the gateway itself with data=true;
  * safe mode (control endpoint) refuses changes with SafeModeException.
Limits: metadata is in memory for the server's lifetime (data on disk under
--root); one DataNode, replication is only recorded; space quotas only (see
hdfs_store.py), no leases or erasure coding; permission checks are owner/other bits only, ACLs are stored but
not enforced; snapshots are full copies;
COMPOSITE-CRC answers only with --combine-mode COMPOSITE_CRC
(real WebHDFS never gives them); chunk CRCs are kept in memory with the
metadata, not in .meta files; no minimum block size (tests use small blocks).

Fault injection (for retry and safety tests) through the NameNode port:
  POST /hmig-test/faults   body: JSON list of rules, appended
      {"where": "nn"|"dn", "op": "OPEN"|"CREATE"|...|"*", "count": N,
       "kind": "status", "status": 500|503|...}      answer an error
       "kind": "drop", "after": BYTES}               cut the connection mid-body
                                                     (OPEN: after sending BYTES;
                                                      CREATE/APPEND: after receiving)
       "kind": "slow", "ms": MS}                     delay the answer
       "kind": "stall", "after": BYTES, "ms": MS}    OPEN: send BYTES then stall
       "kind": "refuse"}                             (nn only) redirect to a closed port
  DELETE /hmig-test/faults  clears the rules;  GET /hmig-test/state  counters
      (requests, fired faults, crc_recomputes: checksums that had to re-read data)
  PUT /hmig-test/mode?standby=true|false&safemode=true|false
  PUT /hmig-test/token?token=T&owner=U   accept delegation token T as user U
  PUT /hmig-test/quota?path=P&space=BYTES  space quota on directory P (-1 clears)
"""
import argparse
import base64
import getpass
import json
import os
import secrets
import signal
import ssl
import sys
import threading
import time
import urllib.parse
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import hdfs_checksums  # noqa: E402
import spnego  # noqa: E402
from datanode import DataNodeMixin  # noqa: E402
from hdfs_store import HdfsError, Store, now_ms  # noqa: E402
from namenode import NameNodeMixin  # noqa: E402
from webhdfs_params import parse_query  # noqa: E402

GET_OPS = {"OPEN", "GETFILESTATUS", "LISTSTATUS", "LISTSTATUS_BATCH", "GETCONTENTSUMMARY", "GETFILECHECKSUM",
           "GETHOMEDIRECTORY", "GETDELEGATIONTOKEN", "GETACLSTATUS", "GETXATTRS", "LISTXATTRS", "GETSNAPSHOTDIFF",
           "GETSNAPSHOTTABLEDIRECTORYLIST"}
PUT_OPS = {"CREATE", "MKDIRS", "RENAME", "SETPERMISSION", "SETOWNER", "SETTIMES", "SETREPLICATION", "SETACL",
           "MODIFYACLENTRIES", "REMOVEACLENTRIES", "REMOVEACL", "REMOVEDEFAULTACL", "SETXATTR", "REMOVEXATTR",
           "CREATESNAPSHOT", "RENAMESNAPSHOT", "ALLOWSNAPSHOT", "RENEWDELEGATIONTOKEN", "CANCELDELEGATIONTOKEN"}
POST_OPS = {"APPEND", "CONCAT", "TRUNCATE"}
DELETE_OPS = {"DELETE", "DELETESNAPSHOT"}
OPS = {"GET": GET_OPS, "PUT": PUT_OPS, "POST": POST_OPS, "DELETE": DELETE_OPS}
STACK = "\n\tat org.apache.hadoop.hdfs.server.datanode.web.webhdfs.WebHdfsHandler.channelRead0(WebHdfsHandler.java:0)"


class Unauthorized(Exception):
    """401 with a Negotiate challenge, as Hadoop's AuthenticationFilter answers."""


class State:
    def __init__(self, args):
        self.args = args
        self.version = args.hadoop_version
        self.store = Store(args.root, args.superuser, args.hadoop_version, args.block_size,
                           args.bytes_per_checksum, args.checksum_type)
        self.standby = args.standby
        self.faults = []
        self.fired = {}
        self.requests = {}
        self.tokens = {}
        self.auth_cookies = {}
        self.lock = threading.Lock()
        self.nn_port = self.dn_port = 0
        self.scheme = "https" if args.tls_cert else "http"

    def issue_token(self, owner, renewer):
        token = base64.urlsafe_b64encode(secrets.token_bytes(30)).decode().rstrip("=")
        with self.lock:
            self.tokens[token] = {"owner": owner, "renewer": renewer,
                                  "expiry": now_ms() + self.args.token_lifetime_ms}
        return token

    def take_fault(self, where, op):
        with self.lock:
            key = "%s %s" % (where, op)
            self.requests[key] = self.requests.get(key, 0) + 1
            for rule in self.faults:
                if rule.get("where", "nn") == where and rule.get("op", "*") in ("*", op) and rule.get("count", 1) > 0:
                    rule["count"] = rule.get("count", 1) - 1
                    name = "%s %s %s" % (where, op, rule["kind"])
                    self.fired[name] = self.fired.get(name, 0) + 1
                    return rule
            return None


class Handler(NameNodeMixin, DataNodeMixin, BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    # TCP_NODELAY, as Jetty sets it by default: answers are written in several pieces
    # (headers, chunk, last chunk), and with Nagle the last small piece waits for the
    # client's delayed ACK, adding 40 ms to every keep-alive NameNode call.
    disable_nagle_algorithm = True
    state = None
    role = "nn"

    def log_message(self, fmt, *args):  # quiet: tests read failures from the client
        pass

    # ----- plumbing -------------------------------------------------------------
    def send_json(self, obj, status=200, text=None):
        body = (text if text is not None else json.dumps(obj, separators=(",", ":"))).encode()
        if self.role == "dn":
            self.send_response(status)
            self.send_header("Content-Type", "application/json; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            self.send_header("Connection", "close")
            self.end_headers()
            self.wfile.write(body)
            self.close_connection = True
            return
        self.send_response(status)
        self.nn_headers()
        self.send_header("Content-Type", "application/json")
        self.send_header("Transfer-Encoding", "chunked")
        self.end_headers()
        if body:
            self.wfile.write(b"%x\r\n%s\r\n" % (len(body), body))
        self.wfile.write(b"0\r\n\r\n")

    def nn_headers(self):
        self.send_header("Cache-Control", "no-cache")
        self.send_header("Pragma", "no-cache")
        self.send_header("X-FRAME-OPTIONS", "SAMEORIGIN")
        if self.state.version >= 3:
            self.send_header("X-Content-Type-Options", "nosniff")
        reply = getattr(self, "spnego_reply", None)
        if reply is not None:
            if reply[0]:
                self.send_header("WWW-Authenticate", "Negotiate " + reply[0])
            self.send_header("Set-Cookie", 'hadoop.auth="%s"; Path=/; HttpOnly' % reply[1])
            self.spnego_reply = None
            return
        self.send_header("Set-Cookie", 'hadoop.auth="u=%s&t=simple&e=%d&s=test"; Path=/; HttpOnly'
                         % (getattr(self, "user", "") or "dr.who", now_ms() + 36000000))

    def send_empty(self, status=200):
        self.send_response(status)
        self.nn_headers()
        self.send_header("Content-Type", "application/octet-stream")
        self.send_header("Content-Length", "0")
        self.end_headers()

    def send_error_json(self, err):
        if self.role == "dn":
            err = HdfsError(err.exception, err.message + STACK, err.status)
        self.send_json(err.body(), err.status)

    def read_body(self, sink, drop_after=None):
        """Streams the request body (Content-Length or chunked) into sink(bytes)."""
        got = 0
        if self.headers.get("Transfer-Encoding", "").lower() == "chunked":
            while True:
                line = self.rfile.readline()
                if not line:
                    raise ConnectionError("body ended early")
                size = int(line.split(b";")[0].strip() or b"0", 16)
                if size == 0:
                    while self.rfile.readline() not in (b"\r\n", b"\n", b""):
                        pass
                    return got
                left = size
                while left:
                    data = self.rfile.read(min(left, 1 << 20))
                    if not data:
                        raise ConnectionError("body ended early")
                    sink(data)
                    got += len(data)
                    left -= len(data)
                    if drop_after is not None and got >= drop_after:
                        raise ConnectionAbortedError("fault: drop")
                self.rfile.readline()
        left = int(self.headers.get("Content-Length") or 0)
        while left:
            data = self.rfile.read(min(left, 1 << 20))
            if not data:
                raise ConnectionError("body ended early")
            sink(data)
            got += len(data)
            left -= len(data)
            if drop_after is not None and got >= drop_after:
                raise ConnectionAbortedError("fault: drop")
        return got

    def do_GET(self):
        self.dispatch("GET")

    def do_PUT(self):
        self.dispatch("PUT")

    def do_POST(self):
        self.dispatch("POST")

    def do_DELETE(self):
        self.dispatch("DELETE")

    def dispatch(self, method):
        url = urllib.parse.urlsplit(self.path)
        params = parse_query(url.query)
        self.user = ""
        try:
            if url.path.startswith("/hmig-test/") and self.role == "nn":
                return self.control(method, url.path, params)
            if not url.path.startswith("/webhdfs/v1"):
                self.read_body(lambda d: None)
                body = b"<html><body><h2>HTTP ERROR 404 Not Found</h2></body></html>"
                self.send_response(404)
                self.send_header("Content-Type", "text/html;charset=iso-8859-1")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)
                return
            path = urllib.parse.unquote(url.path[len("/webhdfs/v1"):]) or "/"
            op = params.get("op", "").upper()
            gateway_data = self.state.args.httpfs and op in ("CREATE", "APPEND") and params.get("data") == "true"
            if self.role == "nn" and method in ("PUT", "POST") and not gateway_data:  # a NameNode ignores data
                self.read_body(lambda d: None)
            fault = self.state.take_fault(self.role, op)
            if fault is not None and self.apply_fault(fault, before_body=True):
                return
            if not op:
                raise HdfsError("UnsupportedOperationException", "op=NULL is not supported")
            if op not in OPS[method] or (op == "GETSNAPSHOTDIFF" and self.state.version < 3):
                raise HdfsError("IllegalArgumentException", "Invalid value for webhdfs parameter \"op\": %s is not a "
                                "valid %s operation." % (op, method))
            self.user = self.authenticate(params, op)
            if self.role == "nn" and self.state.standby:
                raise HdfsError("StandbyException", "Operation category %s is not supported in state standby. "
                                "Visit https://s.apache.org/sbnn-error" % ("READ" if method == "GET" else "WRITE"))
            store = self.state.store
            npath = store.normalize(path)
            if self.role == "dn":
                return self.datanode(op, npath, params, fault)
            return self.namenode(method, op, npath, params, fault)
        except Unauthorized:
            # As Hadoop's AuthenticationFilter: 401, a Negotiate challenge, an HTML page.
            body = b"<html><body><h2>HTTP ERROR 401 Authentication required</h2></body></html>"
            self.close_connection = False
            self.send_response(401, "Authentication required")
            self.send_header("WWW-Authenticate", "Negotiate")
            self.send_header("Content-Type", "text/html;charset=iso-8859-1")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)
        except HdfsError as e:
            self.send_error_json(e)
        except (ConnectionError, BrokenPipeError):
            self.close_connection = True

    def authenticate(self, params, op):
        if self.state.args.auth == "kerberos" and self.role == "nn":
            return self.authenticate_spnego()
        if self.state.args.auth == "kerberos" and self.role == "dn":
            # DataNodes take the delegation token the NameNode put in the redirect.
            with self.state.lock:
                info = self.state.tokens.get(params.get("delegation", ""))
            if info is None:
                raise HdfsError("InvalidToken", "token can't be found in cache")
            return info["owner"]
        if self.state.args.auth == "token" and op != "GETDELEGATIONTOKEN":
            token = params.get("delegation")
            if not token:
                raise Unauthorized()
            with self.state.lock:
                info = self.state.tokens.get(token)
            if info is None or info["expiry"] < now_ms():
                raise HdfsError("InvalidToken", "token (HDFS_DELEGATION_TOKEN token for %s) can't be found in cache"
                                % (info or {}).get("owner", "?"))
            return info["owner"]
        if params.get("delegation"):
            with self.state.lock:
                info = self.state.tokens.get(params["delegation"])
            if info is None:
                raise HdfsError("InvalidToken", "token can't be found in cache")
            return info["owner"]
        return params.get("user.name") or self.state.args.static_user

    def authenticate_spnego(self):
        """Hadoop's AuthenticationFilter: a valid hadoop.auth cookie, or SPNEGO."""
        import http.cookies
        jar = http.cookies.SimpleCookie(self.headers.get("Cookie", ""))
        if "hadoop.auth" in jar:
            with self.state.lock:
                user = self.state.auth_cookies.get(jar["hadoop.auth"].value.strip('"'))
            if user:
                return user
        try:
            user, reply = spnego.accept(self.headers.get("Authorization"))
        except spnego.SpnegoError as e:
            raise Unauthorized(str(e))
        cookie = secrets.token_hex(16)
        with self.state.lock:
            self.state.auth_cookies[cookie] = user
        self.spnego_reply = (reply, cookie)
        return user

    def apply_fault(self, fault, before_body):
        kind = fault["kind"]
        if kind == "status":
            self.read_body(lambda d: None) if self.role == "dn" else None
            status = int(fault.get("status", 500))
            exc = "RetriableException" if status == 503 else "IOException"
            self.send_error_json(HdfsError(exc, "injected fault: HTTP %d" % status, status))
            return True
        if kind == "slow":
            time.sleep(fault.get("ms", 1000) / 1000.0)
        return False

    def control(self, method, path, params):
        st = self.state
        body = bytearray()
        self.read_body(body.extend)
        if path == "/hmig-test/faults":
            with st.lock:
                if method == "DELETE":
                    st.faults = []
                else:
                    st.faults.extend(json.loads(body or b"[]"))
            return self.send_json({"ok": True})
        if path == "/hmig-test/mode":
            if "standby" in params:
                st.standby = params["standby"] == "true"
            if "safemode" in params:
                st.store.safemode = params["safemode"] == "true"
            return self.send_json({"standby": st.standby, "safemode": st.store.safemode})
        if path == "/hmig-test/quota":  # hdfs dfsadmin -setSpaceQuota N / -clrSpaceQuota (space=-1)
            st.store.set_space_quota(st.store.normalize(params["path"]), int(params["space"]))
            return self.send_json({"ok": True})
        if path == "/hmig-test/token":  # register a token made outside (a credentials file's)
            with st.lock:
                st.tokens[params["token"]] = {"owner": params["owner"], "renewer": "",
                                              "expiry": now_ms() + st.args.token_lifetime_ms}
            return self.send_json({"ok": True})
        if path == "/hmig-test/state":
            with st.lock:
                return self.send_json({"fired": st.fired, "requests": st.requests,
                                       "faults_left": sum(r.get("count", 1) for r in st.faults),
                                       "crc_recomputes": st.store.crc_recomputes})
        raise HdfsError("FileNotFoundException", "no such control " + path)

def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--root", required=True)
    ap.add_argument("--port-file", required=True, help="written as JSON {namenode, datanode} once listening")
    ap.add_argument("--nn-port", type=int, default=0)
    ap.add_argument("--dn-port", type=int, default=0)
    ap.add_argument("--rpc-port", type=int, default=8020, help="shown as namenoderpcaddress only")
    ap.add_argument("--hadoop-version", type=int, choices=(2, 3), default=3)
    ap.add_argument("--superuser", default=getpass.getuser())
    ap.add_argument("--static-user", default="dr.who")
    ap.add_argument("--page-size", type=int, default=1000)
    ap.add_argument("--block-size", type=int, default=128 << 20)
    ap.add_argument("--bytes-per-checksum", type=int, default=512)
    ap.add_argument("--checksum-type", choices=("CRC32C", "CRC32"), default="CRC32C")
    ap.add_argument("--combine-mode", choices=("MD5MD5CRC", "COMPOSITE_CRC"), default="MD5MD5CRC")
    ap.add_argument("--auth", choices=("simple", "token", "kerberos"), default="simple",
                    help="kerberos: SPNEGO at the NameNode with the keytab in KRB5_KTNAME")
    ap.add_argument("--token-lifetime-ms", type=int, default=3600 * 1000)
    ap.add_argument("--standby", action="store_true")
    ap.add_argument("--httpfs", action="store_true", help="behave as an HttpFS gateway (no DataNode redirects)")
    ap.add_argument("--tls-cert")
    ap.add_argument("--tls-key")
    ap.add_argument("--crc-helper", default=os.environ.get("HMIG_WEBHDFS_CRC_HELPER"),
                    help="chunk_crcs.cpp's library (built with the tests): chunk CRCs in one C call per buffer")
    args = ap.parse_args()
    if args.block_size % args.bytes_per_checksum:
        ap.error("--bytes-per-checksum must divide --block-size (as HDFS requires)")
    if args.crc_helper and not hdfs_checksums.use_helper(args.crc_helper):
        print("webhdfs_server: cannot load %s; chunk CRCs through ISA-L one chunk at a time" % args.crc_helper,
              file=sys.stderr)

    state = State(args)

    def make(role, port):
        handler = type("%sHandler" % role.upper(), (Handler,), {"state": state, "role": role})
        server = ThreadingHTTPServer(("127.0.0.1", port), handler)
        server.daemon_threads = True
        if args.tls_cert:
            ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
            ctx.load_cert_chain(args.tls_cert, args.tls_key)
            server.socket = ctx.wrap_socket(server.socket, server_side=True)
        return server

    nn = make("nn", args.nn_port)
    dn = make("dn", args.dn_port)
    state.nn_port, state.dn_port = nn.server_address[1], dn.server_address[1]
    for s in (nn, dn):
        threading.Thread(target=s.serve_forever, daemon=True).start()
    tmp = args.port_file + ".tmp"
    with open(tmp, "w") as f:
        json.dump({"namenode": state.nn_port, "datanode": state.dn_port, "pid": os.getpid()}, f)
    os.replace(tmp, args.port_file)
    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda *a: stop.set())
    signal.signal(signal.SIGINT, lambda *a: stop.set())
    # Stop when the parent (the test) dies without stopping us.
    parent = os.getppid()
    while not stop.wait(0.5):
        if os.getppid() != parent:
            break
    nn.shutdown()
    dn.shutdown()
    os._exit(0)  # do not wait for handler threads (a stalled fault may be sleeping)


if __name__ == "__main__":
    main()
