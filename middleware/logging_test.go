package middleware

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/aws/smithy-go/logging"
	smithymw "github.com/aws/smithy-go/middleware"
	smithyhttp "github.com/aws/smithy-go/transport/http"
)

// logBuffer is a logging.Logger that keeps what it is given.
type logBuffer struct {
	mu      sync.Mutex
	entries []string
}

func (l *logBuffer) Logf(c logging.Classification, format string, v ...any) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.entries = append(l.entries, string(c)+" "+fmt.Sprintf(format, v...))
}

func (l *logBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return strings.Join(l.entries, "\n")
}

const (
	testSignature = "fe5f80f77d5fa3beca038a248ff027d0445342fe2855ddc963176630326f1024"
	testToken     = "IQoJb3JpZ2luX2VjEJr//////////wEaCXVzLWVhc3QtMSJGMEQCIB4secrettoken"
	testSecretKey = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"
	testSSECKey   = "MDEyMzQ1Njc4OTAxMjM0NTY3ODkwMTIzNDU2Nzg5MDE="
)

// newSignedRequest returns a request the way it leaves the signer: a
// SigV4 Authorization header, a session token, and a presigned-style
// query.
func newSignedRequest(t *testing.T, body io.Reader) *smithyhttp.Request {
	t.Helper()
	req := newTestRequest(t, "PUT", "https://bucket.s3.us-east-1.amazonaws.com/key%20name?X-Amz-Algorithm=AWS4-HMAC-SHA256"+
		"&X-Amz-Credential=AKIDEXAMPLE%2F20250301%2Fus-east-1%2Fs3%2Faws4_request"+
		"&X-Amz-Signature="+testSignature+
		"&X-Amz-Security-Token="+strings.ReplaceAll(testToken, "/", "%2F")+
		"&partNumber=1&flag")
	req.Header.Set("Authorization", "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20250301/us-east-1/s3/aws4_request, SignedHeaders=host;x-amz-date;x-amz-security-token, Signature="+testSignature)
	req.Header.Set("X-Amz-Security-Token", testToken)
	req.Header.Set("X-Amz-Date", "20250301T120000Z")
	req.Header.Set("Cookie", "session="+testToken)
	req.Header.Set("X-Amz-Server-Side-Encryption-Customer-Key", testSSECKey)
	req.Header.Set("Content-Type", "application/octet-stream")
	if body != nil {
		var err error
		if req, err = req.SetStream(body); err != nil {
			t.Fatal(err)
		}
	}
	return req
}

// showBodies is a Redact function that shows bodies as they are, for the
// tests that are about what is logged rather than what is masked.
func showBodies(context.Context, *smithyhttp.Response) *Redaction {
	return &Redaction{Body: func(data []byte, _ bool) []byte { return data }}
}

// TestLoggingRedactsSecrets checks the masking that needs no model: the
// headers and query parameters known to carry secrets, whatever Redact
// says.
func TestLoggingRedactsSecrets(t *testing.T) {
	var log logBuffer
	m := NewLogging(LoggingOptions{Logger: &log, LogRequest: true, LogResponse: true})
	req := newSignedRequest(t, nil)
	resp := newHTTPResponse(200, "Set-Cookie", "a="+testToken, "X-Amz-Request-Id", "REQ1", "Content-Type", "text/xml")

	if _, _, err := runDeserialize(m, req, resp, nil); err != nil {
		t.Fatal(err)
	}
	got := log.String()
	t.Logf("log output:\n%s", got)
	for _, secret := range []string{testSignature, testToken, strings.ReplaceAll(testToken, "/", "%2F"), testSSECKey, "IQoJb3JpZ2lu"} {
		if strings.Contains(got, secret) {
			t.Errorf("log output contains secret %q", secret)
		}
	}
	for _, want := range []string{
		"DEBUG Request\nPUT /key%20name?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=AKIDEXAMPLE%2F20250301%2Fus-east-1%2Fs3%2Faws4_request&X-Amz-Signature=REDACTED&X-Amz-Security-Token=REDACTED&partNumber=1&flag HTTP/1.1\n",
		"Host: bucket.s3.us-east-1.amazonaws.com\n",
		"Authorization: REDACTED\n",
		"Cookie: REDACTED\n",
		"X-Amz-Security-Token: REDACTED\n",
		"X-Amz-Server-Side-Encryption-Customer-Key: REDACTED\n",
		"X-Amz-Date: 20250301T120000Z\n",
		"DEBUG Response\nHTTP/1.1 200 OK\n",
		"Set-Cookie: REDACTED\n",
		"X-Amz-Request-Id: REQ1\n",
	} {
		if !strings.Contains(got, want) {
			t.Errorf("log output lacks %q", want)
		}
	}
}

