package otelmetrics_test

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/aws/smithy-go/metrics"
	"go.opentelemetry.io/otel"
	"go.opentelemetry.io/otel/attribute"
	sdkmetric "go.opentelemetry.io/otel/sdk/metric"
	"go.opentelemetry.io/otel/sdk/metric/metricdata"

	"github.com/nimbus-sdk/nimbus/feature/otel/otelmetrics"
)

// reader is an OpenTelemetry SDK MeterProvider read on demand, and its
// adapted form, as a client would be given it.
type reader struct {
	manual  *sdkmetric.ManualReader
	otel    *sdkmetric.MeterProvider
	adapted metrics.MeterProvider
}

func newReader(t *testing.T, opts ...sdkmetric.Option) *reader {
	t.Helper()
	manual := sdkmetric.NewManualReader()
	mp := sdkmetric.NewMeterProvider(append([]sdkmetric.Option{sdkmetric.WithReader(manual)}, opts...)...)
	t.Cleanup(func() { _ = mp.Shutdown(context.Background()) })
	return &reader{manual: manual, otel: mp, adapted: otelmetrics.Adapt(mp)}
}

// collect reads every metric, by name.
func (r *reader) collect(t *testing.T) map[string]metricdata.Metrics {
	t.Helper()
	var rm metricdata.ResourceMetrics
	if err := r.manual.Collect(context.Background(), &rm); err != nil {
		t.Fatalf("Collect: %v", err)
	}
	byName := map[string]metricdata.Metrics{}
	for _, sm := range rm.ScopeMetrics {
		for _, m := range sm.Metrics {
			byName[m.Name] = m
		}
	}
	return byName
}

// scopes reads the instrumentation scopes metrics were recorded under.
func (r *reader) scopes(t *testing.T) []metricdata.ScopeMetrics {
	t.Helper()
	var rm metricdata.ResourceMetrics
	if err := r.manual.Collect(context.Background(), &rm); err != nil {
		t.Fatalf("Collect: %v", err)
	}
	return rm.ScopeMetrics
}

// instruments are those a client's runtime creates, with aws-sdk-go-v2's
// names and units.
type instruments struct {
	duration        metrics.Float64Histogram
	attemptDuration metrics.Float64Histogram
	attempts        metrics.Int64Counter
	errors          metrics.Int64Counter
	inFlight        metrics.Int64UpDownCounter
}

func newInstruments(t *testing.T, mp metrics.MeterProvider) *instruments {
	t.Helper()
	m := mp.Meter("github.com/nimbus-sdk/nimbus/services/s3", func(o *metrics.MeterOptions) {
		o.Properties.Set("nimbus.version", "test")
	})
	var in instruments
	var errs []error
	var err error
	in.duration, err = m.Float64Histogram("client.call.duration", withUnit("s", "Overall call duration (including retries and time to send or receive request and response body)"))
	errs = append(errs, err)
	in.attemptDuration, err = m.Float64Histogram("client.call.attempt_duration", withUnit("s", "The time it takes to connect to the service, send the request, and get back HTTP status code and headers (including time queued waiting to be sent)"))
	errs = append(errs, err)
	in.attempts, err = m.Int64Counter("client.call.attempts", withUnit("{attempt}", "The number of attempts for an individual operation"))
	errs = append(errs, err)
	in.errors, err = m.Int64Counter("client.call.errors", withUnit("{error}", "The number of errors for an operation"))
	errs = append(errs, err)
	in.inFlight, err = m.Int64UpDownCounter("client.call.in_flight", withUnit("{call}", "Calls in progress"))
	errs = append(errs, err)
	if err := errors.Join(errs...); err != nil {
		t.Fatal(err)
	}
	return &in
}

func withUnit(unit, desc string) metrics.InstrumentOption {
	return func(o *metrics.InstrumentOptions) {
		o.UnitLabel = unit
		o.Description = desc
	}
}

func props(kv ...string) metrics.RecordMetricOption {
	return func(o *metrics.RecordMetricOptions) {
		for i := 0; i < len(kv); i += 2 {
			o.Properties.Set(kv[i], kv[i+1])
		}
	}
}

