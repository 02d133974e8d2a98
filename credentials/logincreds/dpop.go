package logincreds

import (
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/sha256"
	"crypto/x509"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"encoding/pem"
	"errors"
	"fmt"
	"net/url"
	"time"

	"github.com/aws/smithy-go/middleware"
	smithyhttp "github.com/aws/smithy-go/transport/http"
)

// dpopHeader is the request header that carries the proof (RFC 9449
// section 4.1).
const dpopHeader = "DPoP"

// coordLen is the length of a P-256 coordinate and of each half of an
// ES256 signature (RFC 7518 sections 3.4 and 6.2.1.2).
const coordLen = 32

var b64 = base64.RawURLEncoding

// A dpopSigner makes DPoP proofs (RFC 9449) with a login session's EC
// P-256 key. Its JOSE header, which embeds the public key as a JWK, is the
// same for every proof and is encoded once.
type dpopSigner struct {
	key    *ecdsa.PrivateKey
	header string // base64url of the JOSE header
}

// errKeyNotPEM and its siblings say what is wrong with a cached dpopKey
// without quoting any of it.
var (
	errKeyNotPEM  = errors.New("dpopKey is not PEM")
	errKeyNotEC   = errors.New("dpopKey is not a SEC 1 or PKCS #8 EC private key")
	errKeyNotP256 = errors.New("dpopKey is not on curve P-256")
)

// newDPoPSigner parses the PEM-encoded EC private key "aws login" cached
// ("EC PRIVATE KEY", SEC 1; "PRIVATE KEY", PKCS #8 is accepted too). The
// errors never contain any of the key.
func newDPoPSigner(pemText string) (*dpopSigner, error) {
	block, _ := pem.Decode([]byte(pemText))
	if block == nil {
		return nil, errKeyNotPEM
	}
	var key *ecdsa.PrivateKey
	switch block.Type {
	case "EC PRIVATE KEY":
		k, err := x509.ParseECPrivateKey(block.Bytes)
		if err != nil {
			return nil, errKeyNotEC
		}
		key = k
	case "PRIVATE KEY":
		k, err := x509.ParsePKCS8PrivateKey(block.Bytes)
		ek, ok := k.(*ecdsa.PrivateKey)
		if err != nil || !ok {
			return nil, errKeyNotEC
		}
		key = ek
	default:
		return nil, errKeyNotEC
	}
	if key.Curve != elliptic.P256() {
		return nil, errKeyNotP256
	}
	x, y, err := publicCoordinates(key)
	if err != nil {
		return nil, err
	}
	header, err := json.Marshal(joseHeader{
		Typ: "dpop+jwt",
		Alg: "ES256",
		JWK: jwk{Crv: "P-256", Kty: "EC", X: b64.EncodeToString(x), Y: b64.EncodeToString(y)},
	})
	if err != nil {
		return nil, err
	}
	return &dpopSigner{key: key, header: b64.EncodeToString(header)}, nil
}

// publicCoordinates returns the fixed-length (32-byte) x and y of key's
// public point, from its uncompressed encoding 0x04 || x || y.
func publicCoordinates(key *ecdsa.PrivateKey) (x, y []byte, err error) {
	pub, err := key.PublicKey.ECDH()
	if err != nil {
		return nil, nil, errKeyNotP256
	}
	point := pub.Bytes()
	if len(point) != 1+2*coordLen || point[0] != 4 {
		return nil, nil, errKeyNotP256
	}
	return point[1 : 1+coordLen], point[1+coordLen:], nil
}

// joseHeader is the header of a DPoP proof (RFC 9449 section 4.2). The
// JWK holds only the public members; they are in the lexicographic order
// of RFC 7638, so the embedded JWK is also its thumbprint input.
type joseHeader struct {
	Typ string `json:"typ"`
	Alg string `json:"alg"`
	JWK jwk    `json:"jwk"`
}

type jwk struct {
	Crv string `json:"crv"`
	Kty string `json:"kty"`
	X   string `json:"x"`
	Y   string `json:"y"`
}

