package credentialstest

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/nimbus-sdk/nimbus/credentials"
)

var base = credentials.Credentials{
	AccessKeyID: "AKID", SecretAccessKey: "SECRET-VALUE", SessionToken: "TOKEN-VALUE",
	Source: "src", CanExpire: true, Expires: time.Date(2030, 1, 1, 0, 0, 0, 0, time.UTC), AccountID: "1",
}

func TestRunProviderTestsFunc(t *testing.T) {
	RunProviderTests(t, func(*testing.T) credentials.Provider {
		return credentials.ProviderFunc(func(context.Context) (credentials.Credentials, error) { return base, nil })
	}, base)
}

func TestEqualAndDiff(t *testing.T) {
	tests := []struct {
		name     string
		change   func(*credentials.Credentials)
		wantDiff string // "" if equal
	}{
		{"same", func(*credentials.Credentials) {}, ""},
		{"same instant, other zone", func(c *credentials.Credentials) { c.Expires = c.Expires.In(time.FixedZone("X", 3600)) }, ""},
		{"expiry ignored when it cannot expire", func(c *credentials.Credentials) { c.CanExpire = false }, "CanExpire = false; want true"},
		{"access key", func(c *credentials.Credentials) { c.AccessKeyID = "OTHER" }, `AccessKeyID = "OTHER"; want "AKID"`},
		{"secret", func(c *credentials.Credentials) { c.SecretAccessKey = "x" }, "SecretAccessKey differs (len 1; want len 12)"},
		{"token", func(c *credentials.Credentials) { c.SessionToken = "" }, "SessionToken differs (len 0; want len 11)"},
		{"expires", func(c *credentials.Credentials) { c.Expires = c.Expires.Add(time.Second) }, "Expires = 2030-01-01 00:00:01 +0000 UTC; want 2030-01-01 00:00:00 +0000 UTC"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := base
			tt.change(&got)
			d := Diff(got, base)
			if d != tt.wantDiff {
				t.Errorf("Diff = %q; want %q", d, tt.wantDiff)
			}
			if eq := Equal(got, base); eq != (tt.wantDiff == "") {
				t.Errorf("Equal = %v; want %v", eq, tt.wantDiff == "")
			}
			if strings.Contains(d, "VALUE") {
				t.Errorf("Diff = %q prints a secret", d)
			}
		})
	}
	a, b := base, base
	a.CanExpire, b.CanExpire = false, false
	b.Expires = time.Time{}
	if !Equal(a, b) {
		t.Errorf("Equal of credentials that cannot expire compared Expires")
	}
}
