package transfer

import (
	"context"
	"io"
	"sync/atomic"
)

// Listener receives progress events. OnEvent is called from many
// goroutines at once and must be safe for concurrent use; it should return
// quickly, since it runs on the transfer's goroutines.
type Listener interface {
	OnEvent(Event)
}

// ListenerFunc adapts a function to a [Listener].
type ListenerFunc func(Event)

// OnEvent calls f(e).
func (f ListenerFunc) OnEvent(e Event) { f(e) }

// EventType says what an [Event] reports.
type EventType int

// Event types, in the order they occur for one object.
const (
	ObjectStarted EventType = iota // an object transfer starts; Size is known or -1
	Bytes                          // Bytes moved on the wire for PartNumber; negative when a failed attempt's bytes are taken back
	PartDone                       // a part finished (Err set when it failed)
	ObjectDone                     // an object finished (Err set when it failed)
	BatchDone                      // a batch or directory transfer finished; Objects, Failed and OutcomeUnknown are set
)

// Op names the operation an [Event] belongs to.
type Op string

// Operations.
const (
	OpUpload   Op = "upload"
	OpDownload Op = "download"
	OpCopy     Op = "copy"
	OpDelete   Op = "delete"
)

// Event is one progress report.
type Event struct {
	Type       EventType // what happened
	Op         Op        // the operation
	Bucket     string    // the object; empty for BatchDone
	Key        string    // the object; empty for BatchDone
	PartNumber int32     // 0 for a single-request transfer
	Bytes      int64     // for Bytes events: bytes since the previous event of the part
	Size       int64     // object size (of a ranged download, the range's), -1 when unknown
	Objects    int       // for BatchDone: objects processed
	Failed     int       // for BatchDone: objects that failed
	Err        error     // for PartDone and ObjectDone: the failure, nil on success

	// OutcomeUnknown, for BatchDone, counts the objects whose outcome is
	// unknown (see [BatchResult.OutcomeUnknown]).
	OutcomeUnknown int
}

// emitter sends events for one object, to the Listener and to the
// telemetry (telemetry.go), which ends the object's span on ObjectDone.
type emitter struct {
	l           Listener
	op          Op
	bucket, key string
	t           *telemetry  // nil without providers
	span        *objectSpan // nil when the transfer is not traced
}

// active reports whether anything receives the events.
func (e emitter) active() bool { return e.l != nil || e.t != nil }

func (e emitter) emit(ev Event) {
	if e.t != nil {
		e.t.record(e.op, ev)
		if ev.Type == ObjectDone {
			e.finish(ev.Size, ev.Err)
		}
	}
	if e.l == nil {
		return
	}
	ev.Op, ev.Bucket, ev.Key = e.op, e.bucket, e.key
	e.l.OnEvent(ev)
}

func (e emitter) part(n int32, err error) {
	e.emit(Event{Type: PartDone, PartNumber: n, Err: err})
}

// meter counts the bytes of one part's body. With a wire meter (an
// *s3.Client), only bytes read while the HTTP layer sends the request
// count: the client also reads a seekable body to hash it for SigV4, and
// that read is not a transfer. The HTTP doer installed by wireOption arms
// the meter for each attempt; a rewind (Seek to the start, before a retry
// or after hashing) disarms it and takes back what the last attempt sent.
type meter struct {
	e       emitter
	part    int32
	wire    bool
	armed   atomic.Bool
	counted atomic.Int64
}

func newMeter(e emitter, part int32, wire bool) *meter {
	m := &meter{e: e, part: part, wire: wire}
	m.armed.Store(!wire)
	return m
}

func (m *meter) add(n int) {
	if n <= 0 || m == nil || !m.e.active() || !m.armed.Load() {
		return
	}
	m.counted.Add(int64(n))
	m.e.emit(Event{Type: Bytes, PartNumber: m.part, Bytes: int64(n)})
}

// rewind takes back the bytes of the previous attempt.
func (m *meter) rewind() {
	if m == nil || !m.e.active() {
		return
	}
	if m.wire {
		m.armed.Store(false)
	}
	if n := m.counted.Swap(0); n != 0 {
		m.e.emit(Event{Type: Bytes, PartNumber: m.part, Bytes: -n})
	}
}

// meteredBody wraps a part's seekable body and reports bytes read.
type meteredBody struct {
	r io.ReadSeeker
	m *meter
}

func (b *meteredBody) Read(p []byte) (int, error) {
	n, err := b.r.Read(p)
	b.m.add(n)
	return n, err
}

func (b *meteredBody) Seek(off int64, whence int) (int64, error) {
	if whence == io.SeekStart {
		b.m.rewind()
	}
	return b.r.Seek(off, whence)
}

type meterKey struct{}

// withMeter returns ctx carrying m for the HTTP doer of wireOption.
func withMeter(ctx context.Context, m *meter) context.Context {
	if m == nil || !m.e.active() || !m.wire {
		return ctx
	}
	return context.WithValue(ctx, meterKey{}, m)
}

// countingReader reports bytes read from a download body.
type countingReader struct {
	r io.Reader
	m *meter
}

func (c *countingReader) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	c.m.add(n)
	return n, err
}
