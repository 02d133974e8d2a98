package client

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"log/slog"
	"strings"
	"sync"
	"time"

	"github.com/aws/smithy-go/logging"
	"github.com/aws/smithy-go/middleware"

	"github.com/nimbus-sdk/nimbus/config/aws"
	awsmw "github.com/nimbus-sdk/nimbus/middleware"
	"github.com/nimbus-sdk/nimbus/middleware/retry"
	transporthttp "github.com/nimbus-sdk/nimbus/transport/http"
)

// awsMiddleware builds the per-client AWS middleware set for opts. The
// clock skew is per client (kept across calls); the rest is stateless.
func (r *Runtime) awsMiddleware(opts *Options) awsmw.Options {
	o := awsmw.Options{
		InvocationID: awsmw.NewInvocationID(),
		UserAgent: awsmw.NewUserAgent(awsmw.UserAgentOptions{ServiceID: r.svc.ID, ServiceVersion: r.svc.Version,
			AppID: opts.AppID, Features: r.userAgentFeatures(opts)}),
		RecursionDetection: awsmw.NewRecursionDetection(),
		RequestID:          awsmw.NewRequestID(),
		ClockSkew:          r.skew,
	}
	m := opts.ClientLogMode
	if opts.Logger != nil && (m.IsSet(awsmw.LogRequest) || m.IsSet(awsmw.LogRequestWithBody) || m.IsSet(awsmw.LogResponse) || m.IsSet(awsmw.LogResponseWithBody)) {
		o.Logging = awsmw.NewLogging(awsmw.LoggingOptions{
			Logger:              opts.Logger,
			LogRequest:          m.IsSet(awsmw.LogRequest),
			LogRequestWithBody:  m.IsSet(awsmw.LogRequestWithBody),
			LogResponse:         m.IsSet(awsmw.LogResponse),
			LogResponseWithBody: m.IsSet(awsmw.LogResponseWithBody),
			Redact:              logRedaction,
			Fields:              logFields,
		})
	}
	return o
}

// userAgentFeatures returns the business-metric codes that hold for every
// call of a client with opts, as v2 reports them: the retry mode (E
// standard, F adaptive), the protocol when its codec names one (M for
// rpc-v2-cbor) and, for services that route by account, the account ID
// endpoint mode (P preferred, Q disabled, R required).
func (r *Runtime) userAgentFeatures(opts *Options) []string {
	var codes []string
	if code := retryModeCode(opts.Retryer); code != "" {
		codes = append(codes, code)
	}
	if c, ok := r.svc.Codec.(interface{ UserAgentFeature() string }); ok {
		codes = append(codes, c.UserAgentFeature())
	}
	if r.svc.AccountIDParam != "" || r.svc.AccountIDEndpointModeParam != "" {
		switch opts.AccountIDEndpointMode {
		case aws.AccountIDEndpointModePreferred:
			codes = append(codes, "P")
		case aws.AccountIDEndpointModeDisabled:
			codes = append(codes, "Q")
		case aws.AccountIDEndpointModeRequired:
			codes = append(codes, "R")
		}
	}
	return codes
}

// retryModeCode is the business-metric code of a retryer's mode: E for
// the standard retryer, F for the adaptive one, none for others.
func retryModeCode(r retry.Retryer) string {
	switch r.(type) {
	case *retry.Standard:
		return "E"
	case *retry.Adaptive:
		return "F"
	}
	return ""
}

// addAWSMiddleware adds the AWS middleware that is not specific to a
// protocol: invocation id, user agent, recursion detection, request id,
// clock skew and logging.
func (r *Runtime) addAWSMiddleware(st *middleware.Stack, opts *Options) error {
	return awsmw.AddAll(st, r.awsMiddleware(opts))
}

func (r *Runtime) retryMiddleware(*Options) middleware.FinalizeMiddleware {
	return retryMiddleware{}
}

// newRetryMiddleware returns the retry middleware for o: the usual one and
// the one for operations not safe to repeat, which is the same unless
// o.DisableUnsafeRetries is set. longPolling builds them for a
// long-polling operation.
func newRetryMiddleware(o *Options, longPolling bool) (usual, unsafeOps *retry.Middleware) {
	mo := retry.MiddlewareOptions{AttemptTimeout: o.AttemptTimeout, LongPolling: longPolling, OnAttempt: attemptHook(o)}
	usual = retry.NewMiddleware(o.Retryer, mo)
	if !o.DisableUnsafeRetries {
		return usual, usual
	}
	mo.NoRetryAfterSend = true
	return usual, retry.NewMiddleware(o.Retryer, mo)
}

// retryMiddleware runs the call's retry middleware: the client's prebuilt
// one when the call did not change the retry settings and the operation
// is not long-polling, else one built for the call.
type retryMiddleware struct{}

func (retryMiddleware) ID() string { return awsmw.IDRetry }

