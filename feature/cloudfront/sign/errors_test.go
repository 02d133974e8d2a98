package sign_test

import (
	"crypto/rsa"
	"errors"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/nimbus-sdk/nimbus/feature/cloudfront/sign"
)

// wantErr describes the typed error a bad input must get: an
// *InvalidInputError naming Field, or (Statement set) a *PolicyError.
type wantErr struct {
	field     string
	statement *int // nil: an *InvalidInputError
	reason    string
}

func stmt(i int) *int { return &i }

func checkErr(t *testing.T, err error, want wantErr) {
	t.Helper()
	if err == nil {
		t.Fatalf("error = nil; want one for %s", want.field)
	}
	if want.statement == nil {
		var e *sign.InvalidInputError
		if !errors.As(err, &e) {
			t.Fatalf("error = %v (%T); want an *InvalidInputError", err, err)
		}
		if e.Field != want.field || !strings.Contains(e.Reason, want.reason) {
			t.Errorf("error = %v; want Field %q and a reason with %q", err, want.field, want.reason)
		}
	} else {
		var e *sign.PolicyError
		if !errors.As(err, &e) {
			t.Fatalf("error = %v (%T); want a *PolicyError", err, err)
		}
		if e.Statement != *want.statement || e.Field != want.field || !strings.Contains(e.Reason, want.reason) {
			t.Errorf("error = %v; want Statement %d, Field %q and a reason with %q", err, *want.statement, want.field, want.reason)
		}
	}
	if strings.Contains(err.Error(), "MII") { // the start of a DER key in base64
		t.Errorf("error %q holds key material", err)
	}
}

func future() time.Time { return time.Now().Add(time.Hour) }

func TestURLSignerBadInput(t *testing.T) {
	key := testKey(t)
	ok := sign.NewURLSigner(testKeyID, key)
	tests := []struct {
		name   string
		signer *sign.URLSigner
		url    string
		exp    time.Time
		want   wantErr
	}{
		{"empty key ID", sign.NewURLSigner("", key), "https://example.com/a", future(), wantErr{field: "keyID", reason: "is empty"}},
		{"key ID with '&'", sign.NewURLSigner("K2&JC", key), "https://example.com/a", future(), wantErr{field: "keyID", reason: "letter or a digit"}},
		{"key ID with space", sign.NewURLSigner("K2 JC", key), "https://example.com/a", future(), wantErr{field: "keyID", reason: "letter or a digit"}},
		{"nil signer", sign.NewURLSigner(testKeyID, nil), "https://example.com/a", future(), wantErr{field: "signer", reason: "is nil"}},
		{"nil RSA key", sign.NewURLSigner(testKeyID, (*rsa.PrivateKey)(nil)), "https://example.com/a", future(), wantErr{field: "signer", reason: "is nil"}},
		{"empty RSA key", sign.NewURLSigner(testKeyID, &rsa.PrivateKey{}), "https://example.com/a", future(), wantErr{field: "signer", reason: "empty"}},
		{"no scheme", ok, "d111111abcdef8.cloudfront.net/a", future(), wantErr{field: "url", reason: "no scheme"}},
		{"empty URL", ok, "", future(), wantErr{field: "url", reason: "no scheme"}},
		{"ftp", ok, "ftp://example.com/a", future(), wantErr{field: "url", reason: `scheme "ftp"`}},
		{"star scheme", ok, "*://example.com/a", future(), wantErr{field: "url", reason: `scheme ""`}},
		{"http star in a canned policy", ok, "http*://example.com/a", future(), wantErr{field: "url", reason: "wildcard scheme"}},
		{"no host", ok, "https:///a", future(), wantErr{field: "url", reason: "no host"}},
		{"bad host", ok, "https://exa mple.com/a", future(), wantErr{field: "url", reason: "not a URL"}},
		{"fragment", ok, "https://example.com/a#top", future(), wantErr{field: "url", reason: "fragment"}},
		{"non-ASCII", ok, "http://example.com/Ƿ", future(), wantErr{field: "url", reason: "non-ASCII"}},
		{"Expires param", ok, "https://example.com/a?b=1&Expires=1", future(), wantErr{field: "url", reason: "Expires"}},
		{"Policy param", ok, "https://example.com/a?Policy=x", future(), wantErr{field: "url", reason: "Policy"}},
		{"Signature param", ok, "https://example.com/a?b=1&Signature=x&c=2", future(), wantErr{field: "url", reason: "Signature"}},
		{"Key-Pair-Id param", ok, "https://example.com/a?Key-Pair-Id=x", future(), wantErr{field: "url", reason: "Key-Pair-Id"}},
		{"Hash-Algorithm param", ok, "https://example.com/a?Hash-Algorithm=SHA256", future(), wantErr{field: "url", reason: "Hash-Algorithm"}},
		{"zero expiry", ok, "https://example.com/a", time.Time{}, wantErr{field: "expires", reason: "zero"}},
		{"past expiry", ok, "https://example.com/a", time.Date(2009, 11, 10, 23, 0, 0, 0, time.UTC), wantErr{field: "expires", reason: "2009-11-10T23:00:00Z"}},
		{"expiry now", ok, "https://example.com/a", time.Now(), wantErr{field: "expires", reason: "not in the future"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := tt.signer.Sign(tt.url, tt.exp)
			if got != "" {
				t.Errorf("Sign(%q) = %q with an error; want \"\"", tt.url, got)
			}
			checkErr(t, err, tt.want)
		})
	}
}

