package sts_test

import (
	"context"
	"io"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/nimbus-sdk/nimbus/credentials"
	"github.com/nimbus-sdk/nimbus/internal/testenv"
	"github.com/nimbus-sdk/nimbus/services/sts"
)

// TestIntegrationPresignGetCallerIdentity presigns GetCallerIdentity EKS
// style (x-k8s-aws-id signed, 60 s) for moto's endpoint, with moto's key
// and with temporary credentials moto issued, and sends the URL with
// plain net/http, as an EKS cluster does.
//
// moto (5.2.1) cannot answer a presigned STS URL: its server picks the
// service from the Authorization header's credential scope, and a request
// without one goes to its S3 backend, which in auth mode fails it with
// 500 (../shared/servers/README.md: "fails presigned URLs with 500"). Its
// verifier cannot check a header-signed STS GET either (it re-signs the
// query parameters as a form body). So this test checks what can be
// checked here: the URL is built from the server's credentials, the
// signature recomputed from the SigV4 specification with the real
// secret matches, and a response that is STS's is the caller's identity
// (never an STS signature error); a response from moto's S3 backend is
// logged as the known limitation.
func TestIntegrationPresignGetCallerIdentity(t *testing.T) {
	srv := testenv.Moto(t)
	ctx := context.Background()

	assumed, err := newClient(srv, srv.Credentials()).AssumeRole(ctx, &sts.AssumeRoleInput{
		RoleArn:         &srv.RoleARN,
		RoleSessionName: ptr("nimbus-presign"),
	})
	if err != nil {
		t.Fatalf("AssumeRole: %v", err)
	}
	tmp := assumed.Credentials

	tests := []struct {
		name      string
		creds     credentials.Provider
		secret    string
		token     string
		wantArnIn string
	}{
		{"long-term key", srv.Credentials(), srv.SecretKey, "", ":user/sdk-test"},
		{"assumed role", credentials.NewStaticProvider(*tmp.AccessKeyId, *tmp.SecretAccessKey, *tmp.SessionToken),
			*tmp.SecretAccessKey, *tmp.SessionToken, "assumed-role/sdk-test/nimbus-presign"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := sts.NewPresignClient(newClient(srv, tt.creds))
			pr, err := p.PresignGetCallerIdentity(ctx, nil, withClusterID("nimbus-test"),
				func(o *sts.PresignOptions) { o.Expires = 60 * time.Second })
			if err != nil {
				t.Fatalf("PresignGetCallerIdentity: %v", err)
			}
			u, err := url.Parse(pr.URL)
			if err != nil {
				t.Fatal(err)
			}
			q := u.Query()
			if got := q.Get("X-Amz-Security-Token"); got != tt.token {
				t.Errorf("X-Amz-Security-Token = %q; want %q", got, tt.token)
			}
			sent := http.Header{"X-K8s-Aws-Id": {"nimbus-test"}}
			if got, want := specSignature(t, u, sent, tt.secret, emptyBodyHash), q.Get("X-Amz-Signature"); got != want {
				t.Errorf("signature recomputed with the server's secret = %s; URL has %s", got, want)
			}

			req, err := http.NewRequestWithContext(ctx, pr.Method, pr.URL, nil)
			if err != nil {
				t.Fatal(err)
			}
			req.Header.Set("X-K8s-Aws-Id", "nimbus-test")
			resp, err := http.DefaultClient.Do(req)
			if err != nil {
				t.Fatalf("GET presigned URL: %v", err)
			}
			defer resp.Body.Close()
			body, err := io.ReadAll(io.LimitReader(resp.Body, 1<<20))
			if err != nil {
				t.Fatal(err)
			}
			switch s := string(body); {
			case strings.Contains(s, "<GetCallerIdentityResponse"):
				if resp.StatusCode != http.StatusOK || !strings.Contains(s, "<Account>123456789012</Account>") || !strings.Contains(s, tt.wantArnIn) {
					t.Errorf("GetCallerIdentity through the presigned URL: %s\n%s\nwant 200 with account 123456789012 and an Arn containing %q", resp.Status, s, tt.wantArnIn)
				}
			case strings.Contains(s, "<ErrorResponse"):
				t.Errorf("STS refused the presigned URL: %s\n%s", resp.Status, s)
			default:
				t.Logf("moto did not route the presigned URL to STS (known limitation, see the test's comment): %s", resp.Status)
			}
		})
	}
}