// call records what a client's runtime records for one operation whose
// attempts fail with the given error codes ("" for success) and take the
// given seconds.
func (in *instruments) call(ctx context.Context, operation string, codes []string, seconds []float64) {
	op := props("rpc.system", "aws-api", "rpc.service", "S3", "rpc.method", operation)
	in.inFlight.Add(ctx, 1, op)
	var total float64
	for i, code := range codes {
		in.attempts.Add(ctx, 1, op)
		in.attemptDuration.Record(ctx, seconds[i], op)
		total += seconds[i]
		if code != "" {
			in.errors.Add(ctx, 1, op, props("exception.type", code))
		}
	}
	in.duration.Record(ctx, total, op)
	in.inFlight.Add(ctx, -1, op)
}

func TestCallMetrics(t *testing.T) {
	r := newReader(t)
	in := newInstruments(t, r.adapted)
	ctx := context.Background()
	in.call(ctx, "PutObject", []string{"SlowDown", ""}, []float64{0.02, 0.3})
	in.call(ctx, "GetObject", []string{""}, []float64{0.004})
	in.call(ctx, "GetObject", []string{"InternalError", "InternalError", "InternalError"}, []float64{1, 2, 3})

	got := r.collect(t)
	put := attribute.NewSet(attribute.String("rpc.system", "aws-api"), attribute.String("rpc.service", "S3"), attribute.String("rpc.method", "PutObject"))
	get := attribute.NewSet(attribute.String("rpc.system", "aws-api"), attribute.String("rpc.service", "S3"), attribute.String("rpc.method", "GetObject"))
	with := func(s attribute.Set, kv ...attribute.KeyValue) attribute.Set {
		return attribute.NewSet(append(s.ToSlice(), kv...)...)
	}

	attempts := sum[int64](t, got, "client.call.attempts", "{attempt}", true)
	wantPoints(t, "client.call.attempts", attempts.DataPoints, map[attribute.Set]int64{put: 2, get: 4})

	errs := sum[int64](t, got, "client.call.errors", "{error}", true)
	wantPoints(t, "client.call.errors", errs.DataPoints, map[attribute.Set]int64{
		with(put, attribute.String("exception.type", "SlowDown")):      1,
		with(get, attribute.String("exception.type", "InternalError")): 3,
	})

	inFlight := sum[int64](t, got, "client.call.in_flight", "{call}", false)
	wantPoints(t, "client.call.in_flight", inFlight.DataPoints, map[attribute.Set]int64{put: 0, get: 0})

	dur := histogram(t, got, "client.call.duration", "s")
	wantHistogram(t, "client.call.duration", dur, map[attribute.Set]histPoint{
		put: {count: 1, sum: 0.32},
		get: {count: 2, sum: 6.004},
	})
	attemptDur := histogram(t, got, "client.call.attempt_duration", "s")
	wantHistogram(t, "client.call.attempt_duration", attemptDur, map[attribute.Set]histPoint{
		put: {count: 2, sum: 0.32},
		get: {count: 4, sum: 6.004},
	})
	// 0.004 s falls in the first bucket (<= 5 ms), 0.3 s in (0.25, 0.5].
	for _, dp := range dur.DataPoints {
		if dp.Attributes.Equals(&get) && dp.BucketCounts[0] != 1 {
			t.Errorf("GetObject duration buckets %v; want 1 call <= 5 ms", dp.BucketCounts)
		}
	}
	if d := got["client.call.attempts"].Description; d != "The number of attempts for an individual operation" {
		t.Errorf("description = %q", d)
	}

	scopes := r.scopes(t)
	if len(scopes) != 1 || scopes[0].Scope.Name != "github.com/nimbus-sdk/nimbus/services/s3" {
		t.Fatalf("scopes = %+v; want one, the S3 client's", scopes)
	}
	if v, _ := scopes[0].Scope.Attributes.Value("nimbus.version"); v.AsString() != "test" {
		t.Errorf("scope attribute nimbus.version = %q; want test", v.Emit())
	}
}

