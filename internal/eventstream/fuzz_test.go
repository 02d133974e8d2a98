package eventstream

import (
	"bytes"
	"encoding/binary"
	"flag"
	"hash/crc32"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"testing"
	"testing/iotest"
	"time"
)

var update = flag.Bool("update", false, "rewrite the fuzz seed corpus in testdata/fuzz")

// FuzzDecode decodes arbitrary bytes and checks that the decoder never
// panics, fails only with its own error types, re-encodes every message
// it accepts to exactly the bytes it consumed, and decodes the same way
// whether the bytes arrive at once or one at a time. Random bytes almost
// never carry valid checksums, so each input is also decoded with its
// checksums repaired, which lets the fuzzer reach the headers parser.
// Seeds are in testdata/fuzz/FuzzDecode (see TestFuzzDecodeSeeds).
func FuzzDecode(f *testing.F) {
	f.Fuzz(func(t *testing.T, data []byte) {
		checkDecode(t, data)
		checkDecode(t, repairChecksums(data))
	})
}

func checkDecode(t *testing.T, data []byte) {
	whole, wholeErr := decodeFrames(t, bytes.NewReader(data))
	off := 0
	for i, b := range whole {
		if !bytes.Equal(b, data[off:off+len(b)]) {
			t.Fatalf("message %d re-encodes to %x; the stream had %x", i, b, data[off:off+len(b)])
		}
		off += len(b)
	}
	if wholeErr == nil && off != len(data) {
		t.Fatalf("decoded %d of %d bytes and then io.EOF", off, len(data))
	}
	if wholeErr != nil && !isDataError(wholeErr) {
		t.Fatalf("Decode error %T %v is not one of the package's error types", wholeErr, wholeErr)
	}
	split, splitErr := decodeFrames(t, iotest.OneByteReader(bytes.NewReader(data)))
	if len(split) != len(whole) || errorKind(splitErr) != errorKind(wholeErr) {
		t.Fatalf("one-byte reads: %d messages, %v; whole: %d messages, %v", len(split), splitErr, len(whole), wholeErr)
	}
}

// repairChecksums returns a copy of data with the prelude and message
// CRC32s of each message it frames set right, as far as the lengths fit.
func repairChecksums(data []byte) []byte {
	b := bytes.Clone(data)
	for off := 0; off+PreludeLen <= len(b); {
		p := b[off:]
		binary.BigEndian.PutUint32(p[8:], crc32.ChecksumIEEE(p[:8]))
		total := int(binary.BigEndian.Uint32(p))
		if total < OverheadLen || total > len(p) {
			break
		}
		binary.BigEndian.PutUint32(p[total-4:], crc32.ChecksumIEEE(p[:total-4]))
		off += total
	}
	return b
}

// decodeFrames decodes r to the end and returns each message re-encoded,
// and the error that stopped it (nil for io.EOF).
func decodeFrames(t *testing.T, r io.Reader) ([][]byte, error) {
	d := NewDecoder(r, DecoderOptions{})
	var out [][]byte
	for {
		m, err := d.Decode()
		if err == io.EOF {
			return out, nil
		}
		if err != nil {
			return out, err
		}
		b, err := AppendMessage(nil, m)
		if err != nil {
			t.Fatalf("decoded message does not re-encode: %v", err)
		}
		out = append(out, b)
	}
}

func isDataError(err error) bool {
	return errorKind(err) != ""
}

// errorKind names the package error type of err, "" for others, "nil"
// for nil.
func errorKind(err error) string {
	switch {
	case err == nil:
		return "nil"
	case is[*PreludeChecksumError](err):
		return "prelude-checksum"
	case is[*MessageChecksumError](err):
		return "message-checksum"
	case is[*TruncatedError](err):
		return "truncated"
	case is[*MessageSizeError](err):
		return "size"
	case is[*PreludeError](err):
		return "prelude"
	case is[*HeaderTypeError](err):
		return "header-type"
	case is[*HeaderError](err):
		return "header"
	}
	return ""
}

