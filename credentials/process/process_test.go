//go:build !windows

package process

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/nimbus-sdk/nimbus/credentials"
	"github.com/nimbus-sdk/nimbus/credentials/credentialstest"
)

const (
	testSecret = "SECRETsecretSECRETsecret"
	testToken  = "TOKENtokenTOKENtoken"
)

// script writes body as an executable shell script in a temporary
// directory and returns a command that runs it.
func script(t *testing.T, body string) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "creds.sh")
	if err := os.WriteFile(path, []byte("#!/bin/sh\n"+body+"\n"), 0o755); err != nil {
		t.Fatal(err)
	}
	return "'" + path + "'"
}

// printJSON returns a script body that prints doc.
func printJSON(doc string) string {
	return "cat <<'EOF'\n" + doc + "\nEOF"
}

const fullJSON = `{
  "Version": 1,
  "AccessKeyId": "AKIDEXAMPLE",
  "SecretAccessKey": "` + testSecret + `",
  "SessionToken": "` + testToken + `",
  "Expiration": "2030-01-02T03:04:05Z",
  "AccountId": "123456789012"
}`

var fullCreds = credentials.Credentials{
	AccessKeyID:     "AKIDEXAMPLE",
	SecretAccessKey: testSecret,
	SessionToken:    testToken,
	Source:          Source,
	CanExpire:       true,
	Expires:         time.Date(2030, 1, 2, 3, 4, 5, 0, time.UTC),
	AccountID:       "123456789012",
}

func TestProviderConformance(t *testing.T) {
	credentialstest.RunProviderTests(t, func(t *testing.T) credentials.Provider {
		return NewProvider(script(t, printJSON(fullJSON)))
	}, fullCreds)
}

func TestRetrieve(t *testing.T) {
	tests := []struct {
		name string
		body string
		want credentials.Credentials
	}{
		{"full", printJSON(fullJSON), fullCreds},
		{
			name: "long-term",
			body: printJSON(`{"Version":1,"AccessKeyId":"AKID","SecretAccessKey":"` + testSecret + `"}`),
			want: credentials.Credentials{AccessKeyID: "AKID", SecretAccessKey: testSecret, Source: Source},
		},
		{
			name: "fractional seconds and offset",
			body: printJSON(`{"Version":1,"AccessKeyId":"AKID","SecretAccessKey":"s","Expiration":"2030-01-02T05:04:05.5+02:00"}`),
			want: credentials.Credentials{AccessKeyID: "AKID", SecretAccessKey: "s", Source: Source,
				CanExpire: true, Expires: time.Date(2030, 1, 2, 3, 4, 5, 5e8, time.UTC)},
		},
		{
			name: "unknown fields ignored",
			body: printJSON(`{"Version":1,"AccessKeyId":"AKID","SecretAccessKey":"s","Extra":{"a":[1]}}`),
			want: credentials.Credentials{AccessKeyID: "AKID", SecretAccessKey: "s", Source: Source},
		},
		{
			name: "stderr chatter ignored",
			body: "echo 'refreshing...' >&2\n" + printJSON(fullJSON),
			want: fullCreds,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := NewProvider(script(t, tt.body)).Retrieve(context.Background())
			if err != nil {
				t.Fatalf("Retrieve: %v", err)
			}
			if d := credentialstest.Diff(got, tt.want); d != "" {
				t.Errorf("Retrieve: %s", d)
			}
		})
	}
}

