package oteltracing_test

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/aws/smithy-go/tracing"
	"go.opentelemetry.io/otel"
	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/codes"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	"go.opentelemetry.io/otel/sdk/trace/tracetest"
	"go.opentelemetry.io/otel/trace"
	tracenoop "go.opentelemetry.io/otel/trace/noop"

	"github.com/nimbus-sdk/nimbus/feature/otel/oteltracing"
)

// recorder is an OpenTelemetry SDK TracerProvider exporting to memory, and
// its adapted form, as a client would be given it.
type recorder struct {
	otel     *sdktrace.TracerProvider
	exporter *tracetest.InMemoryExporter
	started  *tracetest.SpanRecorder // every span, running or ended
	adapted  tracing.TracerProvider
}

func newRecorder(t *testing.T, opts ...sdktrace.TracerProviderOption) *recorder {
	t.Helper()
	exp := tracetest.NewInMemoryExporter()
	started := tracetest.NewSpanRecorder()
	tp := sdktrace.NewTracerProvider(append([]sdktrace.TracerProviderOption{
		sdktrace.WithSyncer(exp), sdktrace.WithSpanProcessor(started),
		sdktrace.WithSampler(sdktrace.AlwaysSample()),
	}, opts...)...)
	t.Cleanup(func() { _ = tp.Shutdown(context.Background()) })
	return &recorder{otel: tp, exporter: exp, started: started, adapted: oteltracing.Adapt(tp)}
}

// spans returns the ended spans by name; each name must be unique.
func (r *recorder) spans(t *testing.T) map[string]tracetest.SpanStub {
	t.Helper()
	byName := map[string]tracetest.SpanStub{}
	for _, s := range r.exporter.GetSpans() {
		if _, dup := byName[s.Name]; dup {
			t.Fatalf("two spans named %q", s.Name)
		}
		byName[s.Name] = s
	}
	return byName
}

// attempt is what one attempt of a simulated call meets.
type attempt struct {
	status    int
	requestID string
	err       *apiError // nil: success
}

type apiError struct{ code, message string }

func (e *apiError) Error() string { return e.code + ": " + e.message }

// call drives a TracerProvider the way a client's runtime does for one
// operation: it embeds the operation tracer, starts the operation span,
// then one child span per attempt recording the pipeline's steps as
// events, the answer as attributes, and errors as an "exception" event and
// an error status.
func call(ctx context.Context, tp tracing.TracerProvider, service, operation string, attempts []attempt) error {
	tracer := tp.Tracer("github.com/nimbus-sdk/nimbus/services/"+service, func(o *tracing.TracerOptions) {
		o.Properties.Set("nimbus.version", "test")
	})
	ctx = tracing.WithOperationTracer(ctx, tracer)
	ctx, op := tracing.StartSpan(ctx, service+"."+operation, func(o *tracing.SpanOptions) {
		o.Kind = tracing.SpanKindClient
		o.Properties.Set("rpc.system", "aws-api")
		o.Properties.Set("rpc.service", service)
		o.Properties.Set("rpc.method", operation)
	})
	defer op.End()

	var err error
	for i, a := range attempts {
		actx, span := tracing.StartSpan(ctx, fmt.Sprintf("Attempt %d", i+1))
		span.AddEvent("resolve identity")
		span.AddEvent("resolve endpoint", func(o *tracing.EventOptions) {
			o.Properties.Set("server.address", "bucket.s3.us-east-1.amazonaws.com")
		})
		span.AddEvent("sign")
		// Something below the attempt (the HTTP send) nests under it.
		_, send := tracing.StartSpan(actx, fmt.Sprintf("Send %d", i+1))
		send.End()
		span.SetProperty("http.response.status_code", a.status)
		span.SetProperty("aws.request_id", a.requestID)
		err = nil
		if a.err != nil {
			err = a.err
			span.AddEvent("exception", func(o *tracing.EventOptions) {
				o.Properties.Set("exception.type", a.err.code)
				o.Properties.Set("exception.message", a.err.Error())
			})
			span.SetStatus(tracing.SpanStatusError)
		} else {
			span.SetStatus(tracing.SpanStatusOK)
		}
		span.End()
		if err == nil {
			break
		}
	}
	op.SetProperty("aws.retry_count", int64(len(attempts)-1))
	if err != nil {
		op.SetProperty("error.type", err.(*apiError).code)
		op.SetProperty("exception.message", err.Error())
		op.SetStatus(tracing.SpanStatusError)
		return err
	}
	op.SetStatus(tracing.SpanStatusOK)
	return nil
}

