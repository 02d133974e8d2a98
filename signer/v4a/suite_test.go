package v4a

import (
	"bufio"
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/sha256"
	"encoding/hex"
	"math/big"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/nimbus-sdk/nimbus/credentials"
)

var suiteCreds = credentials.Credentials{
	AccessKeyID:     "AKIDEXAMPLE",
	SecretAccessKey: "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY",
}

var suiteTime = time.Date(2015, 8, 30, 12, 36, 0, 0, time.UTC)

// The suite's public-key.json: the key AWS derives from suiteCreds.
const (
	suitePublicKeyX = "b6618f6a65740a99e650b33b6b4b5bd0d43b176d721a3edfea7e7d2d56d936b1"
	suitePublicKeyY = "865ed22a7eadc9c5cb9d2cbaca1b3699139fedc5043dc6661864218330c8e518"
)

const suiteToken = "AQoDYXdzEPT//////////wEXAMPLEtc764bNrC9SAPBSM22wDOk4x4HIZ8j4FZTwdQWLWsKWHGBuFqwAeMicRXmxfpSPfIeoIYRqTflfKD8YUuwthAx7mSEI/qkPpKPi/kMcGdQrmGdeehM4IC1NtBmUpp2wUE8phUZampKsburEDy0KPkyQDYwT7WZ0wq5VSXDvp75YU9HFvlRd8Tx6q6fE8YQcHNVXAkiY9q6d+xo0rKwT38xVqr7ZD0u0iPPkUL64lIZbqBAz+scqKmlzm8FDrypNC9Yjc8fPOLn9FX9KSYvKTr4rvx3iSIlTJabIQwj2ICCR/oLxBA=="

const suiteSTSPrefix = "AWS4-ECDSA-P256-SHA256\n20150830T123600Z\n20150830/service/aws4_request\n"

type suiteCase struct {
	name string

	unnormalized bool   // context.json "normalize": false, S3's path rule
	signBody     bool   // "sign_body": the header form sends X-Amz-Content-Sha256
	token        string // session token of the credentials
	omitToken    bool   // "omit_session_token": the token is added after signing

	req           string
	headerCreq    string
	headerSTSHash string
	headerSig     string
	queryCreq     string
	querySTSHash  string
	querySig      string
}

func suitePublicKey(t *testing.T) *ecdsa.PublicKey {
	t.Helper()
	x, okX := new(big.Int).SetString(suitePublicKeyX, 16)
	y, okY := new(big.Int).SetString(suitePublicKeyY, 16)
	if !okX || !okY {
		t.Fatal("bad suite public key")
	}
	return &ecdsa.PublicKey{Curve: elliptic.P256(), X: x, Y: y}
}

// verify reports whether the hex DER signature sig of the string to sign
// sts verifies with pub.
func verify(pub *ecdsa.PublicKey, sts, sig string) bool {
	der, err := hex.DecodeString(sig)
	if err != nil {
		return false
	}
	digest := sha256.Sum256([]byte(sts))
	return ecdsa.VerifyASN1(pub, digest[:], der)
}

// parseSuiteRequest turns a request.txt into an *http.Request whose wire
// path is exactly the one in the request line, and the hex SHA-256 of its
// body. A folded header line (leading white space) continues the previous
// value after a space, as HTTP/1.1 parsers (net/textproto) read it;
// Content-Length sets Request.ContentLength, from which net/http sends it.
func parseSuiteRequest(t *testing.T, raw string) (*http.Request, string) {
	t.Helper()
	head, body, _ := strings.Cut(raw, "\n\n")
	sc := bufio.NewScanner(strings.NewReader(head))
	sc.Scan()
	method, rest, _ := strings.Cut(sc.Text(), " ")
	target := rest[:strings.LastIndex(rest, " HTTP/")]
	path, query, _ := strings.Cut(target, "?")

	u := &url.URL{Scheme: "https", Opaque: path, RawQuery: query}
	if strings.HasPrefix(path, "//") { // Opaque would read it as "//host"
		u.Opaque, u.Path = "", path
	}
	r := &http.Request{Method: method, Header: http.Header{}, URL: u}
	var last string
	for sc.Scan() {
		l := sc.Text()
		if l[0] == ' ' || l[0] == '\t' {
			vs := r.Header[last]
			vs[len(vs)-1] += " " + strings.TrimSpace(l)
			continue
		}
		k, v, _ := strings.Cut(l, ":")
		k = http.CanonicalHeaderKey(k)
		switch k {
		case "Host":
			r.Host, r.URL.Host = v, v
			continue
		case "Content-Length":
			n, err := strconv.ParseInt(v, 10, 64)
			if err != nil {
				t.Fatalf("Content-Length %q: %v", v, err)
			}
			r.ContentLength = n
			continue
		}
		r.Header[k] = append(r.Header[k], v)
		last = k
	}
	sum := sha256.Sum256([]byte(body))
	return r, hex.EncodeToString(sum[:])
}

