package v4

import (
	"bytes"
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"errors"
	"io"
	"strings"
	"testing"
	"time"

	"github.com/nimbus-sdk/nimbus/credentials"
	"github.com/nimbus-sdk/nimbus/internal/eventstream"
)

// refHMAC, refKey and refEventSignature recompute event signatures from
// the description in the AWS docs with crypto/hmac, independently of the
// signer's own HMAC, key derivation and header encoding.
func refHMAC(key []byte, msg string) []byte {
	m := hmac.New(sha256.New, key)
	m.Write([]byte(msg))
	return m.Sum(nil)
}

func refKey(secret, date, region, service string) []byte {
	k := refHMAC([]byte("AWS4"+secret), date)
	k = refHMAC(k, region)
	k = refHMAC(k, service)
	return refHMAC(k, "aws4_request")
}

func hexSHA256(b []byte) string {
	h := sha256.Sum256(b)
	return hex.EncodeToString(h[:])
}

// refDateHeader is the :date header written out by hand: name length 5,
// ":date", type 8 (timestamp), big-endian milliseconds.
func refDateHeader(t time.Time) []byte {
	return binary.BigEndian.AppendUint64([]byte("\x05:date\x08"), uint64(t.UnixMilli()))
}

func refStringToSign(t time.Time, region, service, prev string, event []byte) string {
	return strings.Join([]string{
		"AWS4-HMAC-SHA256-PAYLOAD",
		t.UTC().Format("20060102T150405Z"),
		t.UTC().Format("20060102") + "/" + region + "/" + service + "/aws4_request",
		prev,
		hexSHA256(refDateHeader(t)),
		hexSHA256(event),
	}, "\n")
}

// TestEventSigner_RustSDKStringToSign checks the string to sign against
// the one aws-sdk-rust's aws-sigv4 publishes in its event_stream tests:
// an event {some-header: "value"; "test payload"} signed at 123456789 s
// (plus 1234 ns, truncated) after a previous signature of
// sha256("last message sts").
func TestEventSigner_RustSDKStringToSign(t *testing.T) {
	const want = "AWS4-HMAC-SHA256-PAYLOAD\n" +
		"19731129T213309Z\n" +
		"19731129/us-east-1/testservice/aws4_request\n" +
		"be1f8c7d79ef8e1abc5254a2c70e4da3bfaf4f07328f527444e1fc6ea67273e2\n" +
		"0c0e3b3bf66b59b976181bd7d401927bbd624107303c713fd1e5f3d3c8dd1b1e\n" +
		"f2eba0f2e95967ee9fbc6db5e678d2fd599229c0d04b11e4fc8e0f2a02a806c6"
	event, err := eventstream.AppendMessage(nil, &eventstream.Message{
		Headers: eventstream.Headers{{Name: "some-header", Value: eventstream.StringValue("value")}},
		Payload: []byte("test payload"),
	})
	if err != nil {
		t.Fatal(err)
	}
	tm := time.Unix(123456789, 1234)
	seed := &SignOutput{
		Signature: hexSHA256([]byte("last message sts")),
		key:       deriveKey("fake secret key", "19731129", "us-east-1", "testservice"),
		amzDate:   "19731129T213309Z",
		region:    "us-east-1",
		service:   "testservice",
	}
	s, err := NewEventSigner(EventSignerInput{Seed: seed})
	if err != nil {
		t.Fatal(err)
	}
	var sts string
	s.trace = func(v string) { sts = v }
	frame, err := s.AppendSignedEvent(nil, event, tm)
	if err != nil {
		t.Fatal(err)
	}
	if sts != want {
		t.Errorf("string to sign:\n%s\nwant (aws-sdk-rust):\n%s", sts, want)
	}
	wantSig := refHMAC(refKey("fake secret key", "19731129", "us-east-1", "testservice"), want)
	checkFrame(t, frame, time.Unix(123456789, 0), wantSig, event)
}

// checkFrame decodes one signed envelope and checks its :date header, its
// :chunk-signature and its payload.
func checkFrame(t *testing.T, frame []byte, wantTime time.Time, wantSig, wantPayload []byte) {
	t.Helper()
	d := eventstream.NewDecoder(bytes.NewReader(frame), eventstream.DecoderOptions{})
	m, err := d.Decode()
	if err != nil {
		t.Fatalf("decode signed frame: %v", err)
	}
	if len(m.Headers) != 2 {
		t.Fatalf("frame headers = %v; want :date and :chunk-signature", m.Headers)
	}
	date, ok := m.Headers[0].Value.AsTime()
	if m.Headers[0].Name != ":date" || !ok || !date.Equal(wantTime) {
		t.Errorf("first header = %s %v; want :date timestamp %v", m.Headers[0].Name, m.Headers[0].Value, wantTime)
	}
	sig, ok := m.Headers[1].Value.AsBytes()
	if m.Headers[1].Name != ":chunk-signature" || !ok || !bytes.Equal(sig, wantSig) {
		t.Errorf("second header = %s %x; want :chunk-signature bytes %x", m.Headers[1].Name, sig, wantSig)
	}
	if !bytes.Equal(m.Payload, wantPayload) {
		t.Errorf("payload = %x; want %x", m.Payload, wantPayload)
	}
	if _, err := d.Decode(); err != io.EOF {
		t.Errorf("after the frame: %v; want io.EOF (one message)", err)
	}
}