func TestCallSpanTree(t *testing.T) {
	r := newRecorder(t)
	ctx, app := r.otel.Tracer("app").Start(context.Background(), "handle request")
	err := call(ctx, r.adapted, "S3", "PutObject", []attempt{
		{status: 503, requestID: "req-1", err: &apiError{"SlowDown", "Please reduce your request rate."}},
		{status: 200, requestID: "req-2"},
	})
	app.End()
	if err != nil {
		t.Fatalf("call: %v", err)
	}

	spans := r.spans(t)
	if got, want := len(spans), 6; got != want {
		t.Fatalf("got %d spans, want %d: %v", got, want, names(spans))
	}
	root, op := spans["handle request"], spans["S3.PutObject"]
	a1, a2 := spans["Attempt 1"], spans["Attempt 2"]
	parents := map[string]tracetest.SpanStub{
		"S3.PutObject": root,
		"Attempt 1":    op,
		"Attempt 2":    op,
		"Send 1":       a1,
		"Send 2":       a2,
	}
	for name, want := range parents {
		s := spans[name]
		if s.Parent.SpanID() != want.SpanContext.SpanID() {
			t.Errorf("%s: parent %s, want %s (%s)", name, s.Parent.SpanID(), want.SpanContext.SpanID(), want.Name)
		}
		if s.SpanContext.TraceID() != root.SpanContext.TraceID() {
			t.Errorf("%s: trace %s, want the application's %s", name, s.SpanContext.TraceID(), root.SpanContext.TraceID())
		}
	}

	if op.SpanKind != trace.SpanKindClient {
		t.Errorf("operation kind = %v; want client", op.SpanKind)
	}
	if a1.SpanKind != trace.SpanKindInternal {
		t.Errorf("attempt kind = %v; want internal", a1.SpanKind)
	}
	wantAttrs(t, op, attribute.String("rpc.system", "aws-api"), attribute.String("rpc.service", "S3"),
		attribute.String("rpc.method", "PutObject"), attribute.Int64("aws.retry_count", 1))
	wantAttrs(t, a1, attribute.Int("http.response.status_code", 503), attribute.String("aws.request_id", "req-1"))
	wantAttrs(t, a2, attribute.Int("http.response.status_code", 200), attribute.String("aws.request_id", "req-2"))
	if got := op.InstrumentationScope.Name; got != "github.com/nimbus-sdk/nimbus/services/S3" {
		t.Errorf("scope = %q", got)
	}
	if v, _ := op.InstrumentationScope.Attributes.Value("nimbus.version"); v.AsString() != "test" {
		t.Errorf("scope attribute nimbus.version = %q; want test", v.Emit())
	}

	wantStatus(t, a1, codes.Error, "SlowDown: Please reduce your request rate.")
	wantStatus(t, a2, codes.Ok, "")
	wantStatus(t, op, codes.Ok, "")

	if got, want := eventNames(a1), "resolve identity,resolve endpoint,sign,exception"; got != want {
		t.Errorf("attempt 1 events = %s; want %s", got, want)
	}
	if got, want := eventNames(a2), "resolve identity,resolve endpoint,sign"; got != want {
		t.Errorf("attempt 2 events = %s; want %s", got, want)
	}
	ev := a1.Events[1]
	if v := attrValue(ev.Attributes, "server.address"); v != "bucket.s3.us-east-1.amazonaws.com" {
		t.Errorf("resolve endpoint event server.address = %q", v)
	}
	ev = a1.Events[3]
	if v := attrValue(ev.Attributes, "exception.type"); v != "SlowDown" {
		t.Errorf("exception event exception.type = %q; want SlowDown", v)
	}
}

