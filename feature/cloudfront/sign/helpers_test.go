package sign_test

import (
	"crypto"
	"crypto/rsa"
	"crypto/sha1"
	"encoding/base64"
	"net/url"
	"strings"
	"testing"

	"github.com/nimbus-sdk/nimbus/feature/cloudfront/sign"
)

// The tests sign with the key in testdata/test_key.pem and compute what
// they expect on their own: the policy JSON written out by hand, hashed
// with SHA-1 and signed with crypto/rsa, both base64-encoded in
// CloudFront's alphabet by cfBase64. cloudFrontVerify then checks each
// signed URL as CloudFront does, with the public key only.

const (
	testKeyFile = "testdata/test_key.pem"
	testKeyID   = "K2JCJMDEHXQW5F"

	// farExpiry is 2100-01-01T00:00:00Z: far enough ahead that the
	// tests' signatures never expire, so they stay byte for byte the same.
	farExpiry int64 = 4102444800
	// farStart is 2099-01-01T00:00:00Z, a DateGreaterThan before it.
	farStart int64 = 4070908800
)

func testKey(t testing.TB) *rsa.PrivateKey {
	t.Helper()
	k, err := sign.LoadPEMPrivKeyFile(testKeyFile)
	if err != nil {
		t.Fatal(err)
	}
	return k
}

// cfBase64 is base64 in CloudFront's alphabet, written independently of
// the package: the standard encoding with + = / replaced by - _ ~.
func cfBase64(b []byte) string {
	return strings.NewReplacer("+", "-", "=", "_", "/", "~").Replace(base64.StdEncoding.EncodeToString(b))
}

func cfBase64Decode(t testing.TB, s string) []byte {
	t.Helper()
	b, err := base64.StdEncoding.DecodeString(strings.NewReplacer("-", "+", "_", "=", "~", "/").Replace(s))
	if err != nil {
		t.Fatalf("decoding %q: %v", s, err)
	}
	return b
}

// refSignature signs policyJSON with crypto/rsa directly: PKCS #1 v1.5
// over SHA-1, in CloudFront's base64.
func refSignature(t testing.TB, key *rsa.PrivateKey, policyJSON string) string {
	t.Helper()
	sum := sha1.Sum([]byte(policyJSON))
	sig, err := rsa.SignPKCS1v15(nil, key, crypto.SHA1, sum[:])
	if err != nil {
		t.Fatal(err)
	}
	return cfBase64(sig)
}

// cannedJSON is the policy CloudFront rebuilds for a canned signature
// (private-content-creating-signed-url-canned-policy.html).
func cannedJSON(resource, expires string) string {
	return `{"Statement":[{"Resource":"` + resource + `","Condition":{"DateLessThan":{"AWS:EpochTime":` + expires + `}}}]}`
}

// cloudFrontVerify checks signedURL as CloudFront would: the signature
// parameters must come last (Expires or Policy, then Signature, then
// Key-Pair-Id); the policy is the Policy parameter decoded, or for a
// canned signature the canned policy of the URL without them; the
// signature must verify with pub. It returns the policy's JSON.
func cloudFrontVerify(t testing.TB, pub *rsa.PublicKey, keyID, signedURL string) string {
	t.Helper()
	i := strings.LastIndex(signedURL, "Expires=")
	if j := strings.LastIndex(signedURL, "Policy="); j > i {
		i = j
	}
	if i < 1 || (signedURL[i-1] != '?' && signedURL[i-1] != '&') {
		t.Fatalf("%s: no Expires or Policy parameter", signedURL)
	}
	base, params := signedURL[:i-1], signedURL[i:]
	q, err := url.ParseQuery(params)
	if err != nil {
		t.Fatalf("%s: signature parameters %q: %v", signedURL, params, err)
	}
	if len(q) != 3 || q.Get("Signature") == "" || q.Get("Key-Pair-Id") != keyID {
		t.Fatalf("%s: signature parameters %v; want Expires or Policy, Signature and Key-Pair-Id=%s", signedURL, q, keyID)
	}
	policy := cannedJSON(base, q.Get("Expires"))
	if p := q.Get("Policy"); p != "" {
		policy = string(cfBase64Decode(t, p))
	}
	sum := sha1.Sum([]byte(policy))
	if err := rsa.VerifyPKCS1v15(pub, crypto.SHA1, sum[:], cfBase64Decode(t, q.Get("Signature"))); err != nil {
		t.Fatalf("%s: signature does not verify against policy %s: %v", signedURL, policy, err)
	}
	return policy
}
