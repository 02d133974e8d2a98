package v4

import (
	"context"
	"errors"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/nimbus-sdk/nimbus/credentials"
)

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
			r := mustRequest(t, "GET", "https://examplebucket.s3.amazonaws.com/test.txt", nil)
			_, _, err := NewSigner().PresignHTTP(context.Background(), &PresignInput{
				Request: r, Credentials: s3Creds, Service: "s3", Region: "us-east-1", Time: s3Time, Expires: tc.expires,
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

// TestErrorsDoNotLeakSecrets feeds every kind of invalid input carrying
// real-looking secrets and checks that no error message contains them.
func TestErrorsDoNotLeakSecrets(t *testing.T) {
	const secret, token = "SECRETwJalrXUtnFEMI/K7MDENG", "TOKENIQoJb3JpZ2luX2Vj"
	full := credentials.Credentials{AccessKeyID: "AKID", SecretAccessKey: secret, SessionToken: token}
	noKey := credentials.Credentials{SecretAccessKey: secret, SessionToken: token}
	noSecret := credentials.Credentials{AccessKeyID: "AKID", SessionToken: token}
	req := func() *http.Request { return mustRequest(t, "GET", "https://h/"+secret, nil) }
	cases := []struct {
		name  string
		in    SignInput
		field string
	}{
		{"nil-request", SignInput{PayloadHash: secret, Credentials: full, Service: "s", Region: "r"}, "Request"},
		{"no-url", SignInput{Request: &http.Request{}, PayloadHash: secret, Credentials: full, Service: "s", Region: "r"}, "Request.URL"},
		{"no-payload-hash", SignInput{Request: req(), Credentials: full, Service: "s", Region: "r"}, "PayloadHash"},
		{"no-access-key", SignInput{Request: req(), PayloadHash: UnsignedPayload, Credentials: noKey, Service: "s", Region: "r"}, "Credentials.AccessKeyID"},
		{"no-secret", SignInput{Request: req(), PayloadHash: UnsignedPayload, Credentials: noSecret, Service: "s", Region: "r"}, "Credentials.SecretAccessKey"},
		{"no-service", SignInput{Request: req(), PayloadHash: UnsignedPayload, Credentials: full, Region: "r"}, "Service"},
		{"no-region", SignInput{Request: req(), PayloadHash: UnsignedPayload, Credentials: full, Service: "s"}, "Region"},
	}
	s := NewSigner()
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			check := func(what string, err error) {
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
			if tc.field == "PayloadHash" {
				return // optional when presigning
			}
			_, _, err = s.PresignHTTP(context.Background(), &PresignInput{
				Request: in.Request, Credentials: in.Credentials, Service: in.Service, Region: in.Region, Expires: time.Minute,
			})
			check("PresignHTTP", err)
		})
	}
	_, _, err := s.PresignHTTP(context.Background(), &PresignInput{Request: req(), Credentials: full, Service: "s", Region: "r", Expires: -1})
	if err == nil || strings.Contains(err.Error(), secret) || strings.Contains(err.Error(), token) {
		t.Errorf("PresignHTTP(Expires=-1) error = %v; want an error without secrets", err)
	}
}