func TestCallSpanTreeFailed(t *testing.T) {
	r := newRecorder(t)
	err := call(context.Background(), r.adapted, "DynamoDB", "Query", []attempt{
		{status: 500, requestID: "r1", err: &apiError{"InternalServerError", "try again"}},
		{status: 500, requestID: "r2", err: &apiError{"InternalServerError", "try again"}},
		{status: 400, requestID: "r3", err: &apiError{"ValidationException", "bad key"}},
	})
	if err == nil {
		t.Fatal("call succeeded; want the last attempt's error")
	}
	spans := r.spans(t)
	op := spans["DynamoDB.Query"]
	if op.Parent.IsValid() {
		t.Errorf("operation span has parent %s; want a root", op.Parent.SpanID())
	}
	for i := 1; i <= 3; i++ {
		a := spans[fmt.Sprintf("Attempt %d", i)]
		if a.Parent.SpanID() != op.SpanContext.SpanID() {
			t.Errorf("attempt %d: parent %s; want the operation %s", i, a.Parent.SpanID(), op.SpanContext.SpanID())
		}
	}
	wantStatus(t, spans["Attempt 2"], codes.Error, "InternalServerError: try again")
	wantStatus(t, spans["Attempt 3"], codes.Error, "ValidationException: bad key")
	// The operation's description comes from its exception.message property.
	wantStatus(t, op, codes.Error, "ValidationException: bad key")
	wantAttrs(t, op, attribute.String("error.type", "ValidationException"), attribute.Int64("aws.retry_count", 2))
}

// foreignSpan is a span of another smithy-go tracing implementation.
type foreignSpan struct {
	tracing.Span // nil: only Context is called
	ctx          tracing.SpanContext
}

func (s foreignSpan) Context() tracing.SpanContext { return s.ctx }

func TestParent(t *testing.T) {
	nopSpan := func() tracing.Span {
		_, s := tracing.NopTracerProvider{}.Tracer("").StartSpan(context.Background(), "")
		return s
	}()
	for _, tc := range []struct {
		name string
		// setup returns the context to start "span" from and the name of
		// the span that must be its parent ("" for a root).
		setup func(ctx context.Context, tracer tracing.Tracer, app trace.Tracer) (context.Context, string)
	}{{
		name: "none",
		setup: func(ctx context.Context, _ tracing.Tracer, _ trace.Tracer) (context.Context, string) {
			return ctx, ""
		},
	}, {
		name: "caller's OTel span",
		setup: func(ctx context.Context, _ tracing.Tracer, app trace.Tracer) (context.Context, string) {
			ctx, _ = app.Start(ctx, "app")
			return ctx, "app"
		},
	}, {
		name: "smithy span",
		setup: func(ctx context.Context, tracer tracing.Tracer, _ trace.Tracer) (context.Context, string) {
			ctx, _ = tracer.StartSpan(ctx, "op")
			return ctx, "op"
		},
	}, {
		name: "OTel span inside smithy span",
		setup: func(ctx context.Context, tracer tracing.Tracer, app trace.Tracer) (context.Context, string) {
			ctx, _ = tracer.StartSpan(ctx, "op")
			ctx, _ = app.Start(ctx, "callback")
			return ctx, "callback"
		},
	}, {
		name: "popped span",
		setup: func(ctx context.Context, tracer tracing.Tracer, _ trace.Tracer) (context.Context, string) {
			ctx, _ = tracer.StartSpan(ctx, "op")
			ctx, _ = tracer.StartSpan(ctx, "initialize")
			ctx, s := tracing.PopSpan(ctx)
			s.End()
			return ctx, "op"
		},
	}, {
		name: "every span popped",
		setup: func(ctx context.Context, tracer tracing.Tracer, app trace.Tracer) (context.Context, string) {
			ctx, _ = app.Start(ctx, "app")
			ctx, _ = tracer.StartSpan(ctx, "op")
			ctx, _ = tracer.StartSpan(ctx, "initialize")
			ctx, _ = tracing.PopSpan(ctx)
			ctx, _ = tracing.PopSpan(ctx)
			return ctx, "app"
		},
	}, {
		name: "every span popped, no caller span",
		setup: func(ctx context.Context, tracer tracing.Tracer, _ trace.Tracer) (context.Context, string) {
			ctx, _ = tracer.StartSpan(ctx, "op")
			ctx, _ = tracing.PopSpan(ctx)
			return ctx, ""
		},
	}, {
		name: "smithy span put on a context by hand",
		setup: func(ctx context.Context, tracer tracing.Tracer, app trace.Tracer) (context.Context, string) {
			_, op := tracer.StartSpan(ctx, "op")
			ctx, _ = app.Start(ctx, "app")
			return tracing.WithSpan(ctx, op), "op"
		},
	}, {
		name: "no-op span on top of ours",
		setup: func(ctx context.Context, tracer tracing.Tracer, _ trace.Tracer) (context.Context, string) {
			ctx, _ = tracer.StartSpan(ctx, "op")
			return tracing.WithSpan(ctx, nopSpan), "op"
		},
	}, {
		name: "no-op span, caller's OTel span",
		setup: func(ctx context.Context, _ tracing.Tracer, app trace.Tracer) (context.Context, string) {
			ctx, _ = app.Start(ctx, "app")
			return tracing.WithSpan(ctx, nopSpan), "app"
		},
	}} {
		t.Run(tc.name, func(t *testing.T) {
			r := newRecorder(t)
			tracer := r.adapted.Tracer("test")
			ctx, wantParent := tc.setup(context.Background(), tracer, r.otel.Tracer("app"))
			_, s := tracer.StartSpan(ctx, "span")
			s.End()
			got := stub(t, r, "span")
			if wantParent == "" {
				if got.Parent.IsValid() {
					t.Fatalf("parent = %s; want none", got.Parent.SpanID())
				}
				return
			}
			// The parent may still be running: find it by ID.
			if name := spanName(r, got.Parent.SpanID()); name != wantParent {
				t.Fatalf("parent = %q; want %q", name, wantParent)
			}
		})
	}
}

