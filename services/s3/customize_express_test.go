package s3

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	smithyendpoints "github.com/aws/smithy-go/endpoints"

	"github.com/nimbus-sdk/nimbus/credentials"
	"github.com/nimbus-sdk/nimbus/services/s3/types"
)

// expressServer plays a directory bucket's zonal endpoint over TLS: it
// answers CreateSession with a new session each time and records how the
// other requests were authenticated.
type expressServer struct {
	*httptest.Server
	sessions     atomic.Int32
	failNext     atomic.Int32 // answer this many object requests with 500
	sessionDelay atomic.Int64 // a time.Duration CreateSession takes to answer
	denySessions atomic.Bool  // answer CreateSession with 403 AccessDenied
	mu           sync.Mutex
	requests     []http.Header
}

func newExpressServer(t *testing.T, lifetime time.Duration) *expressServer {
	s := &expressServer{}
	s.Server = httptest.NewTLSServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if _, ok := r.URL.Query()["session"]; ok {
			n := s.sessions.Add(1)
			time.Sleep(time.Duration(s.sessionDelay.Load()))
			if s.denySessions.Load() {
				w.WriteHeader(http.StatusForbidden)
				w.Write([]byte(`<Error><Code>AccessDenied</Code><Message>denied</Message></Error>`))
				return
			}
			if !strings.Contains(r.Header.Get("Authorization"), "Credential=AKIDBASE/") || !strings.Contains(r.Header.Get("Authorization"), "/s3express/aws4_request") {
				t.Errorf("CreateSession Authorization = %q; want the base key, signing name s3express", r.Header.Get("Authorization"))
			}
			fmt.Fprintf(w, `<CreateSessionResult><Credentials><SessionToken>token-%d</SessionToken><SecretAccessKey>secret-%d</SecretAccessKey><AccessKeyId>ASIASESSION%d</AccessKeyId><Expiration>%s</Expiration></Credentials></CreateSessionResult>`,
				n, n, n, expressNow().Add(lifetime).UTC().Format(time.RFC3339))
			return
		}
		s.mu.Lock()
		s.requests = append(s.requests, r.Header.Clone())
		s.mu.Unlock()
		if s.failNext.Add(-1) >= 0 {
			w.WriteHeader(http.StatusInternalServerError)
			w.Write([]byte(`<Error><Code>InternalError</Code></Error>`))
			return
		}
		if r.Method == http.MethodPost {
			w.Write([]byte(`<DeleteResult></DeleteResult>`))
			return
		}
		w.Write([]byte("data"))
	}))
	t.Cleanup(s.Close)
	return s
}

// redirect sends every request to the test server, keeping what the
// rules chose (including the sigv4-s3express scheme).
type redirect struct{ host string }

func (r redirect) ResolveEndpoint(ctx context.Context, p EndpointParameters) (smithyendpoints.Endpoint, error) {
	ep, err := NewDefaultEndpointResolverV2().ResolveEndpoint(ctx, p)
	ep.URI.Host = r.host
	return ep, err
}

func expressClient(t *testing.T, srv *expressServer) *Client {
	u, _ := url.Parse(srv.URL)
	return New(Options{
		Region: "us-west-2", HTTPClient: srv.Client(), EndpointResolverV2: redirect{u.Host},
		Credentials: credentials.NewStaticProvider("AKIDBASE", "SECRETBASE", "base-session"),
	})
}