func TestInstruments(t *testing.T) {
	type check func(t *testing.T, m metricdata.Metrics)
	isSum := func(monotonic bool, want float64) check {
		return func(t *testing.T, m metricdata.Metrics) {
			switch d := m.Data.(type) {
			case metricdata.Sum[int64]:
				if d.IsMonotonic != monotonic || len(d.DataPoints) != 1 || float64(d.DataPoints[0].Value) != want {
					t.Errorf("got %+v; want one point %v, monotonic %v", d, want, monotonic)
				}
			case metricdata.Sum[float64]:
				if d.IsMonotonic != monotonic || len(d.DataPoints) != 1 || d.DataPoints[0].Value != want {
					t.Errorf("got %+v; want one point %v, monotonic %v", d, want, monotonic)
				}
			default:
				t.Errorf("aggregation %T; want a sum", m.Data)
			}
		}
	}
	isGauge := func(want float64) check {
		return func(t *testing.T, m metricdata.Metrics) {
			switch d := m.Data.(type) {
			case metricdata.Gauge[int64]:
				if len(d.DataPoints) != 1 || float64(d.DataPoints[0].Value) != want {
					t.Errorf("got %+v; want one point %v", d, want)
				}
			case metricdata.Gauge[float64]:
				if len(d.DataPoints) != 1 || d.DataPoints[0].Value != want {
					t.Errorf("got %+v; want one point %v", d, want)
				}
			default:
				t.Errorf("aggregation %T; want a gauge", m.Data)
			}
		}
	}
	isHistogram := func(count uint64, sum float64) check {
		return func(t *testing.T, m metricdata.Metrics) {
			switch d := m.Data.(type) {
			case metricdata.Histogram[int64]:
				if len(d.DataPoints) != 1 || d.DataPoints[0].Count != count || float64(d.DataPoints[0].Sum) != sum {
					t.Errorf("got %+v; want one point, count %d, sum %v", d, count, sum)
				}
			case metricdata.Histogram[float64]:
				if len(d.DataPoints) != 1 || d.DataPoints[0].Count != count || d.DataPoints[0].Sum != sum {
					t.Errorf("got %+v; want one point, count %d, sum %v", d, count, sum)
				}
			default:
				t.Errorf("aggregation %T; want a histogram", m.Data)
			}
		}
	}
	ctx := context.Background()
	opt := props("k", "v")
	i64cb := func(v int64) metrics.Int64Callback {
		return func(ctx context.Context, o metrics.Int64Observer) { o.Observe(ctx, v, opt) }
	}
	f64cb := func(v float64) metrics.Float64Callback {
		return func(ctx context.Context, o metrics.Float64Observer) { o.Observe(ctx, v, opt) }
	}
	unit := withUnit("By", "bytes")
	for _, tc := range []struct {
		name   string
		create func(m metrics.Meter, name string) error
		check  check
	}{
		{"Int64Counter", func(m metrics.Meter, name string) error {
			i, err := m.Int64Counter(name, unit)
			if err == nil {
				i.Add(ctx, 2, opt)
				i.Add(ctx, 3, opt)
			}
			return err
		}, isSum(true, 5)},
		{"Int64UpDownCounter", func(m metrics.Meter, name string) error {
			i, err := m.Int64UpDownCounter(name, unit)
			if err == nil {
				i.Add(ctx, 2, opt)
				i.Add(ctx, -5, opt)
			}
			return err
		}, isSum(false, -3)},
		{"Int64Gauge", func(m metrics.Meter, name string) error {
			i, err := m.Int64Gauge(name, unit)
			if err == nil {
				i.Sample(ctx, 9, opt)
				i.Sample(ctx, 4, opt)
			}
			return err
		}, isGauge(4)},
		{"Int64Histogram", func(m metrics.Meter, name string) error {
			i, err := m.Int64Histogram(name, unit)
			if err == nil {
				i.Record(ctx, 10, opt)
				i.Record(ctx, 20, opt)
			}
			return err
		}, isHistogram(2, 30)},
		{"Int64AsyncCounter", func(m metrics.Meter, name string) error {
			_, err := m.Int64AsyncCounter(name, i64cb(7), unit)
			return err
		}, isSum(true, 7)},
		{"Int64AsyncUpDownCounter", func(m metrics.Meter, name string) error {
			_, err := m.Int64AsyncUpDownCounter(name, i64cb(-7), unit)
			return err
		}, isSum(false, -7)},
		{"Int64AsyncGauge", func(m metrics.Meter, name string) error {
			_, err := m.Int64AsyncGauge(name, i64cb(8), unit)
			return err
		}, isGauge(8)},
		{"Float64Counter", func(m metrics.Meter, name string) error {
			i, err := m.Float64Counter(name, unit)
			if err == nil {
				i.Add(ctx, 0.5, opt)
				i.Add(ctx, 0.25, opt)
			}
			return err
		}, isSum(true, 0.75)},
		{"Float64UpDownCounter", func(m metrics.Meter, name string) error {
			i, err := m.Float64UpDownCounter(name, unit)
			if err == nil {
				i.Add(ctx, 0.5, opt)
				i.Add(ctx, -1.5, opt)
			}
			return err
		}, isSum(false, -1)},
		{"Float64Gauge", func(m metrics.Meter, name string) error {
			i, err := m.Float64Gauge(name, unit)
			if err == nil {
				i.Sample(ctx, 0.5, opt)
				i.Sample(ctx, 2.5, opt)
			}
			return err
		}, isGauge(2.5)},
		{"Float64Histogram", func(m metrics.Meter, name string) error {
			i, err := m.Float64Histogram(name, unit)
			if err == nil {
				i.Record(ctx, 1.5, opt)
				i.Record(ctx, 2.5, opt)
			}
			return err
		}, isHistogram(2, 4)},
		{"Float64AsyncCounter", func(m metrics.Meter, name string) error {
			_, err := m.Float64AsyncCounter(name, f64cb(1.5), unit)
			return err
		}, isSum(true, 1.5)},
		{"Float64AsyncUpDownCounter", func(m metrics.Meter, name string) error {
			_, err := m.Float64AsyncUpDownCounter(name, f64cb(-1.5), unit)
			return err
		}, isSum(false, -1.5)},
		{"Float64AsyncGauge", func(m metrics.Meter, name string) error {
			_, err := m.Float64AsyncGauge(name, f64cb(0.125), unit)
			return err
		}, isGauge(0.125)},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := newReader(t)
			name := "test." + strings.ToLower(tc.name)
			if err := tc.create(r.adapted.Meter("test"), name); err != nil {
				t.Fatalf("create: %v", err)
			}
			got, ok := r.collect(t)[name]
			if !ok {
				t.Fatalf("no metric %q", name)
			}
			if got.Unit != "By" || got.Description != "bytes" {
				t.Errorf("unit, description = %q, %q; want By, bytes", got.Unit, got.Description)
			}
			tc.check(t, got)
			for _, attrs := range pointAttributes(got.Data) {
				if v, _ := attrs.Value("k"); attrs.Len() != 1 || v.AsString() != "v" {
					t.Errorf("point attributes %v; want k=v", attrs.ToSlice())
				}
			}
		})
	}
}

