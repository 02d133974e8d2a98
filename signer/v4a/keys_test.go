package v4a

import (
	"bytes"
	"crypto/elliptic"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"math/big"
	"strings"
	"sync"
	"testing"

	"github.com/nimbus-sdk/nimbus/credentials"
)

// p256N is the order of P-256.
var p256N = elliptic.P256().Params().N

// be32 returns v as a 32-byte big-endian candidate.
func be32(v *big.Int) [32]byte {
	var b [32]byte
	v.FillBytes(b[:])
	return b
}

func TestDeriveKey_Vectors(t *testing.T) {
	for _, tc := range []struct {
		name, akid, secret  string
		wantD, wantX, wantY string // hex; wantD empty if the source gives none
	}{
		// aws-c-auth tests/key_derivation_tests.c
		// (credentials_derive_ecc_key_fixed) and aws-sdk-go-v2
		// internal/v4a/v4a_test.go (TestDeriveECDSAKeyPairFromSecret).
		{"fixed", "AKISORANDOMAASORANDOM", "q+jcrXGc+0zWN6uzclKVhvMmUsIfRPa4rlRandom",
			"7fd3bd010c0d9c292141c2b77bfbde1042c92e6836fff749d1269ec890fca1bd",
			"15d242ceebf8d8169fd6a8b5a746c41140414c3b07579038da06af89190fffcb",
			"0515242cedd82e94799482e4c0514b505afccf2c0c98d6a553bf539f424c5ec0"},
		// aws-c-auth tests/aws-signing-test-suite/v4a/*/public-key.json.
		{"signing-test-suite", suiteCreds.AccessKeyID, suiteCreds.SecretAccessKey, "", suitePublicKeyX, suitePublicKeyY},
	} {
		t.Run(tc.name, func(t *testing.T) {
			k, err := deriveKey(tc.akid, tc.secret)
			if err != nil {
				t.Fatalf("deriveKey: %v", err)
			}
			hex32 := func(v *big.Int) string { b := be32(v); return hex.EncodeToString(b[:]) }
			if tc.wantD != "" {
				if got := hex32(k.D); got != tc.wantD {
					t.Errorf("private key = %s; want %s", got, tc.wantD)
				}
			}
			if got := hex32(k.X); got != tc.wantX {
				t.Errorf("public X = %s; want %s", got, tc.wantX)
			}
			if got := hex32(k.Y); got != tc.wantY {
				t.Errorf("public Y = %s; want %s", got, tc.wantY)
			}
			pub, err := PublicKey(credentials.Credentials{AccessKeyID: tc.akid, SecretAccessKey: tc.secret})
			if err != nil || !pub.Equal(&k.PublicKey) {
				t.Errorf("PublicKey = %v, %v; want the derived key's public half", pub, err)
			}
		})
	}
}

// TestDeriveKey_LongAccessKeyID is aws-c-auth's
// credentials_derive_ecc_key_long_access_key: an access key ID far longer
// than a real one still derives a key.
func TestDeriveKey_LongAccessKeyID(t *testing.T) {
	akid := "AKISORANDOMAASORANDOM" + strings.Repeat("F", 300)
	k, err := deriveKey(akid, "q+jcrXGc+0zWN6uzclKVhvMmUsIfRPa4rlRandom")
	if err != nil {
		t.Fatalf("deriveKey: %v", err)
	}
	if !k.Curve.IsOnCurve(k.X, k.Y) {
		t.Error("public key is not on P-256")
	}
}

// TestKDF_Layout checks the KDF input byte by byte for a counter other
// than 1, which the published vectors never reach: the counter is the last
// byte of the context, between the access key ID and the length.
func TestKDF_Layout(t *testing.T) {
	const akid, secret = "AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY"
	for _, counter := range []byte{1, 2, 0x80, 254} {
		msg := []byte("\x00\x00\x00\x01" + "AWS4-ECDSA-P256-SHA256" + "\x00" + akid)
		msg = append(msg, counter, 0x00, 0x00, 0x01, 0x00)
		mac := hmac.New(sha256.New, []byte("AWS4A"+secret))
		mac.Write(msg)
		want := mac.Sum(nil)
		if got := kdf(akid, secret)(counter); !bytes.Equal(got[:], want) {
			t.Errorf("kdf(counter %d) = %x; want %x", counter, got, want)
		}
	}
}

