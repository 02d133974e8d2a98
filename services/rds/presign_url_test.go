package rds_test

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"sort"
	"strings"
	"sync"
	"testing"

	smithyendpoints "github.com/aws/smithy-go/endpoints"
	"github.com/aws/smithy-go/middleware"

	"github.com/nimbus-sdk/nimbus/credentials"
	"github.com/nimbus-sdk/nimbus/internal/testenv/sigtest"
	"github.com/nimbus-sdk/nimbus/services/rds"
	v4 "github.com/nimbus-sdk/nimbus/signer/v4"
)

const (
	testAccessKey = "AKIAIOSFODNN7EXAMPLE"
	testSecretKey = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"
	destRegion    = "us-east-1"
	sourceRegion  = "us-west-2"
)

// rdsServer is an RDS stand-in: it records each request's form and
// answers every action with an empty result.
type rdsServer struct {
	*httptest.Server
	t     *testing.T
	mu    sync.Mutex
	forms []url.Values
}

func newRDSServer(t *testing.T) *rdsServer {
	s := &rdsServer{t: t}
	s.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		// The request itself is signed for the destination region.
		a, err := sigtest.VerifyV4(r, testSecretKey, false)
		if err != nil || a.Region != destRegion || a.Service != "rds" {
			t.Errorf("request signature: %v (scope %s); want one for %s/rds", err, a.Scope(), destRegion)
		}
		if err := r.ParseForm(); err != nil {
			t.Errorf("ParseForm: %v", err)
		}
		s.mu.Lock()
		s.forms = append(s.forms, r.PostForm)
		s.mu.Unlock()
		action := r.PostForm.Get("Action")
		fmt.Fprintf(w, `<%sResponse xmlns="http://rds.amazonaws.com/doc/2014-10-31/"><%sResult/><ResponseMetadata><RequestId>r1</RequestId></ResponseMetadata></%sResponse>`, action, action, action)
	}))
	t.Cleanup(s.Close)
	return s
}

// lastForm returns the form of the last request.
func (s *rdsServer) lastForm() url.Values {
	s.mu.Lock()
	defer s.mu.Unlock()
	if len(s.forms) == 0 {
		s.t.Fatal("the server received no request")
	}
	return s.forms[len(s.forms)-1]
}

// regionRouter sends the destination region's calls to the test server
// and resolves other regions with the endpoint rules, so presigned URLs
// name the source region's real endpoint.
type regionRouter struct{ url string }

func (r regionRouter) ResolveEndpoint(ctx context.Context, p rds.EndpointParameters) (smithyendpoints.Endpoint, error) {
	if p.Region != nil && *p.Region == destRegion {
		u, err := url.Parse(r.url)
		if err != nil {
			return smithyendpoints.Endpoint{}, err
		}
		return smithyendpoints.Endpoint{URI: *u}, nil
	}
	return rds.NewDefaultEndpointResolverV2().ResolveEndpoint(ctx, p)
}

func newTestClient(srv *rdsServer, optFns ...func(*rds.Options)) *rds.Client {
	return rds.New(rds.Options{
		Region:             destRegion,
		Credentials:        credentials.NewStaticProvider(testAccessKey, testSecretKey, ""),
		EndpointResolverV2: regionRouter{srv.URL},
	}, optFns...)
}

// call adapts a client method to take its input as an any.
func call[In, Out any](f func(context.Context, *In, ...func(*rds.Options)) (*Out, error)) func(context.Context, any, ...func(*rds.Options)) error {
	return func(ctx context.Context, in any, optFns ...func(*rds.Options)) error {
		_, err := f(ctx, in.(*In), optFns...)
		return err
	}
}

func ptr[T any](v T) *T { return &v }