func TestURLSignerBadURLError(t *testing.T) {
	_, err := sign.NewURLSigner(testKeyID, testKey(t)).Sign("https://exa mple.com/a", future())
	var ue *url.Error
	if !errors.As(err, &ue) {
		t.Errorf("error = %v; want it to wrap url.Parse's *url.Error", err)
	}
}

func TestPolicyBadInput(t *testing.T) {
	key := testKey(t)
	exp := sign.NewAWSEpochTime(future())
	one := func(s sign.Statement) *sign.Policy { return &sign.Policy{Statements: []sign.Statement{s}} }
	valid := sign.Statement{Resource: "https://example.com/*", Condition: sign.Condition{DateLessThan: exp}}
	tests := []struct {
		name   string
		policy *sign.Policy
		want   wantErr
	}{
		{"nil policy", nil, wantErr{field: "policy", reason: "is nil"}},
		{"no statement", &sign.Policy{}, wantErr{statement: stmt(-1), field: "Statement", reason: "is empty"}},
		{"two statements", &sign.Policy{Statements: []sign.Statement{valid, valid}}, wantErr{statement: stmt(-1), field: "Statement", reason: "has 2 statements"}},
		{"empty resource", sign.NewCannedPolicy("", future()), wantErr{statement: stmt(0), field: "Resource", reason: "is empty"}},
		{"non-ASCII resource", sign.NewCannedPolicy("http://example.com/Ƿ", future()), wantErr{statement: stmt(0), field: "Resource", reason: "non-ASCII"}},
		{"no DateLessThan", one(sign.Statement{Resource: "https://example.com/*"}), wantErr{statement: stmt(0), field: "Condition.DateLessThan", reason: "not set"}},
		{"zero DateLessThan", sign.NewCannedPolicy("https://example.com/*", time.Time{}), wantErr{statement: stmt(0), field: "Condition.DateLessThan", reason: "zero"}},
		{"past DateLessThan", sign.NewCannedPolicy("https://example.com/*", time.Unix(1257894000, 0)), wantErr{statement: stmt(0), field: "Condition.DateLessThan", reason: "not in the future"}},
		{"zero DateGreaterThan", one(sign.Statement{Resource: "https://example.com/*", Condition: sign.Condition{DateLessThan: exp, DateGreaterThan: &sign.AWSEpochTime{}}}),
			wantErr{statement: stmt(0), field: "Condition.DateGreaterThan", reason: "zero"}},
		{"DateGreaterThan after DateLessThan", one(sign.Statement{Resource: "https://example.com/*", Condition: sign.Condition{DateLessThan: exp, DateGreaterThan: sign.NewAWSEpochTime(exp.Add(time.Hour))}}),
			wantErr{statement: stmt(0), field: "Condition.DateGreaterThan", reason: "not before DateLessThan"}},
		{"DateGreaterThan equal to DateLessThan", one(sign.Statement{Resource: "https://example.com/*", Condition: sign.Condition{DateLessThan: exp, DateGreaterThan: exp}}),
			wantErr{statement: stmt(0), field: "Condition.DateGreaterThan", reason: "not before DateLessThan"}},
		{"bare IP address", one(sign.Statement{Resource: "https://example.com/*", Condition: sign.Condition{DateLessThan: exp, IPAddress: &sign.IPAddress{SourceIP: "192.0.2.1"}}}),
			wantErr{statement: stmt(0), field: "Condition.IpAddress", reason: `"192.0.2.1" is not an IP address range`}},
		{"empty IP address", one(sign.Statement{Resource: "https://example.com/*", Condition: sign.Condition{DateLessThan: exp, IPAddress: &sign.IPAddress{}}}),
			wantErr{statement: stmt(0), field: "Condition.IpAddress", reason: "CIDR"}},
	}
	us := sign.NewURLSigner(testKeyID, key)
	cs := sign.NewCookieSigner(testKeyID, key)
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			checkErr(t, tt.policy.Validate(), tt.want)
			sig, pol, err := tt.policy.Sign(key)
			if sig != nil || pol != nil {
				t.Errorf("Policy.Sign = %q, %q with an error; want nil", sig, pol)
			}
			checkErr(t, err, tt.want)
			u, err := us.SignWithPolicy("https://example.com/a", tt.policy)
			if u != "" {
				t.Errorf("URLSigner.SignWithPolicy = %q with an error", u)
			}
			checkErr(t, err, tt.want)
			cookies, err := cs.SignWithPolicy(tt.policy)
			if cookies != nil {
				t.Errorf("CookieSigner.SignWithPolicy = %v with an error", cookies)
			}
			checkErr(t, err, tt.want)
		})
	}
}

