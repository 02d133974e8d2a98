package v4a

import (
	"crypto/ecdh"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/binary"
	"errors"
	"math/big"
	"math/bits"
	"sync"

	"github.com/nimbus-sdk/nimbus/credentials"
)

// The SigV4a signing key is an ECDSA P-256 key derived from the secret
// access key, so that AWS can check the signature with the public key it
// derives the same way. The derivation is FIPS 186-4 appendix B.4.2 (key
// pair generation by testing candidates), with candidates from the NIST SP
// 800-108 KDF in counter mode with HMAC-SHA256 as the PRF:
//
//	Ki      = "AWS4A" || secret access key
//	Label   = "AWS4-ECDSA-P256-SHA256"
//	Context = access key ID || counter (one byte, from 1)
//	c       = HMAC-SHA256(Ki, [1]₃₂ || Label || 0x00 || Context || [256]₃₂)
//
// One KDF iteration (i = 1, shown as [1]₃₂) yields the L = 256 bits a
// candidate needs. A candidate c > n-2, where n is the order of P-256,
// is rejected and the counter incremented; otherwise the private key is
// d = c+1, which lies in [1, n-1].
//
// This is what aws-c-auth (source/key_derivation.c) does, boundary
// included: c = n-2 is accepted, as in FIPS 186-4. aws-sdk-go-v2's
// internal/v4a accepts only c < n-2; the two differ only for a candidate
// equal to n-2, which has probability 2⁻²⁵⁶. The tests check the key of
// aws-c-auth's and aws-sdk-go-v2's vector (AKISORANDOMAASORANDOM) and the
// public key of the aws-c-auth SigV4a test suite.

const (
	kdfLabel = algorithm // "AWS4-ECDSA-P256-SHA256"
	// maxCounter is aws-c-auth's last counter value. Each candidate is
	// rejected with probability about 2⁻³², so the loop ends at once in
	// practice.
	maxCounter = 254

	// keyCacheLimit bounds the derived-key cache. SigV4a keys depend on
	// the credentials only (not the day, region or service), so a process
	// needs one per set of credentials it signs with; temporary
	// credentials that rotate every hour add one each time.
	keyCacheLimit = 64
)

// nMinus2 is n-2 for the order n of P-256, as big-endian 64-bit limbs,
// most significant first.
var nMinus2 = [4]uint64{0xffffffff00000000, 0xffffffffffffffff, 0xbce6faada7179e84, 0xf3b9cac2fc63254f}

// errNoKey is returned in the (astronomically unlikely) case that no
// counter value yields a valid candidate.
var errNoKey = errors.New("no P-256 key can be derived from them")

// scalarFromCandidate returns d = c+1 and true if the big-endian candidate
// c is at most n-2, or false if it must be rejected. The comparison and
// the addition run in constant time.
func scalarFromCandidate(c *[32]byte) (d [32]byte, ok bool) {
	var borrow uint64
	for i := 3; i >= 0; i-- { // n-2 - c, least significant limb first
		_, borrow = bits.Sub64(nMinus2[i], binary.BigEndian.Uint64(c[8*i:]), borrow)
	}
	carry := uint64(1)
	for i := 3; i >= 0; i-- {
		var limb uint64
		limb, carry = bits.Add64(binary.BigEndian.Uint64(c[8*i:]), 0, carry)
		binary.BigEndian.PutUint64(d[8*i:], limb)
	}
	return d, borrow == 0
}

// deriveScalar returns the private scalar d from the first acceptable
// candidate, counter 1 first. candidate computes the KDF output for a
// counter value; tests replace it to reach the rejection branch.
func deriveScalar(candidate func(counter byte) [32]byte) ([32]byte, error) {
	for counter := 1; counter <= maxCounter; counter++ {
		c := candidate(byte(counter))
		d, ok := scalarFromCandidate(&c)
		clear(c[:])
		if ok {
			return d, nil
		}
	}
	return [32]byte{}, errNoKey
}

// kdf returns the KDF candidate function for one set of credentials.
func kdf(accessKeyID, secretAccessKey string) func(counter byte) [32]byte {
	return func(counter byte) [32]byte {
		ki := make([]byte, 0, len("AWS4A")+len(secretAccessKey))
		ki = append(ki, "AWS4A"...)
		ki = append(ki, secretAccessKey...)
		mac := hmac.New(sha256.New, ki)
		clear(ki)

		msg := make([]byte, 0, 4+len(kdfLabel)+1+len(accessKeyID)+1+4)
		msg = append(msg, 0, 0, 0, 1) // i = 1, 32-bit big-endian
		msg = append(msg, kdfLabel...)
		msg = append(msg, 0)
		msg = append(msg, accessKeyID...)
		msg = append(msg, counter)
		msg = append(msg, 0, 0, 1, 0) // L = 256, 32-bit big-endian
		mac.Write(msg)

		var out [32]byte
		mac.Sum(out[:0])
		return out
	}
}

