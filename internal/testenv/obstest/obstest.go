// Package obstest holds in-memory implementations of smithy-go's tracing
// and metrics interfaces for tests: a [TracerProvider] that keeps every
// span it starts, with its parent, attributes, events and status, and a
// [MeterProvider] that keeps every measurement. Both are safe for
// concurrent use.
package obstest

import (
	"context"
	"fmt"
	"slices"
	"sort"
	"strings"
	"sync"

	"github.com/aws/smithy-go/metrics"
	"github.com/aws/smithy-go/tracing"
)

// TracerProvider is a tracing.TracerProvider that records spans.
type TracerProvider struct {
	mu    sync.Mutex
	spans []*Span // in start order
	next  int
}

// Span is a recorded span. Read its fields after the traced work ended.
type Span struct {
	p *TracerProvider

	ID     int
	name   string
	Scope  string
	Kind   tracing.SpanKind
	Parent *Span // nil for a root span
	Props  map[any]any
	Events []Event
	Status tracing.SpanStatus
	Ended  bool
}

// Event is a recorded span event.
type Event struct {
	Name  string
	Props map[any]any
}

type spanKey struct{}

// Tracer implements tracing.TracerProvider.
func (p *TracerProvider) Tracer(scope string, _ ...tracing.TracerOption) tracing.Tracer {
	return tracer{p: p, scope: scope}
}

type tracer struct {
	p     *TracerProvider
	scope string
}

// StartSpan starts a span whose parent is the span of ctx started by the
// same provider, if any.
func (t tracer) StartSpan(ctx context.Context, name string, opts ...tracing.SpanOption) (context.Context, tracing.Span) {
	var o tracing.SpanOptions
	for _, fn := range opts {
		fn(&o)
	}
	parent, _ := ctx.Value(spanKey{}).(*Span)
	if parent != nil && parent.p != t.p {
		parent = nil
	}
	s := &Span{p: t.p, name: name, Scope: t.scope, Kind: o.Kind, Parent: parent, Props: map[any]any{}}
	for k, v := range o.Properties.Values() {
		s.Props[k] = v
	}
	t.p.mu.Lock()
	t.p.next++
	s.ID = t.p.next
	t.p.spans = append(t.p.spans, s)
	t.p.mu.Unlock()
	return context.WithValue(ctx, spanKey{}, s), s
}

// Name implements tracing.Span: the span's name.
func (s *Span) Name() string { return s.name }

// Spans returns the spans started so far, in start order.
func (p *TracerProvider) Spans() []*Span {
	p.mu.Lock()
	defer p.mu.Unlock()
	return slices.Clone(p.spans)
}

// Named returns the spans called name, in start order.
func (p *TracerProvider) Named(name string) []*Span {
	var out []*Span
	for _, s := range p.Spans() {
		if s.name == name {
			out = append(out, s)
		}
	}
	return out
}

// Children returns the spans whose parent is s, in start order.
func (p *TracerProvider) Children(s *Span) []*Span {
	var out []*Span
	for _, c := range p.Spans() {
		if c.Parent == s {
			out = append(out, c)
		}
	}
	return out
}

// Tree renders the spans as an indented tree of names, children in start
// order, one span a line; a span that was not ended is marked "(open)".
func (p *TracerProvider) Tree() string {
	var b strings.Builder
	var walk func(parent *Span, depth int)
	walk = func(parent *Span, depth int) {
		for _, s := range p.Children(parent) {
			b.WriteString(strings.Repeat("  ", depth))
			b.WriteString(s.name)
			if !s.ended() {
				b.WriteString(" (open)")
			}
			b.WriteByte('\n')
			walk(s, depth+1)
		}
	}
	walk(nil, 0)
	return b.String()
}

// Reset forgets the spans recorded so far.
func (p *TracerProvider) Reset() {
	p.mu.Lock()
	p.spans = nil
	p.mu.Unlock()
}

func (s *Span) ended() bool {
	s.p.mu.Lock()
	defer s.p.mu.Unlock()
	return s.Ended
}

// Context implements tracing.Span.
func (s *Span) Context() tracing.SpanContext {
	return tracing.SpanContext{TraceID: "trace", SpanID: fmt.Sprint(s.ID)}
}

// AddEvent implements tracing.Span.
func (s *Span) AddEvent(name string, opts ...tracing.EventOption) {
	var o tracing.EventOptions
	for _, fn := range opts {
		fn(&o)
	}
	e := Event{Name: name, Props: map[any]any{}}
	for k, v := range o.Properties.Values() {
		e.Props[k] = v
	}
	s.p.mu.Lock()
	s.Events = append(s.Events, e)
	s.p.mu.Unlock()
}

