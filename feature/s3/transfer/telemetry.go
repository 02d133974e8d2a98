package transfer

import (
	"context"
	"errors"
	"fmt"
	"reflect"
	"sync"

	"github.com/aws/smithy-go"
	"github.com/aws/smithy-go/metrics"
	"github.com/aws/smithy-go/tracing"

	"github.com/nimbus-sdk/nimbus/middleware"
	"github.com/nimbus-sdk/nimbus/services/s3"
)

// Telemetry: names of the spans and metrics a Manager records when it has
// a tracer or meter provider (see [Options.TracerProvider]).
const (
	// SpanTransferPrefix starts the name of the span of one object's
	// transfer: "transfer.Upload", "transfer.Download",
	// "transfer.DownloadStream" or "transfer.Copy". The S3 calls of a
	// single-request transfer, and CreateMultipartUpload,
	// CompleteMultipartUpload and AbortMultipartUpload, are its children.
	// Batch and directory transfers have a span of their own
	// ("transfer.UploadDirectory", "transfer.DownloadDirectory",
	// "transfer.BatchUpload", "transfer.BatchDownload",
	// "transfer.BatchDelete") with transfer.objects, transfer.failed and
	// transfer.outcome_unknown; the objects' spans are its children.
	SpanTransferPrefix = "transfer."
	// SpanPart is the span of one part of a multipart transfer, a child
	// of the transfer's span; the part's S3 call (UploadPart, GetObject,
	// UploadPartCopy) is its child.
	SpanPart = "transfer.Part"

	// MetricBytes counts the bytes transfers moved on the wire, the bytes
	// of attempts that were retried included (By).
	MetricBytes = "transfer.bytes"
	// MetricParts counts finished parts of multipart transfers ({part});
	// a failed part has the attribute error.type, its own error's (a part
	// canceled because another failed is "context.Canceled").
	MetricParts = "transfer.parts"
	// MetricObjects counts finished object transfers ({object}); a failed
	// one has the attribute error.type.
	MetricObjects = "transfer.objects"
)

// Span attributes: the transfer span has transfer.operation
// ("upload", "download", "copy"), aws.s3.bucket, aws.s3.key and, when it
// ends, transfer.size (bytes, when known; of a ranged download, the
// range's); a part span has aws.s3.part_number. Metric points have
// transfer.operation only, and error.type on failures: never a bucket or
// a key.
const instrumentationScope = "github.com/nimbus-sdk/nimbus/feature/s3/transfer"

// telemetry is a Manager's tracer and instruments, built once per Manager
// (and per call only when the call's options change the providers). A
// Manager with neither provider has none.
type telemetry struct {
	tracer                tracing.Tracer // nil without a TracerProvider
	bytes, parts, objects metrics.Int64Counter
	metered               bool
	err                   error // why the instruments could not be made
}

// resolveProviders fills unset providers of o from the S3 client's
// options, when the client has them.
func resolveProviders(client S3API, o *Options) {
	if o.TracerProvider != nil && o.MeterProvider != nil {
		return
	}
	c, ok := client.(interface{ Options() s3.Options })
	if !ok {
		return
	}
	so := c.Options()
	if o.TracerProvider == nil {
		o.TracerProvider = so.TracerProvider
	}
	if o.MeterProvider == nil {
		o.MeterProvider = so.MeterProvider
	}
}

// newTelemetry returns the telemetry of o's providers, nil when there is
// none.
func newTelemetry(o *Options) *telemetry {
	tr, me := middleware.TracingEnabled(o.TracerProvider), middleware.MetricsEnabled(o.MeterProvider)
	if !tr && !me {
		return nil
	}
	t := &telemetry{}
	if tr {
		t.tracer = o.TracerProvider.Tracer(instrumentationScope)
	}
	if me {
		meter := o.MeterProvider.Meter(instrumentationScope)
		counter := func(name, unit, desc string) metrics.Int64Counter {
			c, err := meter.Int64Counter(name, func(io *metrics.InstrumentOptions) { io.UnitLabel, io.Description = unit, desc })
			if err != nil {
				t.err = errors.Join(t.err, err)
			}
			return c
		}
		t.bytes = counter(MetricBytes, "By", "The bytes transfers moved on the wire, retried attempts included.")
		t.parts = counter(MetricParts, "{part}", "The number of finished parts of multipart transfers.")
		t.objects = counter(MetricObjects, "{object}", "The number of finished object transfers.")
		t.metered = t.err == nil
	}
	return t
}

// telemetryFor returns the telemetry of a call with options o: the
// Manager's unless the call changed a provider.
func (m *Manager) telemetryFor(o *Options) (*telemetry, error) {
	t := m.tel
	if !sameProvider(o.TracerProvider, m.options.TracerProvider) || !sameProvider(o.MeterProvider, m.options.MeterProvider) {
		t = newTelemetry(o)
	}
	if t != nil && t.err != nil {
		return nil, fmt.Errorf("transfer: creating metric instruments: %w", t.err)
	}
	return t, nil
}

// sameProvider reports whether a and b are the same provider value. Values
// of types that cannot be compared count as different.
func sameProvider(a, b any) bool {
	if a == nil || b == nil {
		return a == nil && b == nil
	}
	ta := reflect.TypeOf(a)
	return ta == reflect.TypeOf(b) && ta.Comparable() && a == b
}

