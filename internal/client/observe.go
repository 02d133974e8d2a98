package client

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"strconv"
	"sync"
	"time"

	"github.com/aws/smithy-go"
	"github.com/aws/smithy-go/metrics"
	"github.com/aws/smithy-go/middleware"
	"github.com/aws/smithy-go/tracing"
	smithyhttp "github.com/aws/smithy-go/transport/http"

	awsmw "github.com/nimbus-sdk/nimbus/middleware"
	"github.com/nimbus-sdk/nimbus/middleware/retry"
	transporthttp "github.com/nimbus-sdk/nimbus/transport/http"
)

// Telemetry (Options.TracerProvider and Options.MeterProvider).
//
// A client whose options have a provider builds an observer once, in New:
// its tracer and every metric instrument. The compiled chain of such a
// client has one more Finalize step, ObserveAttempt, right after Retry;
// a client without providers has no observer and runs exactly the chain
// it ran before telemetry existed. Every other telemetry site in the
// runtime is "if c.tel != nil", so a client without providers pays one
// nil check per site and allocates nothing more: no no-op provider, no
// interface calls, no context values.
//
// Spans, as aws-sdk-go-v2 names them:
//
//	S3.GetObject (kind client)       Invoke: rpc.*, cloud.region, aws.request_id,
//	│                                aws.extended_request_id, http.response.status_code,
//	│                                operation.attempts, error attributes
//	├─ OperationSerializer           serializeMiddleware
//	└─ Attempt (one per attempt)     ObserveAttempt: operation.attempt,
//	   │                             http.request.resend_count, the response's IDs and status
//	   ├─ GetIdentity                identityMiddleware
//	   ├─ ResolveEndpoint            endpointMiddleware
//	   ├─ GetIdentity                signingMiddleware, for an endpoint auth scheme
//	   │                             with a Service.EndpointAuth hook (S3 Express)
//	   ├─ SignRequest                signingMiddleware
//	   ├─ DoHTTPRequest              sendHandler: http.request.method, server.address, ...
//	   └─ OperationDeserializer      deserializeMiddleware
//
// A retry adds a "retry" event to the operation's span with the attempt,
// the delay and the error type. The calls of a generated waiter's wait
// are grouped under one more span, "S3.BucketExistsWaiter" (waittrace.go).

// rootScope is the instrumentation scope of services without one.
const rootScope = "github.com/nimbus-sdk/nimbus"

// observer is a client's telemetry: its tracer and metric instruments,
// built once per client (and once per call only for a call whose options
// change the providers).
type observer struct {
	tracer tracing.Tracer // nil without a TracerProvider
	m      *callMetrics   // nil without a MeterProvider
	svcID  string
	attrs  sync.Map // *Operation -> []metrics.RecordMetricOption
	// authAttrs adds auth.scheme_id: authKey -> []metrics.RecordMetricOption
	authAttrs sync.Map
}

// authKey identifies the attributes of an operation's identity and
// signing durations under one auth scheme.
type authKey struct {
	op     *Operation
	scheme string
}

// telemetry is the telemetry state of one call: its observer, the
// operation's span when the client traces, the number of attempts
// ObserveAttempt saw and the HTTP status of the current one.
type telemetry struct {
	obs      *observer
	span     tracing.Span
	attempts int
	status   int
}

// observer returns the call's observer, nil without telemetry.
func (c *call) observer() *observer {
	if c.tel == nil {
		return nil
	}
	return c.tel.obs
}

// phaseKind names a timed step of a call.
type phaseKind int

const (
	phaseSerialize phaseKind = iota
	phaseIdentity
	phaseEndpoint
	phaseSign
	phaseDeserialize
	numPhases
)

// phases gives each step its span and its duration metric.
var phases = [numPhases]struct{ span, metric, desc string }{
	phaseSerialize:   {awsmw.SpanSerialize, awsmw.MetricSerializationDuration, "Time spent encoding the operation input into the request."},
	phaseIdentity:    {awsmw.SpanGetIdentity, awsmw.MetricResolveIdentityDuration, "Time spent retrieving the credentials or token an attempt is signed with."},
	phaseEndpoint:    {awsmw.SpanResolveEndpoint, awsmw.MetricResolveEndpointDuration, "Time spent choosing the endpoint of an attempt from the endpoint rules (no DNS)."},
	phaseSign:        {awsmw.SpanSignRequest, awsmw.MetricSigningDuration, "Time spent signing an attempt."},
	phaseDeserialize: {awsmw.SpanDeserialize, awsmw.MetricDeserializationDuration, "Time spent decoding a response into the output or an error."},
}

