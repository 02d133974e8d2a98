// Package signintest fakes the AWS Sign-In token endpoint that refreshes
// "aws login" sessions, and checks the DPoP proofs (RFC 9449) sent to it.
// It decodes and verifies proofs with nothing from credentials/logincreds:
// a test that refreshes with Nimbus and verifies here checks two
// implementations against each other.
package signintest

import (
	"bytes"
	"crypto/ecdh"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/sha256"
	"crypto/x509"
	"encoding/base64"
	"encoding/json"
	"encoding/pem"
	"errors"
	"fmt"
	"math/big"
	"net/http"
	"net/http/httptest"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"
)

var b64 = base64.RawURLEncoding

// JWK is the public key a proof embeds.
type JWK struct {
	Kty, Crv, X, Y string
}

// Proof is a verified DPoP proof.
type Proof struct {
	// Header and Claims are the decoded JSON objects, all members kept.
	Header, Claims map[string]any
	JWK            JWK
	JTI, HTM, HTU  string
	IAT            time.Time
}

// VerifyProof checks the DPoP proof of r, a request received by a test
// server, as RFC 9449 section 4.3 asks a server to: one proof in the
// DPoP header, a JWT of three base64url parts; typ "dpop+jwt"; alg
// "ES256"; a public P-256 JWK without private members; an ES256
// signature (r || s, 32 bytes each) valid for that key; htm equal to the
// request's method and htu to its URI without query and fragment
// (rebuilt from r.Host and r.URL.Path, over http); a jti; iat within a
// minute of now.
func VerifyProof(r *http.Request, now time.Time) (Proof, error) {
	values := r.Header.Values("DPoP")
	if len(values) != 1 {
		return Proof{}, fmt.Errorf("want one DPoP header, got %d", len(values))
	}
	parts := strings.Split(values[0], ".")
	if len(parts) != 3 {
		return Proof{}, fmt.Errorf("proof has %d parts; want 3", len(parts))
	}
	var p Proof
	if err := decodePart(parts[0], &p.Header); err != nil {
		return Proof{}, fmt.Errorf("header: %w", err)
	}
	if err := decodePart(parts[1], &p.Claims); err != nil {
		return Proof{}, fmt.Errorf("claims: %w", err)
	}
	if typ := p.Header["typ"]; typ != "dpop+jwt" {
		return Proof{}, fmt.Errorf("typ = %v; want dpop+jwt", typ)
	}
	if alg := p.Header["alg"]; alg != "ES256" {
		return Proof{}, fmt.Errorf("alg = %v; want ES256", alg)
	}
	jwk, ok := p.Header["jwk"].(map[string]any)
	if !ok {
		return Proof{}, errors.New("header has no jwk object")
	}
	for k := range jwk {
		switch k {
		case "kty", "crv", "x", "y":
		case "d":
			return Proof{}, errors.New("jwk holds the private key (d)")
		default:
			return Proof{}, fmt.Errorf("jwk has unexpected member %q", k)
		}
	}
	p.JWK = JWK{Kty: str(jwk["kty"]), Crv: str(jwk["crv"]), X: str(jwk["x"]), Y: str(jwk["y"])}
	pub, err := p.JWK.PublicKey()
	if err != nil {
		return Proof{}, err
	}
	sig, err := b64.DecodeString(parts[2])
	if err != nil || len(sig) != 64 {
		return Proof{}, fmt.Errorf("signature is not 64 bytes of base64url (%d bytes, %v)", len(sig), err)
	}
	digest := sha256.Sum256([]byte(parts[0] + "." + parts[1]))
	if !ecdsa.Verify(pub, digest[:], new(big.Int).SetBytes(sig[:32]), new(big.Int).SetBytes(sig[32:])) {
		return Proof{}, errors.New("ES256 signature does not verify with the jwk")
	}

	p.JTI, p.HTM, p.HTU = str(p.Claims["jti"]), str(p.Claims["htm"]), str(p.Claims["htu"])
	if p.JTI == "" {
		return Proof{}, errors.New("no jti")
	}
	if p.HTM != r.Method {
		return Proof{}, fmt.Errorf("htm = %q; want %q", p.HTM, r.Method)
	}
	if want := "http://" + r.Host + r.URL.Path; p.HTU != want {
		return Proof{}, fmt.Errorf("htu = %q; want %q", p.HTU, want)
	}
	iat, ok := p.Claims["iat"].(float64)
	if !ok || iat != float64(int64(iat)) {
		return Proof{}, fmt.Errorf("iat = %v; want whole seconds", p.Claims["iat"])
	}
	p.IAT = time.Unix(int64(iat), 0)
	if d := p.IAT.Sub(now); d > time.Minute || d < -time.Minute {
		return Proof{}, fmt.Errorf("iat %v is not within a minute of %v", p.IAT, now)
	}
	return p, nil
}