// SetStatus implements tracing.Span.
func (s *Span) SetStatus(st tracing.SpanStatus) {
	s.p.mu.Lock()
	s.Status = st
	s.p.mu.Unlock()
}

// SetProperty implements tracing.Span.
func (s *Span) SetProperty(k, v any) {
	s.p.mu.Lock()
	s.Props[k] = v
	s.p.mu.Unlock()
}

// End implements tracing.Span. Ending a span twice panics: the runtime
// must end each span once.
func (s *Span) End() {
	s.p.mu.Lock()
	defer s.p.mu.Unlock()
	if s.Ended {
		panic("obstest: span " + s.name + " ended twice")
	}
	s.Ended = true
}

// MeterProvider is a metrics.MeterProvider that records measurements.
type MeterProvider struct {
	mu          sync.Mutex
	points      []Point
	instruments map[string]Instrument
}

// Instrument describes a created instrument.
type Instrument struct {
	Name, Kind, Unit, Description string
}

// Point is one recorded measurement.
type Point struct {
	Instrument string
	Value      float64
	Attrs      map[string]any
}

// Meter implements metrics.MeterProvider.
func (p *MeterProvider) Meter(string, ...metrics.MeterOption) metrics.Meter { return meter{p} }

// Points returns the measurements of the instrument called name, in the
// order they were recorded.
func (p *MeterProvider) Points(name string) []Point {
	p.mu.Lock()
	defer p.mu.Unlock()
	var out []Point
	for _, pt := range p.points {
		if pt.Instrument == name {
			out = append(out, pt)
		}
	}
	return out
}

// Sum returns the sum of the values of the instrument called name whose
// attributes include every attribute of match.
func (p *MeterProvider) Sum(name string, match map[string]any) float64 {
	var sum float64
	for _, pt := range p.Points(name) {
		if pt.Has(match) {
			sum += pt.Value
		}
	}
	return sum
}

// Has reports whether pt's attributes include every attribute of match.
func (pt Point) Has(match map[string]any) bool {
	for k, v := range match {
		if got, ok := pt.Attrs[k]; !ok || got != v {
			return false
		}
	}
	return true
}

// Instruments returns the instruments created so far, by name.
func (p *MeterProvider) Instruments() map[string]Instrument {
	p.mu.Lock()
	defer p.mu.Unlock()
	out := make(map[string]Instrument, len(p.instruments))
	for k, v := range p.instruments {
		out[k] = v
	}
	return out
}

// Names returns the names of the instruments that recorded at least one
// point, sorted.
func (p *MeterProvider) Names() []string {
	p.mu.Lock()
	defer p.mu.Unlock()
	seen := map[string]bool{}
	for _, pt := range p.points {
		seen[pt.Instrument] = true
	}
	out := make([]string, 0, len(seen))
	for n := range seen {
		out = append(out, n)
	}
	sort.Strings(out)
	return out
}

// Reset forgets the measurements recorded so far.
func (p *MeterProvider) Reset() {
	p.mu.Lock()
	p.points = nil
	p.mu.Unlock()
}

func (p *MeterProvider) record(name string, v float64, opts []metrics.RecordMetricOption) {
	var o metrics.RecordMetricOptions
	for _, fn := range opts {
		fn(&o)
	}
	attrs := map[string]any{}
	for k, val := range o.Properties.Values() {
		attrs[fmt.Sprint(k)] = val
	}
	p.mu.Lock()
	p.points = append(p.points, Point{Instrument: name, Value: v, Attrs: attrs})
	p.mu.Unlock()
}

type meter struct{ p *MeterProvider }

func (m meter) create(name, kind string, opts []metrics.InstrumentOption) instrument {
	var o metrics.InstrumentOptions
	for _, fn := range opts {
		fn(&o)
	}
	m.p.mu.Lock()
	if m.p.instruments == nil {
		m.p.instruments = map[string]Instrument{}
	}
	m.p.instruments[name] = Instrument{Name: name, Kind: kind, Unit: o.UnitLabel, Description: o.Description}
	m.p.mu.Unlock()
	return instrument{m.p, name}
}

type instrument struct {
	p    *MeterProvider
	name string
}

func (i instrument) addInt(_ context.Context, v int64, opts ...metrics.RecordMetricOption) {
	i.p.record(i.name, float64(v), opts)
}

