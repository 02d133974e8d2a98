package bench

import (
	"bytes"
	"context"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	awsv2 "github.com/aws/aws-sdk-go-v2/aws"
	esv2 "github.com/aws/aws-sdk-go-v2/aws/protocol/eventstream"
	v4v2 "github.com/aws/aws-sdk-go-v2/aws/signer/v4"

	"github.com/nimbus-sdk/nimbus/credentials"
	"github.com/nimbus-sdk/nimbus/internal/eventstream"
	v4 "github.com/nimbus-sdk/nimbus/signer/v4"
)

// decodeOne decodes a single message with Nimbus's decoder.
func decodeOne(t *testing.T, b []byte) eventstream.Message {
	t.Helper()
	m, err := eventstream.NewDecoder(bytes.NewReader(b), eventstream.DecoderOptions{}).Decode()
	if err != nil {
		t.Fatalf("nimbus decode: %v", err)
	}
	return m.Clone()
}

// TestEventStreamCodecsAgree encodes a message with every header type
// with each SDK and decodes it with the other.
func TestEventStreamCodecsAgree(t *testing.T) {
	ts := time.Date(2024, 5, 24, 12, 0, 0, 123_000_000, time.UTC)
	uuid := [16]byte{0xde, 0xad, 0xbe, 0xef, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12}
	payload := []byte(`{"Transcript":{"Results":[]}}`)

	var v2msg esv2.Message
	v2msg.Headers.Set("t", esv2.BoolValue(true))
	v2msg.Headers.Set("f", esv2.BoolValue(false))
	v2msg.Headers.Set("byte", esv2.Int8Value(-7))
	v2msg.Headers.Set("int16", esv2.Int16Value(-30000))
	v2msg.Headers.Set("int32", esv2.Int32Value(2_000_000_000))
	v2msg.Headers.Set("int64", esv2.Int64Value(-9_000_000_000_000))
	v2msg.Headers.Set("bytes", esv2.BytesValue([]byte{0, 1, 2, 255}))
	v2msg.Headers.Set("string", esv2.StringValue("TranscriptEvent"))
	v2msg.Headers.Set("ts", esv2.TimestampValue(ts))
	v2msg.Headers.Set("uuid", esv2.UUIDValue(uuid))
	v2msg.Payload = payload

	nm := eventstream.Message{Headers: eventstream.Headers{
		{Name: "t", Value: eventstream.BoolValue(true)},
		{Name: "f", Value: eventstream.BoolValue(false)},
		{Name: "byte", Value: eventstream.ByteValue(-7)},
		{Name: "int16", Value: eventstream.Int16Value(-30000)},
		{Name: "int32", Value: eventstream.Int32Value(2_000_000_000)},
		{Name: "int64", Value: eventstream.Int64Value(-9_000_000_000_000)},
		{Name: "bytes", Value: eventstream.BytesValue([]byte{0, 1, 2, 255})},
		{Name: "string", Value: eventstream.StringValue("TranscriptEvent")},
		{Name: "ts", Value: eventstream.TimestampValue(ts)},
		{Name: "uuid", Value: eventstream.UUIDValue(uuid)},
	}, Payload: payload}

	var v2wire bytes.Buffer
	if err := esv2.NewEncoder().Encode(&v2wire, v2msg); err != nil {
		t.Fatal(err)
	}
	nwire, err := eventstream.AppendMessage(nil, &nm)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(nwire, v2wire.Bytes()) {
		t.Errorf("encodings differ:\nnimbus %x\nv2     %x", nwire, v2wire.Bytes())
	}

	got := decodeOne(t, v2wire.Bytes())
	if len(got.Headers) != len(nm.Headers) || !bytes.Equal(got.Payload, payload) {
		t.Fatalf("nimbus decoded v2's message as %v", got)
	}
	for i, h := range got.Headers {
		if h.Name != nm.Headers[i].Name || !h.Value.Equal(nm.Headers[i].Value) {
			t.Errorf("header %d: nimbus decoded %s=%v (%v); want %s=%v", i, h.Name, h.Value, h.Value.Type(), nm.Headers[i].Name, nm.Headers[i].Value)
		}
	}

	back, err := esv2.NewDecoder().Decode(bytes.NewReader(nwire), nil)
	if err != nil {
		t.Fatalf("v2 decode of nimbus's message: %v", err)
	}
	for _, h := range v2msg.Headers {
		if g := back.Headers.Get(h.Name); g == nil || g.String() != h.Value.String() {
			t.Errorf("v2 decoded nimbus's %s as %v; want %v", h.Name, g, h.Value)
		}
	}
}

