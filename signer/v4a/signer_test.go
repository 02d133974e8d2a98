package v4a

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/aws/smithy-go/logging"
	"github.com/nimbus-sdk/nimbus/credentials"
)

var (
	testCreds = credentials.Credentials{
		AccessKeyID:     "AKIAIOSFODNN7EXAMPLE",
		SecretAccessKey: "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
	}
	testTime = time.Date(2024, 5, 24, 12, 0, 0, 0, time.UTC)

	// An S3 Multi-Region Access Point host, as the endpoint rules build it.
	mrapHost = "mfzwi23gnjvgw.mrap.accesspoint.s3-global.amazonaws.com"
)

func mustRequest(t testing.TB, method, rawURL string, headers map[string]string) *http.Request {
	t.Helper()
	r, err := http.NewRequest(method, rawURL, nil)
	if err != nil {
		t.Fatal(err)
	}
	for k, v := range headers {
		r.Header.Set(k, v)
	}
	return r
}

// traced returns a signer that records the last canonical request and
// string to sign.
func traced(optFns ...func(*Options)) (*Signer, *[2]string) {
	s := NewSigner(optFns...)
	var last [2]string
	s.trace = func(c, sts string) { last = [2]string{c, sts} }
	return s, &last
}

func TestSignHTTP_Headers(t *testing.T) {
	creds := testCreds
	creds.SessionToken = "session-token"
	for _, tc := range []struct {
		name          string
		service       string
		payloadHash   string
		regionSet     []string
		wantSHA       string
		wantRegionSet string
	}{
		{"s3-always-gets-content-sha256", "s3", EmptyPayloadHash, []string{"*"}, EmptyPayloadHash, "*"},
		{"other-service-hex-hash-omitted", "events", EmptyPayloadHash, []string{"*"}, "", "*"},
		{"other-service-unsigned-payload-sent", "events", UnsignedPayload, []string{"us-east-1"}, UnsignedPayload, "us-east-1"},
		{"streaming-trailer-sent", "s3", StreamingUnsignedPayloadTrailer, []string{"*"}, StreamingUnsignedPayloadTrailer, "*"},
		{"region-set-comma-joined", "s3", EmptyPayloadHash, []string{"us-east-1", "us-west-2", "eu-west-1"}, EmptyPayloadHash, "us-east-1,us-west-2,eu-west-1"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := mustRequest(t, "GET", "https://"+mrapHost+"/photos/cat.jpg", map[string]string{
				"User-Agent": "ua", "X-Amzn-Trace-Id": "t", "Amz-Sdk-Request": "attempt=1",
				"X-Amz-Region-Set": "stale", // overwritten, never signed twice
			})
			s, last := traced()
			out, err := s.SignHTTP(context.Background(), &SignInput{
				Request: r, PayloadHash: tc.payloadHash, Credentials: creds, Service: tc.service,
				RegionSet: tc.regionSet, Time: testTime,
			})
			if err != nil {
				t.Fatal(err)
			}
			if got := r.Header.Get("X-Amz-Content-Sha256"); got != tc.wantSHA {
				t.Errorf("X-Amz-Content-Sha256 = %q; want %q", got, tc.wantSHA)
			}
			if got := r.Header.Values("X-Amz-Region-Set"); len(got) != 1 || got[0] != tc.wantRegionSet {
				t.Errorf("X-Amz-Region-Set = %q; want [%q]", got, tc.wantRegionSet)
			}
			if got := r.Header.Get("X-Amz-Date"); got != "20240524T120000Z" {
				t.Errorf("X-Amz-Date = %q; want 20240524T120000Z", got)
			}
			if got := r.Header.Get("X-Amz-Security-Token"); got != "session-token" {
				t.Errorf("X-Amz-Security-Token = %q; want session-token", got)
			}
			signed := "host;x-amz-date;x-amz-region-set;x-amz-security-token"
			if tc.wantSHA != "" {
				signed = "host;x-amz-content-sha256;x-amz-date;x-amz-region-set;x-amz-security-token"
			}
			want := "AWS4-ECDSA-P256-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20240524/" + tc.service +
				"/aws4_request, SignedHeaders=" + signed + ", Signature=" + out.Signature
			if got := r.Header.Get("Authorization"); got != want {
				t.Errorf("Authorization = %q; want %q", got, want)
			}
			if !strings.Contains(last[0], "\nx-amz-region-set:"+tc.wantRegionSet+"\n") {
				t.Errorf("canonical request does not sign the region set:\n%s", last[0])
			}
			wantSTS := "AWS4-ECDSA-P256-SHA256\n20240524T120000Z\n20240524/" + tc.service + "/aws4_request\n"
			if !strings.HasPrefix(last[1], wantSTS) {
				t.Errorf("string to sign =\n%s\nwant prefix\n%s", last[1], wantSTS)
			}
			if !verify(&mustKey(t, s, creds).PublicKey, last[1], out.Signature) {
				t.Error("signature does not verify")
			}
		})
	}
}

