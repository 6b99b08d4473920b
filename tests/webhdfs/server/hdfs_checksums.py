"""HDFS file checksums as a DataNode answers GETFILECHECKSUM, from chunk CRCs
computed while the data is written.

A DataNode stores the CRC of every bytes-per-checksum chunk of a block (the
block's .meta file) as the block is written, recomputing the CRC of a partial
last chunk when a writer appends to it. GETFILECHECKSUM then reads no data: per
block, MD5 over the big-endian 4-byte chunk CRCs; per file, MD5 over the block
MD5s as Hadoop's DataOutputBuffer holds them: its whole backing array, 32 bytes
at first, growing to max(2*capacity, needed), so zero bytes pad the tail.
crcPerBlock is reported only for files of more than one block; an empty file
answers MD5-of-0MD5-of-0CRC32 with the MD5 of 32 zero bytes. HDFS requires the
block size to be a multiple of bytes-per-checksum, so chunks never straddle
blocks and a file's chunk CRCs are one flat sequence. The server checks its
answers against every MD5MD5CRC and COMPOSITE_CRC row recorded from Hadoop
3.3.6 / 2.10.1 (shared fixtures, checksums.tsv), written in one CREATE and as
CREATE plus APPENDs that end mid-chunk (tests/webhdfs/server_checksums_test.cpp).

COMPOSITE-CRC (only over RPC in real Hadoop; served here on request) is the
plain whole-file CRC32C/CRC32.

Speed: the per-chunk loop runs in C. With the helper library
(server/chunk_crcs.cpp, built next to the tests; --crc-helper or
HMIG_WEBHDFS_CRC_HELPER) one call covers a whole received buffer, at several
GB/s; without it, ISA-L's libisal.so.2 (a dependency of hmig itself) is called
once per chunk through ctypes, a few hundred MB/s.
"""
import ctypes
import ctypes.util
import hashlib
import os
import struct

KINDS = {"CRC32C": 0, "CRC32": 1}

_helper = None  # hmig_chunk_crcs / hmig_crc from chunk_crcs.cpp
_isal = None


def _load_isal():
    global _isal
    name = ctypes.util.find_library("isal") or "libisal.so.2"
    lib = ctypes.CDLL(name)
    lib.crc32_iscsi.argtypes = [ctypes.c_void_p, ctypes.c_int, ctypes.c_uint32]
    lib.crc32_iscsi.restype = ctypes.c_uint32
    lib.crc32_gzip_refl.argtypes = [ctypes.c_uint32, ctypes.c_void_p, ctypes.c_uint64]
    lib.crc32_gzip_refl.restype = ctypes.c_uint32
    _isal = lib


def use_helper(path):
    """Loads chunk_crcs.cpp's library; returns False (ISA-L per chunk) when it cannot."""
    global _helper
    if not path:
        return False
    try:
        lib = ctypes.CDLL(path)
    except OSError:
        return False
    lib.hmig_chunk_crcs.argtypes = [ctypes.c_int, ctypes.c_void_p, ctypes.c_size_t, ctypes.c_size_t,
                                    ctypes.c_void_p]
    lib.hmig_chunk_crcs.restype = ctypes.c_size_t
    lib.hmig_crc.argtypes = [ctypes.c_int, ctypes.c_void_p, ctypes.c_size_t, ctypes.c_uint32]
    lib.hmig_crc.restype = ctypes.c_uint32
    _helper = lib
    return True


_load_isal()
use_helper(os.environ.get("HMIG_WEBHDFS_CRC_HELPER"))


def _address(buf):
    """Address of the bytes of a bytes or bytearray object (kept alive by the caller)."""
    if isinstance(buf, bytes):
        return ctypes.cast(ctypes.c_char_p(buf), ctypes.c_void_p).value
    return ctypes.addressof((ctypes.c_char * len(buf)).from_buffer(buf)) if buf else 0


def _crc_at(kind, address, length, value=0):
    if _helper is not None:
        return _helper.hmig_crc(KINDS[kind], address, length, value)
    if kind == "CRC32C":
        return _isal.crc32_iscsi(address, length, value ^ 0xFFFFFFFF) ^ 0xFFFFFFFF
    return _isal.crc32_gzip_refl(value, address, length)