// v2TestdataDir returns the testdata directory of the v2 eventstream
// module in the module cache: the AWS event-stream test suite.
func v2TestdataDir(t *testing.T) string {
	out, err := exec.Command("go", "list", "-m", "-f", "{{.Dir}}", "github.com/aws/aws-sdk-go-v2/aws/protocol/eventstream").Output()
	dir := filepath.Join(strings.TrimSpace(string(out)), "testdata")
	if err != nil {
		t.Skipf("cannot locate the v2 eventstream module: %v", err)
	}
	if _, err := os.Stat(dir); err != nil {
		t.Skipf("no v2 testdata: %v", err)
	}
	return dir
}

// suiteCase is the JSON description of a positive test-suite message.
type suiteCase struct {
	TotalLength   int `json:"total_length"`
	HeadersLength int `json:"headers_length"`
	Headers       []struct {
		Name  string          `json:"name"`
		Type  int             `json:"type"`
		Value json.RawMessage `json:"value"`
	} `json:"headers"`
	Payload []byte `json:"payload"`
}

// TestEventStreamTestSuite decodes the binary messages of the AWS
// event-stream test suite (as shipped in aws-sdk-go-v2's module) with
// Nimbus's decoder and compares them with their JSON descriptions; the
// negative cases must fail with the checksum error each names.
func TestEventStreamTestSuite(t *testing.T) {
	dir := v2TestdataDir(t)
	positive, err := filepath.Glob(filepath.Join(dir, "encoded", "positive", "*"))
	if err != nil || len(positive) == 0 {
		t.Fatalf("no positive cases in %s: %v", dir, err)
	}
	wireType := map[eventstream.Type]int{
		eventstream.TypeByte: 2, eventstream.TypeInt16: 3, eventstream.TypeInt32: 4, eventstream.TypeInt64: 5,
		eventstream.TypeBytes: 6, eventstream.TypeString: 7, eventstream.TypeTimestamp: 8, eventstream.TypeUUID: 9,
	}
	for _, path := range positive {
		name := filepath.Base(path)
		t.Run("positive/"+name, func(t *testing.T) {
			wire, _ := os.ReadFile(path)
			desc, err := os.ReadFile(filepath.Join(dir, "decoded", "positive", name))
			if err != nil {
				t.Fatal(err)
			}
			var want suiteCase
			if err := json.Unmarshal(desc, &want); err != nil {
				t.Fatal(err)
			}
			m := decodeOne(t, wire)
			if len(wire) != want.TotalLength || !bytes.Equal(m.Payload, want.Payload) || len(m.Headers) != len(want.Headers) {
				t.Fatalf("decoded %d headers, payload %q from %d bytes; want %d, %q, %d", len(m.Headers), m.Payload, len(wire),
					len(want.Headers), want.Payload, want.TotalLength)
			}
			for i, wh := range want.Headers {
				h := m.Headers[i]
				typ, ok := wireType[h.Value.Type()]
				if b, isBool := h.Value.AsBool(); isBool {
					typ, ok = map[bool]int{true: 0, false: 1}[b], true
				}
				var got string
				switch h.Value.Type() {
				case eventstream.TypeBytes, eventstream.TypeString, eventstream.TypeUUID:
					raw := []byte(h.Value.String())
					if b, ok := h.Value.AsBytes(); ok {
						raw = b
					} else if u, ok := h.Value.AsUUID(); ok {
						raw = u[:]
					}
					got = `"` + base64.StdEncoding.EncodeToString(raw) + `"`
				case eventstream.TypeTimestamp:
					tm, _ := h.Value.AsTime()
					got = strings.TrimSpace(string(mustJSON(t, tm.UnixMilli())))
				default:
					got = h.Value.String()
				}
				if h.Name != wh.Name || !ok || typ != wh.Type || got != string(wh.Value) {
					t.Errorf("header %d = %s type %d value %s; want %s type %d value %s", i, h.Name, typ, got, wh.Name, wh.Type, wh.Value)
				}
			}
		})
	}
	negative, _ := filepath.Glob(filepath.Join(dir, "encoded", "negative", "*"))
	for _, path := range negative {
		name := filepath.Base(path)
		t.Run("negative/"+name, func(t *testing.T) {
			wire, _ := os.ReadFile(path)
			desc, _ := os.ReadFile(filepath.Join(dir, "decoded", "negative", name))
			_, err := eventstream.NewDecoder(bytes.NewReader(wire), eventstream.DecoderOptions{}).Decode()
			var pe *eventstream.PreludeChecksumError
			var me *eventstream.MessageChecksumError
			switch want := strings.TrimSpace(string(desc)); want {
			case "Prelude checksum mismatch":
				if !errors.As(err, &pe) {
					t.Errorf("error = %v; want *PreludeChecksumError", err)
				}
			case "Message checksum mismatch":
				if !errors.As(err, &me) {
					t.Errorf("error = %v; want *MessageChecksumError", err)
				}
			default:
				t.Fatalf("unknown expectation %q", want)
			}
		})
	}
}