// TestSignHTTP_S3PathRule checks that the S3 option reaches the canonical
// URI and that per-call options change only that call.
func TestSignHTTP_S3PathRule(t *testing.T) {
	s, last := traced()
	sign := func(optFns ...func(*Options)) string {
		r := mustRequest(t, "GET", "https://"+mrapHost+"/a//b/../my%20key.txt", nil)
		if _, err := s.SignHTTP(context.Background(), &SignInput{
			Request: r, PayloadHash: EmptyPayloadHash, Credentials: testCreds, Service: "s3",
			RegionSet: []string{"*"}, Time: testTime,
		}, optFns...); err != nil {
			t.Fatal(err)
		}
		return strings.Split(last[0], "\n")[1]
	}
	s3 := func(o *Options) { o.DisableURIPathEscaping = true }
	for _, tc := range []struct {
		name   string
		optFns []func(*Options)
		want   string
	}{
		{"default-normalized-double-encoded", nil, "/a/my%2520key.txt"},
		{"s3-once-not-normalized", []func(*Options){s3}, "/a//b/../my%20key.txt"},
		{"signer-options-unchanged-after-per-call-option", nil, "/a/my%2520key.txt"},
	} {
		if got := sign(tc.optFns...); got != tc.want {
			t.Errorf("%s: canonical URI = %q; want %q", tc.name, got, tc.want)
		}
	}
}