func pointAttributes(data metricdata.Aggregation) []attribute.Set {
	var out []attribute.Set
	switch d := data.(type) {
	case metricdata.Sum[int64]:
		for _, p := range d.DataPoints {
			out = append(out, p.Attributes)
		}
	case metricdata.Sum[float64]:
		for _, p := range d.DataPoints {
			out = append(out, p.Attributes)
		}
	case metricdata.Gauge[int64]:
		for _, p := range d.DataPoints {
			out = append(out, p.Attributes)
		}
	case metricdata.Gauge[float64]:
		for _, p := range d.DataPoints {
			out = append(out, p.Attributes)
		}
	case metricdata.Histogram[int64]:
		for _, p := range d.DataPoints {
			out = append(out, p.Attributes)
		}
	case metricdata.Histogram[float64]:
		for _, p := range d.DataPoints {
			out = append(out, p.Attributes)
		}
	}
	return out
}

func TestAsyncStop(t *testing.T) {
	r := newReader(t)
	m := r.adapted.Meter("test")
	var calls int
	var mu sync.Mutex
	inst, err := m.Int64AsyncGauge("test.pool.idle", func(ctx context.Context, o metrics.Int64Observer) {
		mu.Lock()
		calls++
		n := calls
		mu.Unlock()
		o.Observe(ctx, int64(n*10))
	})
	if err != nil {
		t.Fatal(err)
	}
	for want := 1; want <= 2; want++ {
		got := r.collect(t)["test.pool.idle"].Data.(metricdata.Gauge[int64])
		if calls != want || len(got.DataPoints) != 1 || got.DataPoints[0].Value != int64(want*10) {
			t.Fatalf("collection %d: %d callbacks, points %+v; want %d and value %d", want, calls, got.DataPoints, want, want*10)
		}
		if got.DataPoints[0].Attributes.Len() != 0 {
			t.Errorf("attributes %v; want none", got.DataPoints[0].Attributes.ToSlice())
		}
	}
	inst.Stop()
	inst.Stop() // idempotent
	if got, ok := r.collect(t)["test.pool.idle"]; ok && len(pointAttributes(got.Data)) != 0 {
		t.Errorf("after Stop: %+v; want no points", got.Data)
	}
	if calls != 2 {
		t.Errorf("callback ran %d times; want 2 (not after Stop)", calls)
	}
}

