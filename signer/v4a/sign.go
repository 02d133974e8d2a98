package v4a

import (
	"context"
	"crypto/ecdsa"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"net/http"
	"strings"
	"time"

	"github.com/nimbus-sdk/nimbus/credentials"
	"github.com/nimbus-sdk/nimbus/signer/internal/canonical"
)

// HTTPSigner signs requests with SigV4a. [*Signer] implements it; a client
// takes one as an option, to wrap or replace Nimbus's signer. It has the
// shape of signer/v4's HTTPSigner with a region set in place of the
// region. SignHTTP must be safe for concurrent use.
type HTTPSigner interface {
	SignHTTP(ctx context.Context, in *SignInput, optFns ...func(*Options)) (SignOutput, error)
}

// SignInput is the input of [Signer.SignHTTP].
type SignInput struct {
	// Request is signed in place: SignHTTP sets its Authorization,
	// X-Amz-Date and X-Amz-Region-Set headers, X-Amz-Security-Token when
	// the credentials carry a session token, and X-Amz-Content-Sha256 when
	// the payload needs it (see PayloadHash). Its body is not read.
	// Required.
	Request *http.Request

	// PayloadHash is the lower-case hex SHA-256 of the body,
	// [UnsignedPayload] or [StreamingUnsignedPayloadTrailer]. Required:
	// use [EmptyPayloadHash] for requests without a body. Signed
	// aws-chunked payloads (STREAMING-AWS4-*) are not supported and are an
	// [*InvalidInputError].
	//
	// X-Amz-Content-Sha256 is set to PayloadHash when Service is "s3" or
	// "s3-object-lambda", when PayloadHash is not a hex digest (the
	// service must be told what the body is), or when the request already
	// carries the header: the same rule as signer/v4.
	PayloadHash string

	// Credentials sign the request: the signing key is derived from
	// AccessKeyID and SecretAccessKey, which are required.
	Credentials credentials.Credentials

	// Service is the signing name, such as "s3" or "events". Required.
	Service string

	// RegionSet lists the regions the signature is valid in, such as
	// {"*"} (every region: what endpoint rules give for S3 Multi-Region
	// Access Points and EventBridge global endpoints) or {"us-east-1",
	// "us-west-2"}. It is sent comma-joined as X-Amz-Region-Set. Required;
	// no region may be empty or contain a comma.
	RegionSet []string

	// Time is the signing time. If zero, time.Now() is used.
	Time time.Time
}

// SignOutput is the result of [Signer.SignHTTP].
type SignOutput struct {
	// Signature is the hex of the DER-encoded ECDSA signature placed in
	// the Authorization header. ECDSA signatures are randomized: signing
	// the same request twice gives two different, equally valid
	// signatures.
	Signature string
}

// maxSigLen is the longest DER encoding of an ECDSA P-256 signature:
// a SEQUENCE of two INTEGERs of at most 33 bytes each.
const maxSigLen = 2 + 2*(2+33)

