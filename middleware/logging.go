package middleware

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/aws/smithy-go/logging"
	smithymw "github.com/aws/smithy-go/middleware"
	smithyhttp "github.com/aws/smithy-go/transport/http"
)

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
	// (a body that can be read only once is never read for logging) and
	// Redact supplies rules for it.
	LogRequestWithBody bool
	// LogResponse logs each response's status line and headers.
	LogResponse bool
	// LogResponseWithBody also logs the start of the response body, if
	// Redact supplies rules for it. The logged bytes are put back, so
	// streaming responses still work.
	LogResponseWithBody bool

	// MaxBodyBytes caps the logged part of each body. Zero means
	// DefaultMaxLogBodyBytes; negative means no cap.
	MaxBodyBytes int

	// Redact returns the rules that mask the operation's sensitive
	// members in the call's request (resp is nil) or in resp; ctx is the
	// call's context. Service clients set it from their model. If Redact
	// is nil or returns nil, only the headers and query parameters listed
	// under "Redaction" in the [Logging] documentation are masked, and
	// bodies are not logged at all (a line says so). It must be safe for
	// concurrent use.
	Redact func(ctx context.Context, resp *smithyhttp.Response) *Redaction

	// Fields, if set, returns the structured fields of the call ctx
	// belongs to (service clients give rpc.service and rpc.method), for a
	// Logger that implements [FieldLogger]. The middleware adds the
	// attempt number and the request's method or the response's status.
	// Fields must hold no secret.
	Fields func(ctx context.Context) []slog.Attr
}

// Redaction holds the rules that mask the values of an operation's
// sensitive members in one logged request or response. A nil function
// field masks nothing of its kind.
type Redaction struct {
	// Header reports whether the values of the header name (in canonical
	// form) are sensitive.
	Header func(name string) bool
	// Query reports whether the values of the query parameter name are
	// sensitive.
	Query func(name string) bool
	// Path is set when the URI path holds a sensitive value: the logged
	// path is then REDACTED.
	Path bool
	// Body returns the text to log for data, the start of the body
	// (complete is false when the size cap cut it): the body with every
	// sensitive value replaced. It must not return any byte of a value it
	// could not check. If Body is nil, the body is not logged.
	Body func(data []byte, complete bool) []byte
	// BinaryBody is set when Body renders binary bodies (CBOR) as text:
	// bodies that are not text are then passed to it rather than logged
	// as "[N bytes of binary data]".
	BinaryBody bool
	// Unlogged, if set, says why the body is neither read nor logged:
	// an event stream, whose first bytes may not come for a long time.
	Unlogged string
}

// Logging is a Deserialize-step middleware that logs every attempt's
// request and response. Add it at the end of the Deserialize step
// (middleware.After) after the operation deserializer, so that it sits
// between the deserializer and the transport: it then sees the signed
// request as sent and reads the response body before the deserializer
// does. The body bytes it reads are put back, so the deserializer, or the
// caller of a streaming operation such as S3 GetObject, still reads the
// whole body; logging a response waits for its first MaxBodyBytes (or its
// end) to arrive.
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
//   - the values of the operation's sensitive members, wherever they are:
//     in the headers, query parameters or path they are bound to, and in
//     bodies. A member is sensitive when the Smithy model marks it, its
//     target shape or the structure that holds it @sensitive; Nimbus adds
//     a few values the models leave unmarked, such as STS session tokens
//     and SSO-OIDC authorization and device codes. A sensitive structure,
//     list or map is masked whole;
//   - in bodies, every value the client cannot place in its model: a
//     member it does not know (one added to the service after the client
//     was generated), and everything in an error body beyond the error's
//     shape and its code, message and request ID.
//
// Bodies are not searched for names: each is parsed in its protocol's
// format (JSON, XML or a form) and walked alongside the operation's input,
// output or error type, so XML attributes, CDATA sections and JSON keys
// written with \u escapes are masked like any other value. Only what has
// been checked is logged: where a body stops parsing (the size cap cut it
// inside a value, or it is not valid JSON, XML or form from some point
// on), the rest is left out and a note says how many bytes were. Blob,
// string and streaming payloads, such as an S3 object, are logged as they
// are unless their member is sensitive (Lambda Invoke's Payload), in which
// case nothing of the body is.
//
// The rules for sensitive members come from [LoggingOptions].Redact,
// which service clients set from their model. Without it only the headers
// and query parameters named above are masked, and bodies are not logged.
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

// ID returns [IDRequestResponseLogger].
func (*Logging) ID() string { return IDRequestResponseLogger }

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
	_, structured := logger.(FieldLogger)

	req, _ := in.Request.(*smithyhttp.Request)
	var fields []slog.Attr
	if structured {
		fields = l.fields(ctx, req)
	}
	if req != nil && logReq {
		f := fields
		if structured {
			f = append(f[:len(f):len(f)], slog.String("http.request.method", req.Method))
		}
		LogFields(ctx, logger, logging.Debug, l.formatRequest(req, l.redaction(ctx, nil)), f...)
	}
	out, md, err := next.HandleDeserialize(ctx, in)
	if resp, ok := out.RawResponse.(*smithyhttp.Response); ok && resp != nil && logResp {
		f := fields
		if structured {
			f = append(f[:len(f):len(f)], slog.Int("http.response.status_code", resp.StatusCode))
		}
		LogFields(ctx, logger, logging.Debug, l.formatResponse(resp, l.redaction(ctx, resp)), f...)
	}
	return out, md, err
}