func (retryMiddleware) HandleFinalize(ctx context.Context, in middleware.FinalizeInput, next middleware.FinalizeHandler) (middleware.FinalizeOutput, middleware.Metadata, error) {
	c := callFrom(ctx)
	if c.events != nil {
		// The body of an input event stream is the live stream: the
		// transport consumes and closes it, so it cannot be sent twice.
		return next.HandleFinalize(ctx, in)
	}
	usual, unsafeOps := c.rt.retry, c.rt.retrySafe
	o, co := c.opts, &c.rt.opts
	if c.op.LongPolling || !sameValue(o.Retryer, co.Retryer) || o.AttemptTimeout != co.AttemptTimeout || o.DisableUnsafeRetries != co.DisableUnsafeRetries || c.observer() != c.rt.obs {
		usual, unsafeOps = newRetryMiddleware(o, c.op.LongPolling)
	}
	m := usual
	if !c.op.SafeToRepeat {
		m = unsafeOps
	}
	out, md, err := m.HandleFinalize(ctx, in, next)
	if err != nil {
		nameOutcomeUnknown(err, c.op.Protocol.Name)
	}
	return out, md, err
}

// nameOutcomeUnknown sets the operation of an *retry.OutcomeUnknownError
// in err. It is a function of its own so that the error target is only
// allocated when a call fails.
func nameOutcomeUnknown(err error, op string) {
	var unknown *retry.OutcomeUnknownError
	if errors.As(err, &unknown) && unknown.Operation == "" {
		unknown.Operation = op
	}
}

// defaultHTTPClients holds the shared default HTTP clients, one per
// response-header timeout (services that answer late get their own).
var defaultHTTPClients sync.Map // time.Duration -> transporthttp.HTTPDoer

func defaultHTTPClient(headerTimeout time.Duration, http2 bool) transporthttp.HTTPDoer {
	key := httpClientKey{headerTimeout, http2}
	if c, ok := defaultHTTPClients.Load(key); ok {
		return c.(transporthttp.HTTPDoer)
	}
	c, _ := defaultHTTPClients.LoadOrStore(key, transporthttp.NewClient(func(o *transporthttp.ClientOptions) {
		o.ResponseHeaderTimeout = headerTimeout
		o.EnableHTTP2 = http2
	}))
	return c.(transporthttp.HTTPDoer)
}

// httpClientKey tells the shared default HTTP clients apart.
type httpClientKey struct {
	headerTimeout time.Duration
	http2         bool
}

// newRetryer builds the retryer a client of svc uses when o gives none.
// Each client gets its own, so its retry token bucket is per client. The
// service's own defaults belong to retry behaviour 2.1: they give way to
// o.RetryMaxAttempts and do not apply under o.RetryPre2026Defaults.
func newRetryer(svc *Service, o *Options) retry.Retryer {
	so := retry.StandardOptions{MaxAttempts: o.RetryMaxAttempts, Pre2026Defaults: o.RetryPre2026Defaults}
	if !o.RetryPre2026Defaults {
		so.MaxAttempts = cmp.Or(so.MaxAttempts, svc.RetryMaxAttempts)
		so.BaseDelay = svc.RetryBaseDelay
	}
	if strings.EqualFold(o.RetryMode, "adaptive") {
		return retry.NewAdaptive(func(ao *retry.AdaptiveOptions) { ao.Standard = so })
	}
	return retry.NewStandard(func(s *retry.StandardOptions) { *s = so })
}

// attemptHook returns the retry middleware's attempt hook for o: the
// retry logger, and the telemetry's retry metric and event when o has a
// provider; nil when there is neither.
func attemptHook(o *Options) func(context.Context, retry.AttemptResult) {
	logf := retryLogger(o)
	if !o.observed() {
		return logf
	}
	if logf == nil {
		return observeRetry
	}
	return func(ctx context.Context, r retry.AttemptResult) {
		logf(ctx, r)
		observeRetry(ctx, r)
	}
}

// retryLogger returns the retry middleware's attempt hook that logs each
// retry decision when the client's ClientLogMode has LogRetries, else nil.
func retryLogger(o *Options) func(context.Context, retry.AttemptResult) {
	logger := o.Logger
	if logger == nil || !o.ClientLogMode.IsSet(awsmw.LogRetries) {
		return nil
	}
	return func(ctx context.Context, r retry.AttemptResult) {
		op := "operation"
		fields := logFields(ctx)
		if c := callFrom(ctx); c != nil {
			op = c.op.Protocol.Name
		}
		fields = append(fields, slog.Int("operation.attempt", r.Attempt))
		var msg string
		switch {
		case r.Err == nil:
			msg = fmt.Sprintf("%s attempt %d succeeded", op, r.Attempt)
		case r.Retried:
			msg = fmt.Sprintf("%s attempt %d failed, retrying in %v: %v", op, r.Attempt, r.Delay, r.Err)
			fields = append(fields, slog.Duration("retry.delay", r.Delay), slog.String("error.type", errorType(r.Err)))
		default:
			msg = fmt.Sprintf("%s attempt %d failed, not retried: %v", op, r.Attempt, r.Err)
			fields = append(fields, slog.String("error.type", errorType(r.Err)))
		}
		awsmw.LogFields(ctx, logger, logging.Debug, msg, fields...)
	}
}

// logFields returns the structured log fields of the call ctx belongs
// to: the service and the operation.
func logFields(ctx context.Context) []slog.Attr {
	c := callFrom(ctx)
	if c == nil {
		return nil
	}
	return []slog.Attr{slog.String("rpc.service", c.rt.svc.ID), slog.String("rpc.method", c.op.Protocol.Name)}
}
