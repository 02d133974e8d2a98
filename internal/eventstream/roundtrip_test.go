package eventstream

import (
	"bytes"
	"errors"
	"io"
	"math"
	"math/rand/v2"
	"strconv"
	"strings"
	"testing"
	"time"
)

// randomMessage returns a message with up to 12 headers of random types,
// names and values (including the extremes of each type) and a payload of
// up to maxPayload bytes.
func randomMessage(rng *rand.Rand, maxPayload int) Message {
	var m Message
	for i := range rng.IntN(13) {
		name := "h" + strconv.Itoa(i) + strings.Repeat("n", rng.IntN(MaxHeaderNameLen-4))
		var v Value
		switch rng.IntN(10) {
		case 0:
			v = BoolValue(rng.IntN(2) == 0)
		case 1:
			v = ByteValue(int8([]int{math.MinInt8, -1, 0, math.MaxInt8, rng.IntN(256)}[rng.IntN(5)]))
		case 2:
			v = Int16Value(int16([]int{math.MinInt16, -1, 0, math.MaxInt16, rng.IntN(1 << 16)}[rng.IntN(5)]))
		case 3:
			v = Int32Value([]int32{math.MinInt32, -1, 0, math.MaxInt32, rng.Int32()}[rng.IntN(5)])
		case 4:
			v = Int64Value([]int64{math.MinInt64, -1, 0, math.MaxInt64, rng.Int64()}[rng.IntN(5)])
		case 5:
			v = BytesValue(randomBytes(rng, []int{0, 1, MaxHeaderValueLen, rng.IntN(100)}[rng.IntN(4)]))
		case 6:
			v = StringValue(string(randomBytes(rng, []int{0, 1, MaxHeaderValueLen, rng.IntN(100)}[rng.IntN(4)])))
		case 7:
			v = TimestampValue(time.UnixMilli([]int64{math.MinInt64, -1, 0, math.MaxInt64, rng.Int64()}[rng.IntN(5)]))
		case 8:
			var u [16]byte
			copy(u[:], randomBytes(rng, 16))
			v = UUIDValue(u)
		case 9:
			v = StringValue(MessageTypeEvent)
		}
		m.Headers = append(m.Headers, Header{Name: name, Value: v})
	}
	if maxPayload > 0 {
		m.Payload = randomBytes(rng, rng.IntN(maxPayload+1))
	}
	return m
}

func randomBytes(rng *rand.Rand, n int) []byte {
	b := make([]byte, n)
	for i := range b {
		b[i] = byte(rng.Uint32())
	}
	return b
}

// TestRoundTrip encodes streams of random messages and decodes them
// through readers that split the bytes differently.
func TestRoundTrip(t *testing.T) {
	seed := uint64(time.Now().UnixNano())
	t.Logf("seed %d", seed)
	rng := rand.New(rand.NewPCG(seed, 0))
	for round := range 20 {
		maxPayload := []int{0, 100, 4 << 10, 100 << 10}[round%4]
		var msgs []Message
		var stream []byte
		for range 1 + rng.IntN(20) {
			m := randomMessage(rng, maxPayload)
			b, err := AppendMessage(stream, &m)
			if err != nil {
				var se *MessageSizeError
				if errors.As(err, &se) && se.Part == "headers" {
					continue // many long random headers can exceed 128 KiB
				}
				t.Fatalf("AppendMessage: %v", err)
			}
			stream = b
			msgs = append(msgs, m)
		}
		for _, r := range readers(stream) {
			got, err := decodeFrom(r.r, DecoderOptions{})
			if err != nil {
				t.Fatalf("round %d, %s reader: decode: %v", round, r.name, err)
			}
			if len(got) != len(msgs) {
				t.Fatalf("round %d, %s reader: %d messages; want %d", round, r.name, len(got), len(msgs))
			}
			for i := range msgs {
				if !equalMessages(&got[i], &msgs[i]) {
					t.Fatalf("round %d, %s reader: message %d differs", round, r.name, i)
				}
			}
		}
	}
}

// TestDecode_AliasingAndClone checks the documented lifetime: a message's
// payload is overwritten by the next Decode, a clone is not.
func TestDecode_AliasingAndClone(t *testing.T) {
	a := mustEncode(t, Message{Headers: Headers{{"b", BytesValue([]byte("AAAA"))}}, Payload: []byte("first")})
	b := mustEncode(t, Message{Headers: Headers{{"b", BytesValue([]byte("BBBB"))}}, Payload: []byte("other")})
	// Reads of one message each put every message at the front of the buffer.
	d := NewDecoder(&chunkReader{b: append(a, b...), n: len(a)}, DecoderOptions{})
	m, err := d.Decode()
	if err != nil {
		t.Fatal(err)
	}
	payload, clone := m.Payload, m.Clone()
	hv, _ := m.Headers[0].Value.AsBytes()
	if _, err := d.Decode(); err != nil {
		t.Fatal(err)
	}
	if string(payload) != "other" || string(hv) != "BBBB" {
		t.Logf("aliased payload %q, header %q (expected to be overwritten)", payload, hv)
	}
	if string(clone.Payload) != "first" {
		t.Errorf("clone payload = %q; want %q", clone.Payload, "first")
	}
	if cb, _ := clone.Headers[0].Value.AsBytes(); string(cb) != "AAAA" {
		t.Errorf("clone header = %q; want %q", cb, "AAAA")
	}
}