func TestHistogramBuckets(t *testing.T) {
	semconv := []float64{0.005, 0.01, 0.025, 0.05, 0.075, 0.1, 0.25, 0.5, 0.75, 1, 2.5, 5, 7.5, 10}
	sdkDefault := []float64{0, 5, 10, 25, 50, 75, 100, 250, 500, 750, 1000, 2500, 5000, 7500, 10000}
	view := sdkmetric.NewView(sdkmetric.Instrument{Name: "test.viewed"}, sdkmetric.Stream{
		Aggregation: sdkmetric.AggregationExplicitBucketHistogram{Boundaries: []float64{1, 2}},
	})
	for _, tc := range []struct {
		name, unit string
		want       []float64
	}{
		{"test.seconds", "s", semconv},
		{"test.millis", "ms", sdkDefault},
		{"test.bytes", "By", sdkDefault},
		{"test.unitless", "", sdkDefault},
		{"test.viewed", "s", []float64{1, 2}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := newReader(t, sdkmetric.WithView(view))
			h, err := r.adapted.Meter("test").Float64Histogram(tc.name, withUnit(tc.unit, ""))
			if err != nil {
				t.Fatal(err)
			}
			h.Record(context.Background(), 0.2)
			got := histogram(t, r.collect(t), tc.name, tc.unit)
			if len(got.DataPoints) != 1 || !slices.Equal(got.DataPoints[0].Bounds, tc.want) {
				t.Errorf("bounds %v; want %v", got.DataPoints[0].Bounds, tc.want)
			}
		})
	}
}

func TestInvalidName(t *testing.T) {
	r := newReader(t)
	m := r.adapted.Meter("test")
	for _, create := range []func(name string) error{
		func(name string) error {
			i, err := m.Int64Counter(name)
			if i == nil {
				return errors.New("nil instrument")
			}
			i.Add(context.Background(), 1)
			return err
		},
		func(name string) error {
			i, err := m.Float64Histogram(name, withUnit("s", ""))
			if i == nil {
				return errors.New("nil instrument")
			}
			i.Record(context.Background(), 1)
			return err
		},
		func(name string) error {
			_, err := m.Float64AsyncGauge(name, func(context.Context, metrics.Float64Observer) {})
			return err
		},
	} {
		err := create("9lives")
		if !errors.Is(err, sdkmetric.ErrInstrumentName) {
			t.Errorf("err = %v; want ErrInstrumentName", err)
		}
		if err == nil || !strings.Contains(err.Error(), `"9lives"`) {
			t.Errorf("err = %v; want it to name the instrument", err)
		}
	}
}

