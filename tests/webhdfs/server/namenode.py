"""The NameNode side of the WebHDFS test server: every metadata operation, and
step 1 of OPEN, CREATE, APPEND and GETFILECHECKSUM (a 307 to the DataNode, built
like Hadoop's Location, or {"Location":..} with noredirect=true; an HttpFS
gateway answers those itself). A mixin of webhdfs_server.Handler."""
import json
import os
import urllib.parse

from hdfs_common import HdfsError, now_ms
from webhdfs_params import bool_param, closed_port, decode_xattr, encode_xattr, int_param, valid_aclspec


class NameNodeMixin:
    def redirect(self, op, path, params, extra, fault):
        q = [("op", op), ("user.name", self.user), ("namenoderpcaddress", "127.0.0.1:%d" % self.state.args.rpc_port)]
        if params.get("delegation"):
            q.append(("delegation", params["delegation"]))
        elif self.state.args.auth == "kerberos":
            q.append(("delegation", self.state.issue_token(self.user, "")))
        q += sorted(extra.items())
        port = self.state.dn_port
        if fault is not None and fault["kind"] == "refuse":
            port = closed_port()
        location = "%s://127.0.0.1:%d/webhdfs/v1%s?%s" % (
            self.state.scheme, port, urllib.parse.quote(path, safe="/+"),
            "&".join("%s=%s" % (k, urllib.parse.quote(str(v), safe="/:,")) for k, v in q))
        if bool_param(params, "noredirect", False):
            with self.state.lock:
                self.state.requests["nn noredirect"] = self.state.requests.get("nn noredirect", 0) + 1
            return self.send_json({"Location": location})
        self.send_response(307, "Temporary Redirect" if self.state.version >= 3 else "TEMPORARY_REDIRECT")
        self.nn_headers()
        self.send_header("Location", location)
        self.send_header("Content-Type", "application/octet-stream")
        self.send_header("Content-Length", "0")
        self.end_headers()

    def namenode(self, method, op, path, params, fault):
        store = self.state.store
        user = self.user
        if self.state.args.httpfs and op in ("OPEN", "GETFILECHECKSUM", "CREATE", "APPEND"):
            # An HttpFS gateway has no DataNode step: OPEN and GETFILECHECKSUM answer
            # at once, CREATE/APPEND redirect to themselves with data=true.
            if op in ("CREATE", "APPEND") and not bool_param(params, "data", False):
                location = "%s://127.0.0.1:%d%s&data=true" % (self.state.scheme, self.state.nn_port, self.path)
                self.send_response(307, "Temporary Redirect")
                self.nn_headers()
                self.send_header("Location", location)
                self.send_header("Content-Length", "0")
                self.end_headers()
                return
            return self.datanode(op, path, params, fault)
        if op == "GETFILESTATUS":
            return self.send_json({"FileStatus": store.file_status(path)})
        if op in ("LISTSTATUS", "LISTSTATUS_BATCH"):
            names = store.children(path)
            if names is None:
                names, entries = [], [store.file_status(path)]
            else:
                entries = None
            if op == "LISTSTATUS":
                if entries is None:
                    entries = [store.file_status(path.rstrip("/") + "/" + n, n) for n in names]
                text = '{"FileStatuses":{"FileStatus":[\n%s\n]}}\n' % ",\n".join(
                    json.dumps(e, separators=(",", ":")) for e in entries)
                return self.send_json(None, text=text)
            after = params.get("startAfter", "")
            if entries is None:
                names = [n for n in names if n.encode() > after.encode()]
                page = names[:self.state.args.page_size]
                entries = [store.file_status(path.rstrip("/") + "/" + n, n) for n in page]
                remaining = len(names) - len(page)
            else:
                remaining = 0
            return self.send_json({"DirectoryListing": {"partialListing": {"FileStatuses": {"FileStatus": entries}},
                                                        "remainingEntries": remaining}})
        if op == "GETCONTENTSUMMARY":
            return self.send_json({"ContentSummary": store.content_summary(path)})
        if op == "GETHOMEDIRECTORY":
            return self.send_json({"Path": "/user/" + user})
        if op == "GETDELEGATIONTOKEN":
            if self.state.args.auth == "simple":
                return self.send_json({"Token": None})
            return self.send_json({"Token": {"urlString": self.state.issue_token(user, params.get("renewer", ""))}})
        if op in ("RENEWDELEGATIONTOKEN", "CANCELDELEGATIONTOKEN"):
            token = params.get("token", "")
            with self.state.lock:
                if token not in self.state.tokens:
                    raise HdfsError("InvalidToken", "Token not found")
                if op == "CANCELDELEGATIONTOKEN":
                    del self.state.tokens[token]
                    return self.send_empty()
                self.state.tokens[token]["expiry"] = now_ms() + self.state.args.token_lifetime_ms
                return self.send_json({"long": self.state.tokens[token]["expiry"]})
        if op == "GETACLSTATUS":
            return self.send_json(store.acl_status(path))
        if op in ("GETXATTRS", "LISTXATTRS"):
            _, meta = store.get(path)
            names = [n.lower() if False else n for n in params.get("xattr.name", "").split(",") if n] \
                if "xattr.name" in params else None
            if op == "LISTXATTRS":
                return self.send_json({"XAttrNames": json.dumps(list(meta["xattrs"]), separators=(",", ":"))})
            enc = params.get("encoding")
            if not enc and self.state.version >= 3:
                raise HdfsError("IllegalArgumentException", "Required param encoding for op: GETXATTRS is null or empty")
            pick = names if names is not None else list(meta["xattrs"])
            out = []
            for n in pick:
                if n not in meta["xattrs"]:
                    raise HdfsError("XAttrNotFoundException" if self.state.version >= 3 else "IOException",
                                    "At least one of the attributes provided was not found.")
                out.append({"name": n, "value": encode_xattr(meta["xattrs"][n], enc or "text")})
            return self.send_json({"XAttrs": out})
        if op == "GETSNAPSHOTDIFF":
            return self.send_json(store.snapshot_diff(path, params.get("oldsnapshotname", ""),
                                                      params.get("snapshotname", "")))
        if op == "OPEN":
            offset = int_param(params, "offset", 0)
            if offset < 0:
                raise HdfsError("IllegalArgumentException", "Invalid value for webhdfs parameter \"offset\": Invalid "
                                "parameter range: offset = %d < 0" % offset)
            disk, meta = store.get(path)
            if not meta["dir"]:
                size = os.path.getsize(disk)
                if offset >= size and not (offset == 0 and size == 0):
                    raise HdfsError("IOException", "Offset=%d out of the range [0, %d); OPEN, path=%s"
                                    % (offset, size, path))
            extra = {"offset": offset}
            if params.get("length"):
                extra["length"] = params["length"]
            return self.redirect(op, path, params, extra, fault)
        if op == "GETFILECHECKSUM":
            store.get(path)
            return self.redirect(op, path, params, {}, fault)
        if op == "CREATE":
            extra = {"createflag": "", "createparent": str(bool_param(params, "createparent", True)).lower(),
                     "overwrite": str(bool_param(params, "overwrite", False)).lower()}
            for p in ("blocksize", "buffersize", "permission", "replication"):
                if params.get(p):
                    extra[p] = params[p]
            int_param(params, "permission", 0, 8, "short")
            return self.redirect(op, path, params, extra, fault)
        if op == "APPEND":
            _, meta = store.get(path, "File %s not found." % path)
            return self.redirect(op, path, params, {}, fault)
        if op == "MKDIRS":
            perm = int_param(params, "permission", 0o755, 8, "short")
            return self.send_json({"boolean": store.mkdirs(user, path, perm)})
        if op == "RENAME":
            opts = params.get("renameoptions")
            options = None if not opts else set(opts.upper().split(","))
            ok = store.rename(user, path, store.normalize(params.get("destination", "")), options)
            return self.send_empty() if options is not None else self.send_json({"boolean": ok})
        if op == "DELETE":
            return self.send_json({"boolean": store.delete(user, path, bool_param(params, "recursive", False))})
        if op == "SETPERMISSION":
            store.set_attr(user, path, op, perm=int_param(params, "permission", 0o755, 8, "short"))
            return self.send_empty()
        if op == "SETOWNER":
            if not params.get("owner") and not params.get("group"):
                raise HdfsError("IllegalArgumentException", "Both owner and group are empty.")
            store.set_attr(user, path, op, owner=params.get("owner"), group=params.get("group"))
            return self.send_empty()
        if op == "SETTIMES":
            store.set_attr(user, path, op, mtime=int_param(params, "modificationtime", -1),
                           atime=int_param(params, "accesstime", -1))
            return self.send_empty()
        if op == "SETREPLICATION":
            r = int_param(params, "replication", 1, 10, "short")
            return self.send_json({"boolean": store.set_attr(user, path, op, replication=r)})
        if op in ("SETACL", "MODIFYACLENTRIES", "REMOVEACLENTRIES", "REMOVEACL", "REMOVEDEFAULTACL"):
            spec = params.get("aclspec", "")
            if op in ("SETACL", "MODIFYACLENTRIES", "REMOVEACLENTRIES") and not valid_aclspec(spec):
                raise HdfsError("IllegalArgumentException", "Invalid value for webhdfs parameter \"aclspec\": "
                                "Invalid value: \"%s\" does not belong to the domain" % spec)
            store.set_acl(user, path, op, spec)
            return self.send_empty()
        if op == "SETXATTR":
            flags = set(params.get("flag", "").upper().split(","))
            store.set_xattr(user, path, params.get("xattr.name", ""), decode_xattr(params.get("xattr.value", "")),
                            flags)
            return self.send_empty()
        if op == "REMOVEXATTR":
            store.remove_xattr(user, path, params.get("xattr.name", ""))
            return self.send_empty()
        if op == "ALLOWSNAPSHOT":
            store.allow_snapshot(path)
            return self.send_empty()
        if op == "CREATESNAPSHOT":
            return self.send_json({"Path": store.create_snapshot(user, path, params.get("snapshotname", ""))})
        if op == "DELETESNAPSHOT":
            store.delete_snapshot(user, path, params.get("snapshotname", ""))
            return self.send_empty()
        if op == "RENAMESNAPSHOT":
            store.rename_snapshot(path, params.get("oldsnapshotname", ""), params.get("snapshotname", ""))
            return self.send_empty()
        raise HdfsError("UnsupportedOperationException", "%s is not supported by the test server" % op)
