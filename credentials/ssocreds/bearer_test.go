package ssocreds_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/nimbus-sdk/nimbus/credentials/ssocreds"
)

// TestTokenProvider: the cached access token is returned as a bearer
// token with its expiry, refreshed through SSO-OIDC when it is about to
// expire, and a missing cache asks the user to sign in.
func TestTokenProvider(t *testing.T) {
	tests := []struct {
		name      string
		expiresAt time.Time
		want      string
		wantExp   time.Time
	}{
		{"valid", now.Add(time.Hour), "old-token", now.Add(time.Hour)},
		{"refreshed", now.Add(ssocreds.RefreshWindow / 2), "new-token", now.Add(time.Hour)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			home := t.TempDir()
			fake := &fakeSSO{validToken: "old-token", refreshToken: "refresh-1", newAccessToken: "new-token", newRefreshToken: "refresh-2"}
			url := startSSO(t, fake)
			writeCache(t, home, map[string]any{
				"accessToken":           "old-token",
				"expiresAt":             tt.expiresAt.Format(time.RFC3339),
				"refreshToken":          "refresh-1",
				"clientId":              "client-1",
				"clientSecret":          "client-secret",
				"registrationExpiresAt": now.Add(30 * 24 * time.Hour).Format(time.RFC3339),
			})
			p := ssocreds.NewTokenProvider(ssocreds.Options{
				Region: "eu-west-1", SessionName: "dev", HomeDir: home, OIDCEndpoint: url,
				Now: func() time.Time { return now },
			})
			tok, err := p.RetrieveBearerToken(context.Background())
			if err != nil {
				t.Fatal(err)
			}
			if tok.Value != tt.want || !tok.CanExpire || !tok.Expires.Equal(tt.wantExp) {
				t.Errorf("token = %+v; want %s expiring at %v", tok, tt.want, tt.wantExp)
			}
		})
	}
	t.Run("no cache", func(t *testing.T) {
		p := ssocreds.NewTokenProvider(ssocreds.Options{Region: "eu-west-1", SessionName: "dev", HomeDir: t.TempDir()})
		_, err := p.RetrieveBearerToken(context.Background())
		var invalid *ssocreds.InvalidTokenError
		if !errors.As(err, &invalid) {
			t.Errorf("err = %v; want *ssocreds.InvalidTokenError", err)
		}
	})
}
