package secretsmanager_test

import (
	"bytes"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/nimbus-sdk/nimbus/credentials"
	"github.com/nimbus-sdk/nimbus/middleware"
	"github.com/nimbus-sdk/nimbus/services/secretsmanager"
)

// syncBuffer is a bytes.Buffer safe for the concurrent writes of a
// client's logs.
type syncBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

// TestSlogLogger uses a *slog.Logger as the client's Logger, with every
// log mode on, for a GetSecretValue whose first attempt fails with a 500:
// the records have levels and structured fields, and no secret (the
// secret value, the secret key, the session token) reaches the handler.
func TestSlogLogger(t *testing.T) {
	const (
		secretValue  = "hunter2-the-password"
		secretKey    = "wJalrXUtnFEMI-SECRET-KEY"
		sessionToken = "SESSION-TOKEN-VALUE-123"
	)
	var n atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		_, _ = io.Copy(io.Discard, r.Body)
		w.Header().Set("Content-Type", "application/x-amz-json-1.1")
		w.Header().Set("X-Amzn-Requestid", "rid-"+string(rune('0'+n.Add(1))))
		if n.Load() == 1 {
			w.WriteHeader(http.StatusInternalServerError)
			io.WriteString(w, `{"__type":"InternalServiceError","message":"try again"}`)
			return
		}
		io.WriteString(w, `{"Name":"db","SecretString":"`+secretValue+`","VersionId":"v1"}`)
	}))
	t.Cleanup(srv.Close)

	run := func(t *testing.T, level slog.Level) string {
		var buf syncBuffer
		logger := slog.New(slog.NewJSONHandler(&buf, &slog.HandlerOptions{Level: level}))
		c := secretsmanager.New(secretsmanager.Options{
			Region:        "us-east-1",
			BaseEndpoint:  srv.URL,
			Credentials:   credentials.NewStaticProvider("AKIDSLOG", secretKey, sessionToken),
			Logger:        middleware.NewSlogLogger(logger),
			ClientLogMode: middleware.LogRequestWithBody | middleware.LogResponseWithBody | middleware.LogSigning | middleware.LogRetries,
		})
		n.Store(0)
		out, err := c.GetSecretValue(t.Context(), &secretsmanager.GetSecretValueInput{SecretId: ptr("db")})
		if err != nil {
			t.Fatal(err)
		}
		if *out.SecretString != secretValue {
			t.Fatalf("SecretString = %q", *out.SecretString)
		}
		return buf.String()
	}

	t.Run("debug", func(t *testing.T) {
		log := run(t, slog.LevelDebug)
		for _, secret := range []string{secretValue, secretKey, sessionToken} {
			if strings.Contains(log, secret) {
				t.Errorf("the log shows the secret %q", secret)
			}
		}
		var records []map[string]any
		for line := range strings.Lines(log) {
			var rec map[string]any
			if err := json.Unmarshal([]byte(line), &rec); err != nil {
				t.Fatalf("not a JSON record: %q: %v", line, err)
			}
			if rec["level"] != "DEBUG" || rec["sdk"] != "nimbus" {
				t.Errorf("record level %v sdk %v; want DEBUG nimbus: %v", rec["level"], rec["sdk"], rec)
			}
			records = append(records, rec)
		}
		find := func(prefix string, attempt float64) map[string]any {
			t.Helper()
			for _, r := range records {
				if msg, _ := r["msg"].(string); strings.HasPrefix(msg, prefix) && r["operation.attempt"] == attempt {
					return r
				}
			}
			t.Fatalf("no record %q for attempt %v in:\n%s", prefix, attempt, log)
			return nil
		}
		call := map[string]any{"rpc.service": "Secrets Manager", "rpc.method": "GetSecretValue"}
		checks := []struct {
			rec  map[string]any
			want map[string]any
		}{
			{find("Request\n", 2), map[string]any{"http.request.method": "POST"}},
			{find("Response\n", 1), map[string]any{"http.response.status_code": float64(500)}},
			{find("Response\n", 2), map[string]any{"http.response.status_code": float64(200)}},
			{find("GetSecretValue attempt 1 failed, retrying", 1), map[string]any{"error.type": "InternalServiceError"}},
			{find("GetSecretValue attempt 2 succeeded", 2), nil},
		}
		for _, c := range checks {
			for k, v := range call {
				if c.rec[k] != v {
					t.Errorf("%.30q: %s = %v; want %v", c.rec["msg"], k, c.rec[k], v)
				}
			}
			for k, v := range c.want {
				if c.rec[k] != v {
					t.Errorf("%.30q: %s = %v; want %v", c.rec["msg"], k, c.rec[k], v)
				}
			}
		}
		if d, ok := find("GetSecretValue attempt 1 failed", 1)["retry.delay"].(float64); !ok || d < 0 {
			t.Errorf("retry record has no retry.delay")
		}
		if !strings.Contains(log, `\"SecretString\":\"REDACTED\"`) {
			t.Errorf("the response body is not logged redacted:\n%s", log)
		}
		if !strings.Contains(log, "Request signature:") {
			t.Errorf("the signing log is missing:\n%s", log)
		}
	})
	t.Run("info drops debug records", func(t *testing.T) {
		if log := run(t, slog.LevelInfo); log != "" {
			t.Errorf("an Info handler got SDK debug records:\n%s", log)
		}
	})
}
