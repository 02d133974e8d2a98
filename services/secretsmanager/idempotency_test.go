package secretsmanager_test

import (
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/nimbus-sdk/nimbus/internal/testenv"
	"github.com/nimbus-sdk/nimbus/internal/testenv/faultproxy"
	"github.com/nimbus-sdk/nimbus/services/secretsmanager"
)

// TestIntegrationIdempotencyTokenKeptOnRetry loses the response of a
// CreateSecret after moto ran it: the retry must carry the same
// ClientRequestToken, the token the client filled in, so the service can
// recognise the repeat (AWS answers it as the same request).
func TestIntegrationIdempotencyTokenKeptOnRetry(t *testing.T) {
	srv := testenv.Moto(t)
	isCreate := func(r *http.Request) bool {
		return strings.HasSuffix(r.Header.Get("X-Amz-Target"), ".CreateSecret")
	}
	p := faultproxy.Start(t, srv.Endpoint, faultproxy.Times(1, isCreate, faultproxy.Fault{DropResponse: true}))
	c := secretsmanager.New(secretsmanager.Options{Region: srv.Region, BaseEndpoint: p.URL, Credentials: srv.Credentials()})
	name := fmt.Sprintf("nimbus/idem/%d", time.Now().UnixNano())
	// The outcome of the repeat depends on how the server treats a known
	// token (AWS: success; moto may answer that the secret exists); what
	// the client controls is that both attempts carry one token.
	_, _ = c.CreateSecret(t.Context(), &secretsmanager.CreateSecretInput{Name: &name, SecretString: ptr("v1")})

	var tokens []string
	for _, rec := range p.Records() {
		if rec.Header.Get("X-Amz-Target") == "" || !strings.HasSuffix(rec.Header.Get("X-Amz-Target"), ".CreateSecret") {
			continue
		}
		var body struct{ ClientRequestToken string }
		if err := json.Unmarshal(rec.Body, &body); err != nil {
			t.Fatalf("CreateSecret body %q: %v", rec.Body, err)
		}
		tokens = append(tokens, body.ClientRequestToken)
	}
	if len(tokens) != 2 || tokens[0] == "" || tokens[0] != tokens[1] {
		t.Fatalf("CreateSecret attempts carried tokens %q; want two attempts with one non-empty token", tokens)
	}
	got, err := c.DescribeSecret(t.Context(), &secretsmanager.DescribeSecretInput{SecretId: &name})
	if err != nil {
		t.Fatalf("DescribeSecret: %v", err)
	}
	if _, ok := got.VersionIdsToStages[tokens[0]]; !ok || len(got.VersionIdsToStages) != 1 {
		t.Errorf("secret versions = %v; want exactly the version of token %s", got.VersionIdsToStages, tokens[0])
	}
}
