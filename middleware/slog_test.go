package middleware_test

import (
	"bytes"
	"context"
	"log/slog"
	"strings"
	"testing"

	"github.com/aws/smithy-go/logging"

	"github.com/nimbus-sdk/nimbus/middleware"
)

func TestSlogLoggerLevels(t *testing.T) {
	tests := []struct {
		class logging.Classification
		want  string
	}{
		{logging.Debug, "level=DEBUG"},
		{logging.Warn, "level=WARN"},
		{"OTHER", "level=INFO"},
	}
	for _, tc := range tests {
		t.Run(string(tc.class), func(t *testing.T) {
			var buf bytes.Buffer
			l := middleware.NewSlogLogger(slog.New(slog.NewTextHandler(&buf, &slog.HandlerOptions{Level: slog.LevelDebug})))
			l.Logf(tc.class, "hello %d\n", 7)
			got := buf.String()
			if !strings.Contains(got, tc.want) || !strings.Contains(got, `msg="hello 7"`) || !strings.Contains(got, "sdk=nimbus") {
				t.Errorf("Logf(%s) wrote %q; want %s, the message and sdk=nimbus", tc.class, got, tc.want)
			}
		})
	}
}

type ctxKey struct{}

// ctxHandler records the value of ctxKey in each record's context.
type ctxHandler struct {
	slog.Handler
	seen *[]any
}

func (h ctxHandler) WithAttrs(as []slog.Attr) slog.Handler {
	return ctxHandler{Handler: h.Handler.WithAttrs(as), seen: h.seen}
}

func (h ctxHandler) Handle(ctx context.Context, r slog.Record) error {
	*h.seen = append(*h.seen, ctx.Value(ctxKey{}))
	return nil
}

func TestSlogLoggerContext(t *testing.T) {
	var seen []any
	h := ctxHandler{Handler: slog.NewTextHandler(&bytes.Buffer{}, &slog.HandlerOptions{Level: slog.LevelDebug}), seen: &seen}
	l := middleware.NewSlogLogger(slog.New(h))
	ctx := context.WithValue(context.Background(), ctxKey{}, "call-ctx")

	logging.WithContext(ctx, l).Logf(logging.Debug, "via WithContext")
	middleware.LogFields(ctx, l, logging.Debug, "via LogFields", slog.Int("n", 1))
	l.Logf(logging.Debug, "no context")
	want := []any{"call-ctx", "call-ctx", nil}
	if len(seen) != len(want) {
		t.Fatalf("handler saw %d records; want %d", len(seen), len(want))
	}
	for i := range want {
		if seen[i] != want[i] {
			t.Errorf("record %d context value %v; want %v", i, seen[i], want[i])
		}
	}
}

func TestLogFieldsPlainLogger(t *testing.T) {
	var got []string
	l := logging.LoggerFunc(func(c logging.Classification, format string, v ...any) {
		got = append(got, string(c)+" "+format)
		if len(v) != 1 || v[0] != "the message" {
			t.Errorf("Logf args %v; want the message alone", v)
		}
	})
	middleware.LogFields(context.Background(), l, logging.Debug, "the message", slog.String("rpc.method", "GetObject"))
	middleware.LogFields(context.Background(), nil, logging.Debug, "to nobody")
	if len(got) != 1 || got[0] != "DEBUG %s" {
		t.Errorf("plain logger got %q; want one DEBUG message", got)
	}
}
