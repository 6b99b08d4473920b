#include "checksum/crc.h"

#include <isa-l/crc.h>

#include <array>
#include <climits>

namespace hmig::checksum {

uint32_t Crc32c(const void* data, size_t len, uint32_t crc) {
  // ISA-L's crc32_iscsi neither pre- nor post-inverts and takes an int length.
  auto* p = static_cast<unsigned char*>(const_cast<void*>(data));
  uint32_t state = ~crc;
  while (len > 0) {
    size_t n = len > (size_t{1} << 30) ? (size_t{1} << 30) : len;
    state = crc32_iscsi(p, static_cast<int>(n), state);
    p += n;
    len -= n;
  }
  return ~state;
}

uint32_t Crc32(const void* data, size_t len, uint32_t crc) {
  // crc32_gzip_refl handles the inversions itself.
  return crc32_gzip_refl(crc, static_cast<const unsigned char*>(data), len);
}

uint32_t Crc(CrcType type, const void* data, size_t len, uint32_t crc) {
  return type == CrcType::kCrc32c ? Crc32c(data, len, crc) : Crc32(data, len, crc);
}

namespace {

// Arithmetic on polynomials over GF(2) modulo the (reflected) CRC polynomial:
// combining CRCs means multiplying crc(A) by x^(8*len(B)) mod P.
constexpr uint32_t kPolyCrc32c = 0x82F63B78u;
constexpr uint32_t kPolyCrc32 = 0xEDB88320u;

uint32_t MultModP(uint32_t a, uint32_t b, uint32_t poly) {
  uint32_t m = 1u << 31;
  uint32_t product = 0;
  while (m != 0) {
    if (a & m) {
      product ^= b;
      if ((a & (m - 1)) == 0) break;
    }
    m >>= 1;
    b = (b & 1) ? (b >> 1) ^ poly : b >> 1;
  }
  return product;
}

// x^(2^k) mod P for every k a 64-bit length can reach. (zlib keeps 32 entries and
// wraps k, relying on x^(2^k) repeating with period 31 modulo CRC-32's polynomial;
// that does not hold for CRC-32C's, where lengths of 2^29 bytes and more came out
// wrong.)
struct PowerTable {
  std::array<uint32_t, 67> x2n{};
  explicit PowerTable(uint32_t poly) {
    uint32_t p = 1u << 30;  // x^1
    x2n[0] = p;
    for (size_t k = 1; k < x2n.size(); ++k) x2n[k] = p = MultModP(p, p, poly);
  }
};

// x^(n * 2^k) mod P, for n < 2^64 and k <= 3
uint32_t X2nModP(uint64_t n, unsigned k, uint32_t poly, const PowerTable& table) {
  uint32_t p = 1u << 31;  // x^0
  while (n) {
    if (n & 1) p = MultModP(table.x2n[k], p, poly);
    n >>= 1;
    ++k;
  }
  return p;
}

}  // namespace

uint32_t CrcCombine(CrcType type, uint32_t crc_a, uint32_t crc_b, uint64_t len_b) {
  static const PowerTable kCrc32cTable(kPolyCrc32c);
  static const PowerTable kCrc32Table(kPolyCrc32);
  uint32_t poly = type == CrcType::kCrc32c ? kPolyCrc32c : kPolyCrc32;
  const PowerTable& table = type == CrcType::kCrc32c ? kCrc32cTable : kCrc32Table;
  return MultModP(X2nModP(len_b, 3, poly, table), crc_a, poly) ^ crc_b;
}

}  // namespace hmig::checksum
