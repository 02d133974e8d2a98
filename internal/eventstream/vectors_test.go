package eventstream

import (
	"encoding/binary"
	"encoding/hex"
	"hash/crc32"
	"strings"
	"testing"
	"time"
)

// vector is one positive case of the AWS event-stream test suite (the
// vectors aws-c-event-stream, aws-sdk-go-v2 and the other SDKs share):
// the message each describes, with the lengths and CRCs the suite
// publishes. The CRCs are written as the suite's signed int32s.
type vector struct {
	name                   string
	msg                    Message
	totalLen, headersLen   int
	preludeCRC, messageCRC int32
}

var suitePayload = []byte("{'foo':'bar'}")

func suiteVectors() []vector {
	return []vector{
		{"empty_message", Message{}, 16, 0, 96618731, 2107164927},
		{"payload_no_headers", Message{Payload: suitePayload}, 29, 0, -44921766, -1016776394},
		{"int32_header", Message{
			Headers: Headers{{"event-type", Int32Value(40972)}},
			Payload: suitePayload,
		}, 45, 16, 1103373496, 921993376},
		{"payload_one_str_header", Message{
			Headers: Headers{{"content-type", StringValue("application/json")}},
			Payload: suitePayload,
		}, 61, 32, 134054806, -1919153999},
		{"all_headers", Message{
			Headers: Headers{
				{"event-type", Int32Value(40972)},
				{"content-type", StringValue("application/json")},
				{"bool false", BoolValue(false)},
				{"bool true", BoolValue(true)},
				{"byte", ByteValue(-49)},
				{"byte buf", BytesValue([]byte("I'm a little teapot!"))},
				{"timestamp", TimestampValue(time.UnixMilli(8675309))},
				{"int16", Int16Value(42)},
				{"int64", Int64Value(42424242)},
				{"uuid", UUIDValue([16]byte{1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16})},
			},
			Payload: suitePayload,
		}, 204, 175, 263087306, -1415188212},
	}
}

// TestAppendMessage_SuiteVectors checks the encoder against the lengths
// and checksums the AWS test suite publishes.
func TestAppendMessage_SuiteVectors(t *testing.T) {
	for _, v := range suiteVectors() {
		t.Run(v.name, func(t *testing.T) {
			b, err := AppendMessage(nil, &v.msg)
			if err != nil {
				t.Fatalf("AppendMessage: %v", err)
			}
			if len(b) != v.totalLen {
				t.Fatalf("len = %d; want %d", len(b), v.totalLen)
			}
			got := []uint32{
				binary.BigEndian.Uint32(b[0:]), binary.BigEndian.Uint32(b[4:]),
				binary.BigEndian.Uint32(b[8:]), binary.BigEndian.Uint32(b[len(b)-4:]),
			}
			want := []uint32{uint32(v.totalLen), uint32(v.headersLen), uint32(v.preludeCRC), uint32(v.messageCRC)}
			for i, field := range []string{"total length", "headers length", "prelude CRC", "message CRC"} {
				if got[i] != want[i] {
					t.Errorf("%s = %d; want %d", field, got[i], want[i])
				}
			}
		})
	}
}

// int32HeaderWire is the suite's int32_header message written out byte by
// byte from its published fields, so that the decoder is tested against
// bytes the encoder did not produce.
var int32HeaderWire = strings.Join([]string{
	"0000002d", "00000010", "41c424b8", // total 45, headers 16, prelude CRC 1103373496
	"0a" + hex.EncodeToString([]byte("event-type")) + "04" + "0000a00c", // int32 40972
	hex.EncodeToString(suitePayload),
	"36f480a0", // message CRC 921993376
}, "")

func TestDecode_SuiteWireBytes(t *testing.T) {
	b, _ := hex.DecodeString(int32HeaderWire)
	msgs, err := decodeAll(b)
	if err != nil {
		t.Fatalf("decode: %v", err)
	}
	if len(msgs) != 1 {
		t.Fatalf("decoded %d messages; want 1", len(msgs))
	}
	m := msgs[0]
	if len(m.Headers) != 1 || m.Headers[0].Name != "event-type" {
		t.Fatalf("headers = %v; want one event-type", m.Headers)
	}
	if n, ok := m.Headers[0].Value.AsInt(); !ok || n != 40972 || m.Headers[0].Value.Type() != TypeInt32 {
		t.Errorf("event-type = %v (%v); want int32 40972", m.Headers[0].Value, m.Headers[0].Value.Type())
	}
	if string(m.Payload) != string(suitePayload) {
		t.Errorf("payload = %q; want %q", m.Payload, suitePayload)
	}
}

// TestDecode_SuiteVectors decodes every encoded suite vector and compares
// it with the message it describes.
func TestDecode_SuiteVectors(t *testing.T) {
	for _, v := range suiteVectors() {
		t.Run(v.name, func(t *testing.T) {
			b, err := AppendMessage(nil, &v.msg)
			if err != nil {
				t.Fatal(err)
			}
			msgs, err := decodeAll(b)
			if err != nil {
				t.Fatalf("decode: %v", err)
			}
			if len(msgs) != 1 || !equalMessages(&msgs[0], &v.msg) {
				t.Errorf("decoded %v; want %v", msgs, v.msg)
			}
		})
	}
}

// frame builds a message around raw header bytes with correct lengths and
// checksums, computed here independently of the encoder, so that tests can
// send header sections the encoder would refuse to produce.
func frame(headers, payload []byte) []byte {
	total := OverheadLen + len(headers) + len(payload)
	b := binary.BigEndian.AppendUint32(nil, uint32(total))
	b = binary.BigEndian.AppendUint32(b, uint32(len(headers)))
	b = binary.BigEndian.AppendUint32(b, crc32.ChecksumIEEE(b))
	b = append(b, headers...)
	b = append(b, payload...)
	return binary.BigEndian.AppendUint32(b, crc32.ChecksumIEEE(b))
}

// prelude builds a prelude with a correct checksum for any two lengths.
func prelude(total, headersLen uint32) []byte {
	b := binary.BigEndian.AppendUint32(nil, total)
	b = binary.BigEndian.AppendUint32(b, headersLen)
	return binary.BigEndian.AppendUint32(b, crc32.ChecksumIEEE(b))
}

var timeZero = time.Unix(0, 0)
