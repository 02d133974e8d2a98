package v4a

import (
	"time"

	"github.com/aws/smithy-go/logging"
	"github.com/nimbus-sdk/nimbus/signer/internal/canonical"
)

// Payload hash values understood by AWS in place of a hex SHA-256 digest.
// They are the same strings as signer/v4's constants of the same names.
const (
	// UnsignedPayload tells the service not to check the body. Presigned
	// URLs and bodies sent over TLS whose hash is too costly use it.
	UnsignedPayload = "UNSIGNED-PAYLOAD"
	// StreamingUnsignedPayloadTrailer announces an aws-chunked body whose
	// chunks are not signed, followed by trailing headers (typically a
	// checksum): signer/v4's NewChunkedReader without a Seed encodes it.
	StreamingUnsignedPayloadTrailer = "STREAMING-UNSIGNED-PAYLOAD-TRAILER"
	// EmptyPayloadHash is the hex SHA-256 digest of an empty body.
	EmptyPayloadHash = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
)

const (
	// algorithm names SigV4a in X-Amz-Algorithm and the Authorization
	// header; it is also the label of the key derivation.
	algorithm = "AWS4-ECDSA-P256-SHA256"

	// RegionSetHeader is the header (and, presigned, the query parameter)
	// that carries the comma-separated region set of a signature.
	RegionSetHeader = "X-Amz-Region-Set"

	// MaxPresignExpires is the longest validity a presigned URL can have:
	// seven days, as with SigV4.
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
	// duplicate slashes, which are meaningful in object keys). Set it for
	// S3 Multi-Region Access Points.
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
	// string to sign, at the Debug classification, when both are set.
	// Values of headers and query parameters that carry secrets (session
	// tokens, SSE-C keys) are replaced with REDACTED. If either is unset,
	// nothing is logged.
	Logger     logging.Logger
	LogSigning bool
}

// Signer computes AWS Signature Version 4a signatures.
//
// A Signer is safe for concurrent use by multiple goroutines. It holds a
// bounded cache of the ECDSA keys derived from credentials (deriving one
// costs a scalar multiplication), so one Signer should be shared by every
// client that signs with the same credentials.
type Signer struct {
	options Options
	keys    keyCache

	// trace, when set by tests, receives the canonical request and the
	// string to sign of every signature.
	trace func(canonical, stringToSign string)
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

// observe hands a signature's canonical request and string to sign to the
// test trace and, when o asks for it, to the log.
func (s *Signer) observe(o *Options, b *canonical.Buf, sts []byte) {
	if s.trace != nil {
		s.trace(string(b.Canon), string(sts))
	}
	if o.LogSigning && o.Logger != nil {
		canonical.Log(o.Logger, b.Canon, sts)
	}
}