func TestParentForeign(t *testing.T) {
	r := newRecorder(t)
	want := tracing.SpanContext{TraceID: "0af7651916cd43dd8448eb211c80319c", SpanID: "b7ad6b7169203331", IsRemote: true}
	ctx := tracing.WithSpan(context.Background(), foreignSpan{ctx: want})
	_, s := r.adapted.Tracer("test").StartSpan(ctx, "span")
	s.End()
	got := stub(t, r, "span")
	if got.Parent.TraceID().String() != want.TraceID || got.Parent.SpanID().String() != want.SpanID {
		t.Errorf("parent = %s/%s; want %s/%s", got.Parent.TraceID(), got.Parent.SpanID(), want.TraceID, want.SpanID)
	}
	if !got.Parent.IsRemote() {
		t.Error("parent is not remote; the foreign span said it was")
	}
	if got.SpanContext.TraceID().String() != want.TraceID {
		t.Errorf("trace = %s; want the foreign parent's %s", got.SpanContext.TraceID(), want.TraceID)
	}
}

// spanName finds a span's name by ID, whether it has ended or not.
func spanName(r *recorder, id trace.SpanID) string {
	for _, s := range r.started.Started() {
		if s.SpanContext().SpanID() == id {
			return s.Name()
		}
	}
	return "<unknown " + id.String() + ">"
}

func TestContextCarriesBothSpans(t *testing.T) {
	r := newRecorder(t)
	ctx, s := r.adapted.Tracer("test").StartSpan(context.Background(), "op")
	defer s.End()
	if got, ok := tracing.GetSpan(ctx); !ok || got != s {
		t.Errorf("tracing.GetSpan = %v, %v; want the started span", got, ok)
	}
	sc := trace.SpanFromContext(ctx).SpanContext()
	got := s.Context()
	if got.TraceID != sc.TraceID().String() || got.SpanID != sc.SpanID().String() || got.IsRemote {
		t.Errorf("Context() = %+v; want the OTel span's %s/%s, not remote", got, sc.TraceID(), sc.SpanID())
	}
	if !got.IsValid() {
		t.Error("Context() is not valid")
	}
	if s.Name() != "op" {
		t.Errorf("Name() = %q; want op", s.Name())
	}
}

func TestSpanKind(t *testing.T) {
	for _, tc := range []struct {
		in   tracing.SpanKind
		want trace.SpanKind
	}{
		{tracing.SpanKindInternal, trace.SpanKindInternal},
		{tracing.SpanKindClient, trace.SpanKindClient},
		{tracing.SpanKindServer, trace.SpanKindServer},
		{tracing.SpanKindProducer, trace.SpanKindProducer},
		{tracing.SpanKindConsumer, trace.SpanKindConsumer},
		{tracing.SpanKind(99), trace.SpanKindInternal},
	} {
		t.Run(tc.want.String(), func(t *testing.T) {
			r := newRecorder(t)
			_, s := r.adapted.Tracer("test").StartSpan(context.Background(), "span", func(o *tracing.SpanOptions) {
				o.Kind = tc.in
			})
			s.End()
			if got := stub(t, r, "span").SpanKind; got != tc.want {
				t.Errorf("kind %d: got %v; want %v", tc.in, got, tc.want)
			}
		})
	}
}

