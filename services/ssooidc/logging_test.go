package ssooidc_test

import (
	"context"
	"net/http"
	"testing"

	"github.com/nimbus-sdk/nimbus/internal/testenv/logtest"
	"github.com/nimbus-sdk/nimbus/middleware"
	"github.com/nimbus-sdk/nimbus/services/ssooidc"
)

// TestLogRedactsCreateToken checks that CreateToken's secrets are masked:
// in the request the client secret, the code verifier and the
// authorization and device codes (the last two are not @sensitive in the
// model; Nimbus treats them as sensitive), in the response the access,
// refresh and ID tokens.
func TestLogRedactsCreateToken(t *testing.T) {
	const body = `{"accessToken":"aoa-ACCESS-TOKEN","tokenType":"Bearer","expiresIn":28800,"refreshToken":"aor-REFRESH-TOKEN","idToken":"eyJ-ID-TOKEN"}`
	var log logtest.Logger
	c := ssooidc.New(ssooidc.Options{
		Region:           "us-east-1",
		BaseEndpoint:     logtest.Server(t, logtest.Response{Header: http.Header{"Content-Type": {"application/json"}}, Body: body}),
		RetryMaxAttempts: 1,
		Logger:           &log,
		ClientLogMode:    middleware.LogRequestWithBody | middleware.LogResponseWithBody,
	})
	out, err := c.CreateToken(context.Background(), &ssooidc.CreateTokenInput{
		ClientId:     ptr("client-1"),
		ClientSecret: ptr("CLIENT-SECRET"),
		GrantType:    ptr("authorization_code"),
		Code:         ptr("AUTH-CODE"),
		DeviceCode:   ptr("DEVICE-CODE"),
		CodeVerifier: ptr("CODE-VERIFIER"),
		RedirectUri:  ptr("http://127.0.0.1:1234/oauth/callback"),
	})
	if err != nil {
		t.Fatal(err)
	}
	if out.AccessToken == nil || *out.AccessToken != "aoa-ACCESS-TOKEN" {
		t.Errorf("AccessToken = %v; want the token for the caller", out.AccessToken)
	}
	logtest.Check(t, log.String(),
		[]string{"CLIENT-SECRET", "AUTH-CODE", "DEVICE-CODE", "CODE-VERIFIER", "ACCESS-TOKEN", "REFRESH-TOKEN", "ID-TOKEN"},
		[]string{
			`"clientId":"client-1"`, `"clientSecret":"REDACTED"`, `"code":"REDACTED"`, `"deviceCode":"REDACTED"`, `"codeVerifier":"REDACTED"`,
			`"grantType":"authorization_code"`, `"redirectUri":"http://127.0.0.1:1234/oauth/callback"`,
			`{"accessToken":"REDACTED","tokenType":"Bearer","expiresIn":28800,"refreshToken":"REDACTED","idToken":"REDACTED"}`,
		})
}

func ptr[T any](v T) *T { return &v }