// TestSignHTTP_InvalidInput feeds every kind of invalid input carrying
// real-looking secrets: each is refused with an *InvalidInputError naming
// the field, no message contains a secret, and the request is untouched.
func TestSignHTTP_InvalidInput(t *testing.T) {
	const secret, token = "SECRETwJalrXUtnFEMI/K7MDENG", "TOKENIQoJb3JpZ2luX2Vj"
	full := credentials.Credentials{AccessKeyID: "AKID", SecretAccessKey: secret, SessionToken: token}
	noKey := credentials.Credentials{SecretAccessKey: secret, SessionToken: token}
	noSecret := credentials.Credentials{AccessKeyID: "AKID", SessionToken: token}
	req := func() *http.Request { return mustRequest(t, "GET", "https://h/"+secret, nil) }
	rs := []string{"*"}
	cases := []struct {
		name  string
		in    SignInput
		field string
	}{
		{"nil-request", SignInput{PayloadHash: secret, Credentials: full, Service: "s", RegionSet: rs}, "Request"},
		{"no-url", SignInput{Request: &http.Request{}, PayloadHash: secret, Credentials: full, Service: "s", RegionSet: rs}, "Request.URL"},
		{"no-payload-hash", SignInput{Request: req(), Credentials: full, Service: "s", RegionSet: rs}, "PayloadHash"},
		{"signed-chunks-v4", SignInput{Request: req(), PayloadHash: "STREAMING-AWS4-HMAC-SHA256-PAYLOAD", Credentials: full, Service: "s", RegionSet: rs}, "PayloadHash"},
		{"signed-chunks-v4a", SignInput{Request: req(), PayloadHash: "STREAMING-AWS4-ECDSA-P256-SHA256-PAYLOAD-TRAILER", Credentials: full, Service: "s", RegionSet: rs}, "PayloadHash"},
		{"no-access-key", SignInput{Request: req(), PayloadHash: UnsignedPayload, Credentials: noKey, Service: "s", RegionSet: rs}, "Credentials.AccessKeyID"},
		{"no-secret", SignInput{Request: req(), PayloadHash: UnsignedPayload, Credentials: noSecret, Service: "s", RegionSet: rs}, "Credentials.SecretAccessKey"},
		{"no-service", SignInput{Request: req(), PayloadHash: UnsignedPayload, Credentials: full, RegionSet: rs}, "Service"},
		{"no-region-set", SignInput{Request: req(), PayloadHash: UnsignedPayload, Credentials: full, Service: "s"}, "RegionSet"},
		{"empty-region", SignInput{Request: req(), PayloadHash: UnsignedPayload, Credentials: full, Service: "s", RegionSet: []string{"us-east-1", ""}}, "RegionSet"},
		{"comma-in-region", SignInput{Request: req(), PayloadHash: UnsignedPayload, Credentials: full, Service: "s", RegionSet: []string{"us-east-1,us-west-2"}}, "RegionSet"},
	}
	s := NewSigner()
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			check := func(what string, err error) {
				t.Helper()
				var ie *InvalidInputError
				if !errors.As(err, &ie) || ie.Field != tc.field {
					t.Fatalf("%s error = %v; want *InvalidInputError for %s", what, err, tc.field)
				}
				if msg := err.Error(); strings.Contains(msg, secret) || strings.Contains(msg, token) {
					t.Errorf("%s error %q contains a secret", what, msg)
				}
			}
			in := tc.in
			_, err := s.SignHTTP(context.Background(), &in)
			check("SignHTTP", err)
			if in.Request != nil && len(in.Request.Header) != 0 {
				t.Errorf("SignHTTP changed the headers of a refused request: %v", in.Request.Header)
			}
			if tc.field == "PayloadHash" && in.PayloadHash == "" {
				return // optional when presigning
			}
			_, _, err = s.PresignHTTP(context.Background(), &PresignInput{
				Request: in.Request, PayloadHash: in.PayloadHash, Credentials: in.Credentials, Service: in.Service,
				RegionSet: in.RegionSet, Expires: time.Minute,
			})
			check("PresignHTTP", err)
		})
	}
}

func TestPresignHTTP_ExpiresBounds(t *testing.T) {
	for _, tc := range []struct {
		name    string
		expires time.Duration
		wantErr bool
	}{
		{"zero", 0, true},
		{"negative", -time.Second, true},
		{"below-one-second", 999 * time.Millisecond, true},
		{"one-second", time.Second, false},
		{"seven-days", 7 * 24 * time.Hour, false},
		{"seven-days-and-a-second", 7*24*time.Hour + time.Second, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := mustRequest(t, "GET", "https://"+mrapHost+"/k", nil)
			_, _, err := NewSigner().PresignHTTP(context.Background(), &PresignInput{
				Request: r, Credentials: testCreds, Service: "s3", RegionSet: []string{"*"}, Time: testTime, Expires: tc.expires,
			})
			var ee *ExpiresError
			if got := errors.As(err, &ee); got != tc.wantErr {
				t.Fatalf("PresignHTTP(Expires=%v) error = %v; want *ExpiresError: %v", tc.expires, err, tc.wantErr)
			}
			if tc.wantErr && ee.Expires != tc.expires {
				t.Errorf("ExpiresError.Expires = %v; want %v", ee.Expires, tc.expires)
			}
		})
	}
}

