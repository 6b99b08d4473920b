// The hot loop of the WebHDFS test server's DataNode, loaded by the Python server
// through ctypes: the CRC of every bytes-per-checksum chunk of a buffer (what a
// DataNode stores in a block's .meta file), big-endian as HDFS's MD5-of-MD5-of-CRC
// hashes them. One call per received buffer instead of one Python call per chunk
// (a million per 512 MiB) keeps the server's write path near disk speed, as a real
// DataNode's is. Plain C ABI, no allocation, no state.
#include <isa-l/crc.h>

#include <cstddef>
#include <cstdint>

namespace {

// Standard (reflected, init/xorout 0xFFFFFFFF) CRC-32C and CRC-32 from ISA-L,
// continuing from `crc` (0 to start). ISA-L's CRC32C takes an int length.
uint32_t Crc(int kind, const unsigned char* data, size_t len, uint32_t crc) {
  while (len > 0) {
    size_t n = len < (size_t{1} << 30) ? len : (size_t{1} << 30);
    if (kind == 0) {
      crc = crc32_iscsi(const_cast<unsigned char*>(data), static_cast<int>(n), crc ^ 0xFFFFFFFFu) ^
            0xFFFFFFFFu;
    } else {
      crc = crc32_gzip_refl(crc, data, n);
    }
    data += n;
    len -= n;
  }
  return crc;
}

}  // namespace

extern "C" {

// Writes the big-endian CRC (kind 0 = CRC32C, 1 = CRC32) of each `bpc`-byte chunk
// of data[0, len) to out (the last chunk may be shorter); returns the chunk count.
// `out` must hold 4 * ceil(len / bpc) bytes.
size_t hmig_chunk_crcs(int kind, const unsigned char* data, size_t len, size_t bpc,
                       unsigned char* out) {
  if (bpc == 0) return 0;
  size_t chunks = 0;
  for (size_t off = 0; off < len; off += bpc, ++chunks) {
    size_t n = len - off < bpc ? len - off : bpc;
    uint32_t crc = Crc(kind, data + off, n, 0);
    out[4 * chunks] = static_cast<unsigned char>(crc >> 24);
    out[4 * chunks + 1] = static_cast<unsigned char>(crc >> 16);
    out[4 * chunks + 2] = static_cast<unsigned char>(crc >> 8);
    out[4 * chunks + 3] = static_cast<unsigned char>(crc);
  }
  return chunks;
}

// The standard CRC of data[0, len) continuing from `crc` (0 to start).
uint32_t hmig_crc(int kind, const unsigned char* data, size_t len, uint32_t crc) {
  return Crc(kind, data, len, crc);
}

}  // extern "C"
