package middleware

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
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

func TestLoggingRedactsSecrets(t *testing.T) {
	var log logBuffer
	m := NewLogging(LoggingOptions{Logger: &log, LogRequestWithBody: true, LogResponseWithBody: true})
	req := newSignedRequest(t, strings.NewReader("WebIdentityToken="+testToken+"&Action=AssumeRoleWithWebIdentity"))
	resp := newHTTPResponse(200, "Set-Cookie", "a="+testToken, "X-Amz-Request-Id", "REQ1", "Content-Type", "text/xml")
	stsBody := "<AssumeRoleResult><Credentials><AccessKeyId>ASIAEXAMPLE</AccessKeyId>" +
		"<SecretAccessKey>" + testSecretKey + "</SecretAccessKey><SessionToken>" + testToken + "</SessionToken>" +
		"</Credentials></AssumeRoleResult>"
	resp.Body = io.NopCloser(strings.NewReader(stsBody))

	out, _, err := runDeserialize(m, req, resp, nil)
	if err != nil {
		t.Fatal(err)
	}
	got := log.String()
	t.Logf("log output:\n%s", got)
	for _, secret := range []string{testSignature, testToken, strings.ReplaceAll(testToken, "/", "%2F"), testSecretKey, testSSECKey, "IQoJb3JpZ2lu"} {
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
		"WebIdentityToken=REDACTED&Action=AssumeRoleWithWebIdentity",
		"DEBUG Response\nHTTP/1.1 200 OK\n",
		"Set-Cookie: REDACTED\n",
		"X-Amz-Request-Id: REQ1\n",
		"<AccessKeyId>ASIAEXAMPLE</AccessKeyId><SecretAccessKey>REDACTED</SecretAccessKey><SessionToken>REDACTED</SessionToken>",
	} {
		if !strings.Contains(got, want) {
			t.Errorf("log output lacks %q", want)
		}
	}

	// The response body is intact for the deserializer.
	body, err := io.ReadAll(out.RawResponse.(*smithyhttp.Response).Body)
	if err != nil || string(body) != stsBody {
		t.Errorf("response body after logging = %q, %v; want %q", body, err, stsBody)
	}
	// The request body was rewound for sending.
	sent, _ := io.ReadAll(req.GetStream())
	if !strings.HasPrefix(string(sent), "WebIdentityToken=") {
		t.Errorf("request body after logging = %q; want it rewound", sent)
	}
}

func TestRedactBody(t *testing.T) {
	tests := []struct {
		name, in, want string
	}{
		{"json", `{"roleCredentials":{"accessKeyId":"AKID","secretAccessKey":"s3cr\"et","sessionToken":"tok","expiration":1}}`,
			`{"roleCredentials":{"accessKeyId":"AKID","secretAccessKey":"REDACTED","sessionToken":"REDACTED","expiration":1}}`},
		{"json cut by the cap", `{"accessToken": "abcdef`, `{"accessToken": "REDACTED"`},
		{"xml", `<a><ClientSecret>x</ClientSecret><Name>n</Name></a>`, `<a><ClientSecret>REDACTED</ClientSecret><Name>n</Name></a>`},
		{"xml cut by the cap", `<SessionToken>abcdef`, `<SessionToken>REDACTED`},
		{"form", `Action=X&RefreshToken=abc&Version=1`, `Action=X&RefreshToken=REDACTED&Version=1`},
		{"plain", `hello world`, `hello world`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := redactBody(tt.in); got != tt.want {
				t.Errorf("redactBody(%q) = %q; want %q", tt.in, got, tt.want)
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
			m := NewLogging(LoggingOptions{Logger: &log, LogRequestWithBody: true})
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
	out, _, _ := runDeserialize(NewLogging(LoggingOptions{Logger: &log, LogResponseWithBody: true}), nil, resp, nil)
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
		return st.Deserialize.Add(NewLogging(LoggingOptions{LogRequest: true, LogResponseWithBody: true}), smithymw.After)
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