func TestAppendMessage_Errors(t *testing.T) {
	long := strings.Repeat("x", MaxHeaderValueLen+1)
	for _, tc := range []struct {
		name  string
		m     Message
		check func(error) bool
	}{
		{"empty-name", Message{Headers: Headers{{"", BoolValue(true)}}}, is[*HeaderError]},
		{"long-name", Message{Headers: Headers{{strings.Repeat("n", MaxHeaderNameLen+1), BoolValue(true)}}}, is[*HeaderError]},
		{"long-string", Message{Headers: Headers{{"s", StringValue(long)}}}, is[*HeaderError]},
		{"long-bytes", Message{Headers: Headers{{"b", BytesValue([]byte(long))}}}, is[*HeaderError]},
		{"zero-value", Message{Headers: Headers{{"z", Value{}}}}, is[*HeaderError]},
		{"bad-uuid", Message{Headers: Headers{{"u", Value{typ: TypeUUID, b: []byte{1}}}}}, is[*HeaderError]},
		{"big-payload", Message{Payload: make([]byte, MaxPayloadSize+1)}, sizeError("payload")},
		{"big-headers", Message{Headers: manyHeaders(5)}, sizeError("headers")},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dst := []byte("keep")
			got, err := AppendMessage(dst, &tc.m)
			if !tc.check(err) {
				t.Fatalf("AppendMessage error = %T %v", err, err)
			}
			if string(got) != "keep" {
				t.Errorf("AppendMessage changed dst on error: %q", got[:min(len(got), 20)])
			}
		})
	}
}

// manyHeaders returns n headers of MaxHeaderValueLen-byte strings.
func manyHeaders(n int) Headers {
	v := StringValue(strings.Repeat("v", MaxHeaderValueLen))
	hs := make(Headers, n)
	for i := range hs {
		hs[i] = Header{Name: "h" + strconv.Itoa(i), Value: v}
	}
	return hs
}

// TestAppendMessage_AtLimits checks that messages exactly at every limit
// encode and decode.
func TestAppendMessage_AtLimits(t *testing.T) {
	hs := manyHeaders(3)
	hs = append(hs, Header{Name: strings.Repeat("n", MaxHeaderNameLen), Value: BoolValue(false)})
	encoded, err := AppendHeaders(nil, hs)
	if err != nil {
		t.Fatal(err)
	}
	// Pad with a byte array so that the section is exactly MaxHeadersSize.
	pad := MaxHeadersSize - len(encoded) - (1 + 3 + 1 + 2)
	hs = append(hs, Header{Name: "pad", Value: BytesValue(make([]byte, pad))})
	m := Message{Headers: hs, Payload: make([]byte, MaxPayloadSize)}
	b, err := AppendMessage(nil, &m)
	if err != nil {
		t.Fatalf("AppendMessage at the limits: %v", err)
	}
	if len(b) != MaxMessageSize {
		t.Fatalf("message at the limits = %d bytes; want MaxMessageSize %d", len(b), MaxMessageSize)
	}
	got, err := decodeAll(b)
	if err != nil || len(got) != 1 || !equalMessages(&got[0], &m) {
		t.Fatalf("decode at the limits: %d messages, %v", len(got), err)
	}
}

func TestEncoder(t *testing.T) {
	var w writeCounter
	e := NewEncoder(&w)
	m := Message{Headers: Headers{{HeaderEventType, StringValue("Stats")}}, Payload: []byte("p")}
	for range 3 {
		if err := e.Encode(&m); err != nil {
			t.Fatal(err)
		}
	}
	if w.writes != 3 {
		t.Errorf("writes = %d; want one per message", w.writes)
	}
	got, err := decodeAll(w.Bytes())
	if err != nil || len(got) != 3 || !equalMessages(&got[2], &m) {
		t.Errorf("decode = %d messages, %v", len(got), err)
	}
	if err := e.Encode(&Message{Headers: Headers{{"", BoolValue(true)}}}); !is[*HeaderError](err) || w.writes != 3 {
		t.Errorf("Encode of a bad message = %v after %d writes; want *HeaderError and no write", err, w.writes)
	}
	boom := errors.New("boom")
	if err := NewEncoder(errWriter{boom}).Encode(&m); err != boom {
		t.Errorf("Encode write error = %v; want %v", err, boom)
	}
}

