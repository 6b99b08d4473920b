"""Server side of SPNEGO (RFC 4559) for the WebHDFS test server, through MIT
Kerberos' GSS-API library loaded with ctypes (no Python package needed).
The acceptor credentials come from the keytab in KRB5_KTNAME, as Hadoop's
AuthenticationFilter takes them from dfs.web.authentication.kerberos.keytab.
Limits: one round (Kerberos mechanism tokens complete in one), no channel
bindings, the client principal's short name is its first component.
"""
import base64
import ctypes
import ctypes.util
import threading

_lib = ctypes.CDLL(ctypes.util.find_library("gssapi_krb5") or "libgssapi_krb5.so.2")
_lock = threading.Lock()


class _Buffer(ctypes.Structure):
    _fields_ = [("length", ctypes.c_size_t), ("value", ctypes.c_void_p)]


_u32p = ctypes.POINTER(ctypes.c_uint32)
_lib.gss_accept_sec_context.restype = ctypes.c_uint32
_lib.gss_accept_sec_context.argtypes = [_u32p, ctypes.POINTER(ctypes.c_void_p), ctypes.c_void_p,
                                        ctypes.POINTER(_Buffer), ctypes.c_void_p, ctypes.POINTER(ctypes.c_void_p),
                                        ctypes.c_void_p, ctypes.POINTER(_Buffer), ctypes.c_void_p,
                                        ctypes.c_void_p, ctypes.c_void_p]
_lib.gss_display_name.restype = ctypes.c_uint32
_lib.gss_display_name.argtypes = [_u32p, ctypes.c_void_p, ctypes.POINTER(_Buffer), ctypes.c_void_p]
_lib.gss_release_buffer.argtypes = [_u32p, ctypes.POINTER(_Buffer)]
_lib.gss_release_name.argtypes = [_u32p, ctypes.POINTER(ctypes.c_void_p)]
_lib.gss_delete_sec_context.argtypes = [_u32p, ctypes.POINTER(ctypes.c_void_p), ctypes.c_void_p]


class SpnegoError(Exception):
    pass


def accept(authorization):
    """Validates an "Authorization: Negotiate <token>" header value.
    Returns (short user name, reply token for WWW-Authenticate or None)."""
    if not authorization or not authorization.startswith("Negotiate "):
        raise SpnegoError("no Negotiate token")
    token = base64.b64decode(authorization[len("Negotiate "):].strip())
    minor = ctypes.c_uint32()
    ctx = ctypes.c_void_p()
    name = ctypes.c_void_p()
    raw = ctypes.create_string_buffer(token, len(token))
    inbuf = _Buffer(len(token), ctypes.cast(raw, ctypes.c_void_p))
    outbuf = _Buffer()
    with _lock:
        major = _lib.gss_accept_sec_context(ctypes.byref(minor), ctypes.byref(ctx), None, ctypes.byref(inbuf),
                                            None, ctypes.byref(name), None, ctypes.byref(outbuf), None, None, None)
        try:
            if major != 0:
                raise SpnegoError("GSS-API accept failed: major 0x%x minor %d" % (major, minor.value))
            display = _Buffer()
            if _lib.gss_display_name(ctypes.byref(minor), name, ctypes.byref(display), None) != 0:
                raise SpnegoError("GSS-API cannot name the client")
            principal = ctypes.string_at(display.value, display.length).decode()
            _lib.gss_release_buffer(ctypes.byref(minor), ctypes.byref(display))
            reply = ctypes.string_at(outbuf.value, outbuf.length) if outbuf.length else None
            return principal.split("@")[0].split("/")[0], (base64.b64encode(reply).decode() if reply else None)
        finally:
            if outbuf.length:
                _lib.gss_release_buffer(ctypes.byref(minor), ctypes.byref(outbuf))
            if name.value:
                _lib.gss_release_name(ctypes.byref(minor), ctypes.byref(name))
            if ctx.value:
                _lib.gss_delete_sec_context(ctypes.byref(minor), ctypes.byref(ctx), None)