func TestStatus(t *testing.T) {
	for _, tc := range []struct {
		name     string
		do       func(s tracing.Span)
		want     codes.Code
		wantDesc string
	}{
		{"unset", func(s tracing.Span) {}, codes.Unset, ""},
		{"explicit unset", func(s tracing.Span) { s.SetStatus(tracing.SpanStatusUnset) }, codes.Unset, ""},
		{"ok", func(s tracing.Span) { s.SetStatus(tracing.SpanStatusOK) }, codes.Ok, ""},
		{"error without message", func(s tracing.Span) { s.SetStatus(tracing.SpanStatusError) }, codes.Error, ""},
		{"error, message from property", func(s tracing.Span) {
			s.SetProperty("exception.message", "access denied")
			s.SetStatus(tracing.SpanStatusError)
		}, codes.Error, "access denied"},
		{"error, message from exception event", func(s tracing.Span) {
			s.AddEvent("exception", func(o *tracing.EventOptions) {
				o.Properties.Set("exception.message", "connection reset")
			})
			s.SetStatus(tracing.SpanStatusError)
		}, codes.Error, "connection reset"},
		{"error, last message wins", func(s tracing.Span) {
			s.SetProperty("exception.message", "first")
			s.AddEvent("exception", func(o *tracing.EventOptions) {
				o.Properties.Set("exception.message", "second")
			})
			s.SetStatus(tracing.SpanStatusError)
		}, codes.Error, "second"},
		{"error, message after the status", func(s tracing.Span) {
			s.SetStatus(tracing.SpanStatusError)
			s.SetProperty("exception.message", "SlowDown: reduce your request rate")
		}, codes.Error, "SlowDown: reduce your request rate"},
		{"error, message before and after the status", func(s tracing.Span) {
			s.SetProperty("exception.message", "first")
			s.SetStatus(tracing.SpanStatusError)
			s.AddEvent("exception", func(o *tracing.EventOptions) {
				o.Properties.Set("exception.message", "second")
			})
		}, codes.Error, "second"},
		{"ok is final, message after", func(s tracing.Span) {
			s.SetStatus(tracing.SpanStatusOK)
			s.SetProperty("exception.message", "ignored")
		}, codes.Ok, ""},
		{"other events' messages are not errors", func(s tracing.Span) {
			s.AddEvent("retry", func(o *tracing.EventOptions) {
				o.Properties.Set("exception.message", "not this")
			})
			s.SetStatus(tracing.SpanStatusError)
		}, codes.Error, ""},
		{"error message from an error value", func(s tracing.Span) {
			s.SetProperty("exception.message", errors.New("EOF while reading body"))
			s.SetStatus(tracing.SpanStatusError)
		}, codes.Error, "EOF while reading body"},
		{"ok is final", func(s tracing.Span) {
			s.SetStatus(tracing.SpanStatusOK)
			s.SetStatus(tracing.SpanStatusError)
		}, codes.Ok, ""},
		{"error then ok", func(s tracing.Span) {
			s.SetStatus(tracing.SpanStatusError)
			s.SetStatus(tracing.SpanStatusOK)
		}, codes.Ok, ""},
		{"invalid status is ignored", func(s tracing.Span) { s.SetStatus(tracing.SpanStatus(42)) }, codes.Unset, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := newRecorder(t)
			_, s := r.adapted.Tracer("test").StartSpan(context.Background(), "span")
			tc.do(s)
			s.End()
			wantStatus(t, stub(t, r, "span"), tc.want, tc.wantDesc)
		})
	}
}

func TestErrorMessageAtStart(t *testing.T) {
	r := newRecorder(t)
	_, s := r.adapted.Tracer("test").StartSpan(context.Background(), "span", func(o *tracing.SpanOptions) {
		o.Properties.Set("exception.message", "known at start")
	})
	s.SetStatus(tracing.SpanStatusError)
	s.End()
	wantStatus(t, stub(t, r, "span"), codes.Error, "known at start")
}

