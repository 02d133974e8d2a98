package eventstream

import (
	"bytes"
	"errors"
	"io"
	"strings"
	"testing"
	"testing/iotest"
	"unsafe"
)

// decodeAll decodes every message of b, cloning each, until the first
// error; io.EOF at the end is returned as nil.
func decodeAll(b []byte) ([]Message, error) {
	return decodeFrom(bytes.NewReader(b), DecoderOptions{})
}

func decodeFrom(r io.Reader, opts DecoderOptions) ([]Message, error) {
	d := NewDecoder(r, opts)
	var out []Message
	for {
		m, err := d.Decode()
		if err == io.EOF {
			return out, nil
		}
		if err != nil {
			return out, err
		}
		out = append(out, m.Clone())
	}
}

func equalMessages(a, b *Message) bool {
	if len(a.Headers) != len(b.Headers) || !bytes.Equal(a.Payload, b.Payload) {
		return false
	}
	for i := range a.Headers {
		if a.Headers[i].Name != b.Headers[i].Name || !a.Headers[i].Value.Equal(b.Headers[i].Value) {
			return false
		}
	}
	return true
}

func mustEncode(t testing.TB, m Message) []byte {
	t.Helper()
	b, err := AppendMessage(nil, &m)
	if err != nil {
		t.Fatalf("AppendMessage: %v", err)
	}
	return b
}

func stringHeader(name, value string) []byte {
	b := append([]byte{byte(len(name))}, name...)
	b = append(b, wireString, byte(len(value)>>8), byte(len(value)))
	return append(b, value...)
}

func TestDecode_Errors(t *testing.T) {
	good := mustEncode(t, Message{Headers: Headers{{"a", StringValue("b")}}, Payload: []byte("payload")})
	flip := func(i int) []byte {
		b := bytes.Clone(good)
		b[i] ^= 0x01
		return b
	}
	bigHeaders := bytes.Repeat(stringHeader("x", strings.Repeat("v", 1000)), MaxHeadersSize/1004+1)

	for _, tc := range []struct {
		name  string
		in    []byte
		opts  DecoderOptions
		check func(error) bool
		want  string
	}{
		{"prelude-crc-total", flip(3), DecoderOptions{}, is[*PreludeChecksumError], "*PreludeChecksumError"},
		{"prelude-crc-headers-len", flip(7), DecoderOptions{}, is[*PreludeChecksumError], "*PreludeChecksumError"},
		{"prelude-crc-itself", flip(9), DecoderOptions{}, is[*PreludeChecksumError], "*PreludeChecksumError"},
		{"message-crc-header", flip(PreludeLen + 1), DecoderOptions{}, is[*MessageChecksumError], "*MessageChecksumError"},
		{"message-crc-payload", flip(len(good) - 5), DecoderOptions{}, is[*MessageChecksumError], "*MessageChecksumError"},
		{"message-crc-itself", flip(len(good) - 1), DecoderOptions{}, is[*MessageChecksumError], "*MessageChecksumError"},
		{"truncated-prelude", good[:5], DecoderOptions{}, truncated(PreludeLen, 5), "*TruncatedError{12, 5}"},
		{"truncated-body", good[:len(good)-1], DecoderOptions{}, truncated(len(good), len(good)-1), "*TruncatedError"},
		{"truncated-second", append(bytes.Clone(good), good[:20]...), DecoderOptions{}, truncated(len(good), 20), "*TruncatedError"},
		{"total-below-framing", prelude(15, 0), DecoderOptions{}, is[*PreludeError], "*PreludeError"},
		{"headers-past-total", prelude(20, 5), DecoderOptions{}, is[*PreludeError], "*PreludeError"},
		{"message-over-default-limit", prelude(MaxMessageSize+1, 0), DecoderOptions{}, sizeError("message"), "*MessageSizeError(message)"},
		{"message-over-option", good, DecoderOptions{MaxMessageSize: len(good) - 1}, sizeError("message"), "*MessageSizeError(message)"},
		{"message-max-uint32", prelude(1<<32-1, 0), DecoderOptions{}, sizeIs("message", 1<<32-1), "*MessageSizeError(message)"},
		{"headers-over-limit", frame(bigHeaders, nil), DecoderOptions{}, sizeError("headers"), "*MessageSizeError(headers)"},
		{"unknown-header-type", frame([]byte{1, 'h', 10}, nil), DecoderOptions{}, headerType("h", 10), "*HeaderTypeError{h, 10}"},
		{"header-type-255", frame([]byte{1, 'h', 255}, nil), DecoderOptions{}, headerType("h", 255), "*HeaderTypeError{h, 255}"},
		{"empty-header-name", frame([]byte{0, wireTrue}, nil), DecoderOptions{}, is[*HeaderError], "*HeaderError"},
		{"name-past-section", frame([]byte{5, 'a', 'b'}, []byte("payload")), DecoderOptions{}, is[*HeaderError], "*HeaderError"},
		{"missing-type", frame([]byte{1, 'a'}, nil), DecoderOptions{}, is[*HeaderError], "*HeaderError"},
		{"int32-past-section", frame([]byte{1, 'a', wireInt32, 0, 0}, []byte("payload")), DecoderOptions{}, is[*HeaderError], "*HeaderError"},
		{"string-len-past-section", frame([]byte{1, 'a', wireString, 0}, nil), DecoderOptions{}, is[*HeaderError], "*HeaderError"},
		{"string-past-section", frame([]byte{1, 'a', wireString, 0, 9, 'x'}, []byte("payload")), DecoderOptions{}, is[*HeaderError], "*HeaderError"},
		{"uuid-past-section", frame([]byte{1, 'a', wireUUID, 1, 2, 3}, nil), DecoderOptions{}, is[*HeaderError], "*HeaderError"},
		{"bytes-value-over-limit", frame([]byte{1, 'a', wireBytes, 0x80, 0x00}, nil), DecoderOptions{}, is[*HeaderError], "*HeaderError"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := decodeFrom(bytes.NewReader(tc.in), tc.opts)
			if !tc.check(err) {
				t.Fatalf("decode error = %T %v; want %s", err, err, tc.want)
			}
			if err.Error() == "" || !strings.HasPrefix(err.Error(), "eventstream: ") {
				t.Errorf("Error() = %q; want an eventstream: message", err.Error())
			}
		})
	}
}

