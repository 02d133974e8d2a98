package v4a

import (
	"context"
	"net/http"
	"time"

	"github.com/nimbus-sdk/nimbus/credentials"
	"github.com/nimbus-sdk/nimbus/signer/internal/canonical"
)

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

	// RegionSet lists the regions the URL is valid in, as in
	// [SignInput]; it is sent as the X-Amz-Region-Set query parameter.
	// Required.
	RegionSet []string

	// Time is the signing time, from which Expires counts. If zero,
	// time.Now() is used.
	Time time.Time

	// Expires is how long the URL stays valid, between
	// [MinPresignExpires] and [MaxPresignExpires]; anything else is an
	// [*ExpiresError]. It is truncated to whole seconds.
	Expires time.Duration
}

// PresignHTTP returns a URL that performs in.Request without further
// credentials until it expires, and the headers the holder of the URL
// must send with it unchanged (they are signed; Host is among them). The
// query carries X-Amz-Algorithm (AWS4-ECDSA-P256-SHA256),
// X-Amz-Credential (a scope without a region), X-Amz-Date, X-Amz-Expires,
// X-Amz-Region-Set, X-Amz-SignedHeaders, X-Amz-Security-Token for
// temporary credentials, and X-Amz-Signature. optFns change a copy of the
// signer's [Options] for this call only.
//
// Invalid inputs are an [*InvalidInputError] or an [*ExpiresError]; no
// error contains credential values.
func (s *Signer) PresignHTTP(ctx context.Context, in *PresignInput, optFns ...func(*Options)) (string, http.Header, error) {
	regionSet, err := validate(in.Request, in.PayloadHash, &in.Credentials, in.Service, in.RegionSet, false)
	if err != nil {
		return "", nil, err
	}
	if in.Expires < MinPresignExpires || in.Expires > MaxPresignExpires {
		return "", nil, &ExpiresError{Expires: in.Expires}
	}
	key, err := s.key(&in.Credentials)
	if err != nil {
		return "", nil, err
	}
	opts := s.resolveOptions(optFns)
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
	query := b.PresignRequest(in.Request, &canonical.Presign{
		Algorithm:             algorithm,
		AccessKeyID:           in.Credentials.AccessKeyID,
		AmzDate:               amzDate,
		Service:               in.Service,
		RegionSet:             regionSet,
		Expires:               int64(in.Expires / time.Second),
		SessionToken:          in.Credentials.SessionToken,
		PayloadHash:           payloadHash,
		EscapeOnce:            opts.DisableURIPathEscaping,
		DisableHeaderHoisting: opts.DisableHeaderHoisting,
	})

	var sigBuf [2 * maxSigLen]byte
	sig, err := s.signCanonical(opts, b, key, amzDate, in.Service, &sigBuf)
	if err != nil {
		return "", nil, err
	}
	return b.PresignedURL(in.Request, query, sig), b.SignedHeader(), nil
}