// proofClaims are the claims of a DPoP proof: a unique ID, the HTTP
// method and target URI of the request, and the time of issue.
type proofClaims struct {
	JTI string `json:"jti"`
	HTM string `json:"htm"`
	HTU string `json:"htu"`
	IAT int64  `json:"iat"`
}

// proof returns the DPoP proof JWT of a request with method to target
// (the request URI without query and fragment), issued at now.
func (s *dpopSigner) proof(method, target string, now time.Time) (string, error) {
	jti, err := newJTI()
	if err != nil {
		return "", err
	}
	claims, err := json.Marshal(proofClaims{JTI: jti, HTM: method, HTU: target, IAT: now.Unix()})
	if err != nil {
		return "", err
	}
	input := s.header + "." + b64.EncodeToString(claims)
	digest := sha256.Sum256([]byte(input))
	r, sv, err := ecdsa.Sign(rand.Reader, s.key, digest[:])
	if err != nil {
		return "", fmt.Errorf("signing the DPoP proof: %w", err)
	}
	// ES256 signatures are r || s, each a 32-byte big-endian number
	// (RFC 7518 section 3.4), not the ASN.1 form ecdsa.SignASN1 returns.
	var sig [2 * coordLen]byte
	r.FillBytes(sig[:coordLen])
	sv.FillBytes(sig[coordLen:])
	return input + "." + b64.EncodeToString(sig[:]), nil
}

// newJTI returns a random (version 4) UUID, the proof's unique ID.
func newJTI() (string, error) {
	var u [16]byte
	if _, err := rand.Read(u[:]); err != nil {
		return "", err
	}
	u[6] = u[6]&0x0f | 0x40
	u[8] = u[8]&0x3f | 0x80
	h := hex.EncodeToString(u[:])
	return h[0:8] + "-" + h[8:12] + "-" + h[12:16] + "-" + h[16:20] + "-" + h[20:], nil
}

// targetURI returns u without user information, query and fragment: the
// htu claim (RFC 9449 section 4.2).
func targetURI(u *url.URL) string {
	t := *u
	t.User, t.RawQuery, t.ForceQuery, t.Fragment, t.RawFragment = nil, "", false, "", ""
	return t.String()
}

// signerKey is the context key of the call's *dpopSigner.
type signerKey struct{}

// dpopMiddleware adds a fresh DPoP proof to every attempt of a
// CreateOAuth2Token call. It runs last in Finalize, after the endpoint is
// resolved, so that htu is the URI the request goes to, and again on
// every retry, so that no two attempts share a jti. The key travels in
// the call's context, so one compiled stack serves every session.
type dpopMiddleware struct {
	now func() time.Time
}

func (dpopMiddleware) ID() string { return "DPoPProof" }

func (m dpopMiddleware) HandleFinalize(ctx context.Context, in middleware.FinalizeInput, next middleware.FinalizeHandler) (middleware.FinalizeOutput, middleware.Metadata, error) {
	req, ok := in.Request.(*smithyhttp.Request)
	if !ok {
		return middleware.FinalizeOutput{}, middleware.Metadata{}, fmt.Errorf("DPoP: unexpected request type %T", in.Request)
	}
	s, _ := ctx.Value(signerKey{}).(*dpopSigner)
	if s == nil {
		return middleware.FinalizeOutput{}, middleware.Metadata{}, errors.New("DPoP: no key in the call's context")
	}
	p, err := s.proof(req.Method, targetURI(req.URL), m.now())
	if err != nil {
		return middleware.FinalizeOutput{}, middleware.Metadata{}, err
	}
	req.Header.Set(dpopHeader, p)
	return next.HandleFinalize(ctx, in)
}

// addDPoP returns the APIOptions function that appends dpopMiddleware.
func addDPoP(now func() time.Time) func(*middleware.Stack) error {
	return func(st *middleware.Stack) error {
		return st.Finalize.Add(dpopMiddleware{now: now}, middleware.After)
	}
}