// TestLoggingRedactionRules checks that the rules Redact returns for the
// request and for the response are applied to headers, query, path and
// bodies, on top of the built-in ones, and that the body is intact for
// the sender and the deserializer.
func TestLoggingRedactionRules(t *testing.T) {
	const (
		reqBody  = `{"Name":"n","Plaintext":"cmVxLXNlY3JldA=="}`
		respBody = `{"Name":"n","Plaintext":"cmVzcC1zZWNyZXQ="}`
	)
	is := func(names ...string) func(string) bool {
		return func(n string) bool { return slices.Contains(names, n) }
	}
	var gotResp *smithyhttp.Response
	redact := func(ctx context.Context, resp *smithyhttp.Response) *Redaction {
		body := func(data []byte, complete bool) []byte {
			return []byte(strings.NewReplacer("cmVxLXNlY3JldA==", "REDACTED", "cmVzcC1zZWNyZXQ=", "REDACTED").Replace(string(data)))
		}
		if resp == nil {
			return &Redaction{Header: is("X-Amz-Kms-Key-Id"), Query: is("code"), Path: true, Body: body}
		}
		gotResp = resp
		return &Redaction{Header: is("X-Amz-Kms-Key-Id", "X-Amz-Meta-Secret"), Body: body}
	}
	var log logBuffer
	m := NewLogging(LoggingOptions{Logger: &log, LogRequestWithBody: true, LogResponseWithBody: true, Redact: redact})
	req := newTestRequest(t, "POST", "https://example.com/users/alice%40example.com?code=auth-code-1&max=5")
	req.Header.Set("X-Amz-Kms-Key-Id", "arn:aws:kms:key/secret-key-id")
	req.Header.Set("X-Amz-Target", "Svc.Op")
	req.Header.Set("Authorization", "AWS4-HMAC-SHA256 Signature="+testSignature)
	req, err := req.SetStream(strings.NewReader(reqBody))
	if err != nil {
		t.Fatal(err)
	}
	resp := newHTTPResponse(200, "X-Amz-Kms-Key-Id", "arn:aws:kms:key/secret-key-id", "X-Amz-Meta-Secret", "meta-secret", "X-Amz-Request-Id", "REQ1")
	resp.Body = io.NopCloser(strings.NewReader(respBody))
	out, _, err := runDeserialize(m, req, resp, nil)
	if err != nil {
		t.Fatal(err)
	}
	got := log.String()
	t.Logf("log output:\n%s", got)
	for _, secret := range []string{"alice", "auth-code-1", "secret-key-id", "meta-secret", "cmVxLXNlY3JldA==", "cmVzcC1zZWNyZXQ=", testSignature} {
		if strings.Contains(got, secret) {
			t.Errorf("log output contains secret %q", secret)
		}
	}
	for _, want := range []string{
		"POST /REDACTED?code=REDACTED&max=5 HTTP/1.1\n",
		"X-Amz-Target: Svc.Op\n",
		"X-Amz-Request-Id: REQ1\n",
		`{"Name":"n","Plaintext":"REDACTED"}`,
	} {
		if !strings.Contains(got, want) {
			t.Errorf("log output lacks %q", want)
		}
	}
	if gotResp == nil || gotResp.StatusCode != 200 {
		t.Errorf("Redact got response %v; want the 200 response", gotResp)
	}
	if b, _ := io.ReadAll(out.RawResponse.(*smithyhttp.Response).Body); string(b) != respBody {
		t.Errorf("response body after logging = %q; want %q", b, respBody)
	}
	if b, _ := io.ReadAll(req.GetStream()); string(b) != reqBody {
		t.Errorf("request body after logging = %q; want it rewound", b)
	}
}

// TestLoggingWithoutRules checks that bodies are not logged when there
// are no rules to redact them.
func TestLoggingWithoutRules(t *testing.T) {
	for name, redact := range map[string]func(context.Context, *smithyhttp.Response) *Redaction{
		"no Redact":             nil,
		"Redact returns nil":    func(context.Context, *smithyhttp.Response) *Redaction { return nil },
		"Redaction has no Body": func(context.Context, *smithyhttp.Response) *Redaction { return &Redaction{} },
	} {
		t.Run(name, func(t *testing.T) {
			const body = `{"SecretString":"hunter2"}`
			var log logBuffer
			m := NewLogging(LoggingOptions{Logger: &log, LogRequestWithBody: true, LogResponseWithBody: true, Redact: redact})
			resp := newHTTPResponse(200)
			resp.Body = io.NopCloser(strings.NewReader(body))
			out, _, err := runDeserialize(m, newSignedRequest(t, strings.NewReader(body)), resp, nil)
			if err != nil {
				t.Fatal(err)
			}
			got := log.String()
			if strings.Contains(got, "hunter2") {
				t.Errorf("log shows a body without redaction rules:\n%s", got)
			}
			if n := strings.Count(got, "[body not logged: there are no rules to redact its secrets]"); n != 2 {
				t.Errorf("log has %d notes about bodies not logged; want 2:\n%s", n, got)
			}
			if b, _ := io.ReadAll(out.RawResponse.(*smithyhttp.Response).Body); string(b) != body {
				t.Errorf("response body after logging = %q; want %q", b, body)
			}
		})
	}
}

