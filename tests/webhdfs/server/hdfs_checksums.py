"""HDFS file checksums over stored bytes, as a DataNode answers GETFILECHECKSUM.

MD5-of-MD5-of-CRC: per block, MD5 over the big-endian 4-byte CRC of each
bytes-per-checksum chunk (the .meta file); per file, MD5 over the block MD5s as
Hadoop's DataOutputBuffer holds them: its whole backing array, 32 bytes at first,
growing to max(2*capacity, needed), so zero bytes pad the tail. crcPerBlock is
reported only for files of more than one block; an empty file answers
MD5-of-0MD5-of-0CRC32 with the MD5 of 32 zero bytes. Checked against the Hadoop
3.3.6 / 2.10.1 recordings by the client's unit tests, which compute the same
values independently in C++.

COMPOSITE-CRC (only over RPC in real Hadoop; served here on request) is the
plain whole-file CRC32C/CRC32.
"""
import hashlib
import struct
import zlib

_CRC32C_TABLE = []
for _i in range(256):
    _c = _i
    for _ in range(8):
        _c = (_c >> 1) ^ 0x82F63B78 if _c & 1 else _c >> 1
    _CRC32C_TABLE.append(_c)


try:
    # Debian's python3-crcmod: a C implementation (~500 MB/s). A real DataNode answers
    # GETFILECHECKSUM from the CRCs it stored at write time, so a slow server here
    # would make clients that use checksums look slow in benchmarks.
    import crcmod.predefined as _crcmod_predefined
    _crc32c_c = _crcmod_predefined.mkCrcFun("crc-32c")
except ImportError:  # pragma: no cover - the pure Python fallback below
    _crc32c_c = None


def crc32c(data, crc=0):
    """Standard CRC-32C (Castagnoli); C when crcmod is there, else pure Python (~10 MB/s)."""
    if _crc32c_c is not None:
        return _crc32c_c(bytes(data), crc) if crc else _crc32c_c(bytes(data))
    table = _CRC32C_TABLE
    crc ^= 0xFFFFFFFF
    for b in data:
        crc = table[(crc ^ b) & 0xFF] ^ (crc >> 8)
    return crc ^ 0xFFFFFFFF


def crc(kind, data, value=0):
    return crc32c(data, value) if kind == "CRC32C" else zlib.crc32(data, value)


def _buffer_capacity(used):
    capacity = 32
    while capacity < used:
        capacity = max(capacity * 2, used)
    return capacity


def md5md5crc(path, length, block_size, bytes_per_crc, kind):
    """Returns (algorithm, 28 bytes) for the file at `path`."""
    if length == 0:
        return "MD5-of-0MD5-of-0CRC32", struct.pack(">iq", 0, 0) + hashlib.md5(bytes(32)).digest()
    block_md5s = b""
    blocks = 0
    with open(path, "rb") as f:
        remaining = length
        while remaining > 0:
            in_block = min(block_size, remaining)
            md5 = hashlib.md5()
            left = in_block
            while left > 0:
                chunk = f.read(min(bytes_per_crc, left))
                if not chunk:
                    raise IOError("file shorter than its recorded length")
                md5.update(struct.pack(">I", crc(kind, chunk)))
                left -= len(chunk)
            block_md5s += md5.digest()
            blocks += 1
            remaining -= in_block
    crc_per_block = (block_size + bytes_per_crc - 1) // bytes_per_crc if blocks > 1 else 0
    padded = block_md5s + bytes(_buffer_capacity(len(block_md5s)) - len(block_md5s))
    algorithm = "MD5-of-%dMD5-of-%d%s" % (crc_per_block, bytes_per_crc, kind)
    return algorithm, struct.pack(">iq", bytes_per_crc, crc_per_block) + hashlib.md5(padded).digest()


def composite_crc(path, kind):
    value = 0
    with open(path, "rb") as f:
        while True:
            chunk = f.read(1 << 20)
            if not chunk:
                break
            value = crc(kind, chunk, value)
    return "COMPOSITE-" + kind, struct.pack(">I", value)