func is[T error](err error) bool {
	var target T
	return errors.As(err, &target)
}

func truncated(want, got int) func(error) bool {
	return func(err error) bool {
		var te *TruncatedError
		return errors.As(err, &te) && te.Want == want && te.Got == got && errors.Is(err, io.ErrUnexpectedEOF)
	}
}

func sizeError(part string) func(error) bool {
	return func(err error) bool {
		var se *MessageSizeError
		return errors.As(err, &se) && se.Part == part
	}
}

// sizeIs also checks the size reported, which must survive platforms
// whose int is 32 bits.
func sizeIs(part string, size int64) func(error) bool {
	return func(err error) bool {
		var se *MessageSizeError
		return errors.As(err, &se) && se.Part == part && se.Size == size
	}
}

func headerType(name string, typ byte) func(error) bool {
	return func(err error) bool {
		var he *HeaderTypeError
		return errors.As(err, &he) && he.Name == name && he.Type == typ
	}
}

// TestDecode_ErrorIsSticky checks that a decoder stops at the first error,
// even if a valid message follows.
func TestDecode_ErrorIsSticky(t *testing.T) {
	good := mustEncode(t, Message{Payload: []byte("x")})
	bad := bytes.Clone(good)
	bad[len(bad)-1] ^= 0xff
	d := NewDecoder(bytes.NewReader(append(append(bad, good...), good...)), DecoderOptions{})
	_, first := d.Decode()
	if !is[*MessageChecksumError](first) {
		t.Fatalf("first Decode error = %v; want *MessageChecksumError", first)
	}
	for i := 0; i < 2; i++ {
		if m, err := d.Decode(); err != first || m != nil {
			t.Errorf("Decode after error = %v, %v; want nil, the first error", m, err)
		}
	}
}

func TestDecode_EndOfStream(t *testing.T) {
	good := mustEncode(t, Message{Payload: []byte("x")})
	for _, tc := range []struct {
		name string
		in   []byte
		n    int
	}{
		{"empty", nil, 0},
		{"one", good, 1},
		{"three", bytes.Repeat(good, 3), 3},
	} {
		t.Run(tc.name, func(t *testing.T) {
			d := NewDecoder(iotest.DataErrReader(bytes.NewReader(tc.in)), DecoderOptions{})
			for i := 0; i < tc.n; i++ {
				if _, err := d.Decode(); err != nil {
					t.Fatalf("Decode %d: %v", i, err)
				}
			}
			for i := 0; i < 2; i++ {
				if _, err := d.Decode(); err != io.EOF {
					t.Errorf("Decode at end = %v; want io.EOF", err)
				}
			}
		})
	}
}