var eventCreds = credentials.Credentials{AccessKeyID: "AKIDEXAMPLE", SecretAccessKey: "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY"}

// signStreamRequest signs a Transcribe-like HTTP/2 request at tm and
// returns its SignOutput, the seed of the event chain.
func signStreamRequest(t *testing.T, tm time.Time) SignOutput {
	t.Helper()
	r := mustRequest(t, "POST", "https://transcribestreaming.us-west-2.amazonaws.com/stream-transcription", map[string]string{
		"Content-Type": "application/vnd.amazon.eventstream",
		"X-Amz-Target": "com.amazonaws.transcribe.Transcribe.StartStreamTranscription",
	})
	out, err := NewSigner().SignHTTP(context.Background(), &SignInput{
		Request: r, PayloadHash: StreamingEventsPayload, Credentials: eventCreds,
		Service: "transcribe", Region: "us-west-2", Time: tm,
	})
	if err != nil {
		t.Fatal(err)
	}
	if got := r.Header.Get("X-Amz-Content-Sha256"); got != StreamingEventsPayload {
		t.Errorf("X-Amz-Content-Sha256 = %q; want %q", got, StreamingEventsPayload)
	}
	return out
}

// TestEventSigner_Chain signs a stream of events and its end from a
// request's seed and recomputes every signature independently.
func TestEventSigner_Chain(t *testing.T) {
	start := time.Date(2025, 3, 14, 15, 9, 26, 535_000_000, time.UTC)
	seed := signStreamRequest(t, start)
	s, err := NewEventSigner(EventSignerInput{Seed: &seed})
	if err != nil {
		t.Fatal(err)
	}
	if s.Signature() != seed.Signature {
		t.Errorf("Signature() before the first event = %s; want the seed %s", s.Signature(), seed.Signature)
	}
	key := refKey(eventCreds.SecretAccessKey, "20250314", "us-west-2", "transcribe")
	prev := seed.Signature
	var stream []byte
	for i, payload := range [][]byte{[]byte("audio chunk 1"), bytes.Repeat([]byte{0xAA}, 64<<10), []byte("3"), nil} {
		tm := start.Add(time.Duration(i) * 1500 * time.Millisecond)
		var event []byte
		if payload != nil {
			event, err = eventstream.AppendMessage(nil, &eventstream.Message{
				Headers: eventstream.Headers{
					{Name: ":message-type", Value: eventstream.StringValue("event")},
					{Name: ":event-type", Value: eventstream.StringValue("AudioEvent")},
				},
				Payload: payload,
			})
			if err != nil {
				t.Fatal(err)
			}
		}
		before := len(stream)
		if payload == nil {
			stream, err = s.AppendSignedEnd(stream, tm)
		} else {
			stream, err = s.AppendSignedEvent(stream, event, tm)
		}
		if err != nil {
			t.Fatalf("event %d: %v", i, err)
		}
		sec := tm.Truncate(time.Second)
		want := refHMAC(key, refStringToSign(sec, "us-west-2", "transcribe", prev, event))
		checkFrame(t, stream[before:], sec, want, event)
		prev = hex.EncodeToString(want)
		if s.Signature() != prev {
			t.Errorf("event %d: Signature() = %s; want %s", i, s.Signature(), prev)
		}
	}
	if _, err := s.AppendSignedEvent(nil, []byte("late"), start); err != ErrEventStreamEnded {
		t.Errorf("AppendSignedEvent after the end = %v; want ErrEventStreamEnded", err)
	}
	if _, err := s.AppendSignedEnd(nil, start); err != ErrEventStreamEnded {
		t.Errorf("AppendSignedEnd after the end = %v; want ErrEventStreamEnded", err)
	}
}

