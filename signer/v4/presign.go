package v4

import (
	"context"
	"net/http"
	"time"

	"github.com/nimbus-sdk/nimbus/credentials"
	"github.com/nimbus-sdk/nimbus/signer/internal/canonical"
)

// PresignedHTTPRequest is a presigned HTTP request: a URL that performs
// one request without further credentials until it expires, as the
// service presign clients (s3.PresignClient, sts.PresignClient) return it.
// It has the fields of aws-sdk-go-v2's v4.PresignedHTTPRequest. The holder
// of the URL needs no SDK: any HTTP client (net/http, curl, a browser)
// sends Method to URL with the headers in SignedHeader.
type PresignedHTTPRequest struct {
	// URL is the presigned URL. Its query carries the signature
	// (X-Amz-Algorithm, X-Amz-Credential, X-Amz-Date, X-Amz-Expires,
	// X-Amz-SignedHeaders, X-Amz-Signature and, for temporary credentials,
	// X-Amz-Security-Token) next to the request's own parameters.
	URL string

	// Method is the HTTP method the URL must be used with, such as "GET"
	// or "PUT".
	Method string

	// SignedHeader holds the headers that were signed. The request must
	// send each of them with exactly these values, or the service rejects
	// the signature. Host is among them; HTTP clients set it from the URL.
	SignedHeader http.Header
}

// PresignInput is the input of [Signer.PresignHTTP].
type PresignInput struct {
	// Request describes the request to presign. It is not modified.
	// Required.
	Request *http.Request

	// PayloadHash is the last line of the canonical request. If empty,
	// [UnsignedPayload] is used, which is what S3 expects for presigned
	// URLs.
	PayloadHash string

	// Credentials sign the URL. AccessKeyID and SecretAccessKey are
	// required; a SessionToken is added as X-Amz-Security-Token.
	Credentials credentials.Credentials

	// Service is the signing name, such as "s3". Required.
	Service string

	// Region is the signing region. Required.
	Region string

	// Time is the signing time, from which Expires counts. If zero,
	// time.Now() is used.
	Time time.Time

	// Expires is how long the URL stays valid, between
	// [MinPresignExpires] and [MaxPresignExpires]; anything else is an
	// [*ExpiresError]. It is truncated to whole seconds.
	Expires time.Duration
}

// PresignHTTP returns a URL that performs in.Request without further
// credentials, and the headers the holder of the URL must send with it
// unchanged (they are signed; Host is among them). optFns change a copy of
// the signer's [Options] for this call only.
//
// Errors are [*InvalidInputError] or [*ExpiresError] and never contain
// credential values.
func (s *Signer) PresignHTTP(ctx context.Context, in *PresignInput, optFns ...func(*Options)) (string, http.Header, error) {
	if err := validate(in.Request, in.PayloadHash, &in.Credentials, in.Service, in.Region, false); err != nil {
		return "", nil, err
	}
	if in.Expires < MinPresignExpires || in.Expires > MaxPresignExpires {
		return "", nil, &ExpiresError{Expires: in.Expires}
	}
	opts := s.resolveOptions(optFns)
	r := in.Request
	payloadHash := in.PayloadHash
	if payloadHash == "" {
		payloadHash = UnsignedPayload
	}
	t := in.Time
	if t.IsZero() {
		t = time.Now()
	}
	var dateBuf [canonical.AmzDateLen]byte
	canonical.FormatAmzDate(&dateBuf, t)
	amzDate := string(dateBuf[:])

	b := canonical.GetBuf()
	defer canonical.PutBuf(b)
	query := b.PresignRequest(r, &canonical.Presign{
		Algorithm:             algorithm,
		AccessKeyID:           in.Credentials.AccessKeyID,
		AmzDate:               amzDate,
		Region:                in.Region,
		Service:               in.Service,
		Expires:               int64(in.Expires / time.Second),
		SessionToken:          in.Credentials.SessionToken,
		PayloadHash:           payloadHash,
		EscapeOnce:            opts.DisableURIPathEscaping,
		DisableHeaderHoisting: opts.DisableHeaderHoisting,
	})

	key := s.keys.get(in.Credentials.AccessKeyID, in.Credentials.SecretAccessKey, amzDate[:8], in.Region, in.Service)
	sig := s.signCanonical(opts, b, &key, amzDate, in.Region, in.Service)
	return b.PresignedURL(r, query, sig[:]), b.SignedHeader(), nil
}