// TestPresignHTTP_MultiRegionAccessPoint presigns an S3 GetObject through
// a Multi-Region Access Point with temporary credentials: the query
// carries every signing parameter, X-Amz-* headers are hoisted unless
// asked not to, and the signature verifies.
func TestPresignHTTP_MultiRegionAccessPoint(t *testing.T) {
	creds := testCreds
	creds.SessionToken = "tok/en+="
	for _, tc := range []struct {
		name          string
		hoist         bool
		wantInQuery   []string
		wantSigned    string
		wantHeaderKey string
	}{
		{"hoisted", true, []string{"X-Amz-Meta-Color=blue"}, "host", ""},
		{"not-hoisted", false, nil, "host;x-amz-meta-color", "X-Amz-Meta-Color"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := mustRequest(t, "GET", "https://"+mrapHost+"/photos/my cat.jpg?x-id=GetObject", map[string]string{
				"X-Amz-Meta-Color": "blue",
			})
			s, last := traced(func(o *Options) {
				o.DisableURIPathEscaping = true
				o.DisableHeaderHoisting = !tc.hoist
			})
			got, hdr, err := s.PresignHTTP(context.Background(), &PresignInput{
				Request: r, Credentials: creds, Service: "s3", RegionSet: []string{"*"}, Time: testTime, Expires: 15 * time.Minute,
			})
			if err != nil {
				t.Fatal(err)
			}
			u, err := url.Parse(got)
			if err != nil {
				t.Fatal(err)
			}
			if u.Host != mrapHost || u.EscapedPath() != "/photos/my%20cat.jpg" {
				t.Errorf("URL = %s; want host %s and path /photos/my%%20cat.jpg", got, mrapHost)
			}
			q := u.Query()
			for k, want := range map[string]string{
				"X-Amz-Algorithm":      "AWS4-ECDSA-P256-SHA256",
				"X-Amz-Credential":     "AKIAIOSFODNN7EXAMPLE/20240524/s3/aws4_request",
				"X-Amz-Date":           "20240524T120000Z",
				"X-Amz-Expires":        "900",
				"X-Amz-Region-Set":     "*",
				"X-Amz-Security-Token": "tok/en+=",
				"X-Amz-SignedHeaders":  tc.wantSigned,
				"x-id":                 "GetObject",
			} {
				if got := q.Get(k); got != want {
					t.Errorf("query %s = %q; want %q", k, got, want)
				}
			}
			for _, p := range tc.wantInQuery {
				if !strings.Contains(u.RawQuery, p) {
					t.Errorf("query %s lacks %s", u.RawQuery, p)
				}
			}
			if tc.wantHeaderKey != "" && hdr.Get(tc.wantHeaderKey) == "" {
				t.Errorf("signed headers %v lack %s", hdr, tc.wantHeaderKey)
			}
			if hdr.Get("Host") != mrapHost {
				t.Errorf("signed headers %v lack Host", hdr)
			}
			if !strings.HasSuffix(last[0], "\nUNSIGNED-PAYLOAD") {
				t.Errorf("canonical request does not end with UNSIGNED-PAYLOAD:\n%s", last[0])
			}
			if !verify(&mustKey(t, s, creds).PublicKey, last[1], q.Get("X-Amz-Signature")) {
				t.Error("X-Amz-Signature does not verify")
			}
			if len(r.Header) != 1 {
				t.Errorf("PresignHTTP modified the request's headers: %v", r.Header)
			}
		})
	}
}

// TestSignHTTP_Concurrent signs from many goroutines with one Signer (run
// with -race): every Authorization header matches the serial one but for
// the (randomized) signature, which verifies.
func TestSignHTTP_Concurrent(t *testing.T) {
	s, last := traced()
	sign := func(creds credentials.Credentials) (string, string) {
		r := mustRequest(t, "GET", "https://events.amazonaws.com/p?a=b", map[string]string{"X-Custom": "v"})
		out, err := s.SignHTTP(context.Background(), &SignInput{
			Request: r, PayloadHash: EmptyPayloadHash, Credentials: creds, Service: "events",
			RegionSet: []string{"*"}, Time: testTime,
		})
		if err != nil {
			t.Error(err)
		}
		auth := r.Header.Get("Authorization")
		return strings.TrimSuffix(auth, out.Signature), out.Signature
	}
	users := make([]credentials.Credentials, 3)
	wantAuth := make([]string, len(users))
	wantSTS := make([]string, len(users))
	for i := range users {
		users[i] = credentials.Credentials{AccessKeyID: fmt.Sprintf("AKID%d", i), SecretAccessKey: fmt.Sprintf("secret-%d", i)}
		wantAuth[i], _ = sign(users[i])
		wantSTS[i] = last[1]
	}
	s.trace = nil // not safe for concurrent use
	var wg sync.WaitGroup
	for g := range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for j := range 25 {
				i := (g + j) % len(users)
				auth, sig := sign(users[i])
				if auth != wantAuth[i] {
					t.Errorf("concurrent Authorization = %s; want %s", auth, wantAuth[i])
					return
				}
				pub, _ := PublicKey(users[i])
				if !verify(pub, wantSTS[i], sig) {
					t.Errorf("concurrent signature for %s does not verify", users[i].AccessKeyID)
					return
				}
			}
		}()
	}
	wg.Wait()
	if n := s.keys.len(); n != len(users) {
		t.Errorf("key cache holds %d keys; want %d", n, len(users))
	}
}