// deriveKey derives the SigV4a ECDSA P-256 key of the credentials.
func deriveKey(accessKeyID, secretAccessKey string) (*ecdsa.PrivateKey, error) {
	d, err := deriveScalar(kdf(accessKeyID, secretAccessKey))
	if err != nil {
		return nil, err
	}
	defer clear(d[:])
	return newPrivateKey(&d)
}

// newPrivateKey returns the P-256 key with private scalar d, which must
// be in [1, n-1].
//
// The public point comes from crypto/ecdh, and the key is assembled from
// its coordinates: ecdsa.ParseRawPrivateKey, which would do both, needs
// Go 1.25 and this module supports Go 1.24.
func newPrivateKey(d *[32]byte) (*ecdsa.PrivateKey, error) {
	k, err := ecdh.P256().NewPrivateKey(d[:])
	if err != nil {
		return nil, err
	}
	q := k.PublicKey().Bytes() // 0x04 || X || Y
	return &ecdsa.PrivateKey{
		PublicKey: ecdsa.PublicKey{
			Curve: elliptic.P256(),
			X:     new(big.Int).SetBytes(q[1:33]),
			Y:     new(big.Int).SetBytes(q[33:65]),
		},
		D: new(big.Int).SetBytes(d[:]),
	}, nil
}

// keyCacheKey identifies a derived key. The secret is part of it so that
// rotated credentials sharing an access key ID never reuse a stale key.
type keyCacheKey struct {
	accessKeyID, secret string
}

// keyCache is a bounded, concurrency-safe cache of derived keys. When it
// is full, the oldest entry is dropped: with rotating temporary
// credentials, that is the one least likely to be used again.
type keyCache struct {
	mu    sync.RWMutex
	m     map[keyCacheKey]*ecdsa.PrivateKey
	order []keyCacheKey // insertion order, oldest first
}

// get returns the key of the credentials, deriving and caching it on a
// miss.
func (c *keyCache) get(accessKeyID, secret string) (*ecdsa.PrivateKey, error) {
	k := keyCacheKey{accessKeyID, secret}
	c.mu.RLock()
	v, ok := c.m[k]
	c.mu.RUnlock()
	if ok {
		return v, nil
	}
	v, err := deriveKey(accessKeyID, secret)
	if err != nil {
		return nil, err
	}

	c.mu.Lock()
	defer c.mu.Unlock()
	if old, ok := c.m[k]; ok { // another goroutine derived it meanwhile
		return old, nil
	}
	if c.m == nil {
		c.m = make(map[keyCacheKey]*ecdsa.PrivateKey)
	}
	for len(c.order) >= keyCacheLimit {
		delete(c.m, c.order[0])
		c.order[0] = keyCacheKey{}
		c.order = c.order[1:]
	}
	c.m[k] = v
	c.order = append(c.order, k)
	return v, nil
}

// len reports the number of cached keys (for tests).
func (c *keyCache) len() int {
	c.mu.RLock()
	defer c.mu.RUnlock()
	return len(c.m)
}

// PublicKey returns the ECDSA P-256 public key that AWS derives from the
// credentials to check their SigV4a signatures; only AccessKeyID and
// SecretAccessKey are used. A signature is valid if [ecdsa.VerifyASN1]
// accepts it (hex-decoded) for the SHA-256 of the string to sign. Test
// servers that check SigV4a signatures need it; signing does not.
//
// Errors are [*InvalidInputError] and never contain credential values.
func PublicKey(c credentials.Credentials) (*ecdsa.PublicKey, error) {
	switch {
	case c.AccessKeyID == "":
		return nil, &InvalidInputError{Field: "Credentials.AccessKeyID", Reason: "is empty"}
	case c.SecretAccessKey == "":
		return nil, &InvalidInputError{Field: "Credentials.SecretAccessKey", Reason: "is empty"}
	}
	k, err := deriveKey(c.AccessKeyID, c.SecretAccessKey)
	if err != nil {
		return nil, &InvalidInputError{Field: "Credentials", Reason: err.Error()}
	}
	return &k.PublicKey, nil
}