func TestRetrieveErrors(t *testing.T) {
	tests := []struct {
		name      string
		body      string
		opts      func(*Options)
		wantKind  Kind
		wantInErr string // substring of Error()
	}{
		{"exit status", "echo 'no profile foo' >&2; exit 3", nil, KindExit, `status 3 (stderr: "no profile foo")`},
		{"exit status after output", printJSON(fullJSON) + "\nexit 1", nil, KindExit, "status 1"},
		{"not JSON", "echo " + testSecret, nil, KindOutput, "not valid JSON"},
		{"truncated JSON", `printf '{"Version":1,"SecretAccessKey":"` + testSecret + `'`, nil, KindOutput, "not valid JSON"},
		{"trailing data", printJSON(fullJSON) + "\necho " + testSecret, nil, KindOutput, "not valid JSON"},
		{"empty output", "true", nil, KindOutput, "not valid JSON"},
		{"array", printJSON(`["` + testSecret + `"]`), nil, KindOutput, "not a JSON object"},
		{"no version", printJSON(`{"AccessKeyId":"AKID","SecretAccessKey":"` + testSecret + `"}`), nil, KindOutput, "Version is missing"},
		{"version 2", printJSON(`{"Version":2,"AccessKeyId":"AKID","SecretAccessKey":"` + testSecret + `"}`), nil, KindOutput, "Version 2 is not supported"},
		{"version string", printJSON(`{"Version":"1","AccessKeyId":"AKID","SecretAccessKey":"` + testSecret + `"}`), nil, KindOutput, "Version must be a JSON number"},
		{"secret wrong type", printJSON(`{"Version":1,"AccessKeyId":"AKID","SecretAccessKey":12345}`), nil, KindOutput, "SecretAccessKey must be a JSON string"},
		{"no access key", printJSON(`{"Version":1,"SecretAccessKey":"` + testSecret + `","SessionToken":"` + testToken + `"}`), nil, KindOutput, "AccessKeyId is missing"},
		{"no secret", printJSON(`{"Version":1,"AccessKeyId":"AKID","SessionToken":"` + testToken + `"}`), nil, KindOutput, "SecretAccessKey is missing"},
		{"bad expiration", printJSON(`{"Version":1,"AccessKeyId":"AKID","SecretAccessKey":"` + testSecret + `","Expiration":"tomorrow"}`), nil, KindOutput, "Expiration is not an RFC 3339"},
		{
			name:      "output too large",
			body:      printJSON(fullJSON),
			opts:      func(o *Options) { o.MaxBufferSize = 16 },
			wantKind:  KindOutput,
			wantInErr: "larger than MaxBufferSize",
		},
		{
			name:      "timeout",
			body:      "sleep 30",
			opts:      func(o *Options) { o.Timeout = 100 * time.Millisecond },
			wantKind:  KindTimeout,
			wantInErr: "timed out after 100ms",
		},
		{"command not found", "exec /nonexistent/credential-helper", nil, KindExit, "status 127"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var opts []func(*Options)
			if tt.opts != nil {
				opts = append(opts, tt.opts)
			}
			_, err := NewProvider(script(t, tt.body), opts...).Retrieve(context.Background())
			var pe *ProcessError
			if !errors.As(err, &pe) {
				t.Fatalf("Retrieve error = %v (%T); want *ProcessError", err, err)
			}
			if pe.Kind != tt.wantKind {
				t.Errorf("Kind = %v; want %v (error %v)", pe.Kind, tt.wantKind, err)
			}
			msg := err.Error()
			if !strings.Contains(msg, tt.wantInErr) {
				t.Errorf("Error() = %q; want it to contain %q", msg, tt.wantInErr)
			}
			if strings.Contains(msg, testSecret) || strings.Contains(msg, testToken) {
				t.Errorf("Error() = %q leaks a secret", msg)
			}
			if got, want := pe.Timeout(), tt.wantKind == KindTimeout; got != want {
				t.Errorf("Timeout() = %v; want %v", got, want)
			}
		})
	}
}

func TestRetrieveEmptyCommand(t *testing.T) {
	_, err := NewProvider("").Retrieve(context.Background())
	var pe *ProcessError
	if !errors.As(err, &pe) || pe.Kind != KindStart {
		t.Fatalf("Retrieve error = %v; want *ProcessError of kind start", err)
	}
}