type logRecorder struct{ lines []string }

func (l *logRecorder) Logf(_ logging.Classification, format string, v ...any) {
	l.lines = append(l.lines, fmt.Sprintf(format, v...))
}

func TestSignHTTP_LogSigning(t *testing.T) {
	creds := testCreds
	creds.SessionToken = "SECRET-TOKEN"
	for _, tc := range []struct {
		name       string
		logSigning bool
		wantLines  int
	}{
		{"on", true, 1},
		{"logger-without-log-signing", false, 0},
	} {
		t.Run(tc.name, func(t *testing.T) {
			rec := &logRecorder{}
			s := NewSigner(func(o *Options) { o.Logger, o.LogSigning = rec, tc.logSigning })
			r := mustRequest(t, "GET", "https://"+mrapHost+"/k", nil)
			if _, err := s.SignHTTP(context.Background(), &SignInput{
				Request: r, PayloadHash: EmptyPayloadHash, Credentials: creds, Service: "s3", RegionSet: []string{"*"}, Time: testTime,
			}); err != nil {
				t.Fatal(err)
			}
			if len(rec.lines) != tc.wantLines {
				t.Fatalf("logged %d messages; want %d", len(rec.lines), tc.wantLines)
			}
			for _, l := range rec.lines {
				if strings.Contains(l, "SECRET-TOKEN") || strings.Contains(l, creds.SecretAccessKey) {
					t.Errorf("log contains a secret:\n%s", l)
				}
				for _, want := range []string{"x-amz-security-token:REDACTED", "x-amz-region-set:*", "AWS4-ECDSA-P256-SHA256\n20240524T120000Z\n20240524/s3/aws4_request\n"} {
					if !strings.Contains(l, want) {
						t.Errorf("log lacks %q:\n%s", want, l)
					}
				}
			}
		})
	}
}

func TestSignHTTP_ZeroTimeIsNow(t *testing.T) {
	r := mustRequest(t, "GET", "https://events.amazonaws.com/", nil)
	before := time.Now().UTC().Truncate(time.Second)
	if _, err := NewSigner().SignHTTP(context.Background(), &SignInput{
		Request: r, PayloadHash: EmptyPayloadHash, Credentials: testCreds, Service: "events", RegionSet: []string{"*"},
	}); err != nil {
		t.Fatal(err)
	}
	got, err := time.Parse("20060102T150405Z", r.Header.Get("X-Amz-Date"))
	if err != nil || got.Before(before) || got.After(time.Now().Add(time.Second)) {
		t.Errorf("X-Amz-Date = %q (%v); want about %v", r.Header.Get("X-Amz-Date"), err, before)
	}
}

func TestPublicKey_InvalidInput(t *testing.T) {
	for _, tc := range []struct {
		name  string
		creds credentials.Credentials
		field string
	}{
		{"no-access-key", credentials.Credentials{SecretAccessKey: "s"}, "Credentials.AccessKeyID"},
		{"no-secret", credentials.Credentials{AccessKeyID: "a"}, "Credentials.SecretAccessKey"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := PublicKey(tc.creds)
			var ie *InvalidInputError
			if !errors.As(err, &ie) || ie.Field != tc.field {
				t.Errorf("PublicKey error = %v; want *InvalidInputError for %s", err, tc.field)
			}
		})
	}
}

// The signer satisfies the interface clients take.
var _ HTTPSigner = (*Signer)(nil)
