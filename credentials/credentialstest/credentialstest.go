// Package credentialstest checks that a [credentials.Provider] keeps the
// contract documented on that interface.
//
// # Conformance
//
// Every provider in Nimbus runs [RunProviderTests] from its own tests, with
// a constructor that returns a provider ready to produce known credentials
// (a static value, a fake server, a script in t.TempDir()). The suite
// checks that:
//
//   - Retrieve returns exactly the expected credentials;
//   - Retrieve is safe for concurrent use (run the tests with -race);
//   - Retrieve with a cancelled context returns promptly, either with the
//     credentials (if it had no need to block) or with an error that wraps
//     context.Canceled;
//   - the returned credentials format without their secret key or session
//     token, whatever the fmt verb.
package credentialstest

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/nimbus-sdk/nimbus/credentials"
)

// concurrency is how many goroutines the concurrency test starts.
const concurrency = 16

// promptly is how long a provider may take to notice a cancelled context.
const promptly = 5 * time.Second

// RunProviderTests runs the conformance suite as subtests of t.
//
// newProvider is called once per subtest and must return a new provider
// that, when its Retrieve is called, returns want. want must have both
// halves of the key pair set.
func RunProviderTests(t *testing.T, newProvider func(t *testing.T) credentials.Provider, want credentials.Credentials) {
	t.Helper()
	if !want.HasKeys() {
		t.Fatalf("RunProviderTests: want has no keys: %v", want)
	}
	t.Run("Retrieve", func(t *testing.T) { testRetrieve(t, newProvider(t), want) })
	t.Run("RetrieveTwice", func(t *testing.T) { testRetrieveTwice(t, newProvider(t), want) })
	t.Run("Concurrent", func(t *testing.T) { testConcurrent(t, newProvider(t), want) })
	t.Run("CancelledContext", func(t *testing.T) { testCancelled(t, newProvider(t), want) })
	t.Run("Redacted", func(t *testing.T) { testRedacted(t, newProvider(t), want) })
}

// Equal reports whether two credentials are the same, comparing Expires
// with time.Time.Equal and ignoring it when CanExpire is false.
func Equal(a, b credentials.Credentials) bool {
	if a.CanExpire != b.CanExpire || (a.CanExpire && !a.Expires.Equal(b.Expires)) {
		return false
	}
	a.Expires, b.Expires = time.Time{}, time.Time{}
	return a == b
}

// Diff describes how got differs from want, field by field, without
// printing either secret: a differing secret is reported only as
// "differs". It returns "" if Equal(got, want).
func Diff(got, want credentials.Credentials) string {
	var d []string
	field := func(name, g, w string) {
		if g != w {
			d = append(d, fmt.Sprintf("%s = %q; want %q", name, g, w))
		}
	}
	secret := func(name, g, w string) {
		if g != w {
			d = append(d, fmt.Sprintf("%s differs (len %d; want len %d)", name, len(g), len(w)))
		}
	}
	field("AccessKeyID", got.AccessKeyID, want.AccessKeyID)
	secret("SecretAccessKey", got.SecretAccessKey, want.SecretAccessKey)
	secret("SessionToken", got.SessionToken, want.SessionToken)
	field("Source", got.Source, want.Source)
	field("AccountID", got.AccountID, want.AccountID)
	if got.CanExpire != want.CanExpire {
		d = append(d, fmt.Sprintf("CanExpire = %v; want %v", got.CanExpire, want.CanExpire))
	} else if got.CanExpire && !got.Expires.Equal(want.Expires) {
		d = append(d, fmt.Sprintf("Expires = %v; want %v", got.Expires, want.Expires))
	}
	return strings.Join(d, "; ")
}

func testRetrieve(t *testing.T, p credentials.Provider, want credentials.Credentials) {
	got, err := p.Retrieve(context.Background())
	if err != nil {
		t.Fatalf("Retrieve: %v", err)
	}
	if d := Diff(got, want); d != "" {
		t.Errorf("Retrieve: %s", d)
	}
}

func testRetrieveTwice(t *testing.T, p credentials.Provider, want credentials.Credentials) {
	for i := range 2 {
		got, err := p.Retrieve(context.Background())
		if err != nil {
			t.Fatalf("Retrieve #%d: %v", i+1, err)
		}
		if d := Diff(got, want); d != "" {
			t.Errorf("Retrieve #%d: %s", i+1, d)
		}
	}
}

func testConcurrent(t *testing.T, p credentials.Provider, want credentials.Credentials) {
	var wg sync.WaitGroup
	errs := make([]error, concurrency)
	for i := range concurrency {
		wg.Add(1)
		go func() {
			defer wg.Done()
			got, err := p.Retrieve(context.Background())
			if err == nil {
				if d := Diff(got, want); d != "" {
					err = errors.New(d)
				}
			}
			errs[i] = err
		}()
	}
	wg.Wait()
	for i, err := range errs {
		if err != nil {
			t.Errorf("goroutine %d: Retrieve: %v", i, err)
		}
	}
}

func testCancelled(t *testing.T, p credentials.Provider, want credentials.Credentials) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	type result struct {
		creds credentials.Credentials
		err   error
	}
	done := make(chan result, 1)
	go func() {
		c, err := p.Retrieve(ctx)
		done <- result{c, err}
	}()
	select {
	case r := <-done:
		switch {
		case r.err == nil:
			if d := Diff(r.creds, want); d != "" {
				t.Errorf("Retrieve(cancelled ctx) returned other credentials: %s", d)
			}
		case !errors.Is(r.err, context.Canceled):
			t.Errorf("Retrieve(cancelled ctx) error = %v; want one wrapping context.Canceled", r.err)
		}
	case <-time.After(promptly):
		t.Fatalf("Retrieve(cancelled ctx) still blocked after %v", promptly)
	}
}

func testRedacted(t *testing.T, p credentials.Provider, want credentials.Credentials) {
	got, err := p.Retrieve(context.Background())
	if err != nil {
		t.Fatalf("Retrieve: %v", err)
	}
	for _, verb := range []string{"%v", "%+v", "%#v", "%s", "%q"} {
		for _, v := range []any{got, &got} {
			s := fmt.Sprintf(verb, v)
			if strings.Contains(s, want.SecretAccessKey) {
				t.Errorf("Sprintf(%q, %T) prints the secret access key", verb, v)
			}
			if want.SessionToken != "" && strings.Contains(s, want.SessionToken) {
				t.Errorf("Sprintf(%q, %T) prints the session token", verb, v)
			}
		}
	}
}
