package v4

import (
	"time"

	"github.com/aws/smithy-go/logging"
	"github.com/nimbus-sdk/nimbus/signer/internal/canonical"
)

// Payload hash values understood by AWS in place of a hex SHA-256 digest.
const (
	// UnsignedPayload tells the service not to check the body. Presigned
	// URLs and bodies sent over TLS whose hash is too costly use it.
	UnsignedPayload = "UNSIGNED-PAYLOAD"
	// StreamingSignedPayload announces an aws-chunked body whose chunks
	// are each signed (see [NewChunkedReader]).
	StreamingSignedPayload = "STREAMING-AWS4-HMAC-SHA256-PAYLOAD"
	// StreamingSignedPayloadTrailer is [StreamingSignedPayload] followed by
	// signed trailing headers.
	StreamingSignedPayloadTrailer = "STREAMING-AWS4-HMAC-SHA256-PAYLOAD-TRAILER"
	// StreamingUnsignedPayloadTrailer announces an aws-chunked body whose
	// chunks are not signed, followed by trailing headers (typically a
	// checksum).
	StreamingUnsignedPayloadTrailer = "STREAMING-UNSIGNED-PAYLOAD-TRAILER"
	// EmptyPayloadHash is the hex SHA-256 digest of an empty body.
	EmptyPayloadHash = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
)

const (
	algorithm = "AWS4-HMAC-SHA256"

	// MaxPresignExpires is the longest validity SigV4 allows a presigned
	// URL: seven days.
	MaxPresignExpires = 7 * 24 * time.Hour
	// MinPresignExpires is the shortest validity [Signer.PresignHTTP]
	// accepts. X-Amz-Expires is a whole number of seconds.
	MinPresignExpires = time.Second
)

// Options are the settings of a [Signer]. The zero value signs requests the
// way every AWS service except S3 expects.
type Options struct {
	// DisableURIPathEscaping selects S3's rule for the canonical URI: the
	// path is URI-encoded once, as sent, and is neither encoded a second
	// time nor normalized (no removal of "." and ".." segments or of
	// duplicate slashes, which are meaningful in object keys).
	//
	// If false (the default), the path is normalized and the escaped path
	// is URI-encoded again ("double encoding"), as all other services
	// require.
	DisableURIPathEscaping bool

	// DisableHeaderHoisting makes PresignHTTP keep X-Amz-* headers as
	// signed headers, which the holder of the URL must then send.
	//
	// If false (the default), X-Amz-* headers (except X-Amz-Content-Sha256
	// and the SSE-C key headers, which S3 only accepts as headers) are
	// moved into the query string so that the URL alone is enough.
	DisableHeaderHoisting bool

	// Logger and LogSigning log each signature's canonical request and
	// string to sign, at the Debug classification, when both are set:
	// what AWS's SignatureDoesNotMatch error shows, to compare. Values of
	// headers and query parameters that carry secrets (session tokens,
	// SSE-C keys) are replaced with REDACTED. Clients set them from their
	// Logger and the LogSigning bit of ClientLogMode.
	Logger     logging.Logger
	LogSigning bool
}

// Signer computes AWS Signature Version 4 signatures.
//
// A Signer is safe for concurrent use by multiple goroutines. It holds a
// bounded cache of derived signing keys, so one Signer should be shared by
// every client that signs with the same credentials.
type Signer struct {
	options Options
	keys    keyCache

	// trace, when set by tests, receives the canonical request and the
	// string to sign of every signature.
	trace func(canonical, stringToSign string)
}

// observe hands a signature's canonical request and string to sign
// (without its HMAC prefix) to the test trace and, when o asks for it, to
// the log.
func (s *Signer) observe(o *Options, b *canonical.Buf, sts []byte) {
	if s.trace != nil {
		s.trace(string(b.Canon), string(sts))
	}
	if o.LogSigning && o.Logger != nil {
		canonical.Log(o.Logger, b.Canon, sts)
	}
}

// NewSigner returns a Signer with the given options applied to the zero
// [Options].
func NewSigner(optFns ...func(*Options)) *Signer {
	s := &Signer{}
	for _, fn := range optFns {
		fn(&s.options)
	}
	return s
}

// resolveOptions returns the signer's options with the per-call functions
// applied to a copy.
func (s *Signer) resolveOptions(optFns []func(*Options)) *Options {
	if len(optFns) == 0 {
		return &s.options // read-only from here: no copy, no allocation
	}
	o := s.options
	for _, fn := range optFns {
		fn(&o)
	}
	return &o
}
