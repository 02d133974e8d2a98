package eventbridge_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"net/url"
	"testing"

	smithyendpoints "github.com/aws/smithy-go/endpoints"

	"github.com/nimbus-sdk/nimbus/credentials"
	"github.com/nimbus-sdk/nimbus/internal/testenv/sigtest"
	"github.com/nimbus-sdk/nimbus/services/eventbridge"
	"github.com/nimbus-sdk/nimbus/services/eventbridge/types"
	"github.com/nimbus-sdk/nimbus/signer/v4a"
)

type toHost string

func (h toHost) ResolveEndpoint(ctx context.Context, p eventbridge.EndpointParameters) (smithyendpoints.Endpoint, error) {
	ep, err := eventbridge.NewDefaultEndpointResolverV2().ResolveEndpoint(ctx, p)
	ep.URI.Host = string(h)
	return ep, err
}

// TestGlobalEndpointSigV4A: PutEvents to a global endpoint (EndpointId)
// is signed with SigV4a over every region, as the endpoint rules say, and
// the signature verifies with the key derived from the caller's secret.
func TestGlobalEndpointSigV4A(t *testing.T) {
	pub, err := v4a.PublicKey(credentials.Credentials{AccessKeyID: "AKIDEXAMPLE", SecretAccessKey: "SECRETEXAMPLE"})
	if err != nil {
		t.Fatal(err)
	}
	var checked bool
	srv := httptest.NewTLSServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		a, err := sigtest.VerifyV4A(r, pub, false)
		if err != nil {
			t.Error(err)
		}
		if r.Header.Get("X-Amz-Region-Set") != "*" || a.Service != "events" {
			t.Errorf("region set %q, service %q; want * and events", r.Header.Get("X-Amz-Region-Set"), a.Service)
		}
		checked = true
		w.Header().Set("Content-Type", "application/x-amz-json-1.1")
		w.Write([]byte(`{"FailedEntryCount":0,"Entries":[{"EventId":"e1"}]}`))
	}))
	defer srv.Close()
	u, _ := url.Parse(srv.URL)
	c := eventbridge.New(eventbridge.Options{
		Region: "us-east-1", HTTPClient: srv.Client(), EndpointResolverV2: toHost(u.Host),
		Credentials: credentials.NewStaticProvider("AKIDEXAMPLE", "SECRETEXAMPLE", ""),
	})
	id, src, dt, detail := "abcde.veo", "app", "t", "{}"
	out, err := c.PutEvents(context.Background(), &eventbridge.PutEventsInput{
		EndpointId: &id, Entries: []types.PutEventsRequestEntry{{Source: &src, DetailType: &dt, Detail: &detail}},
	})
	if err != nil {
		t.Fatal(err)
	}
	if !checked || len(out.Entries) != 1 || *out.Entries[0].EventId != "e1" {
		t.Errorf("server checked = %v, entries %+v", checked, out.Entries)
	}
}
