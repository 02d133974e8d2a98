// gen_xxhash_vectors.c writes xxhash_vectors.txt, the golden XXH64,
// XXH3-64 and XXH3-128 sums (seed 0, default secret) that
// xxhash_test.go checks middleware/checksum against. It is the reference
// C implementation's output, not ours:
//
//	curl -O https://raw.githubusercontent.com/Cyan4973/xxHash/v0.8.3/xxhash.h
//	cc -O2 -o gen gen_xxhash_vectors.c && ./gen > xxhash_vectors.txt
//
// The input of length n is the first n bytes of the xxHash sanity-check
// buffer (XSUM_fillTestBuffer in xxHash's cli/xsum_sanity_check.c), which
// xxhash_test.go regenerates. Sums are in canonical (big-endian) form, as
// S3 sends them base64-encoded; XXH3-128 is its high half then its low.
#define XXH_INLINE_ALL
#include "xxhash.h"

#include <stdio.h>
#include <stdlib.h>

static void fill(unsigned char *p, size_t n) {
	unsigned long long gen = 2654435761ULL;
	for (size_t i = 0; i < n; i++) {
		p[i] = (unsigned char)(gen >> 56);
		gen *= 11400714785074694797ULL;
	}
}

static void line(const unsigned char *buf, size_t n) {
	XXH64_canonical_t c64, c3;
	XXH128_canonical_t c128;
	XXH64_canonicalFromHash(&c64, XXH64(buf, n, 0));
	XXH64_canonicalFromHash(&c3, XXH3_64bits(buf, n));
	XXH128_canonicalFromHash(&c128, XXH3_128bits(buf, n));
	printf("%zu ", n);
	for (int i = 0; i < 8; i++) printf("%02x", c64.digest[i]);
	printf(" ");
	for (int i = 0; i < 8; i++) printf("%02x", c3.digest[i]);
	printf(" ");
	for (int i = 0; i < 16; i++) printf("%02x", c128.digest[i]);
	printf("\n");
}

int main(void) {
	size_t max = (1 << 20) + 7;
	unsigned char *buf = malloc(max);
	fill(buf, max);
	printf("# len xxh64 xxh3-64 xxh3-128 (hex, canonical); see gen_xxhash_vectors.c\n");
	// Every length through 300 covers each short and medium-input path
	// and their boundaries (3/4, 8/9, 16/17, 128/129, 240/241).
	for (size_t n = 0; n <= 300; n++) line(buf, n);
	// Around every 64-byte stripe boundary up to four 1024-byte blocks
	// and a partial fifth, where the long-input path turns.
	for (size_t n = 320; n <= 4160 + 64; n += 64) {
		line(buf, n - 1);
		line(buf, n);
		line(buf, n + 1);
	}
	line(buf, 100000);
	line(buf, max);
	free(buf);
	return 0;
}