// TestDecode_ReaderErrorAsIs checks that the source's own errors reach the
// caller unwrapped, also when they come with the last bytes of a message.
func TestDecode_ReaderErrorAsIs(t *testing.T) {
	boom := errors.New("boom")
	good := mustEncode(t, Message{Payload: []byte("x")})
	for _, tc := range []struct {
		name string
		r    io.Reader
		n    int // messages before the error
	}{
		{"at-start", iotest.ErrReader(boom), 0},
		{"mid-message", io.MultiReader(bytes.NewReader(good[:10]), iotest.ErrReader(boom)), 0},
		{"with-last-bytes", &errWithData{data: good, err: boom}, 1},
		{"unexpected-eof-from-reader", io.MultiReader(bytes.NewReader(good[:10]), iotest.ErrReader(io.ErrUnexpectedEOF)), 0},
	} {
		t.Run(tc.name, func(t *testing.T) {
			d := NewDecoder(tc.r, DecoderOptions{})
			for i := 0; i < tc.n; i++ {
				if _, err := d.Decode(); err != nil {
					t.Fatalf("Decode %d: %v", i, err)
				}
			}
			_, err := d.Decode()
			if want := boom; tc.name == "unexpected-eof-from-reader" {
				want = io.ErrUnexpectedEOF
				if err != want {
					t.Errorf("Decode error = %#v; want the reader's io.ErrUnexpectedEOF as is", err)
				}
			} else if err != want {
				t.Errorf("Decode error = %#v; want the reader's error as is", err)
			}
		})
	}
}

// errWithData returns all of data together with err in one Read.
type errWithData struct {
	data []byte
	err  error
	done bool
}

func (r *errWithData) Read(p []byte) (int, error) {
	if r.done {
		return 0, r.err
	}
	r.done = true
	return copy(p, r.data), r.err
}

type emptyReader struct{}

func (emptyReader) Read([]byte) (int, error) { return 0, nil }

func TestDecode_NoProgress(t *testing.T) {
	_, err := NewDecoder(emptyReader{}, DecoderOptions{}).Decode()
	if err != io.ErrNoProgress {
		t.Errorf("Decode from a reader that never progresses = %v; want io.ErrNoProgress", err)
	}
}

// TestDecode_MemoryFollowsArrivedBytes checks that a prelude announcing a
// large message does not make the decoder allocate for it before the
// bytes arrive: the buffer grows with what was read.
func TestDecode_MemoryFollowsArrivedBytes(t *testing.T) {
	const claimed = 20 << 20
	for _, sent := range []int{0, 1000, 100 << 10} {
		in := append(prelude(claimed, 0), make([]byte, sent)...)
		d := NewDecoder(bytes.NewReader(in), DecoderOptions{})
		_, err := d.Decode()
		if !truncated(claimed, PreludeLen+sent)(err) {
			t.Fatalf("sent %d: Decode error = %v; want *TruncatedError", sent, err)
		}
		if limit := max(2*(PreludeLen+sent), readAhead); len(d.buf) > limit {
			t.Errorf("sent %d of a claimed %d: buffer is %d bytes; want <= %d", sent, claimed, len(d.buf), limit)
		}
	}
}

// TestDecode_BufferBound checks that the buffer stays within the largest
// message plus the read-ahead, however messages of mixed sizes arrive.
func TestDecode_BufferBound(t *testing.T) {
	sizes := []int{10, 70 << 10, 3, 200 << 10, 5, 1 << 10, 200 << 10, 17}
	var stream []byte
	largest := 0
	for _, n := range sizes {
		b := mustEncode(t, Message{Headers: Headers{{":event-type", StringValue("Records")}}, Payload: bytes.Repeat([]byte{'p'}, n)})
		largest = max(largest, len(b))
		stream = append(stream, b...)
	}
	for _, r := range readers(stream) {
		t.Run(r.name, func(t *testing.T) {
			d := NewDecoder(r.r, DecoderOptions{})
			for i, n := range sizes {
				m, err := d.Decode()
				if err != nil {
					t.Fatalf("Decode %d: %v", i, err)
				}
				if len(m.Payload) != n {
					t.Fatalf("message %d payload = %d bytes; want %d", i, len(m.Payload), n)
				}
			}
			if _, err := d.Decode(); err != io.EOF {
				t.Fatalf("Decode at end = %v; want io.EOF", err)
			}
			if limit := max(largest, readAhead); len(d.buf) > limit {
				t.Errorf("buffer = %d bytes; want <= max(largest message %d, read-ahead %d)", len(d.buf), largest, readAhead)
			}
		})
	}
}

type namedReader struct {
	name string
	r    io.Reader
}

// readers returns b behind readers that split it differently.
func readers(b []byte) []namedReader {
	return []namedReader{
		{"whole", bytes.NewReader(b)},
		{"one-byte", iotest.OneByteReader(bytes.NewReader(b))},
		{"half", iotest.HalfReader(bytes.NewReader(b))},
		{"data-err", iotest.DataErrReader(bytes.NewReader(b))},
		{"chunks-7919", &chunkReader{b: b, n: 7919}},
	}
}

