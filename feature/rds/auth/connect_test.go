package auth_test

import (
	"context"
	"errors"
	"net/http"
	"net/url"
	"regexp"
	"testing"
	"time"

	"github.com/nimbus-sdk/nimbus/credentials"
	"github.com/nimbus-sdk/nimbus/feature/rds/auth"
	"github.com/nimbus-sdk/nimbus/internal/testenv/sigtest"
	v4 "github.com/nimbus-sdk/nimbus/signer/v4"
)

const (
	testAccessKey = "AKIAIOSFODNN7EXAMPLE"
	testSecretKey = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"
)

var signingTime = time.Date(2017, 10, 25, 18, 17, 40, 0, time.UTC)

func atSigningTime(o *auth.BuildAuthTokenOptions) { o.SigningTime = signingTime }

// TestBuildAuthToken checks each token's shape against the one the AWS
// documentation and aws-sdk-go-v2's tests show (host:port/?Action=connect
// &DBUser=...&X-Amz-...), and recomputes its signature from the SigV4
// specification (internal/testenv/sigtest) as the database would.
func TestBuildAuthToken(t *testing.T) {
	tests := []struct {
		name, endpoint, region, user, session string
		wantHost                              string
	}{
		{"host:port", "prod-instance.us-east-1.rds.amazonaws.com:3306", "us-east-1", "mysqlUser", "", "prod-instance.us-east-1.rds.amazonaws.com:3306"},
		{"https scheme dropped", "https://prod-instance.us-east-1.rds.amazonaws.com:3306", "us-west-2", "mysqlUser", "", "prod-instance.us-east-1.rds.amazonaws.com:3306"},
		{"http scheme dropped", "http://pg.cluster-abc.eu-west-1.rds.amazonaws.com:5432/", "eu-west-1", "pg_user", "", "pg.cluster-abc.eu-west-1.rds.amazonaws.com:5432"},
		{"temporary credentials", "proxy.proxy-abc.us-east-1.rds.amazonaws.com:3306", "us-east-1", "app", "FwoGZXIvYXdzEJr//////////+token=", "proxy.proxy-abc.us-east-1.rds.amazonaws.com:3306"},
		{"user needing escapes", "db.example.com:3306", "us-east-1", "jane doe+1@x", "", "db.example.com:3306"},
		{"IPv6 literal", "[2001:db8::1]:5432", "us-east-1", "u", "", "[2001:db8::1]:5432"},
	}
	shape := regexp.MustCompile(`^[^/?]+:[0-9]+/\?Action=connect&DBUser=[^&]+&X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=[^&]+&X-Amz-Date=[0-9]{8}T[0-9]{6}Z&X-Amz-Expires=900(&X-Amz-Security-Token=[^&]+)?&X-Amz-SignedHeaders=host&X-Amz-Signature=[0-9a-f]{64}$`)
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			creds := credentials.NewStaticProvider(testAccessKey, testSecretKey, tt.session)
			token, err := auth.BuildAuthToken(context.Background(), tt.endpoint, tt.region, tt.user, creds, atSigningTime)
			if err != nil {
				t.Fatalf("BuildAuthToken: %v", err)
			}
			if !shape.MatchString(token) {
				t.Errorf("token %q does not have the documented shape %s", token, shape)
			}
			// The database prefixes the scheme and checks the signature.
			r, err := http.NewRequest(http.MethodGet, "https://"+token, nil)
			if err != nil {
				t.Fatalf("token is not a URL without its scheme: %v", err)
			}
			a, err := sigtest.VerifyPresignedV4(r, testSecretKey, v4.EmptyPayloadHash, false)
			if err != nil {
				t.Fatalf("signature: %v", err)
			}
			q := r.URL.Query()
			checks := []struct{ name, got, want string }{
				{"host", r.URL.Host, tt.wantHost},
				{"path", r.URL.Path, "/"},
				{"Action", q.Get("Action"), "connect"},
				{"DBUser", q.Get("DBUser"), tt.user},
				{"credential scope", a.Scope(), "20171025/" + tt.region + "/rds-db/aws4_request"},
				{"access key", a.AccessKey, testAccessKey},
				{"X-Amz-Date", q.Get("X-Amz-Date"), "20171025T181740Z"},
				{"X-Amz-Expires", q.Get("X-Amz-Expires"), "900"},
				{"X-Amz-Security-Token", q.Get("X-Amz-Security-Token"), tt.session},
			}
			for _, c := range checks {
				if c.got != c.want {
					t.Errorf("%s = %q; want %q", c.name, c.got, c.want)
				}
			}
		})
	}
}

// TestBuildAuthTokenNow: without SigningTime the token is signed now.
func TestBuildAuthTokenNow(t *testing.T) {
	before := time.Now().UTC().Truncate(time.Second)
	token, err := auth.BuildAuthToken(context.Background(), "db.example.com:3306", "us-east-1", "u",
		credentials.NewStaticProvider(testAccessKey, testSecretKey, ""))
	if err != nil {
		t.Fatal(err)
	}
	after := time.Now().UTC()
	u, err := url.Parse("https://" + token)
	if err != nil {
		t.Fatal(err)
	}
	signed, err := time.Parse("20060102T150405Z", u.Query().Get("X-Amz-Date"))
	if err != nil {
		t.Fatal(err)
	}
	if signed.Before(before) || signed.After(after) {
		t.Errorf("X-Amz-Date %v; want between %v and %v", signed, before, after)
	}
}

// TestBuildAuthTokenErrors: endpoints without a usable port (as v2
// refuses them), a nil provider and a failing provider are errors, and no
// token is returned.
func TestBuildAuthTokenErrors(t *testing.T) {
	good := credentials.NewStaticProvider(testAccessKey, testSecretKey, "")
	errCreds := errors.New("no credentials today")
	failing := credentials.ProviderFunc(func(context.Context) (credentials.Credentials, error) {
		return credentials.Credentials{}, errCreds
	})
	tests := []struct {
		name, endpoint, region string
		creds                  credentials.Provider
		want                   error
	}{
		{"no port", "prod-instance.us-east-1.rds.amazonaws.com", "us-east-1", good, auth.ErrInvalidEndpoint},
		{"port not a number", "prod-instance.us-east-1.rds.amazonaws.com:kakasdkasd", "us-east-1", good, auth.ErrInvalidEndpoint},
		{"port out of range", "db.example.com:70000", "us-east-1", good, auth.ErrInvalidEndpoint},
		{"empty host", ":3306", "us-east-1", good, auth.ErrInvalidEndpoint},
		{"path", "db.example.com:3306/x", "us-east-1", good, auth.ErrInvalidEndpoint},
		{"nil credentials", "db.example.com:3306", "us-east-1", nil, auth.ErrNoCredentials},
		{"failing credentials", "db.example.com:3306", "us-east-1", failing, errCreds},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			token, err := auth.BuildAuthToken(context.Background(), tt.endpoint, tt.region, "u", tt.creds)
			if !errors.Is(err, tt.want) {
				t.Errorf("BuildAuthToken(%q) error = %v; want %v", tt.endpoint, err, tt.want)
			}
			if token != "" {
				t.Errorf("token = %q; want none", token)
			}
		})
	}
	t.Run("empty region", func(t *testing.T) {
		_, err := auth.BuildAuthToken(context.Background(), "db.example.com:3306", "", "u", good)
		var ie *v4.InvalidInputError
		if !errors.As(err, &ie) {
			t.Errorf("error = %v (%T); want *v4.InvalidInputError", err, err)
		}
	})
}