// TestLoggingBodyCompleteness checks what the Body rule is told: whether
// the data is the whole body (not when the cap or a read error cut it).
func TestLoggingBodyCompleteness(t *testing.T) {
	tests := []struct {
		name         string
		body         io.Reader
		max          int
		wantData     string
		wantComplete bool
	}{
		{"whole", strings.NewReader("abcdef"), 0, "abcdef", true},
		{"at the cap", strings.NewReader("abcdef"), 6, "abcdef", true},
		{"cut by the cap", strings.NewReader("abcdef"), 4, "abcd", false},
		{"cut by a read error", &errAfter{data: []byte("abc"), err: fmt.Errorf("reset")}, 0, "abc", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var gotData string
			gotComplete := !tt.wantComplete
			redact := func(context.Context, *smithyhttp.Response) *Redaction {
				return &Redaction{Body: func(data []byte, complete bool) []byte {
					gotData, gotComplete = string(data), complete
					return data
				}}
			}
			m := NewLogging(LoggingOptions{Logger: &logBuffer{}, LogResponseWithBody: true, MaxBodyBytes: tt.max, Redact: redact})
			resp := newHTTPResponse(200)
			resp.Body = io.NopCloser(tt.body)
			if _, _, err := runDeserialize(m, nil, resp, nil); err != nil {
				t.Fatal(err)
			}
			if gotData != tt.wantData || gotComplete != tt.wantComplete {
				t.Errorf("Body(%q, %v); want Body(%q, %v)", gotData, gotComplete, tt.wantData, tt.wantComplete)
			}
		})
	}
}

func TestLoggingModes(t *testing.T) {
	const body = "hello, body"
	tests := []struct {
		name          string
		opts          LoggingOptions
		want, notWant []string
	}{
		{"off", LoggingOptions{}, nil, []string{"Request", "Response"}},
		{"request only", LoggingOptions{LogRequest: true}, []string{"Request\nPUT "}, []string{"Response", body}},
		{"response only", LoggingOptions{LogResponse: true}, []string{"Response\nHTTP/1.1 200 OK"}, []string{"Request", body}},
		{"response body", LoggingOptions{LogResponseWithBody: true}, []string{"Response\n", "\n" + body + "\n"}, []string{"Request"}},
		{"response body capped", LoggingOptions{LogResponseWithBody: true, MaxBodyBytes: 5}, []string{"\nhello\n[truncated after 5 bytes]"}, []string{body}},
		{"response body at cap", LoggingOptions{LogResponseWithBody: true, MaxBodyBytes: len(body)}, []string{body}, []string{"truncated"}},
		{"no cap", LoggingOptions{LogResponseWithBody: true, MaxBodyBytes: -1}, []string{body}, []string{"truncated"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var log logBuffer
			tt.opts.Logger = &log
			tt.opts.Redact = showBodies
			resp := newHTTPResponse(200)
			resp.Body = io.NopCloser(strings.NewReader(body))
			out, _, err := runDeserialize(NewLogging(tt.opts), newSignedRequest(t, nil), resp, nil)
			if err != nil {
				t.Fatal(err)
			}
			got := log.String()
			for _, w := range tt.want {
				if !strings.Contains(got, w) {
					t.Errorf("log = %q; want it to contain %q", got, w)
				}
			}
			for _, w := range tt.notWant {
				if strings.Contains(got, w) {
					t.Errorf("log = %q; want it not to contain %q", got, w)
				}
			}
			if b, _ := io.ReadAll(out.RawResponse.(*smithyhttp.Response).Body); string(b) != body {
				t.Errorf("body after logging = %q; want %q", b, body)
			}
		})
	}
}

func TestLoggingRequestBodies(t *testing.T) {
	tests := []struct {
		name string
		body io.Reader
		want string
	}{
		{"seekable", strings.NewReader("abc"), "\nabc\n"},
		{"not seekable", io.MultiReader(strings.NewReader("abc")), "[body not logged: the stream cannot be rewound]"},
		{"binary", bytes.NewReader([]byte{0, 1, 2, 0xff}), "[4 bytes of binary data]"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var log logBuffer
			m := NewLogging(LoggingOptions{Logger: &log, LogRequestWithBody: true, Redact: showBodies})
			req := newSignedRequest(t, tt.body)
			if _, _, err := runDeserialize(m, req, newHTTPResponse(200), nil); err != nil {
				t.Fatal(err)
			}
			if got := log.String(); !strings.Contains(got, tt.want) {
				t.Errorf("log = %q; want it to contain %q", got, tt.want)
			}
			if b, _ := io.ReadAll(req.GetStream()); len(b) != 3 && len(b) != 4 {
				t.Errorf("request body after logging has %d bytes; want it unread", len(b))
			}
		})
	}
}