func (i instrument) addFloat(_ context.Context, v float64, opts ...metrics.RecordMetricOption) {
	i.p.record(i.name, v, opts)
}

type intAdder struct{ instrument }

func (a intAdder) Add(ctx context.Context, v int64, opts ...metrics.RecordMetricOption) {
	a.addInt(ctx, v, opts...)
}
func (a intAdder) Record(ctx context.Context, v int64, opts ...metrics.RecordMetricOption) {
	a.addInt(ctx, v, opts...)
}
func (a intAdder) Sample(ctx context.Context, v int64, opts ...metrics.RecordMetricOption) {
	a.addInt(ctx, v, opts...)
}

type floatAdder struct{ instrument }

func (a floatAdder) Add(ctx context.Context, v float64, opts ...metrics.RecordMetricOption) {
	a.addFloat(ctx, v, opts...)
}
func (a floatAdder) Record(ctx context.Context, v float64, opts ...metrics.RecordMetricOption) {
	a.addFloat(ctx, v, opts...)
}
func (a floatAdder) Sample(ctx context.Context, v float64, opts ...metrics.RecordMetricOption) {
	a.addFloat(ctx, v, opts...)
}

type stop struct{}

func (stop) Stop() {}

func (m meter) Int64Counter(name string, opts ...metrics.InstrumentOption) (metrics.Int64Counter, error) {
	return intAdder{m.create(name, "Int64Counter", opts)}, nil
}
func (m meter) Int64UpDownCounter(name string, opts ...metrics.InstrumentOption) (metrics.Int64UpDownCounter, error) {
	return intAdder{m.create(name, "Int64UpDownCounter", opts)}, nil
}
func (m meter) Int64Gauge(name string, opts ...metrics.InstrumentOption) (metrics.Int64Gauge, error) {
	return intAdder{m.create(name, "Int64Gauge", opts)}, nil
}
func (m meter) Int64Histogram(name string, opts ...metrics.InstrumentOption) (metrics.Int64Histogram, error) {
	return intAdder{m.create(name, "Int64Histogram", opts)}, nil
}
func (m meter) Int64AsyncCounter(name string, _ metrics.Int64Callback, opts ...metrics.InstrumentOption) (metrics.AsyncInstrument, error) {
	m.create(name, "Int64AsyncCounter", opts)
	return stop{}, nil
}
func (m meter) Int64AsyncUpDownCounter(name string, _ metrics.Int64Callback, opts ...metrics.InstrumentOption) (metrics.AsyncInstrument, error) {
	m.create(name, "Int64AsyncUpDownCounter", opts)
	return stop{}, nil
}
func (m meter) Int64AsyncGauge(name string, _ metrics.Int64Callback, opts ...metrics.InstrumentOption) (metrics.AsyncInstrument, error) {
	m.create(name, "Int64AsyncGauge", opts)
	return stop{}, nil
}
func (m meter) Float64Counter(name string, opts ...metrics.InstrumentOption) (metrics.Float64Counter, error) {
	return floatAdder{m.create(name, "Float64Counter", opts)}, nil
}
func (m meter) Float64UpDownCounter(name string, opts ...metrics.InstrumentOption) (metrics.Float64UpDownCounter, error) {
	return floatAdder{m.create(name, "Float64UpDownCounter", opts)}, nil
}
func (m meter) Float64Gauge(name string, opts ...metrics.InstrumentOption) (metrics.Float64Gauge, error) {
	return floatAdder{m.create(name, "Float64Gauge", opts)}, nil
}
func (m meter) Float64Histogram(name string, opts ...metrics.InstrumentOption) (metrics.Float64Histogram, error) {
	return floatAdder{m.create(name, "Float64Histogram", opts)}, nil
}
func (m meter) Float64AsyncCounter(name string, _ metrics.Float64Callback, opts ...metrics.InstrumentOption) (metrics.AsyncInstrument, error) {
	m.create(name, "Float64AsyncCounter", opts)
	return stop{}, nil
}
func (m meter) Float64AsyncUpDownCounter(name string, _ metrics.Float64Callback, opts ...metrics.InstrumentOption) (metrics.AsyncInstrument, error) {
	m.create(name, "Float64AsyncUpDownCounter", opts)
	return stop{}, nil
}
func (m meter) Float64AsyncGauge(name string, _ metrics.Float64Callback, opts ...metrics.InstrumentOption) (metrics.AsyncInstrument, error) {
	m.create(name, "Float64AsyncGauge", opts)
	return stop{}, nil
}