// TestEventSigner_NextDay checks that an event signed after midnight UTC
// uses that day's scope and key, which needs the credentials.
func TestEventSigner_NextDay(t *testing.T) {
	start := time.Date(2025, 12, 31, 23, 59, 59, 0, time.UTC)
	next := start.Add(2 * time.Second)
	seed := signStreamRequest(t, start)
	event := []byte("not really a message, but the signer does not care")

	without, err := NewEventSigner(EventSignerInput{Seed: &seed})
	if err != nil {
		t.Fatal(err)
	}
	dst := []byte("keep")
	got, err := without.AppendSignedEvent(dst, event, next)
	var ie *InvalidInputError
	if !errors.As(err, &ie) || ie.Field != "Credentials" || string(got) != "keep" || without.Signature() != seed.Signature {
		t.Fatalf("next-day event without credentials = %q, %v; want *InvalidInputError for Credentials, nothing appended, chain unchanged", got, err)
	}

	with, err := NewEventSigner(EventSignerInput{Seed: &seed, Credentials: eventCreds})
	if err != nil {
		t.Fatal(err)
	}
	var sts []string
	with.trace = func(v string) { sts = append(sts, v) }
	for _, tm := range []time.Time{start, next} {
		prev := with.Signature()
		frame, err := with.AppendSignedEvent(nil, event, tm)
		if err != nil {
			t.Fatal(err)
		}
		date := tm.Format("20060102")
		want := refHMAC(refKey(eventCreds.SecretAccessKey, date, "us-west-2", "transcribe"),
			refStringToSign(tm, "us-west-2", "transcribe", prev, event))
		checkFrame(t, frame, tm, want, event)
	}
	if len(sts) != 2 || !strings.Contains(sts[1], "\n20260101/us-west-2/transcribe/aws4_request\n") {
		t.Errorf("next-day string to sign = %q; want the 20260101 scope", sts[len(sts)-1])
	}
}

func TestEventSigner_InvalidInput(t *testing.T) {
	seed := signStreamRequest(t, time.Date(2025, 1, 2, 3, 4, 5, 0, time.UTC))
	for _, tc := range []struct {
		name  string
		in    EventSignerInput
		field string
	}{
		{"nil-seed", EventSignerInput{}, "Seed"},
		{"zero-seed", EventSignerInput{Seed: &SignOutput{}}, "Seed"},
		{"forged-seed", EventSignerInput{Seed: &SignOutput{Signature: seed.Signature}}, "Seed"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := NewEventSigner(tc.in)
			var ie *InvalidInputError
			if !errors.As(err, &ie) || ie.Field != tc.field {
				t.Errorf("NewEventSigner error = %v; want *InvalidInputError for %s", err, tc.field)
			}
		})
	}
	s, err := NewEventSigner(EventSignerInput{Seed: &seed})
	if err != nil {
		t.Fatal(err)
	}
	for name, event := range map[string][]byte{"empty": {}, "nil": nil, "too-large": make([]byte, eventstream.MaxPayloadSize+1)} {
		var ie *InvalidInputError
		if _, err := s.AppendSignedEvent(nil, event, time.Time{}); !errors.As(err, &ie) || ie.Field != "event" {
			t.Errorf("%s event: error = %v; want *InvalidInputError for event", name, err)
		}
	}
	if s.Signature() != seed.Signature {
		t.Errorf("failed calls changed the chain")
	}
}

// TestEventSigner_ZeroTimeIsNow checks that a zero time signs with the
// current time.
func TestEventSigner_ZeroTimeIsNow(t *testing.T) {
	before := time.Now().Truncate(time.Second)
	seed := signStreamRequest(t, before)
	s, err := NewEventSigner(EventSignerInput{Seed: &seed, Credentials: eventCreds})
	if err != nil {
		t.Fatal(err)
	}
	frame, err := s.AppendSignedEvent(nil, []byte("x"), time.Time{})
	if err != nil {
		t.Fatal(err)
	}
	m, err := eventstream.NewDecoder(bytes.NewReader(frame), eventstream.DecoderOptions{}).Decode()
	if err != nil {
		t.Fatal(err)
	}
	got, _ := m.Headers[0].Value.AsTime()
	if got.Before(before) || got.After(time.Now()) {
		t.Errorf(":date = %v; want between %v and now", got, before)
	}
}

func TestEventSigner_Allocs(t *testing.T) {
	tm := time.Date(2025, 3, 14, 15, 9, 26, 0, time.UTC)
	seed := signStreamRequest(t, tm)
	s, err := NewEventSigner(EventSignerInput{Seed: &seed})
	if err != nil {
		t.Fatal(err)
	}
	event := make([]byte, 4096)
	buf := make([]byte, 0, 8192)
	if n := testing.AllocsPerRun(100, func() {
		if buf, err = s.AppendSignedEvent(buf[:0], event, tm); err != nil {
			t.Fatal(err)
		}
	}); n != 0 {
		t.Errorf("AppendSignedEvent: %v allocs; want 0", n)
	}
}