// callMetrics are a client's metric instruments.
type callMetrics struct {
	duration, attemptDuration, retryDelay metrics.Float64Histogram
	phases                                [numPhases]metrics.Float64Histogram
	attempts, errors, throttles           metrics.Int64Counter
	http                                  *transporthttp.Metrics
}

// observed reports whether o has a provider, and so whether its chains
// have the ObserveAttempt step.
func (o *Options) observed() bool {
	return awsmw.TracingEnabled(o.TracerProvider) || awsmw.MetricsEnabled(o.MeterProvider)
}

// newObserver returns the observer of a client of svc with o, or nil
// when o has no provider.
func newObserver(svc *Service, o *Options) (*observer, error) {
	if !o.observed() {
		return nil, nil
	}
	scope := cmp.Or(svc.Scope, rootScope)
	obs := &observer{svcID: svc.ID}
	if awsmw.TracingEnabled(o.TracerProvider) {
		obs.tracer = o.TracerProvider.Tracer(scope)
	}
	if awsmw.MetricsEnabled(o.MeterProvider) {
		m, err := newCallMetrics(o.MeterProvider.Meter(scope))
		if err != nil {
			return nil, fmt.Errorf("creating the client's metric instruments: %w", err)
		}
		obs.m = m
	}
	return obs, nil
}

func newCallMetrics(meter metrics.Meter) (*callMetrics, error) {
	m := &callMetrics{}
	hist := func(name, desc string) (metrics.Float64Histogram, error) {
		return meter.Float64Histogram(name, func(o *metrics.InstrumentOptions) { o.UnitLabel, o.Description = "s", desc })
	}
	counter := func(name, unit, desc string) (metrics.Int64Counter, error) {
		return meter.Int64Counter(name, func(o *metrics.InstrumentOptions) { o.UnitLabel, o.Description = unit, desc })
	}
	var errs []error
	add := func(err error) { errs = append(errs, err) }
	var err error
	m.duration, err = hist(awsmw.MetricCallDuration, "Time of a whole operation call, every attempt and backoff included.")
	add(err)
	m.attemptDuration, err = hist(awsmw.MetricCallAttemptDuration, "Time of one attempt: identity, endpoint, signing, the exchange and decoding.")
	add(err)
	m.retryDelay, err = hist(awsmw.MetricCallRetryDelay, "Backoff waited before retrying an attempt.")
	add(err)
	for k, p := range phases {
		m.phases[k], err = hist(p.metric, p.desc)
		add(err)
	}
	m.attempts, err = counter(awsmw.MetricCallAttempts, "{attempt}", "Attempts made, the first included.")
	add(err)
	m.errors, err = counter(awsmw.MetricCallErrors, "{error}", "Attempts that failed.")
	add(err)
	m.throttles, err = counter(awsmw.MetricCallThrottles, "{throttle}", "Attempts that failed because the service throttled them.")
	add(err)
	m.http, err = transporthttp.NewMetrics(meter)
	add(err)
	if err := errors.Join(errs...); err != nil {
		return nil, err
	}
	return m, nil
}

// opAttrs returns the metric attributes of op's points: rpc.service and
// rpc.method, built once per operation.
func (o *observer) opAttrs(op *Operation) []metrics.RecordMetricOption {
	if v, ok := o.attrs.Load(op); ok {
		return v.([]metrics.RecordMetricOption)
	}
	svc, name := o.svcID, op.Protocol.Name
	v := []metrics.RecordMetricOption{func(mo *metrics.RecordMetricOptions) {
		mo.Properties.Set("rpc.service", svc)
		mo.Properties.Set("rpc.method", name)
	}}
	actual, _ := o.attrs.LoadOrStore(op, v)
	return actual.([]metrics.RecordMetricOption)
}