func TestSignHTTP_Headers(t *testing.T) {
	creds := s3Creds
	creds.SessionToken = "session-token"
	for _, tc := range []struct {
		name        string
		service     string
		payloadHash string
		wantSHA     string
	}{
		{"s3-always-gets-content-sha256", "s3", EmptyPayloadHash, EmptyPayloadHash},
		{"other-service-hex-hash-omitted", "sts", EmptyPayloadHash, ""},
		{"other-service-unsigned-payload-sent", "lambda", UnsignedPayload, UnsignedPayload},
		{"streaming-trailer-sent", "s3", StreamingUnsignedPayloadTrailer, StreamingUnsignedPayloadTrailer},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := mustRequest(t, "GET", "http://example.com:80/a?b=c", map[string]string{
				"User-Agent": "ua", "X-Amzn-Trace-Id": "t", "Amz-Sdk-Request": "attempt=1", "Expect": "100-continue",
			})
			if _, err := NewSigner().SignHTTP(context.Background(), &SignInput{
				Request: r, PayloadHash: tc.payloadHash, Credentials: creds, Service: tc.service, Region: "eu-west-1", Time: s3Time,
			}); err != nil {
				t.Fatal(err)
			}
			if got := r.Header.Get("X-Amz-Content-Sha256"); got != tc.wantSHA {
				t.Errorf("X-Amz-Content-Sha256 = %q; want %q", got, tc.wantSHA)
			}
			if got := r.Header.Get("X-Amz-Security-Token"); got != "session-token" {
				t.Errorf("X-Amz-Security-Token = %q; want session-token", got)
			}
			auth := r.Header.Get("Authorization")
			want := "SignedHeaders=host;x-amz-date;x-amz-security-token,"
			if tc.wantSHA != "" {
				want = "SignedHeaders=host;x-amz-content-sha256;x-amz-date;x-amz-security-token,"
			}
			if !strings.Contains(auth, want) {
				t.Errorf("Authorization = %q; want it to contain %q", auth, want)
			}
		})
	}
}

func TestSignHTTP_ZeroTimeIsNow(t *testing.T) {
	r := mustRequest(t, "GET", "https://sts.amazonaws.com/", nil)
	before := time.Now().UTC().Truncate(time.Second)
	if _, err := NewSigner().SignHTTP(context.Background(), &SignInput{
		Request: r, PayloadHash: EmptyPayloadHash, Credentials: s3Creds, Service: "sts", Region: "us-east-1",
	}); err != nil {
		t.Fatal(err)
	}
	got, err := time.Parse("20060102T150405Z", r.Header.Get("X-Amz-Date"))
	if err != nil || got.Before(before) || got.After(time.Now().Add(time.Second)) {
		t.Errorf("X-Amz-Date = %q (%v); want about %v", r.Header.Get("X-Amz-Date"), err, before)
	}
}

func TestKeyCache_Bounded(t *testing.T) {
	var c keyCache
	for i := range 3 * keyCacheLimit {
		c.get("AKID", "secret", "20240101", "region-"+string(rune('a'+i%26))+string(rune('a'+i/26)), "s3")
	}
	if n := c.len(); n > keyCacheLimit {
		t.Errorf("cache holds %d keys; want at most %d", n, keyCacheLimit)
	}
	// A rotated secret under the same access key must not reuse the key.
	a := c.get("AKID", "secret-1", "20240101", "r", "s")
	b := c.get("AKID", "secret-2", "20240101", "r", "s")
	if a == b {
		t.Error("derived keys for different secrets are equal")
	}
	if want := deriveKey("secret-1", "20240101", "r", "s"); a != want {
		t.Error("cached key differs from a fresh derivation")
	}
}

// TestSignHTTP_Concurrent signs from many goroutines with one Signer (run
// with -race) and checks every result against a serial signature.
func TestSignHTTP_Concurrent(t *testing.T) {
	s := NewSigner()
	sign := func(region string) string {
		r := mustRequest(t, "GET", "https://svc.amazonaws.com/p?a=b", map[string]string{"X-Custom": "v"})
		out, err := s.SignHTTP(context.Background(), &SignInput{
			Request: r, PayloadHash: EmptyPayloadHash, Credentials: s3Creds, Service: "svc", Region: region, Time: s3Time,
		})
		if err != nil {
			t.Error(err)
		}
		return out.Signature
	}
	regions := []string{"us-east-1", "eu-west-1", "ap-south-1"}
	want := map[string]string{}
	for _, r := range regions {
		want[r] = sign(r)
	}
	var wg sync.WaitGroup
	for i := range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for j := range 50 {
				r := regions[(i+j)%len(regions)]
				if got := sign(r); got != want[r] {
					t.Errorf("concurrent signature for %s = %s; want %s", r, got, want[r])
					return
				}
			}
		}()
	}
	wg.Wait()
}