func TestPolicySignNilSigner(t *testing.T) {
	p := sign.NewCannedPolicy("https://example.com/*", future())
	_, _, err := p.Sign(nil)
	checkErr(t, err, wantErr{field: "signer", reason: "is nil"})
}

func TestCookieSignerBadInput(t *testing.T) {
	key := testKey(t)
	ok := sign.NewCookieSigner(testKeyID, key)
	tests := []struct {
		name   string
		signer *sign.CookieSigner
		url    string
		exp    time.Time
		want   wantErr
	}{
		{"empty key ID", sign.NewCookieSigner("", key), "https://example.com/*", future(), wantErr{field: "keyID", reason: "is empty"}},
		{"key ID with ';'", sign.NewCookieSigner("K2;JC", key), "https://example.com/*", future(), wantErr{field: "keyID", reason: "letter or a digit"}},
		{"nil key", sign.NewCookieSigner(testKeyID, nil), "https://example.com/*", future(), wantErr{field: "privKey", reason: "is nil"}},
		{"no scheme", ok, "example.com/*", future(), wantErr{field: "url", reason: "no scheme"}},
		{"rtmp", ok, "rtmp://example.com/*", future(), wantErr{field: "url", reason: `scheme "rtmp"`}},
		{"star scheme", ok, "*://example.com/*", future(), wantErr{field: "url", reason: `scheme "*"`}},
		{"non-ASCII", ok, "https://example.com/Ƿ", future(), wantErr{statement: stmt(0), field: "Resource", reason: "non-ASCII"}},
		{"zero expiry", ok, "https://example.com/*", time.Time{}, wantErr{field: "expires", reason: "zero"}},
		{"past expiry", ok, "https://example.com/*", time.Now().Add(-time.Minute), wantErr{field: "expires", reason: "not in the future"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := tt.signer.Sign(tt.url, tt.exp)
			if got != nil {
				t.Errorf("Sign(%q) = %v with an error; want nil", tt.url, got)
			}
			checkErr(t, err, tt.want)
		})
	}
	_, err := sign.NewCookieSigner(testKeyID, nil).SignWithPolicy(sign.NewCannedPolicy("https://example.com/*", future()))
	checkErr(t, err, wantErr{field: "privKey", reason: "is nil"})
}

func TestCreateResource(t *testing.T) {
	tests := []struct {
		name, scheme, url, want string
		wantErr                 bool
	}{
		// aws-sdk-go-v2's cases (policy_test.go).
		{"v2 https", "https", "https://example.com/a?b=1&c=2", "https://example.com/a?b=1&c=2", false},
		{"v2 https one param", "https", "https://example.com/a?b=1", "https://example.com/a?b=1", false},
		{"v2 http star", "http", "http*://example.com/a?b=1", "http*://example.com/a?b=1", false},
		{"v2 rtmp", "rtmp", "https://example.com/a?b=1", "a?b=1", false},
		{"v2 rtmp two params", "rtmp", "https://example.com/a?b=1&c=2", "a?b=1&c=2", false},
		{"v2 ftp", "ftp", "ftp://example.com/a?b=1", "", true},

		{"star", "*", "*://example.com/*", "*://example.com/*", false},
		{"upper case", "HTTPS", "HTTPS://example.com/a", "HTTPS://example.com/a", false},
		{"rtmp slashes and escapes", "RTMP", "rtmp://example.com//cfx/st/a%20b.mp4", "cfx/st/a b.mp4", false},
		{"rtmp bad URL", "rtmp", "rtmp://exa mple.com/a", "", true},
		{"empty scheme", "", "example.com/a", "", true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := sign.CreateResource(tt.scheme, tt.url)
			if (err != nil) != tt.wantErr || got != tt.want {
				t.Fatalf("CreateResource(%q, %q) = %q, %v; want %q (error %v)", tt.scheme, tt.url, got, err, tt.want, tt.wantErr)
			}
			var e *sign.InvalidInputError
			if err != nil && !errors.As(err, &e) {
				t.Errorf("error = %v (%T); want an *InvalidInputError", err, err)
			}
		})
	}
}

func TestErrorMessages(t *testing.T) {
	tests := []struct {
		err  error
		want string
	}{
		{&sign.InvalidInputError{Field: "keyID", Reason: "is empty"}, "cloudfront sign: invalid keyID: is empty"},
		{&sign.InvalidInputError{Field: "url", Reason: "is not a URL", Err: errors.New("boom")}, "cloudfront sign: invalid url: is not a URL: boom"},
		{&sign.PolicyError{Statement: -1, Field: "Statement", Reason: "is empty"}, "cloudfront sign: invalid policy: Statement is empty"},
		{&sign.PolicyError{Statement: 0, Field: "Condition.DateLessThan", Reason: "is not set"}, "cloudfront sign: invalid policy: Statement[0].Condition.DateLessThan is not set"},
	}
	for _, tt := range tests {
		if got := tt.err.Error(); got != tt.want {
			t.Errorf("Error() = %q; want %q", got, tt.want)
		}
	}
}
