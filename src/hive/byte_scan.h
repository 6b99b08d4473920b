// Finding the next interesting byte in dump text, 16 bytes per step (SSE2 is
// part of x86-64; other targets use the plain loop). The dump lexer spends
// most of its time looking for the end of string literals and for the few
// bytes that matter in a VALUES list; memchr finds only one byte per call.
#pragma once

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

namespace hmig::hive {

// The first byte in [p, end) equal to one of `cs`, or `end`.
template <typename... C>
inline const char* FindFirstOf(const char* p, const char* end, C... cs) {
#if defined(__SSE2__)
  while (end - p >= 16) {
    const __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p));
    __m128i hit = _mm_setzero_si128();
    ((hit = _mm_or_si128(hit, _mm_cmpeq_epi8(v, _mm_set1_epi8(cs)))), ...);
    const int bits = _mm_movemask_epi8(hit);
    if (bits != 0) return p + __builtin_ctz(static_cast<unsigned>(bits));
    p += 16;
  }
#endif
  for (; p < end; ++p) {
    if (((*p == cs) || ...)) return p;
  }
  return end;
}

}  // namespace hmig::hive