type stringerKey struct{}

func (stringerKey) String() string { return "app.key" }

type plainKey struct{ n int }

type storageClass string

type retries uint16

type stringerValue struct{}

func (stringerValue) String() string { return "stringer" }

type ptrStringer struct{ s string }

func (p *ptrStringer) String() string { return p.s }

type opaque struct {
	A int
	B string
}

func TestAttributes(t *testing.T) {
	for _, tc := range []struct {
		name string
		k, v any
		want attribute.KeyValue // zero: no attribute
	}{
		{"string", "k", "v", attribute.String("k", "v")},
		{"bool", "k", true, attribute.Bool("k", true)},
		{"int", "k", 7, attribute.Int("k", 7)},
		{"int64", "k", int64(-7), attribute.Int64("k", -7)},
		{"int32", "k", int32(-32), attribute.Int64("k", -32)},
		{"int16", "k", int16(-16), attribute.Int64("k", -16)},
		{"int8", "k", int8(-8), attribute.Int64("k", -8)},
		{"uint", "k", uint(8), attribute.Int64("k", 8)},
		{"uint64", "k", uint64(1 << 40), attribute.Int64("k", 1<<40)},
		{"uint64 above MaxInt64", "k", uint64(1<<64 - 1), attribute.String("k", "18446744073709551615")},
		{"uint32", "k", uint32(1 << 31), attribute.Int64("k", 1<<31)},
		{"uint16", "k", uint16(16), attribute.Int64("k", 16)},
		{"uint8", "k", uint8(255), attribute.Int64("k", 255)},
		{"float64", "k", 1.5, attribute.Float64("k", 1.5)},
		{"float32", "k", float32(0.25), attribute.Float64("k", 0.25)},
		{"[]string", "k", []string{"a", "b"}, attribute.StringSlice("k", []string{"a", "b"})},
		{"[]bool", "k", []bool{true, false}, attribute.BoolSlice("k", []bool{true, false})},
		{"[]int", "k", []int{1, 2}, attribute.IntSlice("k", []int{1, 2})},
		{"[]int64", "k", []int64{3, 4}, attribute.Int64Slice("k", []int64{3, 4})},
		{"[]float64", "k", []float64{0.5}, attribute.Float64Slice("k", []float64{0.5})},
		{"[]byte", "k", []byte("hi"), attribute.ByteSlice("k", []byte("hi"))},
		{"enum type", "k", storageClass("GLACIER"), attribute.String("k", "GLACIER")},
		{"named unsigned", "k", retries(3), attribute.Int64("k", 3)},
		{"stringer", "k", stringerValue{}, attribute.String("k", "stringer")},
		{"duration", "k", 1500 * time.Millisecond, attribute.String("k", "1.5s")},
		{"pointer stringer", "k", &ptrStringer{"p"}, attribute.String("k", "p")},
		{"error", "k", errors.New("boom"), attribute.String("k", "boom")},
		{"other", "k", opaque{1, "x"}, attribute.String("k", "{1 x}")},
		{"nil", "k", nil, attribute.KeyValue{}},
		{"nil pointer stringer", "k", (*ptrStringer)(nil), attribute.KeyValue{}},
		{"stringer key", stringerKey{}, "v", attribute.String("app.key", "v")},
		{"named string key", storageClass("class"), "v", attribute.String("class", "v")},
		{"other key", plainKey{1}, "v", attribute.String("oteltracing_test.plainKey{n:1}", "v")},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := newRecorder(t)
			_, s := r.adapted.Tracer("test").StartSpan(context.Background(), "span", func(o *tracing.SpanOptions) {
				o.Properties.Set("start."+fmt.Sprint(tc.name), tc.v)
			})
			s.SetProperty(tc.k, tc.v)
			s.AddEvent("event", func(o *tracing.EventOptions) { o.Properties.Set(tc.k, tc.v) })
			s.End()
			got := stub(t, r, "span")
			var set, atStart []attribute.KeyValue
			for _, kv := range got.Attributes {
				if kv.Key == attribute.Key("start."+tc.name) {
					atStart = append(atStart, kv)
				} else {
					set = append(set, kv)
				}
			}
			evAttrs := got.Events[0].Attributes
			if tc.want == (attribute.KeyValue{}) {
				if len(set) != 0 || len(atStart) != 0 || len(evAttrs) != 0 {
					t.Errorf("got attributes %v, at start %v, on the event %v; want none", set, atStart, evAttrs)
				}
				return
			}
			if len(set) != 1 || !equalKV(set[0], tc.want) {
				t.Errorf("SetProperty(%#v, %#v): got %v; want %v", tc.k, tc.v, set, tc.want)
			}
			if len(evAttrs) != 1 || !equalKV(evAttrs[0], tc.want) {
				t.Errorf("event property (%#v, %#v): got %v; want %v", tc.k, tc.v, evAttrs, tc.want)
			}
			if len(atStart) != 1 || atStart[0].Value.Emit() != tc.want.Value.Emit() || atStart[0].Value.Type() != tc.want.Value.Type() {
				t.Errorf("start property %#v: got %v; want value %v", tc.v, atStart, tc.want.Value.Emit())
			}
		})
	}
}

