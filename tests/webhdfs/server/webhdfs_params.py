"""Query parameters of the WebHDFS test server, parsed and validated with the
messages Hadoop's WebHDFS gives (recorded in the shared fixtures)."""
import base64
import re
import socket
import urllib.parse

from hdfs_store import HdfsError


def parse_query(query):
    params = {}
    for part in query.split("&"):
        if not part:
            continue
        name, _, value = part.partition("=")
        params[urllib.parse.unquote(name).lower() if name.lower() != "startafter" else "startAfter"] = \
            urllib.parse.unquote(value)
    return params


def bool_param(params, name, default):
    v = params.get(name)
    if v is None or v == "":
        return default
    if v.lower() not in ("true", "false"):
        raise HdfsError("IllegalArgumentException", "Invalid value for webhdfs parameter \"%s\": Failed to parse "
                        "\"%s\" to Boolean." % (name, v))
    return v.lower() == "true"


def int_param(params, name, default, radix=10, kind="long"):
    v = params.get(name)
    if v is None or v == "":
        return default
    try:
        n = int(v, radix)
    except ValueError:
        raise HdfsError("IllegalArgumentException", "Invalid value for webhdfs parameter \"%s\": Failed to parse "
                        "\"%s\" as a radix-%d %s integer." % (name, v, radix, kind))
    if radix == 8 and n > 0o1777:
        raise HdfsError("IllegalArgumentException", "Invalid value for webhdfs parameter \"%s\": Failed to parse "
                        "\"%s\" as a radix-8 short integer." % (name, v))
    return n


def valid_aclspec(spec):
    import re
    one = r"(default:)?(user|group|mask|other):([A-Za-z_][A-Za-z0-9._-]*)?:([rwx-]{3})?"
    return re.fullmatch("%s(,%s)*" % (one, one), spec) is not None


def encode_xattr(value, enc):
    enc = enc.lower()
    if enc == "hex":
        return "0x" + value.hex()
    if enc == "base64":
        return "0s" + base64.b64encode(value).decode()
    return '"%s"' % value.decode("utf-8", "replace")


def decode_xattr(text):
    if text.lower().startswith("0x"):
        return bytes.fromhex(text[2:])
    if text.lower().startswith("0s"):
        return base64.b64decode(text[2:])
    if len(text) >= 2 and text[0] == '"' and text[-1] == '"':
        return text[1:-1].encode()
    return text.encode()


def closed_port():
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    return port