func decodePart(s string, v *map[string]any) error {
	data, err := b64.DecodeString(s)
	if err != nil {
		return fmt.Errorf("not base64url without padding: %w", err)
	}
	return json.Unmarshal(data, v)
}

func str(v any) string {
	s, _ := v.(string)
	return s
}

// PublicKey returns the P-256 key of j, which must be a valid point.
func (j JWK) PublicKey() (*ecdsa.PublicKey, error) {
	if j.Kty != "EC" || j.Crv != "P-256" {
		return nil, fmt.Errorf("jwk kty %q crv %q; want EC P-256", j.Kty, j.Crv)
	}
	x, errX := b64.DecodeString(j.X)
	y, errY := b64.DecodeString(j.Y)
	if errX != nil || errY != nil || len(x) != 32 || len(y) != 32 {
		return nil, errors.New("jwk x and y are not 32 bytes of base64url each")
	}
	point := append(append([]byte{4}, x...), y...)
	if _, err := ecdh.P256().NewPublicKey(point); err != nil {
		return nil, fmt.Errorf("jwk is not a point of P-256: %w", err)
	}
	return &ecdsa.PublicKey{Curve: elliptic.P256(), X: new(big.Int).SetBytes(x), Y: new(big.Int).SetBytes(y)}, nil
}

// Thumbprint returns the RFC 7638 thumbprint of j: the base64url SHA-256
// of its required members in lexicographic order, without whitespace.
// Sign-In binds refresh tokens to it (cnf.jkt).
func (j JWK) Thumbprint() string {
	canon := fmt.Sprintf(`{"crv":%q,"kty":%q,"x":%q,"y":%q}`, j.Crv, j.Kty, j.X, j.Y)
	sum := sha256.Sum256([]byte(canon))
	return b64.EncodeToString(sum[:])
}

// KeyJWK returns the JWK of key's public half.
func KeyJWK(key *ecdsa.PrivateKey) JWK {
	pub, err := key.PublicKey.ECDH()
	if err != nil {
		panic(err)
	}
	pt := pub.Bytes()
	return JWK{Kty: "EC", Crv: "P-256", X: b64.EncodeToString(pt[1:33]), Y: b64.EncodeToString(pt[33:])}
}

// KeyPEM encodes key as the PEM "EC PRIVATE KEY" "aws login" caches.
func KeyPEM(key *ecdsa.PrivateKey) string {
	der, err := x509.MarshalECPrivateKey(key)
	if err != nil {
		panic(err)
	}
	return string(pem.EncodeToMemory(&pem.Block{Type: "EC PRIVATE KEY", Bytes: der}))
}

// A Call is one request the fake received.
type Call struct {
	Body  map[string]any
	Proof Proof
	// Err is why the request was refused, nil if it was answered with
	// new credentials or a configured Failure.
	Err error
}

// Failure makes the fake answer with an error.
type Failure struct {
	Status int    // HTTP status
	Type   string // X-Amzn-Errortype, e.g. "AccessDeniedException"; "" sends none
	Code   string // the error member, e.g. "TOKEN_EXPIRED"
}

// Server is a fake AWS Sign-In CreateOAuth2Token endpoint (POST
// /v1/token). It accepts a refresh only with the current refresh token of
// the client, and a proof that verifies, is not a replay and whose key has
// the thumbprint the refresh token is bound to. It answers with
// credentials "ASIA-REFRESHED-<n>", "secret-<n>", "session-<n>" that
// expire in 900 seconds and rotates the refresh token to "refresh-<n>".
type Server struct {
	URL string

	mu           sync.Mutex
	clientID     string
	refreshToken string
	jkt          string
	now          func() time.Time
	fail         *Failure
	n            int
	jtis         map[string]bool
	calls        []Call
}