// TestAttributesAtStart checks a sampler sees the start properties.
func TestAttributesAtStart(t *testing.T) {
	var seen []attribute.KeyValue
	r := newRecorder(t, sdktrace.WithSampler(samplerFunc(func(p sdktrace.SamplingParameters) sdktrace.SamplingResult {
		seen = append(seen, p.Attributes...)
		return sdktrace.SamplingResult{Decision: sdktrace.RecordAndSample}
	})))
	_, s := r.adapted.Tracer("test").StartSpan(context.Background(), "span", func(o *tracing.SpanOptions) {
		o.Properties.Set("rpc.service", "S3")
	})
	s.End()
	if len(seen) != 1 || !equalKV(seen[0], attribute.String("rpc.service", "S3")) {
		t.Errorf("sampler saw %v; want rpc.service=S3", seen)
	}
}

type samplerFunc func(sdktrace.SamplingParameters) sdktrace.SamplingResult

func (f samplerFunc) ShouldSample(p sdktrace.SamplingParameters) sdktrace.SamplingResult { return f(p) }
func (samplerFunc) Description() string                                                  { return "test" }

func TestNotSampled(t *testing.T) {
	r := newRecorder(t, sdktrace.WithSampler(sdktrace.NeverSample()))
	ctx, op := r.adapted.Tracer("test").StartSpan(context.Background(), "op")
	_, a := tracing.StartSpan(tracing.WithOperationTracer(ctx, r.adapted.Tracer("test")), "attempt")
	a.SetProperty("k", "v")
	a.AddEvent("e", func(o *tracing.EventOptions) { o.Properties.Set("k", "v") })
	a.SetStatus(tracing.SpanStatusError)
	a.End()
	op.End()
	if got := r.exporter.GetSpans(); len(got) != 0 {
		t.Errorf("exported %d spans; want none", len(got))
	}
	// The trace is still identified, so logs can name it.
	if c := op.Context(); !c.IsValid() {
		t.Errorf("Context() = %+v; want valid IDs", c)
	}
	if a.Context().TraceID != op.Context().TraceID {
		t.Errorf("attempt trace %s; want the operation's %s", a.Context().TraceID, op.Context().TraceID)
	}
}

func TestNotSampledAllocations(t *testing.T) {
	r := newRecorder(t, sdktrace.WithSampler(sdktrace.NeverSample()))
	_, s := r.adapted.Tracer("test").StartSpan(context.Background(), "op")
	defer s.End()
	allocs := testing.AllocsPerRun(100, func() {
		s.SetProperty("aws.request_id", "req")
		s.SetProperty("http.response.status_code", 200)
		s.AddEvent("sign")
	})
	if allocs != 0 {
		t.Errorf("%v allocations per attribute and event on a span not sampled; want 0", allocs)
	}
}

func TestNoopProvider(t *testing.T) {
	// No-op spans are not comparable with ==; nesting must still work.
	tp := oteltracing.Adapt(tracenoop.NewTracerProvider())
	tracer := tp.Tracer("test")
	ctx, op := tracer.StartSpan(context.Background(), "op")
	ctx2, a := tracer.StartSpan(ctx, "attempt")
	_, inner := tracer.StartSpan(ctx2, "inner")
	ctx2, _ = tracing.PopSpan(ctx2)
	_, after := tracer.StartSpan(ctx2, "after")
	for _, s := range []tracing.Span{after, inner, a, op} {
		s.SetProperty("k", 1)
		s.SetStatus(tracing.SpanStatusOK)
		s.End()
	}
	if got, _ := tracing.GetSpan(ctx); got != op {
		t.Errorf("GetSpan = %v; want the operation span", got)
	}
	// smithy-go's IsValid only checks for IDs: a no-op span must have none.
	if c := op.Context(); c.IsValid() {
		t.Errorf("no-op span Context() = %+v; want no IDs", c)
	}
}