// TestScalarFromCandidate covers the boundary of FIPS 186-4 B.4.2: a
// candidate c is accepted while c <= n-2 and gives d = c+1.
func TestScalarFromCandidate(t *testing.T) {
	n := p256N
	sub := func(k int64) *big.Int { return new(big.Int).Sub(n, big.NewInt(k)) }
	max256 := new(big.Int).Sub(new(big.Int).Lsh(big.NewInt(1), 256), big.NewInt(1))
	for _, tc := range []struct {
		name string
		c    *big.Int
		ok   bool
	}{
		{"zero", big.NewInt(0), true},
		{"carry-through-a-limb", new(big.Int).SetUint64(^uint64(0)), true},
		{"carry-through-three-limbs", new(big.Int).Sub(new(big.Int).Lsh(big.NewInt(1), 192), big.NewInt(1)), true},
		{"n-3", sub(3), true},
		{"n-2-accepted", sub(2), true},
		{"n-1-rejected", sub(1), false},
		{"n-rejected", new(big.Int).Set(n), false},
		{"n+1-rejected", new(big.Int).Add(n, big.NewInt(1)), false},
		{"2^256-1-rejected", max256, false},
		// Equal high limbs: the low limb decides.
		{"n-2-minus-2^40-accepted", new(big.Int).Sub(sub(2), big.NewInt(1<<40)), true},
		{"n-2-plus-2^40-rejected", new(big.Int).Add(sub(2), big.NewInt(1<<40)), false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c := be32(tc.c)
			d, ok := scalarFromCandidate(&c)
			if ok != tc.ok {
				t.Fatalf("scalarFromCandidate(%x) ok = %v; want %v", c, ok, tc.ok)
			}
			if !ok {
				return
			}
			if want := be32(new(big.Int).Add(tc.c, big.NewInt(1))); d != want {
				t.Errorf("scalarFromCandidate(%x) = %x; want %x", c, d, want)
			}
		})
	}
}

// TestDeriveScalar_CounterIncrement replaces the KDF to reach what no
// known credentials do: rejected candidates, one counter after another.
func TestDeriveScalar_CounterIncrement(t *testing.T) {
	n := p256N
	reject := []*big.Int{
		new(big.Int).Sub(n, big.NewInt(1)), // n-1
		new(big.Int).Set(n),
		new(big.Int).Sub(new(big.Int).Lsh(big.NewInt(1), 256), big.NewInt(1)),
	}
	accept := big.NewInt(41)
	var calls []byte
	d, err := deriveScalar(func(counter byte) [32]byte {
		calls = append(calls, counter)
		if int(counter) <= len(reject) {
			return be32(reject[counter-1])
		}
		return be32(accept)
	})
	if err != nil {
		t.Fatalf("deriveScalar: %v", err)
	}
	if want := be32(big.NewInt(42)); d != want {
		t.Errorf("d = %x; want %x (candidate of counter 4, plus one)", d, want)
	}
	if got, want := fmt.Sprint(calls), "[1 2 3 4]"; got != want {
		t.Errorf("counters tried = %s; want %s", got, want)
	}

	calls = calls[:0]
	_, err = deriveScalar(func(counter byte) [32]byte {
		calls = append(calls, counter)
		return be32(n)
	})
	if !errors.Is(err, errNoKey) {
		t.Errorf("deriveScalar with every candidate rejected: error = %v; want errNoKey", err)
	}
	if len(calls) != maxCounter || calls[0] != 1 || calls[len(calls)-1] != maxCounter {
		t.Errorf("counters tried = %d, from %d to %d; want %d, from 1 to %d", len(calls), calls[0], calls[len(calls)-1], maxCounter, maxCounter)
	}
}

func TestKeyCache(t *testing.T) {
	var c keyCache
	a1, err := c.get("AKID", "secret-1")
	if err != nil {
		t.Fatal(err)
	}
	if again, _ := c.get("AKID", "secret-1"); again != a1 {
		t.Error("a second get for the same credentials derived a new key")
	}
	// A rotated secret under the same access key must not reuse the key.
	a2, _ := c.get("AKID", "secret-2")
	if a2.Equal(a1) {
		t.Error("keys for different secrets are equal")
	}
	if fresh, _ := deriveKey("AKID", "secret-1"); !fresh.Equal(a1) {
		t.Error("cached key differs from a fresh derivation")
	}

	// Bounded, oldest first out.
	for i := range 2 * keyCacheLimit {
		if _, err := c.get(fmt.Sprintf("AKID%03d", i), "s"); err != nil {
			t.Fatal(err)
		}
	}
	if n := c.len(); n != keyCacheLimit {
		t.Errorf("cache holds %d keys; want %d", n, keyCacheLimit)
	}
	c.mu.RLock()
	_, oldest := c.m[keyCacheKey{"AKID000", "s"}]
	_, newest := c.m[keyCacheKey{fmt.Sprintf("AKID%03d", 2*keyCacheLimit-1), "s"}]
	_, first := c.m[keyCacheKey{"AKID", "secret-1"}]
	c.mu.RUnlock()
	if oldest || first || !newest {
		t.Errorf("after overflow: oldest kept %v, first kept %v, newest kept %v; want false, false, true", oldest, first, newest)
	}
	if len(c.order) != len(c.m) {
		t.Errorf("eviction order has %d entries for %d keys", len(c.order), len(c.m))
	}
}

// TestKeyCache_Concurrent derives from many goroutines (run with -race):
// every goroutine gets the same key and the cache holds it once.
func TestKeyCache_Concurrent(t *testing.T) {
	var c keyCache
	want, _ := deriveKey("AKID", "secret")
	var wg sync.WaitGroup
	for range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for range 20 {
				k, err := c.get("AKID", "secret")
				if err != nil || !k.Equal(want) {
					t.Errorf("get = %v, %v; want the derived key", k, err)
					return
				}
			}
		}()
	}
	wg.Wait()
	if c.len() != 1 || len(c.order) != 1 {
		t.Errorf("cache holds %d keys in %d order slots; want 1", c.len(), len(c.order))
	}
}
