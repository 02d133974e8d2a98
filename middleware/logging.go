package middleware

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/aws/smithy-go/logging"
	smithymw "github.com/aws/smithy-go/middleware"
	smithyhttp "github.com/aws/smithy-go/transport/http"
)

// LoggingID is the ID of the [Logging] middleware.
const LoggingID = "nimbus.Logging"

// DefaultMaxLogBodyBytes is the number of body bytes logged when
// LoggingOptions.MaxBodyBytes is zero.
const DefaultMaxLogBodyBytes = 8 << 10

// redacted replaces secret values in log output.
const redacted = "REDACTED"

// LoggingOptions selects what a [Logging] middleware logs. The switches
// mirror the request and response bits of config.ClientLogMode; they are
// plain booleans so this package does not depend on config (the config
// loader builds clients that use this package).
type LoggingOptions struct {
	// Logger receives the output at the logging.Debug classification. If
	// nil, the logger in the call's context (smithy-go's
	// middleware.GetLogger) is used.
	Logger logging.Logger

	// LogRequest logs each attempt's request line and headers.
	LogRequest bool
	// LogRequestWithBody also logs the request body, if it is seekable
	// (a body that can be read only once is never read for logging).
	LogRequestWithBody bool
	// LogResponse logs each response's status line and headers.
	LogResponse bool
	// LogResponseWithBody also logs the start of the response body. The
	// logged bytes are put back, so streaming responses still work.
	LogResponseWithBody bool

	// MaxBodyBytes caps the logged part of each body. Zero means
	// DefaultMaxLogBodyBytes; negative means no cap.
	MaxBodyBytes int
}

// Logging is a Deserialize-step middleware that logs every attempt's
// request and response. Add it at the end of the Deserialize step
// (middleware.After) so it sees the signed request as sent and the raw
// response before it is decoded.
//
// # Redaction
//
// Secrets never reach the logger. These are replaced with REDACTED:
//   - headers Authorization, Proxy-Authorization, Cookie, Set-Cookie and
//     any header whose name contains "token", "secret", "signature",
//     "password" or "customer-key" (SSE-C keys), e.g. X-Amz-Security-Token;
//   - query parameters whose name contains "token", "secret", "signature"
//     or "password", e.g. the X-Amz-Signature and X-Amz-Security-Token of a
//     presigned URL;
//   - in logged bodies, the values of XML elements, JSON members and form
//     fields with such names (e.g. SecretAccessKey and SessionToken in an
//     STS response). Pagination tokens are redacted by the same rule.
//
// X-Amz-Credential is left as is: it holds the access key ID and the
// credential scope, not the secret key.
//
// A Logging is immutable and safe for concurrent use.
type Logging struct {
	opts LoggingOptions
}

// NewLogging returns a logging middleware configured by o.
func NewLogging(o LoggingOptions) *Logging {
	if o.MaxBodyBytes == 0 {
		o.MaxBodyBytes = DefaultMaxLogBodyBytes
	}
	return &Logging{opts: o}
}

// ID returns [LoggingID].
func (*Logging) ID() string { return LoggingID }

// HandleDeserialize logs the request, calls next, and logs the response.
func (l *Logging) HandleDeserialize(ctx context.Context, in smithymw.DeserializeInput, next smithymw.DeserializeHandler) (
	smithymw.DeserializeOutput, smithymw.Metadata, error,
) {
	o := &l.opts
	logReq := o.LogRequest || o.LogRequestWithBody
	logResp := o.LogResponse || o.LogResponseWithBody
	if !logReq && !logResp {
		return next.HandleDeserialize(ctx, in)
	}
	logger := o.Logger
	if logger == nil {
		logger = smithymw.GetLogger(ctx)
	}
	logger = logging.WithContext(ctx, logger)

	if req, ok := in.Request.(*smithyhttp.Request); ok && logReq {
		logger.Logf(logging.Debug, "%s", l.formatRequest(req))
	}
	out, md, err := next.HandleDeserialize(ctx, in)
	if resp, ok := out.RawResponse.(*smithyhttp.Response); ok && resp != nil && logResp {
		logger.Logf(logging.Debug, "%s", l.formatResponse(resp))
	}
	return out, md, err
}

func (l *Logging) formatRequest(req *smithyhttp.Request) string {
	var b strings.Builder
	b.WriteString("Request\n")
	u := req.URL
	path := "/"
	if u != nil {
		path = u.EscapedPath()
		if path == "" {
			path = "/"
		}
		if u.RawQuery != "" {
			path += "?" + redactQuery(u.RawQuery)
		}
	}
	proto := req.Proto
	if proto == "" {
		proto = "HTTP/1.1"
	}
	fmt.Fprintf(&b, "%s %s %s\n", req.Method, path, proto)
	host := req.Host
	if host == "" && u != nil {
		host = u.Host
	}
	fmt.Fprintf(&b, "Host: %s\n", host)
	writeHeaders(&b, req.Header)
	if l.opts.LogRequestWithBody {
		l.writeRequestBody(&b, req)
	}
	return b.String()
}