func TestAdaptNilUsesGlobal(t *testing.T) {
	// Registered after Adapt, still found.
	tp := oteltracing.Adapt(nil)
	r := newRecorder(t)
	prev := otel.GetTracerProvider()
	otel.SetTracerProvider(r.otel)
	t.Cleanup(func() { otel.SetTracerProvider(prev) })

	_, s := tp.Tracer("test").StartSpan(context.Background(), "span")
	s.End()
	stub(t, r, "span")
}

func TestConcurrentAttempts(t *testing.T) {
	r := newRecorder(t)
	tracer := r.adapted.Tracer("test")
	ctx, op := tracer.StartSpan(context.Background(), "op", func(o *tracing.SpanOptions) {
		o.Kind = tracing.SpanKindClient
	})
	const n = 8
	var wg sync.WaitGroup
	for i := range n {
		wg.Go(func() {
			_, s := tracer.StartSpan(ctx, fmt.Sprintf("part %d", i))
			s.SetProperty("part", i)
			op.SetProperty(fmt.Sprintf("seen.%d", i), true)
			op.AddEvent("part done")
			s.SetProperty("exception.message", "x")
			s.SetStatus(tracing.SpanStatusError)
			s.End()
		})
	}
	wg.Wait()
	op.End()
	spans := r.spans(t)
	opID := spans["op"].SpanContext.SpanID()
	for i := range n {
		s := spans[fmt.Sprintf("part %d", i)]
		if s.Parent.SpanID() != opID {
			t.Errorf("part %d: parent %s; want op %s", i, s.Parent.SpanID(), opID)
		}
		if v := attrValue(s.Attributes, "part"); v != fmt.Sprint(i) {
			t.Errorf("part %d: attribute part = %q", i, v)
		}
	}
	if got := len(spans["op"].Events); got != n {
		t.Errorf("op has %d events; want %d", got, n)
	}
}

// stub returns the one ended span called name.
func stub(t *testing.T, r *recorder, name string) tracetest.SpanStub {
	t.Helper()
	s, ok := r.spans(t)[name]
	if !ok {
		t.Fatalf("no span %q among %v", name, names(r.spans(t)))
	}
	return s
}

func names(spans map[string]tracetest.SpanStub) []string {
	var out []string
	for n := range spans {
		out = append(out, n)
	}
	return out
}

func eventNames(s tracetest.SpanStub) string {
	var out string
	for i, e := range s.Events {
		if i > 0 {
			out += ","
		}
		out += e.Name
	}
	return out
}

func attrValue(kvs []attribute.KeyValue, key string) string {
	for _, kv := range kvs {
		if string(kv.Key) == key {
			return kv.Value.Emit()
		}
	}
	return ""
}

func wantAttrs(t *testing.T, s tracetest.SpanStub, want ...attribute.KeyValue) {
	t.Helper()
	for _, w := range want {
		found := false
		for _, kv := range s.Attributes {
			if kv.Key == w.Key {
				found = true
				if !equalKV(kv, w) {
					t.Errorf("%s: attribute %s = %s (%s); want %s (%s)", s.Name, kv.Key, kv.Value.Emit(), kv.Value.Type(), w.Value.Emit(), w.Value.Type())
				}
			}
		}
		if !found {
			t.Errorf("%s: no attribute %s", s.Name, w.Key)
		}
	}
}

func wantStatus(t *testing.T, s tracetest.SpanStub, code codes.Code, desc string) {
	t.Helper()
	if s.Status.Code != code || s.Status.Description != desc {
		t.Errorf("%s: status %v %q; want %v %q", s.Name, s.Status.Code, s.Status.Description, code, desc)
	}
}

func equalKV(a, b attribute.KeyValue) bool {
	return a.Key == b.Key && a.Value.Type() == b.Value.Type() && a.Value.Emit() == b.Value.Emit()
}
