package credentials_test

import (
	"context"
	"testing"
	"time"

	"github.com/nimbus-sdk/nimbus/credentials"
	"github.com/nimbus-sdk/nimbus/credentials/credentialstest"
)

func TestStaticProviderConformance(t *testing.T) {
	want := credentials.Credentials{AccessKeyID: "AKID", SecretAccessKey: "SECRET", SessionToken: "TOKEN", Source: "StaticProvider"}
	credentialstest.RunProviderTests(t, func(*testing.T) credentials.Provider {
		return credentials.NewStaticProvider("AKID", "SECRET", "TOKEN")
	}, want)
}

func TestCacheConformance(t *testing.T) {
	t.Run("static", func(t *testing.T) {
		want := credentials.Credentials{AccessKeyID: "AKID", SecretAccessKey: "SECRET", Source: "StaticProvider"}
		credentialstest.RunProviderTests(t, func(*testing.T) credentials.Provider {
			return credentials.NewCache(credentials.NewStaticProvider("AKID", "SECRET", ""))
		}, want)
	})
	t.Run("expiring", func(t *testing.T) {
		want := credentials.Credentials{AccessKeyID: "AKID", SecretAccessKey: "SECRET", SessionToken: "TOKEN",
			Source: "test", CanExpire: true, Expires: time.Now().Add(time.Hour).Round(0), AccountID: "123456789012"}
		credentialstest.RunProviderTests(t, func(*testing.T) credentials.Provider {
			return credentials.NewCache(credentials.ProviderFunc(func(ctx context.Context) (credentials.Credentials, error) {
				// A slow provider, so that concurrent callers share refreshes.
				select {
				case <-time.After(10 * time.Millisecond):
					return want, nil
				case <-ctx.Done():
					return credentials.Credentials{}, ctx.Err()
				}
			}), func(o *credentials.CacheOptions) { o.ExpiryWindow = 5 * time.Minute })
		}, want)
	})
}