// TestLoggingBinaryBodies checks that a binary body reaches the Body
// rule only when the rule renders binary bodies (BinaryBody: CBOR), in
// requests and responses alike.
func TestLoggingBinaryBodies(t *testing.T) {
	cbor := []byte{0xa1, 0x61, 'k', 0xf5}
	for _, binary := range []bool{false, true} {
		t.Run(fmt.Sprint("BinaryBody=", binary), func(t *testing.T) {
			var log logBuffer
			redact := func(context.Context, *smithyhttp.Response) *Redaction {
				return &Redaction{BinaryBody: binary, Body: func(data []byte, _ bool) []byte {
					return fmt.Appendf(nil, "rendered %d bytes", len(data))
				}}
			}
			m := NewLogging(LoggingOptions{Logger: &log, LogRequestWithBody: true, LogResponseWithBody: true, Redact: redact})
			resp := newHTTPResponse(200)
			resp.Body = io.NopCloser(bytes.NewReader(cbor))
			if _, _, err := runDeserialize(m, newSignedRequest(t, bytes.NewReader(cbor)), resp, nil); err != nil {
				t.Fatal(err)
			}
			want, notWant := "[4 bytes of binary data]", "rendered 4 bytes"
			if binary {
				want, notWant = notWant, want
			}
			got := log.String()
			if strings.Count(got, want) != 2 || strings.Contains(got, notWant) {
				t.Errorf("log = %q; want %q twice and no %q", got, want, notWant)
			}
		})
	}
}

type errAfter struct {
	data []byte
	err  error
}

func (e *errAfter) Read(p []byte) (int, error) {
	if len(e.data) == 0 {
		return 0, e.err
	}
	n := copy(p, e.data)
	e.data = e.data[n:]
	return n, nil
}

func TestLoggingResponseBodyReadError(t *testing.T) {
	var log logBuffer
	errBroken := fmt.Errorf("connection reset")
	resp := newHTTPResponse(200)
	resp.Body = io.NopCloser(&errAfter{data: []byte("part"), err: errBroken})
	out, _, _ := runDeserialize(NewLogging(LoggingOptions{Logger: &log, LogResponseWithBody: true, Redact: showBodies}), nil, resp, nil)
	b, err := io.ReadAll(out.RawResponse.(*smithyhttp.Response).Body)
	if string(b) != "part" || err != errBroken {
		t.Errorf("body after logging = %q, %v; want %q, %v", b, err, "part", errBroken)
	}
	if got := log.String(); !strings.Contains(got, "connection reset") {
		t.Errorf("log = %q; want the read error", got)
	}
}

// TestLoggingOverHTTP checks the fallback to the logger in ctx and
// a real round trip: the logged request has the headers added by the
// Build step, and the response body still reaches the deserializer.
func TestLoggingOverHTTP(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("X-Amz-Request-Id", "RID")
		io.WriteString(w, `{"ok":true}`)
	}))
	defer srv.Close()

	var log logBuffer
	var gotBody string
	call := buildHTTPStack(t, srv, func(st *smithymw.Stack) error {
		if err := smithymw.AddSetLoggerMiddleware(st, &log); err != nil {
			return err
		}
		if err := st.Build.Add(NewInvocationID(), smithymw.After); err != nil {
			return err
		}
		read := smithymw.DeserializeMiddlewareFunc("readBody", func(ctx context.Context, in smithymw.DeserializeInput, next smithymw.DeserializeHandler) (smithymw.DeserializeOutput, smithymw.Metadata, error) {
			out, md, err := next.HandleDeserialize(ctx, in)
			b, _ := io.ReadAll(out.RawResponse.(*smithyhttp.Response).Body)
			gotBody = string(b)
			return out, md, err
		})
		if err := st.Deserialize.Add(read, smithymw.After); err != nil {
			return err
		}
		return st.Deserialize.Add(NewLogging(LoggingOptions{LogRequest: true, LogResponseWithBody: true, Redact: showBodies}), smithymw.After)
	})
	if _, err := call(); err != nil {
		t.Fatal(err)
	}
	got := log.String()
	for _, w := range []string{"Amz-Sdk-Invocation-Id: ", "Response\nHTTP/1.1 200 OK\n", "X-Amz-Request-Id: RID\n", "\n{\"ok\":true}\n"} {
		if !strings.Contains(got, w) {
			t.Errorf("log = %q; want it to contain %q", got, w)
		}
	}
	if gotBody != `{"ok":true}` {
		t.Errorf("deserializer read %q; want the full body", gotBody)
	}
}
