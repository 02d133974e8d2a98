package credentials

import (
	"context"
	"fmt"
	"time"
)

// Credentials are the AWS security credentials used to sign requests.
//
// A Credentials value is immutable once returned by a [Provider]; callers
// may copy it freely. Its String and GoString methods never print the
// secret key or the session token, so a Credentials value may be logged.
type Credentials struct {
	// AccessKeyID identifies the key pair.
	AccessKeyID string
	// SecretAccessKey is the secret half of the key pair.
	SecretAccessKey string
	// SessionToken is set for temporary credentials; empty otherwise.
	SessionToken string
	// Source names the provider that produced the credentials, such as
	// "EnvProvider" or "SharedConfigCredentials: /home/u/.aws/credentials".
	Source string
	// CanExpire reports whether Expires is meaningful.
	CanExpire bool
	// Expires is when the credentials stop being valid (if CanExpire).
	Expires time.Time
	// AccountID is the AWS account the credentials belong to, when known.
	AccountID string
}

// Expired reports whether the credentials have expired at time now.
// Credentials that cannot expire never expire.
func (c Credentials) Expired(now time.Time) bool {
	return c.CanExpire && !now.Before(c.Expires)
}

// Expiration returns when the credentials expire, the zero time when they
// cannot. With it, Credentials is a smithy-go auth.Identity, which custom
// auth schemes receive.
func (c Credentials) Expiration() time.Time {
	if !c.CanExpire {
		return time.Time{}
	}
	return c.Expires
}

// HasKeys reports whether both halves of the key pair are set.
func (c Credentials) HasKeys() bool {
	return c.AccessKeyID != "" && c.SecretAccessKey != ""
}

// String returns a redacted description that is safe to log.
func (c Credentials) String() string {
	s := fmt.Sprintf("Credentials{AccessKeyID: %q, SecretAccessKey: <redacted>", c.AccessKeyID)
	if c.SessionToken != "" {
		s += ", SessionToken: <redacted>"
	}
	if c.Source != "" {
		s += fmt.Sprintf(", Source: %q", c.Source)
	}
	if c.CanExpire {
		s += ", Expires: " + c.Expires.UTC().Format(time.RFC3339)
	}
	return s + "}"
}

// GoString is the same as String, so %#v never prints secrets either.
func (c Credentials) GoString() string { return c.String() }

// A Provider returns credentials.
//
// Retrieve must be safe for concurrent use. It must honour ctx's
// cancellation. Providers that talk to a remote service should be wrapped
// in a [Cache] so that every request does not trigger a refresh.
type Provider interface {
	Retrieve(ctx context.Context) (Credentials, error)
}

// ProviderFunc adapts an ordinary function to a [Provider].
type ProviderFunc func(ctx context.Context) (Credentials, error)

// Retrieve calls f(ctx).
func (f ProviderFunc) Retrieve(ctx context.Context) (Credentials, error) { return f(ctx) }
