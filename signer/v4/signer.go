package v4

import (
	"strings"
	"sync"
	"time"

	"github.com/aws/smithy-go/logging"
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
	algorithm        = "AWS4-HMAC-SHA256"
	amzDateLayoutLen = len("20060102T150405Z")

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

// observe hands a signature's canonical request and string to sign to the
// test trace and, when o asks for it, to the log.
func (s *Signer) observe(o *Options, b *signBuf) {
	if s.trace != nil {
		s.trace(string(b.canon), string(b.sts[hmacBlockSize:]))
	}
	if o.LogSigning && o.Logger != nil {
		o.Logger.Logf(logging.Debug, "Request signature:\n---[ CANONICAL REQUEST ]---\n%s\n---[ STRING TO SIGN ]---\n%s\n---",
			redactCanonical(b.canon), b.sts[hmacBlockSize:])
	}
}

// secretNames are lower-case header and query names whose values are
// secrets, redacted in logged canonical requests.
var secretNames = []string{
	"x-amz-security-token",
	"x-amz-server-side-encryption-customer-key",
	"x-amz-copy-source-server-side-encryption-customer-key",
}

// redactCanonical returns the canonical request c with the values of
// secret headers ("name:value" lines) and query parameters ("name=value")
// replaced.
func redactCanonical(c []byte) string {
	lines := strings.Split(string(c), "\n")
	for i, l := range lines {
		if i == 2 { // the canonical query string
			pairs := strings.Split(l, "&")
			for j, p := range pairs {
				if k, _, ok := strings.Cut(p, "="); ok && isSecretName(k) {
					pairs[j] = k + "=REDACTED"
				}
			}
			lines[i] = strings.Join(pairs, "&")
			continue
		}
		if k, _, ok := strings.Cut(l, ":"); ok && isSecretName(k) {
			lines[i] = k + ":REDACTED"
		}
	}
	return strings.Join(lines, "\n")
}

func isSecretName(k string) bool {
	for _, n := range secretNames {
		if strings.EqualFold(k, n) {
			return true
		}
	}
	return false
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

// bufPool holds the scratch buffers of one signing operation so that the
// steady state allocates only the strings it returns.
var bufPool = sync.Pool{New: func() any {
	return &signBuf{
		canon: make([]byte, 0, 1024),
		sts:   make([]byte, 0, 256),
		out:   make([]byte, 0, 512),
		hdrs:  make([]header, 0, 16),
		query: make([]queryPair, 0, 8),
	}
}}

type signBuf struct {
	canon []byte      // canonical request
	sts   []byte      // HMAC block + string to sign
	out   []byte      // Authorization value, presigned URL
	path  []byte      // scratch for path normalization
	hdrs  []header    // headers to sign
	query []queryPair // query parameters
}

func getBuf() *signBuf { return bufPool.Get().(*signBuf) }

func putBuf(b *signBuf) {
	if cap(b.canon) > 64<<10 || cap(b.out) > 64<<10 || cap(b.hdrs) > 256 || cap(b.query) > 256 {
		return // do not keep the buffers of an outsized request alive
	}
	b.canon, b.sts, b.out, b.path = b.canon[:0], b.sts[:0], b.out[:0], b.path[:0]
	clear(b.hdrs)
	clear(b.query)
	b.hdrs, b.query = b.hdrs[:0], b.query[:0]
	bufPool.Put(b)
}

// formatAmzDate renders t (in UTC) as 20060102T150405Z into dst without
// going through time.Format.
func formatAmzDate(dst *[amzDateLayoutLen]byte, t time.Time) {
	t = t.UTC()
	y, mo, d := t.Date()
	h, mi, s := t.Clock()
	put4 := func(i, v int) {
		dst[i] = byte('0' + v/1000%10)
		dst[i+1] = byte('0' + v/100%10)
		dst[i+2] = byte('0' + v/10%10)
		dst[i+3] = byte('0' + v%10)
	}
	put2 := func(i, v int) {
		dst[i] = byte('0' + v/10%10)
		dst[i+1] = byte('0' + v%10)
	}
	put4(0, y)
	put2(4, int(mo))
	put2(6, d)
	dst[8] = 'T'
	put2(9, h)
	put2(11, mi)
	put2(13, s)
	dst[15] = 'Z'
}
