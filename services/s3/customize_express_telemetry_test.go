package s3

import (
	"context"
	"testing"
	"time"

	"github.com/aws/smithy-go/tracing"

	"github.com/nimbus-sdk/nimbus/internal/testenv/obstest"
	awsmw "github.com/nimbus-sdk/nimbus/middleware"
	"github.com/nimbus-sdk/nimbus/signer"
)

// TestExpressSessionTelemetry: fetching a directory bucket's session
// (CreateSession) is identity resolution, as in aws-sdk-go-v2. A
// GetObject whose CreateSession takes 200 ms records that time in its
// client.call.auth.resolve_identity_duration and not in its
// client.call.auth.signing_duration, and traces CreateSession as an
// operation of its own under a GetIdentity span of the GetObject
// attempt, not under SignRequest. A second GetObject reuses the session:
// it makes no CreateSession call and has one GetIdentity span.
func TestExpressSessionTelemetry(t *testing.T) {
	const delay = 200 * time.Millisecond
	srv := newExpressServer(t, 5*time.Minute)
	srv.sessionDelay.Store(int64(delay))
	tp, mp := &obstest.TracerProvider{}, &obstest.MeterProvider{}
	c := expressClient(t, srv)
	bucket, key := "mybucket--usw2-az1--x-s3", "k"
	get := func() {
		t.Helper()
		out, err := c.GetObject(context.Background(), &GetObjectInput{Bucket: &bucket, Key: &key}, func(o *Options) {
			o.TracerProvider, o.MeterProvider = tp, mp
		})
		if err != nil {
			t.Fatal(err)
		}
		out.Body.Close()
	}
	get()
	if n := srv.sessions.Load(); n != 1 {
		t.Fatalf("%d CreateSession calls; want 1", n)
	}

	t.Run("metrics", func(t *testing.T) {
		getObject := map[string]any{"rpc.service": "S3", "rpc.method": "GetObject"}
		createSession := map[string]any{"rpc.service": "S3", "rpc.method": "CreateSession"}
		sum := func(name string, attrs map[string]any) time.Duration {
			return time.Duration(mp.Sum(name, attrs) * float64(time.Second))
		}
		if got := sum(awsmw.MetricResolveIdentityDuration, getObject); got < delay {
			t.Errorf("GetObject %s = %v; want at least CreateSession's %v", awsmw.MetricResolveIdentityDuration, got, delay)
		}
		if got := sum(awsmw.MetricSigningDuration, getObject); got >= delay/2 {
			t.Errorf("GetObject %s = %v; want signing only, well under CreateSession's %v", awsmw.MetricSigningDuration, got, delay)
		}
		if got := sum(awsmw.MetricCallDuration, createSession); got < delay {
			t.Errorf("CreateSession %s = %v; want at least %v", awsmw.MetricCallDuration, got, delay)
		}
		if got := mp.Sum(awsmw.MetricCallAttempts, createSession); got != 1 {
			t.Errorf("CreateSession %s = %v; want 1", awsmw.MetricCallAttempts, got)
		}
		// GetObject's own identity step (the client's credentials) and
		// the session's.
		if n := len(mp.Points(awsmw.MetricResolveIdentityDuration)); n != 3 {
			t.Errorf("%d %s points; want 3: GetObject's credentials and session, CreateSession's credentials", n, awsmw.MetricResolveIdentityDuration)
		}
		// auth.scheme_id names the scheme as v2 does: the session and the
		// signing of GetObject are Express's, the rest SigV4's.
		for _, c := range []struct {
			metric, method, scheme string
			want                   int
		}{
			{awsmw.MetricResolveIdentityDuration, "GetObject", signer.SchemeIDSigV4, 1},
			{awsmw.MetricResolveIdentityDuration, "GetObject", signer.SchemeIDSigV4S3Express, 1},
			{awsmw.MetricSigningDuration, "GetObject", signer.SchemeIDSigV4S3Express, 1},
			{awsmw.MetricResolveIdentityDuration, "CreateSession", signer.SchemeIDSigV4, 1},
			{awsmw.MetricSigningDuration, "CreateSession", signer.SchemeIDSigV4, 1},
		} {
			n := 0
			for _, p := range mp.Points(c.metric) {
				if p.Has(map[string]any{"rpc.method": c.method, "auth.scheme_id": c.scheme}) {
					n++
				}
			}
			if n != c.want {
				t.Errorf("%s of %s with auth.scheme_id=%s: %d points; want %d (all: %+v)", c.metric, c.method, c.scheme, n, c.want, mp.Points(c.metric))
			}
		}
	})

	t.Run("span tree", func(t *testing.T) {
		want := `S3.GetObject
  OperationSerializer
  Attempt
    GetIdentity
    ResolveEndpoint
    GetIdentity
      S3.CreateSession
        OperationSerializer
        Attempt
          GetIdentity
          ResolveEndpoint
          SignRequest
          DoHTTPRequest
          OperationDeserializer
    SignRequest
    DoHTTPRequest
    OperationDeserializer
`
		if got := tp.Tree(); got != want {
			t.Errorf("span tree:\n%s\nwant:\n%s", got, want)
		}
		cs := tp.Named("S3.CreateSession")
		if len(cs) != 1 || cs[0].Parent == nil || cs[0].Parent.Name() != awsmw.SpanGetIdentity {
			t.Fatalf("CreateSession spans %v; want one, under GetIdentity", cs)
		}
		if got := cs[0].Parent.Props["auth.scheme_id"]; got != signer.SchemeIDSigV4S3Express {
			t.Errorf("session GetIdentity: auth.scheme_id = %v; want %s", got, signer.SchemeIDSigV4S3Express)
		}
	})

	t.Run("cached session", func(t *testing.T) {
		tp.Reset()
		get()
		if n := srv.sessions.Load(); n != 1 {
			t.Fatalf("%d CreateSession calls; want the session reused", n)
		}
		want := `S3.GetObject
  OperationSerializer
  Attempt
    GetIdentity
    ResolveEndpoint
    GetIdentity
    SignRequest
    DoHTTPRequest
    OperationDeserializer
`
		if got := tp.Tree(); got != want {
			t.Errorf("span tree:\n%s\nwant:\n%s", got, want)
		}
	})

	t.Run("session denied", func(t *testing.T) {
		tp.Reset()
		srv := newExpressServer(t, 5*time.Minute)
		srv.denySessions.Store(true)
		c := expressClient(t, srv)
		_, err := c.GetObject(context.Background(), &GetObjectInput{Bucket: &bucket, Key: &key}, func(o *Options) {
			o.TracerProvider = tp
		})
		if err == nil {
			t.Fatal("GetObject succeeded; want CreateSession's AccessDenied")
		}
		ids := tp.Named(awsmw.SpanGetIdentity)
		if len(ids) != 3 {
			t.Fatalf("%d GetIdentity spans; want 3", len(ids))
		}
		session := ids[1] // GetObject's credentials, its session, CreateSession's credentials
		if session.Status != tracing.SpanStatusError || session.Props["error.type"] != "AccessDenied" {
			t.Errorf("session GetIdentity: status %v, error.type %v; want error, AccessDenied", session.Status, session.Props["error.type"])
		}
		if n := len(tp.Named(awsmw.SpanSignRequest)); n != 1 {
			t.Errorf("%d SignRequest spans; want 1 (CreateSession's): GetObject stops before signing", n)
		}
	})
}