// objectSpan is the span of one object's transfer; it ends once.
type objectSpan struct {
	span tracing.Span
	once sync.Once
}

// start starts the object's span under ctx when the transfer is traced,
// and returns the context its S3 calls run in.
func (e *emitter) start(ctx context.Context, name string) context.Context {
	if e.t == nil || e.t.tracer == nil {
		return ctx
	}
	ctx, span := e.t.tracer.StartSpan(ctx, SpanTransferPrefix+name, func(so *tracing.SpanOptions) {
		so.Properties.Set("transfer.operation", string(e.op))
		so.Properties.Set("aws.s3.bucket", e.bucket)
		so.Properties.Set("aws.s3.key", e.key)
	})
	e.span = &objectSpan{span: span}
	return ctx
}

// finish ends the object's span, if it has one that has not ended.
func (e emitter) finish(size int64, err error) {
	if e.span == nil {
		return
	}
	e.span.once.Do(func() {
		s := e.span.span
		if size >= 0 {
			s.SetProperty("transfer.size", size)
		}
		endSpan(s, err)
	})
}

// startPart starts the span of part num under ctx when the transfer is
// traced; endPart ends it.
func (e emitter) startPart(ctx context.Context, num int32) (context.Context, tracing.Span) {
	if e.t == nil || e.t.tracer == nil {
		return ctx, nil
	}
	return e.t.tracer.StartSpan(ctx, SpanPart, func(so *tracing.SpanOptions) {
		so.Properties.Set("aws.s3.part_number", int(num))
	})
}

// endPart records the end of part num: the parts metric, and its span
// when it has one. err is the part's own error (a sibling's failure that
// canceled it is not its cause).
func (e emitter) endPart(span tracing.Span, err error) {
	if e.t == nil {
		return
	}
	if e.t.metered {
		e.t.parts.Add(context.Background(), 1, e.t.attrs(e.op, err))
	}
	if span != nil {
		endSpan(span, err)
	}
}

func endSpan(s tracing.Span, err error) {
	if err != nil {
		s.SetStatus(tracing.SpanStatusError)
		s.SetProperty("error.type", errorType(err))
		s.SetProperty("exception.message", err.Error())
	} else {
		s.SetStatus(tracing.SpanStatusOK)
	}
	s.End()
}

// startBatch starts the span of a batch or directory transfer, whose
// objects' spans are its children, when t traces.
func (t *telemetry) startBatch(ctx context.Context, name string, op Op) (context.Context, tracing.Span) {
	if t == nil || t.tracer == nil {
		return ctx, nil
	}
	return t.tracer.StartSpan(ctx, SpanTransferPrefix+name, func(so *tracing.SpanOptions) {
		so.Properties.Set("transfer.operation", string(op))
	})
}

// endBatch ends a batch's span with its counts; the status is an error
// when an object failed or its outcome is unknown.
func endBatch(span tracing.Span, res *BatchResult) {
	if span == nil {
		return
	}
	span.SetProperty("transfer.objects", res.Succeeded+len(res.Failed)+len(res.OutcomeUnknown))
	span.SetProperty("transfer.failed", len(res.Failed))
	span.SetProperty("transfer.outcome_unknown", len(res.OutcomeUnknown))
	if err := res.err(); err != nil {
		span.SetStatus(tracing.SpanStatusError)
		span.SetProperty("error.type", fmt.Sprintf("%T", err))
	} else {
		span.SetStatus(tracing.SpanStatusOK)
	}
	span.End()
}

// record updates the progress metrics with ev.
func (t *telemetry) record(op Op, ev Event) {
	if !t.metered {
		return
	}
	switch ev.Type {
	case Bytes:
		if ev.Bytes > 0 { // bytes taken back before a retry were sent all the same
			t.bytes.Add(context.Background(), ev.Bytes, t.attrs(op, nil))
		}
	case ObjectDone:
		t.objects.Add(context.Background(), 1, t.attrs(op, ev.Err))
	}
}

// attrs returns the attributes of a metric point of op, failed with err
// when err is not nil.
func (t *telemetry) attrs(op Op, err error) metrics.RecordMetricOption {
	return func(o *metrics.RecordMetricOptions) {
		o.Properties.Set("transfer.operation", string(op))
		if err != nil {
			o.Properties.Set("error.type", errorType(err))
		}
	}
}

// errorType classifies err for a bounded attribute: the service's error
// code, or the Go type of the error under the wrappers that say nothing
// of what failed (fmt.Errorf's, *smithy.OperationError).
func errorType(err error) string {
	var ae smithy.APIError
	switch {
	case errors.As(err, &ae) && ae.ErrorCode() != "":
		return ae.ErrorCode()
	case errors.Is(err, context.Canceled):
		return "context.Canceled"
	case errors.Is(err, context.DeadlineExceeded):
		return "context.DeadlineExceeded"
	}
	for {
		_, op := err.(*smithy.OperationError)
		t := reflect.TypeOf(err)
		if !op && !(t.Kind() == reflect.Pointer && t.Elem().PkgPath() == "fmt") {
			break
		}
		inner := errors.Unwrap(err)
		if inner == nil {
			break
		}
		err = inner
	}
	return fmt.Sprintf("%T", err)
}