func TestRetrieveCancel(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	p := NewProvider(script(t, "sleep 30"))
	time.AfterFunc(100*time.Millisecond, cancel)
	start := time.Now()
	_, err := p.Retrieve(ctx)
	if elapsed := time.Since(start); elapsed > 5*time.Second {
		t.Errorf("Retrieve took %v after cancel; want prompt return", elapsed)
	}
	var pe *ProcessError
	if !errors.As(err, &pe) || pe.Kind != KindCanceled {
		t.Fatalf("Retrieve error = %v; want *ProcessError of kind canceled", err)
	}
	if !errors.Is(err, context.Canceled) {
		t.Errorf("errors.Is(%v, context.Canceled) = false; want true", err)
	}
	if pe.Timeout() {
		t.Errorf("Timeout() = true for a cancelled call; want false")
	}
}

// A command that leaves a background process holding its output open
// must not make Retrieve wait for that process.
func TestRetrieveBackgroundChild(t *testing.T) {
	p := NewProvider(script(t, "sleep 30 &\n"+printJSON(fullJSON)))
	start := time.Now()
	got, err := p.Retrieve(context.Background())
	if err != nil {
		t.Fatalf("Retrieve: %v", err)
	}
	if d := credentialstest.Diff(got, fullCreds); d != "" {
		t.Errorf("Retrieve: %s", d)
	}
	if elapsed := time.Since(start); elapsed > 10*time.Second {
		t.Errorf("Retrieve took %v; want about %v", elapsed, waitDelay)
	}
}

// A command killed on timeout while its child holds the output open must
// still return promptly.
func TestRetrieveTimeoutWithChild(t *testing.T) {
	p := NewProvider(script(t, "sleep 30 & wait"), func(o *Options) { o.Timeout = 100 * time.Millisecond })
	start := time.Now()
	_, err := p.Retrieve(context.Background())
	var pe *ProcessError
	if !errors.As(err, &pe) || pe.Kind != KindTimeout {
		t.Fatalf("Retrieve error = %v; want *ProcessError of kind timeout", err)
	}
	if elapsed := time.Since(start); elapsed > 10*time.Second {
		t.Errorf("Retrieve took %v; want about %v", elapsed, 100*time.Millisecond+waitDelay)
	}
}

func TestStderrOption(t *testing.T) {
	var buf strings.Builder
	p := NewProvider(script(t, "echo 'touch your key' >&2\n"+printJSON(fullJSON)),
		func(o *Options) { o.Stderr = &buf })
	if _, err := p.Retrieve(context.Background()); err != nil {
		t.Fatalf("Retrieve: %v", err)
	}
	if got, want := buf.String(), "touch your key\n"; got != want {
		t.Errorf("Stderr received %q; want %q", got, want)
	}
}

func TestStderrTruncatedInError(t *testing.T) {
	_, err := NewProvider(script(t, "head -c 100000 /dev/zero | tr '\\0' x >&2; exit 1")).Retrieve(context.Background())
	var pe *ProcessError
	if !errors.As(err, &pe) {
		t.Fatalf("Retrieve error = %v; want *ProcessError", err)
	}
	if got := len(pe.Stderr); got != maxStderr {
		t.Errorf("len(Stderr) = %d; want %d", got, maxStderr)
	}
	if got := len(err.Error()); got > 1024 {
		t.Errorf("len(Error()) = %d; want <= 1024", got)
	}
}

func TestDefaults(t *testing.T) {
	p := NewProvider("true")
	if p.opts.Timeout != DefaultTimeout || p.opts.MaxBufferSize != DefaultMaxBufferSize {
		t.Errorf("defaults = %v, %d; want %v, %d", p.opts.Timeout, p.opts.MaxBufferSize, DefaultTimeout, DefaultMaxBufferSize)
	}
}

func TestKindString(t *testing.T) {
	for k, want := range map[Kind]string{KindStart: "start", KindExit: "exit", KindTimeout: "timeout",
		KindCanceled: "canceled", KindOutput: "output", Kind(99): "Kind(99)"} {
		if got := k.String(); got != want {
			t.Errorf("Kind(%d).String() = %q; want %q", int(k), got, want)
		}
	}
}
