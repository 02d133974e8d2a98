package client

import (
	"context"
	"strings"
	"sync"

	"github.com/aws/smithy-go/middleware"

	awsmw "github.com/nimbus-sdk/nimbus/middleware"
	"github.com/nimbus-sdk/nimbus/middleware/retry"
	transporthttp "github.com/nimbus-sdk/nimbus/transport/http"
)

// awsMiddleware builds the per-client AWS middleware set for opts. The
// clock skew is per client (kept across calls); the rest is stateless.
func (r *Runtime) awsMiddleware(opts *Options) awsmw.Options {
	o := awsmw.Options{
		InvocationID:       awsmw.NewInvocationID(),
		UserAgent:          awsmw.NewUserAgent(awsmw.UserAgentOptions{ServiceID: r.svc.ID, ServiceVersion: r.svc.Version, AppID: opts.AppID}),
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
		})
	}
	return o
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

// retryMiddleware runs the call's retryer: the client's prebuilt retry
// middleware when the call did not change the retryer, else one built
// for the call.
type retryMiddleware struct{}

func (retryMiddleware) ID() string { return IDRetry }

func (retryMiddleware) HandleFinalize(ctx context.Context, in middleware.FinalizeInput, next middleware.FinalizeHandler) (middleware.FinalizeOutput, middleware.Metadata, error) {
	c := callFrom(ctx)
	m := c.rt.retry
	if !sameValue(c.opts.Retryer, c.rt.opts.Retryer) {
		m = retry.NewMiddleware(c.opts.Retryer, retry.MiddlewareOptions{})
	}
	return m.HandleFinalize(ctx, in, next)
}

var defaultHTTPClient = sync.OnceValue(func() transporthttp.HTTPDoer {
	return transporthttp.NewClient()
})

// newRetryer builds the retryer a client uses when none is given. Each
// client gets its own, so its retry token bucket is per client.
func newRetryer(mode string, maxAttempts int) retry.Retryer {
	if strings.EqualFold(mode, "adaptive") {
		return retry.NewAdaptive(func(o *retry.AdaptiveOptions) { o.Standard.MaxAttempts = maxAttempts })
	}
	return retry.NewStandard(func(o *retry.StandardOptions) { o.MaxAttempts = maxAttempts })
}
