package v4

import (
	"crypto/sha256"
	"sync"
)

const (
	hmacBlockSize = 64
	// keyCacheLimit bounds the derived-key cache. Keys are per day, so a
	// long-running process signing for a handful of regions and services
	// needs a few dozen entries at most.
	keyCacheLimit = 64
)

// hmacSHA256 computes HMAC-SHA256 (RFC 2104) of msg under key. scratch is
// reused to hold the inner block and message; the result is returned by
// value, so the computation does not allocate once scratch is large
// enough.
func hmacSHA256(scratch *[]byte, key []byte, msg []byte) [sha256.Size]byte {
	var k [hmacBlockSize]byte
	if len(key) > hmacBlockSize {
		sum := sha256.Sum256(key)
		copy(k[:], sum[:])
	} else {
		copy(k[:], key)
	}
	b := (*scratch)[:0]
	for _, c := range k {
		b = append(b, c^0x36)
	}
	b = append(b, msg...)
	inner := sha256.Sum256(b)
	*scratch = b

	var outer [hmacBlockSize + sha256.Size]byte
	for i, c := range k {
		outer[i] = c ^ 0x5c
	}
	copy(outer[hmacBlockSize:], inner[:])
	return sha256.Sum256(outer[:])
}

// hmacPrefixed is hmacSHA256 for a message already written into
// buf[hmacBlockSize:]; the first hmacBlockSize bytes of buf are
// overwritten with the inner pad. key must be at most one block long
// (derived keys are 32 bytes).
func hmacPrefixed(key *[sha256.Size]byte, buf []byte) [sha256.Size]byte {
	var k [hmacBlockSize]byte
	copy(k[:], key[:])
	for i, c := range k {
		buf[i] = c ^ 0x36
	}
	inner := sha256.Sum256(buf)
	var outer [hmacBlockSize + sha256.Size]byte
	for i, c := range k {
		outer[i] = c ^ 0x5c
	}
	copy(outer[hmacBlockSize:], inner[:])
	return sha256.Sum256(outer[:])
}

// deriveKey computes the SigV4 signing key for one day, region and service:
// HMAC chained over "AWS4"+secret, date, region, service, "aws4_request".
func deriveKey(secret, date, region, service string) [sha256.Size]byte {
	scratch := make([]byte, 0, 128)
	seed := make([]byte, 0, 4+len(secret))
	seed = append(seed, "AWS4"...)
	seed = append(seed, secret...)
	k := hmacSHA256(&scratch, seed, []byte(date))
	clear(seed)
	k = hmacSHA256(&scratch, k[:], []byte(region))
	k = hmacSHA256(&scratch, k[:], []byte(service))
	k = hmacSHA256(&scratch, k[:], []byte("aws4_request"))
	clear(scratch[:cap(scratch)])
	return k
}

// keyCacheKey identifies a derived key. The secret is part of the key so
// that rotated credentials sharing an access key ID never reuse a stale
// key.
type keyCacheKey struct {
	accessKeyID, secret, date, region, service string
}

// keyCache is a bounded, concurrency-safe cache of derived signing keys.
type keyCache struct {
	mu sync.RWMutex
	m  map[keyCacheKey][sha256.Size]byte
}

// get returns the signing key for the scope, deriving and caching it on a
// miss. date is the eight-digit YYYYMMDD form.
func (c *keyCache) get(accessKeyID, secret, date, region, service string) [sha256.Size]byte {
	k := keyCacheKey{accessKeyID, secret, date, region, service}
	c.mu.RLock()
	v, ok := c.m[k]
	c.mu.RUnlock()
	if ok {
		return v
	}
	v = deriveKey(secret, date, region, service)

	c.mu.Lock()
	defer c.mu.Unlock()
	if c.m == nil {
		c.m = make(map[keyCacheKey][sha256.Size]byte)
	}
	if len(c.m) >= keyCacheLimit {
		// Keys of other days are useless now; drop them first, then
		// anything, so the cache stays bounded.
		for old := range c.m {
			if old.date != date {
				delete(c.m, old)
			}
		}
		for old := range c.m {
			if len(c.m) < keyCacheLimit {
				break
			}
			delete(c.m, old)
		}
	}
	c.m[k] = v
	return v
}

// len reports the number of cached keys (for tests).
func (c *keyCache) len() int {
	c.mu.RLock()
	defer c.mu.RUnlock()
	return len(c.m)
}