// schemeAttrs returns op's metric attributes plus auth.scheme_id, as v2
// puts on its identity and signing durations, built once per operation
// and scheme.
func (o *observer) schemeAttrs(op *Operation, scheme string) []metrics.RecordMetricOption {
	k := authKey{op, scheme}
	if v, ok := o.authAttrs.Load(k); ok {
		return v.([]metrics.RecordMetricOption)
	}
	base := o.opAttrs(op)
	v := append(base[:len(base):len(base)], func(mo *metrics.RecordMetricOptions) {
		mo.Properties.Set("auth.scheme_id", scheme)
	})
	actual, _ := o.authAttrs.LoadOrStore(k, v)
	return actual.([]metrics.RecordMetricOption)
}

// errAttrs returns op's metric attributes plus those of err: its type and
// the response status, if one came.
func (o *observer) errAttrs(op *Operation, err error) []metrics.RecordMetricOption {
	base := o.opAttrs(op)
	typ, status := errorType(err), HTTPStatus(err)
	return append(base[:len(base):len(base)], func(mo *metrics.RecordMetricOptions) {
		mo.Properties.Set("exception.type", typ)
		if status != 0 {
			mo.Properties.Set("http.response.status_code", status)
		}
	})
}

// observerFor returns the observer of a call with opts: the client's,
// unless the call's options changed a provider.
func (r *Runtime) observerFor(opts *Options) (*observer, error) {
	if opts == &r.opts || sameValue(opts.TracerProvider, r.opts.TracerProvider) && sameValue(opts.MeterProvider, r.opts.MeterProvider) {
		return r.obs, r.obsErr
	}
	return newObserver(r.svc, opts)
}

// invokeObserved runs a call of a client with telemetry: the operation's
// span and the call's duration around the chain.
func (r *Runtime) invokeObserved(ctx context.Context, h middleware.Handler, c *call) (any, middleware.Metadata, error) {
	o := c.tel.obs
	start := time.Now()
	if o.tracer != nil {
		ctx = enterWait(ctx, o.tracer, r.svc.ID)
		ctx = tracing.WithOperationTracer(ctx, o.tracer)
		ctx, c.tel.span = o.tracer.StartSpan(ctx, r.svc.ID+"."+c.op.Protocol.Name, func(so *tracing.SpanOptions) {
			so.Kind = tracing.SpanKindClient
			so.Properties.Set("rpc.system", "aws-api")
			so.Properties.Set("rpc.service", r.svc.ID)
			so.Properties.Set("rpc.method", c.op.Protocol.Name)
			if c.opts.Region != "" {
				so.Properties.Set("cloud.region", c.opts.Region)
			}
		})
	}
	out, md, err := h.Handle(context.WithValue(ctx, callKey{}, c), c.input)
	if err != nil && c.events != nil {
		c.events.abort(err)
	}
	if o.m != nil {
		o.m.duration.Record(ctx, time.Since(start).Seconds(), o.opAttrs(c.op)...)
	}
	if c.tel.span != nil {
		endOperationSpan(c, md, err)
	}
	if err != nil {
		return nil, md, r.opError(c.op, err)
	}
	return out, md, nil
}

// endOperationSpan sets the attributes of the call's outcome on its span
// and ends it.
func endOperationSpan(c *call, md middleware.Metadata, err error) {
	span := c.tel.span
	span.SetProperty("operation.attempts", c.tel.attempts)
	setResponseProperties(span, c, md, err)
	span.End()
}

// setResponseProperties sets the attributes of an attempt's or a call's
// outcome: the response's status and IDs, and the error's, with the span
// status.
func setResponseProperties(span tracing.Span, c *call, md middleware.Metadata, err error) {
	status := c.tel.status
	if err != nil {
		status = cmp.Or(HTTPStatus(err), status)
	}
	if status != 0 {
		span.SetProperty("http.response.status_code", status)
	}
	reqID, _ := awsmw.GetRequestIDMetadata(md)
	hostID, _ := awsmw.GetHostIDMetadata(md)
	if reqID == "" && err != nil {
		var withID interface{ ServiceRequestID() string }
		if errors.As(err, &withID) {
			reqID = withID.ServiceRequestID()
		}
	}
	if hostID == "" && err != nil {
		var withID interface{ ServiceHostID() string }
		if errors.As(err, &withID) {
			hostID = withID.ServiceHostID()
		}
	}
	if reqID != "" {
		span.SetProperty("aws.request_id", reqID)
	}
	if hostID != "" {
		span.SetProperty("aws.extended_request_id", hostID)
	}
	if err == nil {
		span.SetStatus(tracing.SpanStatusOK)
		return
	}
	setErrorProperties(span, err)
}