func mustJSON(t *testing.T, v any) []byte {
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// TestEventSignersAgree signs a chain of events and its end with Nimbus's
// EventSigner and v2's StreamSigner from the same seed and checks that
// every signature is the same.
func TestEventSignersAgree(t *testing.T) {
	start := time.Date(2025, 3, 14, 23, 59, 58, 0, time.UTC) // the chain crosses midnight
	creds := credentials.Credentials{AccessKeyID: AccessKeyID, SecretAccessKey: SecretAccessKey, SessionToken: SessionToken}
	req := newSignRequest()
	seed, err := v4.NewSigner().SignHTTP(context.Background(), &v4.SignInput{
		Request: req, PayloadHash: v4.StreamingEventsPayload, Credentials: creds,
		Service: "transcribe", Region: "us-west-2", Time: start,
	})
	if err != nil {
		t.Fatal(err)
	}
	nimbus, err := v4.NewEventSigner(v4.EventSignerInput{Seed: &seed, Credentials: creds})
	if err != nil {
		t.Fatal(err)
	}
	seedBytes, _ := hex.DecodeString(seed.Signature)
	v2 := v4v2.NewStreamSigner(awsv2.Credentials{AccessKeyID: AccessKeyID, SecretAccessKey: SecretAccessKey, SessionToken: SessionToken},
		"transcribe", "us-west-2", seedBytes)

	for i := range 5 {
		tm := start.Add(time.Duration(i) * time.Second)
		var event []byte
		if i < 4 {
			event, err = eventstream.AppendMessage(nil, &eventstream.Message{
				Headers: eventstream.Headers{{Name: ":event-type", Value: eventstream.StringValue("AudioEvent")}},
				Payload: bytes.Repeat([]byte{byte(i)}, 100*i),
			})
			if err != nil {
				t.Fatal(err)
			}
		}
		var frame []byte
		if event == nil {
			frame, err = nimbus.AppendSignedEnd(nil, tm)
		} else {
			frame, err = nimbus.AppendSignedEvent(nil, event, tm)
		}
		if err != nil {
			t.Fatal(err)
		}
		m := decodeOne(t, frame)
		got, _ := m.Headers[1].Value.AsBytes()

		var dateHeader bytes.Buffer
		if err := esv2.EncodeHeaders(&dateHeader, esv2.Headers{{Name: ":date", Value: esv2.TimestampValue(tm)}}); err != nil {
			t.Fatal(err)
		}
		want, err := v2.GetSignature(context.Background(), dateHeader.Bytes(), event, tm)
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(got, want) {
			t.Errorf("frame %d at %v: nimbus signature %x; v2 %x", i, tm, got, want)
		}
		if !bytes.Equal(m.Payload, event) {
			t.Errorf("frame %d: payload differs from the event", i)
		}
	}
}