func TestAdaptNilUsesGlobal(t *testing.T) {
	mp := otelmetrics.Adapt(nil) // registered after Adapt, still found
	r := newReader(t)
	prev := otel.GetMeterProvider()
	otel.SetMeterProvider(r.otel)
	t.Cleanup(func() { otel.SetMeterProvider(prev) })

	c, err := mp.Meter("test").Int64Counter("test.count")
	if err != nil {
		t.Fatal(err)
	}
	c.Add(context.Background(), 3)
	got := sum[int64](t, r.collect(t), "test.count", "", true)
	wantPoints(t, "test.count", got.DataPoints, map[attribute.Set]int64{attribute.NewSet(): 3})
}

func TestConcurrentRecording(t *testing.T) {
	r := newReader(t)
	in := newInstruments(t, r.adapted)
	const n = 8
	var wg sync.WaitGroup
	for i := range n {
		wg.Go(func() {
			in.call(context.Background(), fmt.Sprintf("Op%d", i%2), []string{"Throttling", ""}, []float64{0.01, 0.02})
		})
	}
	wg.Wait()
	attempts := sum[int64](t, r.collect(t), "client.call.attempts", "{attempt}", true)
	var total int64
	for _, dp := range attempts.DataPoints {
		total += dp.Value
	}
	if total != 2*n {
		t.Errorf("attempts = %d; want %d", total, 2*n)
	}
}

func sum[N int64 | float64](t *testing.T, got map[string]metricdata.Metrics, name, unit string, monotonic bool) metricdata.Sum[N] {
	t.Helper()
	m, ok := got[name]
	if !ok {
		t.Fatalf("no metric %q", name)
	}
	s, ok := m.Data.(metricdata.Sum[N])
	if !ok {
		t.Fatalf("%s: aggregation %T; want a sum", name, m.Data)
	}
	if m.Unit != unit || s.IsMonotonic != monotonic {
		t.Errorf("%s: unit %q, monotonic %v; want %q, %v", name, m.Unit, s.IsMonotonic, unit, monotonic)
	}
	return s
}

func histogram(t *testing.T, got map[string]metricdata.Metrics, name, unit string) metricdata.Histogram[float64] {
	t.Helper()
	m, ok := got[name]
	if !ok {
		t.Fatalf("no metric %q", name)
	}
	h, ok := m.Data.(metricdata.Histogram[float64])
	if !ok {
		t.Fatalf("%s: aggregation %T; want a float64 histogram", name, m.Data)
	}
	if m.Unit != unit {
		t.Errorf("%s: unit %q; want %q", name, m.Unit, unit)
	}
	return h
}

func wantPoints[N int64 | float64](t *testing.T, name string, points []metricdata.DataPoint[N], want map[attribute.Set]N) {
	t.Helper()
	if len(points) != len(want) {
		t.Errorf("%s: %d points; want %d", name, len(points), len(want))
	}
	for _, p := range points {
		w, ok := want[p.Attributes]
		if !ok {
			t.Errorf("%s: unexpected point %v = %v", name, p.Attributes.ToSlice(), p.Value)
			continue
		}
		if p.Value != w {
			t.Errorf("%s%v = %v; want %v", name, p.Attributes.ToSlice(), p.Value, w)
		}
	}
}

type histPoint struct {
	count uint64
	sum   float64
}

func wantHistogram(t *testing.T, name string, h metricdata.Histogram[float64], want map[attribute.Set]histPoint) {
	t.Helper()
	if len(h.DataPoints) != len(want) {
		t.Errorf("%s: %d points; want %d", name, len(h.DataPoints), len(want))
	}
	for _, p := range h.DataPoints {
		w, ok := want[p.Attributes]
		if !ok {
			t.Errorf("%s: unexpected point %v", name, p.Attributes.ToSlice())
			continue
		}
		if p.Count != w.count || fmt.Sprintf("%.6f", p.Sum) != fmt.Sprintf("%.6f", w.sum) {
			t.Errorf("%s%v: count %d, sum %v; want %d, %v", name, p.Attributes.ToSlice(), p.Count, p.Sum, w.count, w.sum)
		}
	}
}