func (tc *suiteCase) creds() credentials.Credentials {
	c := suiteCreds
	if !tc.omitToken {
		c.SessionToken = tc.token
	}
	return c
}

func (tc *suiteCase) signer() *Signer {
	return NewSigner(func(o *Options) { o.DisableURIPathEscaping = tc.unnormalized })
}

// signedHeadersOf returns the signed-headers line of a canonical request.
func signedHeadersOf(creq string) string {
	lines := strings.Split(creq, "\n")
	return lines[len(lines)-2]
}

func TestSignHTTP_SigV4aTestSuite(t *testing.T) {
	suitePub := suitePublicKey(t)
	for _, tc := range suiteCases {
		t.Run(tc.name, func(t *testing.T) {
			r, payloadHash := parseSuiteRequest(t, tc.req)
			if tc.signBody {
				r.Header["X-Amz-Content-Sha256"] = []string{payloadHash}
			}
			s := tc.signer()
			var gotCreq, gotSTS string
			s.trace = func(c, sts string) { gotCreq, gotSTS = c, sts }
			out, err := s.SignHTTP(context.Background(), &SignInput{
				Request: r, PayloadHash: payloadHash, Credentials: tc.creds(),
				Service: "service", RegionSet: []string{"us-east-1"}, Time: suiteTime,
			})
			if err != nil {
				t.Fatalf("SignHTTP: %v", err)
			}
			if gotCreq != tc.headerCreq {
				t.Errorf("canonical request =\n%s\nwant\n%s", gotCreq, tc.headerCreq)
			}
			wantSTS := suiteSTSPrefix + tc.headerSTSHash
			if gotSTS != wantSTS {
				t.Errorf("string to sign =\n%s\nwant\n%s", gotSTS, wantSTS)
			}
			if !verify(suitePub, wantSTS, out.Signature) {
				t.Errorf("Signature %s does not verify with the suite's public key", out.Signature)
			}
			if !verify(&mustKey(t, s, suiteCreds).PublicKey, wantSTS, tc.headerSig) {
				t.Errorf("the suite's signature does not verify with the derived key")
			}
			wantAuth := "AWS4-ECDSA-P256-SHA256 Credential=AKIDEXAMPLE/20150830/service/aws4_request, SignedHeaders=" +
				signedHeadersOf(tc.headerCreq) + ", Signature=" + out.Signature
			if got := r.Header.Get("Authorization"); got != wantAuth {
				t.Errorf("Authorization = %q; want %q", got, wantAuth)
			}
			if got := r.Header.Get("X-Amz-Region-Set"); got != "us-east-1" {
				t.Errorf("X-Amz-Region-Set = %q; want us-east-1", got)
			}
		})
	}
}

func TestPresignHTTP_SigV4aTestSuite(t *testing.T) {
	suitePub := suitePublicKey(t)
	for _, tc := range suiteCases {
		t.Run(tc.name, func(t *testing.T) {
			r, payloadHash := parseSuiteRequest(t, tc.req)
			s := tc.signer()
			var gotCreq, gotSTS string
			s.trace = func(c, sts string) { gotCreq, gotSTS = c, sts }
			got, _, err := s.PresignHTTP(context.Background(), &PresignInput{
				Request: r, PayloadHash: payloadHash, Credentials: tc.creds(),
				Service: "service", RegionSet: []string{"us-east-1"}, Time: suiteTime, Expires: time.Hour,
			})
			if err != nil {
				t.Fatalf("PresignHTTP: %v", err)
			}
			if gotCreq != tc.queryCreq {
				t.Errorf("canonical request =\n%s\nwant\n%s", gotCreq, tc.queryCreq)
			}
			wantSTS := suiteSTSPrefix + tc.querySTSHash
			if gotSTS != wantSTS {
				t.Errorf("string to sign =\n%s\nwant\n%s", gotSTS, wantSTS)
			}
			if !verify(&mustKey(t, s, suiteCreds).PublicKey, wantSTS, tc.querySig) {
				t.Errorf("the suite's signature does not verify with the derived key")
			}
			// The URL's query is the canonical query plus the signature.
			prefix := "https://example.amazonaws.com" + wirePathOf(r) + "?" + strings.Split(tc.queryCreq, "\n")[2] + "&X-Amz-Signature="
			sig, ok := strings.CutPrefix(got, prefix)
			if !ok {
				t.Fatalf("URL = %s\nwant prefix %s", got, prefix)
			}
			if !verify(suitePub, wantSTS, sig) {
				t.Errorf("X-Amz-Signature %s does not verify with the suite's public key", sig)
			}
		})
	}
}

func wirePathOf(r *http.Request) string {
	if r.URL.Opaque != "" {
		return r.URL.Opaque
	}
	return r.URL.EscapedPath()
}

func mustKey(t *testing.T, s *Signer, c credentials.Credentials) *ecdsa.PrivateKey {
	t.Helper()
	k, err := s.keys.get(c.AccessKeyID, c.SecretAccessKey)
	if err != nil {
		t.Fatal(err)
	}
	return k
}