// setErrorProperties marks span as failed with err: OpenTelemetry's
// error.type and exception attributes, and aws-sdk-go-v2's api.error_*
// for service errors.
func setErrorProperties(span tracing.Span, err error) {
	span.SetProperty("error", true)
	span.SetProperty("error.type", errorType(err))
	span.SetProperty("exception.type", fmt.Sprintf("%T", unwrapRuntime(err)))
	span.SetProperty("exception.message", err.Error())
	var ae smithy.APIError
	if errors.As(err, &ae) {
		span.SetProperty("api.error_code", ae.ErrorCode())
		span.SetProperty("api.error_message", ae.ErrorMessage())
		span.SetProperty("api.error_fault", ae.ErrorFault().String())
	}
	// The status last, after exception.message: smithy-go's SetStatus
	// takes no description, so adapters (feature/otel's among them) take
	// the error status's description from the message already set.
	span.SetStatus(tracing.SpanStatusError)
}

// errorType classifies err for a bounded attribute: the service's error
// code, or the Go type of the error under the runtime's wrappers.
func errorType(err error) string {
	var ae smithy.APIError
	if errors.As(err, &ae) {
		if code := ae.ErrorCode(); code != "" {
			return code
		}
	}
	return fmt.Sprintf("%T", unwrapRuntime(err))
}

// unwrapRuntime removes the wrappers the runtime puts around every error
// of a kind (operation, retry exhaustion, response IDs), which say
// nothing about what failed.
func unwrapRuntime(err error) error {
	for {
		var next error
		switch e := err.(type) {
		case *smithy.OperationError:
			next = e.Err
		case *retry.MaxAttemptsError:
			next = e.Err
		case *transporthttp.ResponseError:
			if e.ResponseError != nil {
				next = e.Err
			}
		case *smithyhttp.ResponseError:
			next = e.Err
		}
		if next == nil {
			return err
		}
		err = next
	}
}

// observeAttempt is the ObserveAttempt step, right after Retry in the
// chains of clients with telemetry: the attempt's span and metrics.
type observeAttempt struct{}

func (observeAttempt) ID() string { return awsmw.IDObserveAttempt }

func (observeAttempt) HandleFinalize(ctx context.Context, in middleware.FinalizeInput, next middleware.FinalizeHandler) (middleware.FinalizeOutput, middleware.Metadata, error) {
	c := callFrom(ctx)
	if c.tel == nil { // defensive: chains with this step belong to observed options
		return next.HandleFinalize(ctx, in)
	}
	o := c.tel.obs
	c.tel.attempts++
	c.tel.status = 0
	n := c.tel.attempts
	start := time.Now()
	var span tracing.Span
	if o.tracer != nil {
		ctx, span = o.tracer.StartSpan(ctx, awsmw.SpanAttempt, func(so *tracing.SpanOptions) {
			so.Properties.Set("operation.attempt", n)
			if n > 1 {
				so.Properties.Set("http.request.resend_count", n-1)
			}
		})
	}
	out, md, err := next.HandleFinalize(ctx, in)
	if m := o.m; m != nil {
		attrs := o.opAttrs(c.op)
		m.attempts.Add(ctx, 1, attrs...)
		m.attemptDuration.Record(ctx, time.Since(start).Seconds(), attrs...)
		if err != nil {
			m.errors.Add(ctx, 1, o.errAttrs(c.op, err)...)
			if retry.IsThrottleError(err) {
				m.throttles.Add(ctx, 1, attrs...)
			}
		}
	}
	if span != nil {
		setResponseProperties(span, c, md, err)
		span.End()
	}
	return out, md, err
}