// chunkReader returns at most n bytes per Read, like a network body.
type chunkReader struct {
	b []byte
	n int
}

func (c *chunkReader) Read(p []byte) (int, error) {
	if len(c.b) == 0 {
		return 0, io.EOF
	}
	k := copy(p[:min(len(p), c.n)], c.b)
	c.b = c.b[k:]
	return k, nil
}

// TestDecode_SteadyStateAllocs checks that decoding a stream whose
// messages repeat their headers does not allocate once warm, also when
// several kinds of event alternate.
func TestDecode_SteadyStateAllocs(t *testing.T) {
	event := func(typ, contentType string, size int) Message {
		return Message{Headers: Headers{
			{HeaderMessageType, StringValue(MessageTypeEvent)},
			{HeaderEventType, StringValue(typ)},
			{HeaderContentType, StringValue(contentType)},
			{"seq", Int64Value(7)},
			{"id", UUIDValue([16]byte{1})},
		}, Payload: bytes.Repeat([]byte{'x'}, size)}
	}
	for _, tc := range []struct {
		name string
		msgs []Message
	}{
		{"empty", []Message{event("Records", "application/octet-stream", 0)}},
		{"100B", []Message{event("Records", "application/octet-stream", 100)}},
		{"64KiB", []Message{event("Records", "application/octet-stream", 64<<10)}},
		{"alternating", []Message{
			event("Records", "application/octet-stream", 1000),
			event("Progress", "text/xml", 100),
			event("Records", "application/octet-stream", 1000),
			event("Stats", "text/xml", 100),
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var one []byte
			for _, m := range tc.msgs {
				one = append(one, mustEncode(t, m)...)
			}
			stream := bytes.Repeat(one, 64)
			r := bytes.NewReader(stream)
			d := NewDecoder(r, DecoderOptions{})
			decodeOne := func() {
				if _, err := d.Decode(); err == io.EOF {
					r.Reset(stream)
					d.srcErr, d.err = nil, nil
				} else if err != nil {
					t.Fatal(err)
				}
			}
			for range tc.msgs { // warm up: buffer, header slices, interned strings
				decodeOne()
			}
			if n := testing.AllocsPerRun(200, decodeOne); n != 0 {
				t.Errorf("%v allocs per Decode; want 0", n)
			}
		})
	}
}

// TestDecode_RepeatedHeaders checks the reuse of the previous message's
// parsed headers: only a byte-identical section without aliasing values
// is reused, and every message still gets its own values.
func TestDecode_RepeatedHeaders(t *testing.T) {
	event := func(typ string, extra ...Header) Message {
		return Message{Headers: append(Headers{
			{HeaderMessageType, StringValue(MessageTypeEvent)},
			{HeaderEventType, StringValue(typ)},
		}, extra...), Payload: []byte(typ)}
	}
	msgs := []Message{
		event("Records"), event("Records"), event("Records"), event("Recordz"), event("Records"),
		event("Records", Header{"seq", Int64Value(1)}), event("Records", Header{"seq", Int64Value(2)}),
		event("Records", Header{"blob", BytesValue([]byte("one"))}), event("Records", Header{"blob", BytesValue([]byte("one"))}),
		event("Records", Header{"id", UUIDValue([16]byte{9})}), event("Records", Header{"id", UUIDValue([16]byte{9})}),
		event("Records"), {}, {}, event("Records"),
	}
	var stream []byte
	for _, m := range msgs {
		stream = append(stream, mustEncode(t, m)...)
	}
	for _, r := range readers(stream) {
		t.Run(r.name, func(t *testing.T) {
			d := NewDecoder(r.r, DecoderOptions{})
			for i := range msgs {
				m, err := d.Decode()
				if err != nil {
					t.Fatalf("Decode %d: %v", i, err)
				}
				if !equalMessages(m, &msgs[i]) {
					t.Fatalf("message %d = %v; want %v", i, m, msgs[i])
				}
				frame := d.buf[d.r-len(mustEncode(t, msgs[i])) : d.r]
				for _, h := range m.Headers {
					if h.Value.b != nil && !within(h.Value.b, frame) {
						t.Fatalf("message %d: header %s aliases bytes outside its own message", i, h.Name)
					}
				}
				if len(m.Headers) > 0 {
					m.Headers[0].Value = StringValue("mutated by the caller") // must not leak into the next message
				}
			}
		})
	}
}

// within reports whether b lies inside frame's memory.
func within(b, frame []byte) bool {
	p, lo := uintptr(unsafe.Pointer(unsafe.SliceData(b))), uintptr(unsafe.Pointer(unsafe.SliceData(frame)))
	return p >= lo && p+uintptr(len(b)) <= lo+uintptr(len(frame))
}