// SignHTTP signs in.Request with SigV4a using the Authorization header.
// optFns change a copy of the signer's [Options] for this call only.
//
// It returns the signature. Invalid inputs are an [*InvalidInputError],
// returned before the request is changed; no error contains credential
// values. (The only other error, a failing ECDSA signature, would need a
// broken random source.)
func (s *Signer) SignHTTP(ctx context.Context, in *SignInput, optFns ...func(*Options)) (SignOutput, error) {
	regionSet, err := validate(in.Request, in.PayloadHash, &in.Credentials, in.Service, in.RegionSet, true)
	if err != nil {
		return SignOutput{}, err
	}
	key, err := s.key(&in.Credentials)
	if err != nil {
		return SignOutput{}, err
	}
	opts := s.resolveOptions(optFns)
	r := in.Request
	t := in.Time
	if t.IsZero() {
		t = time.Now()
	}
	var dateBuf [canonical.AmzDateLen]byte
	canonical.FormatAmzDate(&dateBuf, t)

	b := canonical.GetBuf()
	defer canonical.PutBuf(b)

	// The headers SignHTTP sets are signed too, so they go on the request
	// first. One allocation holds their values; each gets a one-element,
	// full-capacity slice of it so that appends cannot clash.
	vals := make([]string, 5)
	vals[0] = string(dateBuf[:])
	amzDate := vals[0]
	if r.Header == nil {
		r.Header = make(http.Header, 5)
	}
	r.Header["X-Amz-Date"] = vals[0:1:1]
	vals[1] = regionSet
	r.Header[RegionSetHeader] = vals[1:2:2]
	if tok := in.Credentials.SessionToken; tok != "" {
		vals[2] = tok
		r.Header["X-Amz-Security-Token"] = vals[2:3:3]
	}
	if _, ok := r.Header["X-Amz-Content-Sha256"]; ok || canonical.NeedsContentSHA256(in.Service, in.PayloadHash) {
		vals[3] = in.PayloadHash
		r.Header["X-Amz-Content-Sha256"] = vals[3:4:4]
	}

	signedHeaders := b.HeaderRequest(r, in.PayloadHash, opts.DisableURIPathEscaping)
	var sigBuf [2 * maxSigLen]byte
	sig, err := s.signCanonical(opts, b, key, amzDate, in.Service, &sigBuf)
	if err != nil {
		return SignOutput{}, err
	}

	b.Out = canonical.AppendAuthorization(b.Out[:0], algorithm, in.Credentials.AccessKeyID,
		amzDate, "", in.Service, signedHeaders, sig)
	vals[4] = string(b.Out)
	r.Header["Authorization"] = vals[4:5:5]
	return SignOutput{Signature: vals[4][len(vals[4])-len(sig):]}, nil
}

// key returns the signing key of c from the cache.
func (s *Signer) key(c *credentials.Credentials) (*ecdsa.PrivateKey, error) {
	k, err := s.keys.get(c.AccessKeyID, c.SecretAccessKey)
	if err != nil {
		return nil, &InvalidInputError{Field: "Credentials", Reason: err.Error()}
	}
	return k, nil
}

// signCanonical builds the string to sign of b.Canon, hands both to
// observe, signs the SHA-256 of the string to sign and returns the hex of
// the DER signature, written into buf.
func (s *Signer) signCanonical(o *Options, b *canonical.Buf, key *ecdsa.PrivateKey, amzDate, service string, buf *[2 * maxSigLen]byte) ([]byte, error) {
	sts := b.StringToSign(0, algorithm, amzDate, "", service)
	s.observe(o, b, sts)
	digest := sha256.Sum256(sts)
	der, err := ecdsa.SignASN1(rand.Reader, key, digest[:])
	if err != nil {
		return nil, fmt.Errorf("sigv4a: ECDSA signature: %w", err)
	}
	n := hex.Encode(buf[:], der)
	return buf[:n], nil
}

// validate checks the inputs common to signing and presigning and
// returns the joined region set. Messages name fields only.
func validate(r *http.Request, payloadHash string, c *credentials.Credentials, service string, regionSet []string, needHash bool) (string, error) {
	switch {
	case r == nil:
		return "", &InvalidInputError{Field: "Request", Reason: "is nil"}
	case r.URL == nil:
		return "", &InvalidInputError{Field: "Request.URL", Reason: "is nil"}
	case needHash && payloadHash == "":
		return "", &InvalidInputError{Field: "PayloadHash", Reason: "is empty (use EmptyPayloadHash or UnsignedPayload)"}
	case strings.HasPrefix(payloadHash, "STREAMING-AWS4-"):
		return "", &InvalidInputError{Field: "PayloadHash", Reason: "asks for signed aws-chunked payloads, which SigV4a signing does not support (use StreamingUnsignedPayloadTrailer)"}
	case c.AccessKeyID == "":
		return "", &InvalidInputError{Field: "Credentials.AccessKeyID", Reason: "is empty"}
	case c.SecretAccessKey == "":
		return "", &InvalidInputError{Field: "Credentials.SecretAccessKey", Reason: "is empty"}
	case service == "":
		return "", &InvalidInputError{Field: "Service", Reason: "is empty"}
	case len(regionSet) == 0:
		return "", &InvalidInputError{Field: "RegionSet", Reason: "is empty (use {\"*\"} for every region)"}
	}
	for _, region := range regionSet {
		if region == "" || strings.IndexByte(region, ',') >= 0 {
			return "", &InvalidInputError{Field: "RegionSet", Reason: "has an empty region or one containing a comma"}
		}
	}
	return strings.Join(regionSet, ","), nil
}