// sourceRegionOps are the operations whose PreSignedUrl the client fills
// in from SourceRegion: aws-sdk-go-v2's four, and
// StartDBInstanceAutomatedBackupsReplication, whose PreSignedUrl the RDS
// documentation says SourceRegion generates too.
func sourceRegionOps(c *rds.Client, source, presigned *string) []struct {
	name string
	in   any
	call func(context.Context, any, ...func(*rds.Options)) error
} {
	return []struct {
		name string
		in   any
		call func(context.Context, any, ...func(*rds.Options)) error
	}{
		{"CopyDBClusterSnapshot", &rds.CopyDBClusterSnapshotInput{
			SourceDBClusterSnapshotIdentifier: ptr("arn:aws:rds:us-west-2:123456789012:cluster-snapshot:snap-1"),
			TargetDBClusterSnapshotIdentifier: ptr("snap-copy"),
			KmsKeyId:                          ptr("key-1"),
			SourceRegion:                      source, PreSignedUrl: presigned,
		}, call(c.CopyDBClusterSnapshot)},
		{"CopyDBSnapshot", &rds.CopyDBSnapshotInput{
			SourceDBSnapshotIdentifier: ptr("arn:aws:rds:us-west-2:123456789012:snapshot:snap-1"),
			TargetDBSnapshotIdentifier: ptr("snap copy+1"),
			SourceRegion:               source, PreSignedUrl: presigned,
		}, call(c.CopyDBSnapshot)},
		{"CreateDBCluster", &rds.CreateDBClusterInput{
			DBClusterIdentifier:         ptr("replica-cluster"),
			Engine:                      ptr("aurora-mysql"),
			ReplicationSourceIdentifier: ptr("arn:aws:rds:us-west-2:123456789012:cluster:source"),
			SourceRegion:                source, PreSignedUrl: presigned,
		}, call(c.CreateDBCluster)},
		{"CreateDBInstanceReadReplica", &rds.CreateDBInstanceReadReplicaInput{
			DBInstanceIdentifier:       ptr("replica"),
			SourceDBInstanceIdentifier: ptr("arn:aws:rds:us-west-2:123456789012:db:source"),
			SourceRegion:               source, PreSignedUrl: presigned,
		}, call(c.CreateDBInstanceReadReplica)},
		{"StartDBInstanceAutomatedBackupsReplication", &rds.StartDBInstanceAutomatedBackupsReplicationInput{
			SourceDBInstanceArn: ptr("arn:aws:rds:us-west-2:123456789012:db:source"),
			SourceRegion:        source, PreSignedUrl: presigned,
		}, call(c.StartDBInstanceAutomatedBackupsReplication)},
	}
}

// paramsWithout returns q's parameters other than the named ones and the
// X-Amz-* signature parameters, as sorted "k=v" strings.
func paramsWithout(q url.Values, drop ...string) []string {
	var out []string
	for k, vs := range q {
		if strings.HasPrefix(k, "X-Amz-") || contains(drop, k) {
			continue
		}
		for _, v := range vs {
			out = append(out, k+"="+v)
		}
	}
	sort.Strings(out)
	return out
}

func contains(list []string, s string) bool {
	for _, v := range list {
		if v == s {
			return true
		}
	}
	return false
}