// Start starts a fake for refreshToken of clientID, bound to the key
// whose JWK is bound, checking iat against now. It is closed when the test
// ends.
func Start(t testing.TB, clientID, refreshToken string, bound JWK, now func() time.Time) *Server {
	s := &Server{clientID: clientID, refreshToken: refreshToken, jkt: bound.Thumbprint(), now: now, jtis: map[string]bool{}}
	srv := httptest.NewServer(s)
	t.Cleanup(srv.Close)
	s.URL = srv.URL
	return s
}

// Fail makes every later request fail with f (nil: succeed again).
func (s *Server) Fail(f *Failure) {
	s.mu.Lock()
	s.fail = f
	s.mu.Unlock()
}

// RefreshToken returns the refresh token the fake now accepts.
func (s *Server) RefreshToken() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.refreshToken
}

// Calls returns the requests received so far.
func (s *Server) Calls() []Call {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]Call(nil), s.calls...)
}

// ServeHTTP records r, verifies it, and answers with new credentials,
// the configured Failure, or a ValidationException saying what was wrong.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	defer s.mu.Unlock()
	c, err := s.check(r)
	c.Err = err
	s.calls = append(s.calls, c)
	w.Header().Set("Content-Type", "application/json")
	switch {
	case err != nil:
		writeError(w, Failure{Status: http.StatusBadRequest, Type: "ValidationException", Code: "INVALID_REQUEST"}, err.Error())
	case s.fail != nil:
		writeError(w, *s.fail, "refused by the test")
	default:
		s.n++
		s.refreshToken = fmt.Sprintf("refresh-%d", s.n)
		fmt.Fprintf(w, `{"accessToken":{"accessKeyId":"ASIA-REFRESHED-%[1]d","secretAccessKey":"secret-%[1]d","sessionToken":"session-%[1]d"},"tokenType":"aws_sigv4","expiresIn":900,"refreshToken":%[2]q}`,
			s.n, s.refreshToken)
	}
}

// check verifies r and returns what it holds.
func (s *Server) check(r *http.Request) (Call, error) {
	var c Call
	if r.Method != http.MethodPost || r.URL.Path != "/v1/token" {
		return c, fmt.Errorf("%s %s; want POST /v1/token", r.Method, r.URL.Path)
	}
	if ct := r.Header.Get("Content-Type"); ct != "application/json" {
		return c, fmt.Errorf("Content-Type %q; want application/json", ct)
	}
	if a := r.Header.Get("Authorization"); a != "" {
		return c, errors.New("request is signed; CreateOAuth2Token is sent without SigV4")
	}
	var body bytes.Buffer
	body.ReadFrom(r.Body)
	if err := json.Unmarshal(body.Bytes(), &c.Body); err != nil {
		return c, fmt.Errorf("body is not a JSON object: %w", err)
	}
	keys := make([]string, 0, len(c.Body))
	for k := range c.Body {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	if got := strings.Join(keys, ","); got != "clientId,grantType,refreshToken" {
		return c, fmt.Errorf("body members %s; want clientId,grantType,refreshToken", got)
	}
	p, err := VerifyProof(r, s.now())
	if err != nil {
		return c, fmt.Errorf("DPoP: %w", err)
	}
	c.Proof = p
	switch {
	case s.jtis[p.JTI]:
		return c, errors.New("DPoP: jti replayed")
	case c.Body["grantType"] != "refresh_token":
		return c, fmt.Errorf("grantType %v; want refresh_token", c.Body["grantType"])
	case c.Body["clientId"] != s.clientID:
		return c, fmt.Errorf("clientId %v; want %s", c.Body["clientId"], s.clientID)
	case c.Body["refreshToken"] != s.refreshToken:
		return c, errors.New("refreshToken is not the current one")
	case p.JWK.Thumbprint() != s.jkt:
		return c, errors.New("DPoP key is not the one the refresh token is bound to")
	}
	s.jtis[p.JTI] = true
	return c, nil
}

func writeError(w http.ResponseWriter, f Failure, msg string) {
	if f.Type != "" {
		w.Header().Set("X-Amzn-Errortype", f.Type)
	}
	w.WriteHeader(f.Status)
	if f.Code != "" {
		fmt.Fprintf(w, `{"error":%q,"message":%q}`, f.Code, msg)
	}
}
