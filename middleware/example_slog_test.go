package middleware_test

import (
	"context"
	"log/slog"
	"os"

	"github.com/aws/smithy-go/logging"

	"github.com/nimbus-sdk/nimbus/middleware"
)

// This example makes a *slog.Logger the logger of a client: set
// Options.Logger (or config.LoadOptions.Logger) to the adapter and choose
// what to log with ClientLogMode. The client's own messages come with
// structured fields, as the second line shows; the time is dropped here
// only so the output is stable.
func ExampleNewSlogLogger() {
	handler := slog.NewTextHandler(os.Stdout, &slog.HandlerOptions{
		Level: slog.LevelDebug, // Nimbus logs requests, responses and retries at Debug
		ReplaceAttr: func(_ []string, a slog.Attr) slog.Attr {
			if a.Key == slog.TimeKey {
				return slog.Attr{}
			}
			return a
		},
	})
	logger := middleware.NewSlogLogger(slog.New(handler))
	// In a program: s3.New(s3.Options{Logger: logger, ClientLogMode: middleware.LogRetries, ...}).

	logger.Logf(logging.Warn, "credentials expire in %d minutes", 5)
	middleware.LogFields(context.Background(), logger, logging.Debug, "GetObject attempt 1 failed, retrying",
		slog.String("rpc.service", "S3"), slog.String("rpc.method", "GetObject"), slog.Int("operation.attempt", 1))
	// Output:
	// level=WARN msg="credentials expire in 5 minutes" sdk=nimbus
	// level=DEBUG msg="GetObject attempt 1 failed, retrying" sdk=nimbus rpc.service=S3 rpc.method=GetObject operation.attempt=1
}