// observeRetry records a retry decision: the backoff metric and an event
// on the operation's span. It is the retry middleware's OnAttempt hook
// (with the logger's) in clients with telemetry.
func observeRetry(ctx context.Context, r retry.AttemptResult) {
	c := callFrom(ctx)
	if c == nil || c.tel == nil || !r.Retried {
		return
	}
	if m := c.tel.obs.m; m != nil {
		m.retryDelay.Record(ctx, r.Delay.Seconds(), c.tel.obs.opAttrs(c.op)...)
	}
	if c.tel.span != nil {
		c.tel.span.AddEvent("retry", func(eo *tracing.EventOptions) {
			eo.Properties.Set("operation.attempt", r.Attempt)
			eo.Properties.Set("retry.delay_seconds", r.Delay.Seconds())
			eo.Properties.Set("error.type", errorType(r.Err))
		})
	}
}

// phase times and traces one step of a call. Sites start one only when
// c.tel is set.
type phase struct {
	c      *call
	kind   phaseKind
	span   tracing.Span
	start  time.Time
	scheme string // auth.scheme_id of identity and signing steps
}

// startPhase starts step k of c, with a span under ctx's when the client
// traces. The returned context carries the step's span, for the calls
// the step makes (a credentials provider calling STS).
func (c *call) startPhase(ctx context.Context, k phaseKind) (context.Context, phase) {
	p := phase{c: c, kind: k, start: time.Now()}
	if t := c.tel.obs.tracer; t != nil {
		ctx, p.span = t.StartSpan(ctx, phases[k].span)
	}
	return ctx, p
}

// startAuthPhase is startPhase for identity resolution and signing,
// whose span and duration carry the auth scheme's ID (auth.scheme_id).
func (c *call) startAuthPhase(ctx context.Context, k phaseKind, scheme string) (context.Context, phase) {
	ctx, p := c.startPhase(ctx, k)
	p.scheme = scheme
	if p.span != nil {
		p.span.SetProperty("auth.scheme_id", scheme)
	}
	return ctx, p
}

// end records the step's duration and ends its span.
func (p *phase) end(ctx context.Context, err error) {
	o := p.c.tel.obs
	if m := o.m; m != nil {
		attrs := o.opAttrs(p.c.op)
		if p.scheme != "" {
			attrs = o.schemeAttrs(p.c.op, p.scheme)
		}
		m.phases[p.kind].Record(ctx, time.Since(p.start).Seconds(), attrs...)
	}
	if p.span != nil {
		if err != nil {
			setErrorProperties(p.span, err)
		}
		p.span.End()
	}
}

// sendObserved sends an attempt's request with the HTTP client metrics
// and the send span.
func (c *call) sendObserved(ctx context.Context, in any) (any, middleware.Metadata, error) {
	o := c.tel.obs
	h := transporthttp.ClientHandler{Client: c.opts.HTTPClient}
	if o.m != nil {
		h.Metrics, h.MetricOptions = o.m.http, o.opAttrs(c.op)
	}
	var span tracing.Span
	if o.tracer != nil {
		ctx, span = o.tracer.StartSpan(ctx, awsmw.SpanSend, func(so *tracing.SpanOptions) {
			req, ok := in.(*smithyhttp.Request)
			if !ok {
				return
			}
			so.Properties.Set("http.request.method", req.Method)
			so.Properties.Set("url.scheme", req.URL.Scheme)
			so.Properties.Set("server.address", req.URL.Hostname())
			if p := req.URL.Port(); p != "" {
				if n, err := strconv.Atoi(p); err == nil {
					so.Properties.Set("server.port", n)
				}
			}
			if n, ok, _ := req.StreamLength(); ok {
				so.Properties.Set("http.request.body.size", n)
			}
		})
	}
	out, md, err := h.Handle(ctx, in)
	if resp, ok := out.(*smithyhttp.Response); ok && resp != nil {
		c.tel.status = resp.StatusCode
		if span != nil {
			span.SetProperty("http.response.status_code", resp.StatusCode)
			span.SetProperty("network.protocol.version", strconv.Itoa(resp.ProtoMajor)+"."+strconv.Itoa(resp.ProtoMinor))
		}
	}
	if span != nil {
		if err != nil {
			setErrorProperties(span, err)
		}
		span.End()
	}
	return out, md, err
}