type writeCounter struct {
	bytes.Buffer
	writes int
}

func (w *writeCounter) Write(p []byte) (int, error) { w.writes++; return w.Buffer.Write(p) }

type errWriter struct{ err error }

func (w errWriter) Write([]byte) (int, error) { return 0, w.err }

func TestValue_Accessors(t *testing.T) {
	ts := time.Date(2024, 2, 29, 12, 30, 45, 123_000_000, time.UTC)
	uuid := [16]byte{0x12, 0x34, 0x56, 0x78, 0x9a, 0xbc, 0xde, 0xf0, 1, 2, 3, 4, 5, 6, 7, 8}
	for _, tc := range []struct {
		v      Value
		typ    Type
		str    string
		intOK  bool
		intVal int64
	}{
		{BoolValue(true), TypeBool, "true", false, 0},
		{BoolValue(false), TypeBool, "false", false, 0},
		{ByteValue(-8), TypeByte, "-8", true, -8},
		{Int16Value(-300), TypeInt16, "-300", true, -300},
		{Int32Value(70000), TypeInt32, "70000", true, 70000},
		{Int64Value(1 << 40), TypeInt64, "1099511627776", true, 1 << 40},
		{BytesValue([]byte("hi")), TypeBytes, "aGk=", false, 0},
		{StringValue("text"), TypeString, "text", false, 0},
		{TimestampValue(ts), TypeTimestamp, "2024-02-29T12:30:45.123Z", false, 0},
		{UUIDValue(uuid), TypeUUID, "12345678-9abc-def0-0102-030405060708", false, 0},
		{Value{}, TypeNone, "<none>", false, 0},
	} {
		t.Run(tc.typ.String()+"/"+tc.str, func(t *testing.T) {
			if got := tc.v.Type(); got != tc.typ {
				t.Errorf("Type() = %v; want %v", got, tc.typ)
			}
			if got := tc.v.String(); got != tc.str {
				t.Errorf("String() = %q; want %q", got, tc.str)
			}
			if n, ok := tc.v.AsInt(); ok != tc.intOK || n != tc.intVal {
				t.Errorf("AsInt() = %d, %t; want %d, %t", n, ok, tc.intVal, tc.intOK)
			}
			if b, ok := tc.v.AsBool(); ok != (tc.typ == TypeBool) || (ok && b != (tc.str == "true")) {
				t.Errorf("AsBool() = %t, %t", b, ok)
			}
			if _, ok := tc.v.AsString(); ok != (tc.typ == TypeString) {
				t.Errorf("AsString() ok = %t", ok)
			}
			if _, ok := tc.v.AsBytes(); ok != (tc.typ == TypeBytes) {
				t.Errorf("AsBytes() ok = %t", ok)
			}
			if got, ok := tc.v.AsTime(); ok != (tc.typ == TypeTimestamp) || (ok && !got.Equal(ts)) {
				t.Errorf("AsTime() = %v, %t", got, ok)
			}
			if got, ok := tc.v.AsUUID(); ok != (tc.typ == TypeUUID) || (ok && got != uuid) {
				t.Errorf("AsUUID() = %v, %t", got, ok)
			}
		})
	}
	if got := Type(42).String(); got != "Type(42)" {
		t.Errorf("Type(42).String() = %q", got)
	}
}

func TestHeaders_Get(t *testing.T) {
	hs := Headers{{"a", StringValue("1")}, {"b", Int32Value(2)}, {"a", StringValue("second")}}
	if v, ok := hs.Get("a"); !ok || v.String() != "1" {
		t.Errorf(`Get("a") = %v, %t; want the first "a"`, v, ok)
	}
	if v, ok := hs.Get("missing"); ok || v.Type() != TypeNone {
		t.Errorf(`Get("missing") = %v, %t; want zero, false`, v, ok)
	}
}

// TestDecode_ReaderReturnsDataAndEOF covers readers that return the last
// bytes together with io.EOF, which the decoder must not lose.
func TestDecode_ReaderReturnsDataAndEOF(t *testing.T) {
	one := mustEncode(t, Message{Payload: []byte("abc")})
	d := NewDecoder(&errWithData{data: bytes.Repeat(one, 2), err: io.EOF}, DecoderOptions{})
	for i := range 2 {
		if _, err := d.Decode(); err != nil {
			t.Fatalf("Decode %d: %v", i, err)
		}
	}
	if _, err := d.Decode(); err != io.EOF {
		t.Errorf("Decode at end = %v; want io.EOF", err)
	}
}