// fields returns the structured fields of an attempt's messages: the
// call's, and the attempt number from the amz-sdk-request header the
// retry step sets.
func (l *Logging) fields(ctx context.Context, req *smithyhttp.Request) []slog.Attr {
	var f []slog.Attr
	if l.opts.Fields != nil {
		f = l.opts.Fields(ctx)
	}
	if req != nil {
		if n := attemptNumber(req.Header.Get("Amz-Sdk-Request")); n > 0 {
			f = append(f, slog.Int("operation.attempt", n))
		}
	}
	return f
}

// attemptNumber reads N from an amz-sdk-request value "attempt=N; max=M";
// 0 if there is none.
func attemptNumber(v string) int {
	for part := range strings.SplitSeq(v, ";") {
		if num, ok := strings.CutPrefix(strings.TrimSpace(part), "attempt="); ok {
			n := 0
			for _, c := range num {
				if c < '0' || c > '9' || n > 1<<20 {
					return 0
				}
				n = n*10 + int(c-'0')
			}
			return n
		}
	}
	return 0
}

// redaction returns the rules for one message; never nil.
func (l *Logging) redaction(ctx context.Context, resp *smithyhttp.Response) *Redaction {
	if l.opts.Redact != nil {
		if r := l.opts.Redact(ctx, resp); r != nil {
			return r
		}
	}
	return &Redaction{}
}

func (l *Logging) formatRequest(req *smithyhttp.Request, r *Redaction) string {
	var b strings.Builder
	b.WriteString("Request\n")
	u := req.URL
	path := "/"
	if u != nil {
		path = u.EscapedPath()
		if path == "" || r.Path {
			path = "/"
		}
		if r.Path {
			path += redacted
		}
		if u.RawQuery != "" {
			path += "?" + redactQuery(u.RawQuery, r.Query)
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
	writeHeaders(&b, req.Header, r.Header)
	if l.opts.LogRequestWithBody {
		l.writeRequestBody(&b, req, r.Body, r.BinaryBody)
	}
	return b.String()
}

func (l *Logging) writeRequestBody(b *strings.Builder, req *smithyhttp.Request, redact func([]byte, bool) []byte, binary bool) {
	stream := req.GetStream()
	if stream == nil {
		return
	}
	if redact == nil {
		b.WriteString(noRules)
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
	writeBody(b, data, l.opts.MaxBodyBytes, binary, redact)
}

// noRules is logged instead of a body for which there are no redaction
// rules.
const noRules = "\n[body not logged: there are no rules to redact its secrets]\n"

func (l *Logging) formatResponse(resp *smithyhttp.Response, r *Redaction) string {
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
	writeHeaders(&b, resp.Header, r.Header)
	if l.opts.LogResponseWithBody && resp.Body != nil && resp.Body != http.NoBody {
		switch {
		case r.Unlogged != "":
			fmt.Fprintf(&b, "\n[body not logged: %s]\n", r.Unlogged)
		case r.Body == nil:
			b.WriteString(noRules)
		default:
			l.writeResponseBody(&b, resp, r.Body, r.BinaryBody)
		}
	}
	return b.String()
}

// writeResponseBody logs the start of resp.Body and puts the bytes it read
// back in front of the rest of the body.
func (l *Logging) writeResponseBody(b *strings.Builder, resp *smithyhttp.Response, redact func([]byte, bool) []byte, binary bool) {
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
	// A body cut by a read error is as incomplete as one cut by the cap.
	writeBody(b, data, l.opts.MaxBodyBytes, binary, func(d []byte, complete bool) []byte { return redact(d, complete && err == nil) })
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

// writeBody logs data, the start of a body read up to one byte past max,
// through redact; a body that is not text only when binary is set (redact
// renders it as text).
func writeBody(b *strings.Builder, data []byte, max int, binary bool, redact func(data []byte, complete bool) []byte) {
	if len(data) == 0 {
		return
	}
	truncated := max >= 0 && len(data) > max
	if truncated {
		data = data[:max]
	}
	b.WriteByte('\n')
	if binary || isText(data) {
		b.Write(redact(data, !truncated))
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

// writeHeaders logs h, masking the headers known to carry secrets and
// those sensitive reports (if not nil).
func writeHeaders(b *strings.Builder, h http.Header, sensitive func(string) bool) {
	names := make([]string, 0, len(h))
	for k := range h {
		names = append(names, k)
	}
	slices.Sort(names)
	for _, k := range names {
		secret := isSecretHeader(k) || sensitive != nil && sensitive(http.CanonicalHeaderKey(k))
		for _, v := range h[k] {
			if secret {
				v = redacted
			}
			fmt.Fprintf(b, "%s: %s\n", k, v)
		}
	}
}

// isSecretName reports whether a header or query parameter name suggests
// a secret value. Bodies are not matched by name: they are masked from the
// model (see LoggingOptions.Redact).
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
// and of those sensitive reports (if not nil), keeping the order and
// encoding of the rest.
func redactQuery(q string, sensitive func(string) bool) string {
	parts := strings.Split(q, "&")
	for i, p := range parts {
		k, _, hasValue := strings.Cut(p, "=")
		if !hasValue {
			continue
		}
		if dk, err := url.QueryUnescape(k); err == nil {
			k = dk
		}
		if isSecretName(k) || sensitive != nil && sensitive(k) {
			parts[i] = p[:strings.IndexByte(p, '=')+1] + redacted
		}
	}
	return strings.Join(parts, "&")
}