// FuzzRoundTrip encodes a message with one header built from the inputs
// (any type, any name, any value bytes) and checks that it either is
// refused with a *HeaderError for a name or value out of range, or
// decodes back to the same message.
func FuzzRoundTrip(f *testing.F) {
	f.Add("event-type", byte(TypeInt32), []byte(nil), int64(40972), []byte("{'foo':'bar'}"))
	f.Add(":content-type", byte(TypeString), []byte("application/json"), int64(0), []byte{})
	f.Add("uuid", byte(TypeUUID), []byte("0123456789abcdef"), int64(0), []byte{0})
	f.Add("", byte(TypeBool), []byte(nil), int64(1), []byte(nil))
	f.Add("t", byte(TypeTimestamp), []byte(nil), int64(-1), []byte("x"))
	f.Fuzz(func(t *testing.T, name string, typ byte, value []byte, num int64, payload []byte) {
		var v Value
		switch Type(typ % 10) {
		case TypeBool:
			v = BoolValue(num&1 != 0)
		case TypeByte:
			v = ByteValue(int8(num))
		case TypeInt16:
			v = Int16Value(int16(num))
		case TypeInt32:
			v = Int32Value(int32(num))
		case TypeInt64:
			v = Int64Value(num)
		case TypeBytes:
			v = BytesValue(value)
		case TypeString:
			v = StringValue(string(value))
		case TypeTimestamp:
			v = TimestampValue(time.UnixMilli(num))
		case TypeUUID:
			var u [16]byte
			copy(u[:], value)
			v = UUIDValue(u)
		}
		m := Message{Headers: Headers{{Name: name, Value: v}}, Payload: payload}
		b, err := AppendMessage(nil, &m)
		if err != nil {
			long := (v.Type() == TypeBytes || v.Type() == TypeString) && len(value) > MaxHeaderValueLen
			valid := len(name) >= 1 && len(name) <= MaxHeaderNameLen && v.Type() != TypeNone && !long
			if !is[*HeaderError](err) || valid {
				t.Fatalf("AppendMessage(%q, %v) = %v", name, v.Type(), err)
			}
			return
		}
		got, err := decodeAll(b)
		if err != nil || len(got) != 1 || !equalMessages(&got[0], &m) {
			t.Fatalf("round trip of %q %v: %v, %v", name, v.Type(), got, err)
		}
	})
}

// fuzzDecodeSeeds returns the checked-in seeds of FuzzDecode: the suite
// vectors, a stream of several messages, and each kind of damage.
func fuzzDecodeSeeds(t *testing.T) map[string][]byte {
	seeds := map[string][]byte{}
	var all []byte
	for _, v := range suiteVectors() {
		b := mustEncode(t, v.msg)
		seeds["vector-"+v.name] = b
		all = append(all, b...)
	}
	seeds["stream-all-vectors"] = all
	good := seeds["vector-all_headers"]
	damage := func(name string, i int) {
		b := bytes.Clone(good)
		b[i] ^= 0x40
		seeds[name] = b
	}
	damage("bad-prelude-crc", 2)
	damage("bad-message-crc", len(good)-10)
	seeds["truncated"] = good[:len(good)-3]
	seeds["oversized-prelude"] = prelude(MaxMessageSize+1, 0)
	seeds["headers-past-total"] = prelude(30, 20)
	seeds["unknown-header-type"] = frame([]byte{1, 'h', 10}, []byte("p"))
	seeds["header-past-section"] = frame([]byte{1, 'a', wireString, 0, 9, 'x'}, nil)
	seeds["event-records"] = mustEncode(t, Message{Headers: Headers{
		{HeaderMessageType, StringValue(MessageTypeEvent)},
		{HeaderEventType, StringValue("Records")},
		{HeaderContentType, StringValue("application/octet-stream")},
	}, Payload: []byte("a,b,c\n1,2,3\n")})
	return seeds
}

// TestFuzzDecodeSeeds keeps testdata/fuzz/FuzzDecode in step with
// fuzzDecodeSeeds; run with -update to rewrite it.
func TestFuzzDecodeSeeds(t *testing.T) {
	dir := filepath.Join("testdata", "fuzz", "FuzzDecode")
	seeds := fuzzDecodeSeeds(t)
	if *update {
		if err := os.MkdirAll(dir, 0o755); err != nil {
			t.Fatal(err)
		}
	}
	for name, b := range seeds {
		want := "go test fuzz v1\n[]byte(" + strconv.Quote(string(b)) + ")\n"
		path := filepath.Join(dir, name)
		if *update {
			if err := os.WriteFile(path, []byte(want), 0o644); err != nil {
				t.Fatal(err)
			}
			continue
		}
		got, err := os.ReadFile(path)
		if err != nil || string(got) != want {
			t.Errorf("seed %s is missing or stale (%v); run go test -run TestFuzzDecodeSeeds -update", path, err)
		}
	}
	files, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	if len(files) != len(seeds) {
		t.Errorf("%s has %d files; want the %d seeds", dir, len(files), len(seeds))
	}
}