func (l *Logging) writeRequestBody(b *strings.Builder, req *smithyhttp.Request) {
	stream := req.GetStream()
	if stream == nil {
		return
	}
	if !req.IsStreamSeekable() {
		b.WriteString("\n[body not logged: the stream cannot be rewound]\n")
		return
	}
	data, err := io.ReadAll(l.limit(stream))
	if rerr := req.RewindStream(); err == nil {
		err = rerr
	}
	if err != nil {
		fmt.Fprintf(b, "\n[body not logged: %v]\n", err)
		return
	}
	writeBody(b, data, l.opts.MaxBodyBytes)
}

func (l *Logging) formatResponse(resp *smithyhttp.Response) string {
	var b strings.Builder
	b.WriteString("Response\n")
	proto := resp.Proto
	if proto == "" {
		proto = "HTTP/1.1"
	}
	status := resp.Status
	if status == "" {
		status = fmt.Sprintf("%d %s", resp.StatusCode, http.StatusText(resp.StatusCode))
	}
	fmt.Fprintf(&b, "%s %s\n", proto, status)
	writeHeaders(&b, resp.Header)
	if l.opts.LogResponseWithBody && resp.Body != nil && resp.Body != http.NoBody {
		l.writeResponseBody(&b, resp)
	}
	return b.String()
}

// writeResponseBody logs the start of resp.Body and puts the bytes it read
// back in front of the rest of the body.
func (l *Logging) writeResponseBody(b *strings.Builder, resp *smithyhttp.Response) {
	orig := resp.Body
	data, err := io.ReadAll(l.limit(orig))
	var rest io.Reader = orig
	if err != nil {
		rest = errReader{err}
	}
	resp.Body = readCloser{io.MultiReader(bytes.NewReader(data), rest), orig}
	if err != nil {
		fmt.Fprintf(b, "\n[body read error: %v]\n", err)
	}
	writeBody(b, data, l.opts.MaxBodyBytes)
}

// limit returns r capped at one byte more than MaxBodyBytes, so writeBody
// can tell a body of exactly the cap from a longer one.
func (l *Logging) limit(r io.Reader) io.Reader {
	if l.opts.MaxBodyBytes < 0 {
		return r
	}
	return io.LimitReader(r, int64(l.opts.MaxBodyBytes)+1)
}

type readCloser struct {
	io.Reader
	io.Closer
}

type errReader struct{ err error }

func (e errReader) Read([]byte) (int, error) { return 0, e.err }

func writeBody(b *strings.Builder, data []byte, max int) {
	if len(data) == 0 {
		return
	}
	truncated := max >= 0 && len(data) > max
	if truncated {
		data = data[:max]
	}
	b.WriteByte('\n')
	if isText(data) {
		b.WriteString(redactBody(string(data)))
	} else {
		fmt.Fprintf(b, "[%d bytes of binary data]", len(data))
	}
	if truncated {
		fmt.Fprintf(b, "\n[truncated after %d bytes]", max)
	}
	b.WriteByte('\n')
}

func isText(data []byte) bool {
	s := string(data)
	for i, r := range s {
		if r == utf8.RuneError && !utf8.FullRuneInString(s[i:]) {
			return true // a character cut by the size cap
		}
		if r == utf8.RuneError || (r < 0x20 && r != '\n' && r != '\r' && r != '\t') || r == 0x7f {
			return false
		}
	}
	return true
}

func writeHeaders(b *strings.Builder, h http.Header) {
	names := make([]string, 0, len(h))
	for k := range h {
		names = append(names, k)
	}
	slices.Sort(names)
	for _, k := range names {
		secret := isSecretHeader(k)
		for _, v := range h[k] {
			if secret {
				v = redacted
			}
			fmt.Fprintf(b, "%s: %s\n", k, v)
		}
	}
}

// isSecretName reports whether a header, query or body field name suggests
// a secret value.
func isSecretName(name string) bool {
	n := strings.ToLower(name)
	for _, w := range [...]string{"token", "secret", "signature", "password"} {
		if strings.Contains(n, w) {
			return true
		}
	}
	return false
}

func isSecretHeader(name string) bool {
	switch strings.ToLower(name) {
	case "authorization", "proxy-authorization", "cookie", "set-cookie":
		return true
	}
	return isSecretName(name) || strings.Contains(strings.ToLower(name), "customer-key")
}

// redactQuery replaces the values of secret parameters in the raw query q,
// keeping the order and encoding of the rest.
func redactQuery(q string) string {
	parts := strings.Split(q, "&")
	for i, p := range parts {
		k, _, hasValue := strings.Cut(p, "=")
		if !hasValue {
			continue
		}
		if dk, err := url.QueryUnescape(k); err == nil {
			k = dk
		}
		if isSecretName(k) {
			parts[i] = p[:strings.IndexByte(p, '=')+1] + redacted
		}
	}
	return strings.Join(parts, "&")
}
