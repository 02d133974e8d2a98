package logincreds

import (
	"crypto/ecdsa"
	"crypto/ed25519"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/x509"
	"encoding/pem"
	"errors"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/nimbus-sdk/nimbus/internal/testenv/signintest"
)

// A P-256 key made with "openssl ecparam -name prime256v1 -genkey", in
// the SEC 1 form "aws login" caches and as PKCS #8 ("openssl pkcs8
// -topk8"), and its public coordinates as "openssl ec -text" prints them,
// in base64url.
const (
	testKeySEC1 = `-----BEGIN EC PRIVATE KEY-----
MHcCAQEEIHA6Ad0Rco6psXHfK9T5cRpylcLY2A4KfKF2HK8Hi+62oAoGCCqGSM49
AwEHoUQDQgAEb8F9VzrKhlKkKK6ixNKXLzW4M7Eqn+NE9urPpb2/GKRXAYg09/zT
t0IftO4JmY6JtYaJEPKiTX/33RLcRt+Enw==
-----END EC PRIVATE KEY-----
`
	testKeyPKCS8 = `-----BEGIN PRIVATE KEY-----
MIGHAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBG0wawIBAQQgcDoB3RFyjqmxcd8r
1PlxGnKVwtjYDgp8oXYcrweL7rahRANCAARvwX1XOsqGUqQorqLE0pcvNbgzsSqf
40T26s+lvb8YpFcBiDT3/NO3Qh+07gmZjom1hokQ8qJNf/fdEtxG34Sf
-----END PRIVATE KEY-----
`
	testKeyX = "b8F9VzrKhlKkKK6ixNKXLzW4M7Eqn-NE9urPpb2_GKQ"
	testKeyY = "VwGINPf807dCH7TuCZmOibWGiRDyok1_990S3EbfhJ8"
)

// TestDPoPProof signs a proof with each encoding of the test key and has
// signintest, which shares no code with this package, verify it: the
// embedded JWK must be the key openssl printed, the signature valid ES256.
func TestDPoPProof(t *testing.T) {
	now := time.Unix(1763510400, 0) // 2025-11-19T00:00:00Z
	for _, tt := range []struct{ name, pem string }{{"SEC 1", testKeySEC1}, {"PKCS #8", testKeyPKCS8}} {
		t.Run(tt.name, func(t *testing.T) {
			s, err := newDPoPSigner(tt.pem)
			if err != nil {
				t.Fatal(err)
			}
			r := httptest.NewRequest("POST", "http://127.0.0.1:4567/v1/token", nil)
			proof, err := s.proof("POST", "http://127.0.0.1:4567/v1/token", now)
			if err != nil {
				t.Fatal(err)
			}
			r.Header.Set("DPoP", proof)
			p, err := signintest.VerifyProof(r, now)
			if err != nil {
				t.Fatalf("VerifyProof: %v", err)
			}
			if p.JWK.X != testKeyX || p.JWK.Y != testKeyY {
				t.Errorf("jwk x, y = %s, %s; want %s, %s", p.JWK.X, p.JWK.Y, testKeyX, testKeyY)
			}
			if !p.IAT.Equal(now) || p.HTM != "POST" {
				t.Errorf("iat, htm = %v, %s; want %v, POST", p.IAT, p.HTM, now)
			}
		})
	}
}

// TestDPoPProofUnique: every proof has a new jti, a version 4 UUID, and a
// new signature.
func TestDPoPProofUnique(t *testing.T) {
	s, err := newDPoPSigner(testKeySEC1)
	if err != nil {
		t.Fatal(err)
	}
	seen := map[string]bool{}
	for range 50 {
		p, err := s.proof("POST", "http://example.com/v1/token", time.Now())
		if err != nil {
			t.Fatal(err)
		}
		r := httptest.NewRequest("POST", "http://example.com/v1/token", nil)
		r.Header.Set("DPoP", p)
		v, err := signintest.VerifyProof(r, time.Now())
		if err != nil {
			t.Fatalf("VerifyProof: %v", err)
		}
		jti := v.JTI
		if len(jti) != 36 || jti[14] != '4' || !strings.ContainsRune("89ab", rune(jti[19])) {
			t.Errorf("jti %q is not a version 4 UUID", jti)
		}
		if seen[jti] {
			t.Fatalf("jti %q repeated", jti)
		}
		seen[jti] = true
	}
}

func TestTargetURI(t *testing.T) {
	tests := []struct{ in, want string }{
		{"https://us-east-1.signin.aws.amazon.com/v1/token", "https://us-east-1.signin.aws.amazon.com/v1/token"},
		{"http://127.0.0.1:8080/v1/token?x=1#frag", "http://127.0.0.1:8080/v1/token"},
		{"https://user:pw@example.com/v1/token?", "https://example.com/v1/token"},
	}
	for _, tt := range tests {
		u, err := url.Parse(tt.in)
		if err != nil {
			t.Fatal(err)
		}
		if got := targetURI(u); got != tt.want {
			t.Errorf("targetURI(%q) = %q; want %q", tt.in, got, tt.want)
		}
	}
}

func TestDPoPBadKeys(t *testing.T) {
	p384, _ := ecdsa.GenerateKey(elliptic.P384(), rand.Reader)
	der384, _ := x509.MarshalECPrivateKey(p384)
	_, edKey, _ := ed25519.GenerateKey(rand.Reader)
	derEd, _ := x509.MarshalPKCS8PrivateKey(edKey)
	enc := func(typ string, der []byte) string {
		return string(pem.EncodeToMemory(&pem.Block{Type: typ, Bytes: der}))
	}
	tests := []struct {
		name, pem string
		want      error
	}{
		{"not PEM", "MHcCAQEEIHA6Ad0Rco6psXHfK9T5cRpylcLY2A4KfKF2HK8Hi", errKeyNotPEM},
		{"P-384", enc("EC PRIVATE KEY", der384), errKeyNotP256},
		{"Ed25519", enc("PRIVATE KEY", derEd), errKeyNotEC},
		{"garbage DER", enc("EC PRIVATE KEY", []byte("not DER at all")), errKeyNotEC},
		{"public key", enc("PUBLIC KEY", der384), errKeyNotEC},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := newDPoPSigner(tt.pem)
			if !errors.Is(err, tt.want) {
				t.Errorf("newDPoPSigner = %v; want %v", err, tt.want)
			}
		})
	}
}