// TestExpressSessionAuth: a directory bucket's requests are signed with
// CreateSession's session keys (signing name s3express), the session token
// in x-amz-s3session-token and not X-Amz-Security-Token; the session is
// reused (by retries too), refreshed before it expires, and fetched once
// for concurrent calls.
func TestExpressSessionAuth(t *testing.T) {
	clock := time.Date(2026, 12, 7, 12, 0, 0, 0, time.UTC)
	var clockMu sync.Mutex
	expressNow = func() time.Time { clockMu.Lock(); defer clockMu.Unlock(); return clock }
	t.Cleanup(func() { expressNow = time.Now })
	advance := func(d time.Duration) { clockMu.Lock(); clock = clock.Add(d); clockMu.Unlock() }

	srv := newExpressServer(t, 5*time.Minute)
	c := expressClient(t, srv)
	bucket, key := "mybucket--usw2-az1--x-s3", "k"
	get := func() {
		out, err := c.GetObject(context.Background(), &GetObjectInput{Bucket: &bucket, Key: &key})
		if err != nil {
			t.Fatal(err)
		}
		out.Body.Close()
	}

	var wg sync.WaitGroup
	for range 10 {
		wg.Add(1)
		go func() { defer wg.Done(); get() }()
	}
	wg.Wait()
	if n := srv.sessions.Load(); n != 1 {
		t.Fatalf("%d CreateSession calls for 10 concurrent first calls; want 1", n)
	}
	h := srv.requests[0]
	if h.Get("X-Amz-S3session-Token") != "token-1" || h.Get("X-Amz-Security-Token") != "" ||
		!strings.Contains(h.Get("Authorization"), "Credential=ASIASESSION1/") || !strings.Contains(h.Get("Authorization"), "/s3express/aws4_request") {
		t.Errorf("request headers = %v; want session token header, session key, signing name s3express", h)
	}

	advance(3 * time.Minute) // still outside the refresh window
	get()
	if n := srv.sessions.Load(); n != 1 {
		t.Errorf("%d CreateSession calls after 3 minutes; want the session reused", n)
	}
	advance(90 * time.Second) // inside the window: 30 s left
	get()
	if n := srv.sessions.Load(); n != 2 {
		t.Errorf("%d CreateSession calls 30 s before expiry; want a refresh", n)
	}
	if last := srv.requests[len(srv.requests)-1]; last.Get("X-Amz-S3session-Token") != "token-2" {
		t.Errorf("after the refresh, token %q; want token-2", last.Get("X-Amz-S3session-Token"))
	}

	srv.failNext.Store(1)
	before := len(srv.requests)
	get()
	if n := srv.sessions.Load(); n != 2 || len(srv.requests) != before+2 {
		t.Errorf("a retried call made %d CreateSession calls in all and %d attempts; want 2 and 2", n, len(srv.requests)-before)
	}
	if last := srv.requests[len(srv.requests)-1]; last.Get("X-Amz-S3session-Token") != "token-2" || !strings.Contains(last.Get("Authorization"), "Credential=ASIASESSION2/") {
		t.Errorf("retry headers = %v; want session 2's token and key", last)
	}
}

// TestExpressSessionAuthDisabled: with DisableS3ExpressSessionAuth the
// rules choose plain SigV4 and the client's own keys sign the request.
func TestExpressSessionAuthDisabled(t *testing.T) {
	srv := newExpressServer(t, 5*time.Minute)
	c := expressClient(t, srv)
	bucket, key := "mybucket--usw2-az1--x-s3", "k"
	out, err := c.GetObject(context.Background(), &GetObjectInput{Bucket: &bucket, Key: &key}, func(o *Options) {
		o.DisableS3ExpressSessionAuth = true
	})
	if err != nil {
		t.Fatal(err)
	}
	out.Body.Close()
	h := srv.requests[0]
	if n := srv.sessions.Load(); n != 0 || h.Get("X-Amz-S3session-Token") != "" || h.Get("X-Amz-Security-Token") != "base-session" ||
		!strings.Contains(h.Get("Authorization"), "Credential=AKIDBASE/") {
		t.Errorf("%d CreateSession calls, headers %v; want none and the client's own keys", n, h)
	}
}

// TestExpressChecksumDefaults: directory buckets refuse Content-MD5, so an
// operation that requires a checksum sends CRC32 there in every mode,
// including CompatibleMode, which sends Content-MD5 elsewhere.
func TestExpressChecksumDefaults(t *testing.T) {
	srv := newExpressServer(t, 5*time.Minute)
	tests := []struct {
		name, bucket string
		opt          func(*Options)
		want         string // the checksum header sent
	}{
		{"directory bucket", "mybucket--usw2-az1--x-s3", func(*Options) {}, "X-Amz-Checksum-Crc32"},
		{"directory bucket, when_required", "mybucket--usw2-az1--x-s3", func(o *Options) { o.RequestChecksumCalculation = "when_required" }, "X-Amz-Checksum-Crc32"},
		{"directory bucket, compatible mode", "mybucket--usw2-az1--x-s3", func(o *Options) { o.CompatibleMode = true }, "X-Amz-Checksum-Crc32"},
		{"general bucket, compatible mode", "mybucket", func(o *Options) { o.CompatibleMode = true }, "Content-Md5"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := expressClient(t, srv)
			n := len(srv.requests)
			key := "k"
			_, err := c.DeleteObjects(context.Background(), &DeleteObjectsInput{
				Bucket: &tt.bucket, Delete: &types.Delete{Objects: []types.ObjectIdentifier{{Key: &key}}},
			}, tt.opt)
			if err != nil {
				t.Fatal(err)
			}
			h := srv.requests[n]
			for _, name := range []string{"Content-Md5", "X-Amz-Checksum-Crc32"} {
				if got := h.Get(name) != ""; got != (name == tt.want) {
					t.Errorf("%s sent = %v; want only %s", name, got, tt.want)
				}
			}
		})
	}
}