// TestSourceRegionPresignedURL: for each operation, a call with
// SourceRegion and no PreSignedUrl sends a PreSignedUrl that is the same
// operation with the same parameters plus DestinationRegion, addressed to
// the source region's endpoint and presigned for it (signature recomputed
// from the SigV4 specification), and SourceRegion itself is sent nowhere.
func TestSourceRegionPresignedURL(t *testing.T) {
	srv := newRDSServer(t)
	c := newTestClient(srv)
	for _, op := range sourceRegionOps(c, ptr(sourceRegion), nil) {
		t.Run(op.name, func(t *testing.T) {
			if err := op.call(context.Background(), op.in); err != nil {
				t.Fatalf("%s: %v", op.name, err)
			}
			form := srv.lastForm()
			raw := form.Get("PreSignedUrl")
			if raw == "" {
				t.Fatalf("request has no PreSignedUrl: %v", form)
			}
			u, err := url.Parse(raw)
			if err != nil {
				t.Fatalf("PreSignedUrl %q: %v", raw, err)
			}
			q := u.Query()
			checks := []struct{ name, got, want string }{
				{"scheme", u.Scheme, "https"},
				{"host", u.Host, "rds." + sourceRegion + ".amazonaws.com"},
				{"path", u.Path, "/"},
				{"Action", q.Get("Action"), op.name},
				{"Version", q.Get("Version"), "2014-10-31"},
				{"DestinationRegion", q.Get("DestinationRegion"), destRegion},
				{"X-Amz-Expires", q.Get("X-Amz-Expires"), "900"},
				{"X-Amz-SignedHeaders", q.Get("X-Amz-SignedHeaders"), "host"},
			}
			for _, c := range checks {
				if c.got != c.want {
					t.Errorf("PreSignedUrl %s = %q; want %q", c.name, c.got, c.want)
				}
			}
			for _, k := range []string{"SourceRegion", "PreSignedUrl"} {
				if q.Has(k) {
					t.Errorf("PreSignedUrl carries %s", k)
				}
			}
			if form.Has("SourceRegion") || form.Has("DestinationRegion") {
				t.Errorf("request carries SourceRegion or DestinationRegion: %v", form)
			}
			// The presigned request is the call's own request, for the source.
			got, want := paramsWithout(q, "DestinationRegion"), paramsWithout(form, "PreSignedUrl")
			if strings.Join(got, "&") != strings.Join(want, "&") {
				t.Errorf("PreSignedUrl parameters = %v; want the request's %v", got, want)
			}
			// What the source region's RDS does with it.
			r, err := http.NewRequest(http.MethodGet, raw, nil)
			if err != nil {
				t.Fatal(err)
			}
			a, err := sigtest.VerifyPresignedV4(r, testSecretKey, v4.EmptyPayloadHash, false)
			if err != nil {
				t.Fatalf("PreSignedUrl signature: %v", err)
			}
			if a.Region != sourceRegion || a.Service != "rds" || a.AccessKey != testAccessKey {
				t.Errorf("PreSignedUrl credential %s/%s; want %s/%s/rds/aws4_request", a.AccessKey, a.Scope(), testAccessKey, sourceRegion)
			}
		})
	}
}

// TestSourceRegionLeavesOtherCallsAlone: a PreSignedUrl the caller gives is
// sent as given; without SourceRegion nothing is presigned; removing the
// Presign step (aws-sdk-go-v2's ID) turns the behaviour off; and the
// caller's input is never modified.
func TestSourceRegionLeavesOtherCallsAlone(t *testing.T) {
	srv := newRDSServer(t)
	removePresign := func(o *rds.Options) {
		o.APIOptions = append(o.APIOptions, func(st *middleware.Stack) error {
			_, err := st.Initialize.Remove("Presign")
			return err
		})
	}
	tests := []struct {
		name          string
		source, given *string
		optFns        []func(*rds.Options)
		want          string // the PreSignedUrl sent
	}{
		{"caller's URL kept", ptr(sourceRegion), ptr("https://example.aws/signed-url"), nil, "https://example.aws/signed-url"},
		{"no source region", nil, nil, nil, ""},
		{"empty source region", ptr(""), nil, nil, ""},
		{"Presign step removed", ptr(sourceRegion), nil, []func(*rds.Options){removePresign}, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := newTestClient(srv)
			for _, op := range sourceRegionOps(c, tt.source, tt.given) {
				if err := op.call(context.Background(), op.in, tt.optFns...); err != nil {
					t.Fatalf("%s: %v", op.name, err)
				}
				form := srv.lastForm()
				if got := form.Get("PreSignedUrl"); got != tt.want {
					t.Errorf("%s sent PreSignedUrl %q; want %q", op.name, got, tt.want)
				}
				if form.Has("SourceRegion") {
					t.Errorf("%s sent SourceRegion", op.name)
				}
			}
		})
	}
	t.Run("input not modified", func(t *testing.T) {
		c := newTestClient(srv)
		in := &rds.CopyDBSnapshotInput{
			SourceDBSnapshotIdentifier: ptr("arn:aws:rds:us-west-2:123456789012:snapshot:snap-1"),
			TargetDBSnapshotIdentifier: ptr("copy"),
			SourceRegion:               ptr(sourceRegion),
		}
		for i := range 2 {
			if _, err := c.CopyDBSnapshot(context.Background(), in); err != nil {
				t.Fatal(err)
			}
			if in.PreSignedUrl != nil {
				t.Fatalf("call %d set the caller's PreSignedUrl to %q", i, *in.PreSignedUrl)
			}
			if srv.lastForm().Get("PreSignedUrl") == "" {
				t.Errorf("call %d sent no PreSignedUrl", i)
			}
		}
	})
}
