package v4

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"net/http"
	"time"

	"github.com/nimbus-sdk/nimbus/credentials"
	"github.com/nimbus-sdk/nimbus/signer/internal/canonical"
)

// HTTPSigner signs requests with SigV4. [*Signer] implements it; clients
// take one as their HTTPSignerV4 option, to wrap or replace Nimbus's
// signer. Unlike aws-sdk-go-v2's interface of the same role, SignHTTP takes
// an input struct (and returns the signature, which aws-chunked bodies
// chain from), so it can grow without new method names. SignHTTP must be
// safe for concurrent use.
type HTTPSigner interface {
	SignHTTP(ctx context.Context, in *SignInput, optFns ...func(*Options)) (SignOutput, error)
}

// SignInput is the input of [Signer.SignHTTP].
type SignInput struct {
	// Request is signed in place: SignHTTP sets its Authorization and
	// X-Amz-Date headers, X-Amz-Security-Token when the credentials carry
	// a session token, and X-Amz-Content-Sha256 when the payload needs it
	// (see PayloadHash). Its body is not read. Required.
	Request *http.Request

	// PayloadHash is the lower-case hex SHA-256 of the body,
	// [UnsignedPayload], or one of the STREAMING-* constants. Required:
	// use [EmptyPayloadHash] for requests without a body.
	//
	// X-Amz-Content-Sha256 is set to PayloadHash when Service is "s3" or
	// "s3-object-lambda", when PayloadHash is not a hex digest (the
	// service must be told what the body is), or when the request already
	// carries the header.
	PayloadHash string

	// Credentials sign the request. AccessKeyID and SecretAccessKey are
	// required.
	Credentials credentials.Credentials

	// Service is the signing name, such as "s3" or "sts". Required.
	Service string

	// Region is the signing region, such as "us-east-1". Required.
	Region string

	// Time is the signing time. If zero, time.Now() is used.
	Time time.Time
}

// SignOutput is the result of [Signer.SignHTTP].
type SignOutput struct {
	// Signature is the hex signature placed in the Authorization header.
	// For aws-chunked uploads it is the seed signature that the first
	// chunk signature chains from; pass the whole SignOutput to
	// [NewChunkedReader] as ChunkedInput.Seed.
	Signature string

	// What chunk signing needs; kept unexported so that the derived key
	// never leaves the package.
	key     [sha256.Size]byte
	amzDate string
	region  string
	service string
}

// SignHTTP signs in.Request with SigV4 using the Authorization header.
// optFns change a copy of the signer's [Options] for this call only.
//
// It returns the signature; errors are of type [*InvalidInputError] and
// never contain credential values.
func (s *Signer) SignHTTP(ctx context.Context, in *SignInput, optFns ...func(*Options)) (SignOutput, error) {
	if err := validate(in.Request, in.PayloadHash, &in.Credentials, in.Service, in.Region, true); err != nil {
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

	// One allocation for the header values we set; each gets a
	// one-element, full-capacity slice of it so appends cannot clash.
	vals := make([]string, 4)
	vals[0] = string(dateBuf[:])
	amzDate := vals[0]
	if r.Header == nil {
		r.Header = make(http.Header, 4)
	}
	r.Header["X-Amz-Date"] = vals[0:1:1]
	if tok := in.Credentials.SessionToken; tok != "" {
		vals[1] = tok
		r.Header["X-Amz-Security-Token"] = vals[1:2:2]
	}
	if _, ok := r.Header["X-Amz-Content-Sha256"]; ok || canonical.NeedsContentSHA256(in.Service, in.PayloadHash) {
		vals[2] = in.PayloadHash
		r.Header["X-Amz-Content-Sha256"] = vals[2:3:3]
	}

	b := canonical.GetBuf()
	defer canonical.PutBuf(b)
	signedHeaders := b.HeaderRequest(r, in.PayloadHash, opts.DisableURIPathEscaping)

	key := s.keys.get(in.Credentials.AccessKeyID, in.Credentials.SecretAccessKey, amzDate[:8], in.Region, in.Service)
	sig := s.signCanonical(opts, b, &key, amzDate, in.Region, in.Service)

	b.Out = canonical.AppendAuthorization(b.Out[:0], algorithm, in.Credentials.AccessKeyID,
		amzDate, in.Region, in.Service, signedHeaders, sig[:])
	vals[3] = string(b.Out)
	r.Header["Authorization"] = vals[3:4:4]

	return SignOutput{
		Signature: vals[3][len(vals[3])-len(sig):],
		key:       key,
		amzDate:   amzDate,
		region:    in.Region,
		service:   in.Service,
	}, nil
}

// signCanonical builds the string to sign of b.Canon, after room for the
// HMAC inner pad, hands both to observe and returns the hex signature.
func (s *Signer) signCanonical(o *Options, b *canonical.Buf, key *[sha256.Size]byte, amzDate, region, service string) [2 * sha256.Size]byte {
	sts := b.StringToSign(hmacBlockSize, algorithm, amzDate, region, service)
	mac := hmacPrefixed(key, sts)
	s.observe(o, b, sts[hmacBlockSize:])
	var out [2 * sha256.Size]byte
	hex.Encode(out[:], mac[:])
	return out
}

// validate checks the inputs common to signing and presigning. Messages
// name fields only.
func validate(r *http.Request, payloadHash string, c *credentials.Credentials, service, region string, needHash bool) error {
	switch {
	case r == nil:
		return &InvalidInputError{Field: "Request", Reason: "is nil"}
	case r.URL == nil:
		return &InvalidInputError{Field: "Request.URL", Reason: "is nil"}
	case needHash && payloadHash == "":
		return &InvalidInputError{Field: "PayloadHash", Reason: "is empty (use EmptyPayloadHash or UnsignedPayload)"}
	case c.AccessKeyID == "":
		return &InvalidInputError{Field: "Credentials.AccessKeyID", Reason: "is empty"}
	case c.SecretAccessKey == "":
		return &InvalidInputError{Field: "Credentials.SecretAccessKey", Reason: "is empty"}
	case service == "":
		return &InvalidInputError{Field: "Service", Reason: "is empty"}
	case region == "":
		return &InvalidInputError{Field: "Region", Reason: "is empty"}
	}
	return nil
}