def crc(kind, data, value=0):
    """Standard CRC-32C or CRC-32 of data (bytes or bytearray), continuing from value."""
    return _crc_at(kind, _address(data), len(data), value) if data else value


def chunk_crcs(kind, buf, bpc, start=0, end=None):
    """Big-endian CRCs of each bpc-byte chunk of buf[start:end] (the last may be short)."""
    end = len(buf) if end is None else end
    length = end - start
    if length <= 0:
        return b""
    base = _address(buf) + start
    count = (length + bpc - 1) // bpc
    if _helper is not None:
        out = ctypes.create_string_buffer(4 * count)
        _helper.hmig_chunk_crcs(KINDS[kind], base, length, bpc, out)
        return out.raw
    values = [_crc_at(kind, base + off, min(bpc, length - off)) for off in range(0, length, bpc)]
    return struct.pack(">%dI" % count, *values)


class ChunkCrcStream:
    """The chunk CRCs of a stream of bytes, as a DataNode keeps them while a block
    is written: whole chunks are final, a partial last chunk is kept back until it
    fills or the stream ends. `crcs`/`tail` continue an earlier stream (APPEND):
    the CRCs of its whole chunks and the bytes of its partial last chunk."""

    def __init__(self, kind, bpc, crcs=b"", tail=b""):
        self.kind = kind
        self.bpc = bpc
        self.crcs = bytearray(crcs)
        self.tail = bytes(tail)
        self.length = len(crcs) // 4 * bpc + len(tail)

    def update(self, data):
        self.length += len(data)
        start = 0
        if self.tail:
            start = min(len(data), self.bpc - len(self.tail))
            self.tail += bytes(data[:start])
            if len(self.tail) < self.bpc:
                return
            self.crcs += chunk_crcs(self.kind, self.tail, self.bpc)
            self.tail = b""
        whole = start + (len(data) - start) // self.bpc * self.bpc
        if whole > start:
            self.crcs += chunk_crcs(self.kind, data, self.bpc, start, whole)
        self.tail = bytes(data[whole:])

    def result(self):
        """Every chunk's CRC, the partial last one included."""
        return bytes(self.crcs) + chunk_crcs(self.kind, self.tail, self.bpc)


def crcs_of_file(path, kind, bpc):
    """Chunk CRCs recomputed from the stored bytes (for a file changed behind the
    server's back, or copied into a snapshot)."""
    stream = ChunkCrcStream(kind, bpc)
    with open(path, "rb") as f:
        while True:
            data = f.read(4 << 20)
            if not data:
                break
            stream.update(data)
    return stream.result(), stream.length


def _buffer_capacity(used):
    capacity = 32
    while capacity < used:
        capacity = max(capacity * 2, used)
    return capacity


def md5md5crc(crcs, length, block_size, bytes_per_crc, kind):
    """Returns (algorithm, 28 bytes) from a file's chunk CRCs and length."""
    if length == 0:
        return "MD5-of-0MD5-of-0CRC32", struct.pack(">iq", 0, 0) + hashlib.md5(bytes(32)).digest()
    if len(crcs) != 4 * ((length + bytes_per_crc - 1) // bytes_per_crc):
        raise IOError("chunk CRCs do not cover the file's %d bytes" % length)
    per_block = 4 * (block_size // bytes_per_crc)
    blocks = (length + block_size - 1) // block_size
    view = memoryview(crcs)
    block_md5s = b"".join(hashlib.md5(view[i * per_block:(i + 1) * per_block]).digest() for i in range(blocks))
    crc_per_block = block_size // bytes_per_crc if blocks > 1 else 0
    padded = block_md5s + bytes(_buffer_capacity(len(block_md5s)) - len(block_md5s))
    algorithm = "MD5-of-%dMD5-of-%d%s" % (crc_per_block, bytes_per_crc, kind)
    return algorithm, struct.pack(">iq", bytes_per_crc, crc_per_block) + hashlib.md5(padded).digest()


def composite_crc(path, kind):
    value = 0
    with open(path, "rb") as f:
        while True:
            chunk = f.read(4 << 20)
            if not chunk:
                break
            value = crc(kind, chunk, value)
    return "COMPOSITE-" + kind, struct.pack(">I", value)
