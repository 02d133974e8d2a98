package middleware

import (
	"context"
	"fmt"
	"log/slog"
	"strings"

	"github.com/aws/smithy-go/logging"
)

// FieldLogger is an optional upgrade of smithy-go's logging.Logger for
// loggers that take structured fields. Nimbus's own log messages (each
// attempt's request and response, retry decisions) carry fields such as
// the service, the operation and the attempt: a client Logger that
// implements FieldLogger receives them with the message through
// LogFields, and any other Logger receives the message alone through
// Logf, as before. Fields hold no secret: the message text is redacted as
// described under "Redaction" in [Logging], and fields are names,
// numbers, statuses and error types, never input values.
//
// LogFields must be safe for concurrent use.
type FieldLogger interface {
	LogFields(ctx context.Context, c logging.Classification, msg string, fields ...slog.Attr)
}

// LogFields logs msg with fields through l: with [FieldLogger].LogFields
// when l implements it, else with l.Logf (the fields are dropped; msg
// should say what matters). A nil l logs nothing.
func LogFields(ctx context.Context, l logging.Logger, c logging.Classification, msg string, fields ...slog.Attr) {
	switch fl := l.(type) {
	case nil:
	case FieldLogger:
		fl.LogFields(ctx, c, msg, fields...)
	default:
		logging.WithContext(ctx, l).Logf(c, "%s", msg)
	}
}

// SlogLogger makes a *slog.Logger a client Logger (smithy-go's
// logging.Logger): set a service client's Options.Logger, or
// config.LoadOptions.Logger, to NewSlogLogger(logger).
//
// Classifications become levels: logging.Debug is slog.LevelDebug,
// logging.Warn slog.LevelWarn, anything else slog.LevelInfo. Nimbus logs
// requests, responses, signing and retries at Debug, so the handler must
// enable that level for them to appear. Each record has the attribute
// "sdk" = "nimbus", plus Nimbus's structured fields where the message has
// them (see [FieldLogger]): rpc.service, rpc.method, operation.attempt,
// http.request.method, http.response.status_code, retry.delay,
// error.type. A record carries the context of the call that logged it, so
// a handler can read the trace and span IDs from it.
//
// Secrets are redacted before anything reaches the logger, exactly as
// with any other Logger: see "Redaction" in [Logging]. A SlogLogger is
// safe for concurrent use.
type SlogLogger struct {
	l   *slog.Logger
	ctx context.Context
}

// NewSlogLogger returns a client Logger that writes to l. A nil l means
// slog.Default().
func NewSlogLogger(l *slog.Logger) *SlogLogger {
	if l == nil {
		l = slog.Default()
	}
	return &SlogLogger{l: l.With(slog.String("sdk", "nimbus"))}
}

// Logf implements logging.Logger: the formatted message at the level of
// c, without fields.
func (s *SlogLogger) Logf(c logging.Classification, format string, v ...any) {
	ctx := s.context()
	level := slogLevel(c)
	if !s.l.Enabled(ctx, level) {
		return
	}
	s.l.Log(ctx, level, strings.TrimRight(fmt.Sprintf(format, v...), "\n"))
}

// LogFields implements [FieldLogger]: msg with fields at the level of c.
func (s *SlogLogger) LogFields(ctx context.Context, c logging.Classification, msg string, fields ...slog.Attr) {
	if ctx == nil {
		ctx = s.context()
	}
	s.l.LogAttrs(ctx, slogLevel(c), strings.TrimRight(msg, "\n"), fields...)
}

// WithContext implements smithy-go's logging.ContextLogger: a logger
// whose Logf records carry ctx.
func (s *SlogLogger) WithContext(ctx context.Context) logging.Logger {
	return &SlogLogger{l: s.l, ctx: ctx}
}

func (s *SlogLogger) context() context.Context {
	if s.ctx != nil {
		return s.ctx
	}
	return context.Background()
}

// slogLevel maps a smithy-go classification to a slog level.
func slogLevel(c logging.Classification) slog.Level {
	switch c {
	case logging.Debug:
		return slog.LevelDebug
	case logging.Warn:
		return slog.LevelWarn
	}
	return slog.LevelInfo
}
