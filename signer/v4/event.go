package v4

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"time"

	"github.com/nimbus-sdk/nimbus/credentials"
	"github.com/nimbus-sdk/nimbus/internal/eventstream"
	"github.com/nimbus-sdk/nimbus/signer/internal/canonical"
)

const (
	// StreamingEventsPayload is the payload hash of a request whose body
	// is an input event stream (application/vnd.amazon.eventstream) signed
	// event by event with an [EventSigner].
	StreamingEventsPayload = "STREAMING-AWS4-HMAC-SHA256-EVENTS"

	eventAlgorithm = "AWS4-HMAC-SHA256-PAYLOAD"
)

// ErrEventStreamEnded is returned by an [EventSigner] asked to sign after
// it signed the end of the stream.
var ErrEventStreamEnded = errors.New("sigv4: event stream already ended")

// EventSignerInput configures [NewEventSigner].
type EventSignerInput struct {
	// Seed is the result of signing the request that opens the stream
	// (with PayloadHash [StreamingEventsPayload]); the first event's
	// signature chains from its signature, and events are signed with
	// its region, service and signing key. Required.
	Seed *SignOutput

	// Credentials are needed only by streams that outlive the UTC day
	// Seed was signed on: each event's credential scope carries the
	// event's own date, so an event signed on another day needs that
	// day's key, derived from the secret key. They must be the
	// credentials that signed Seed.
	//
	// If zero, an event signed on another UTC day than Seed fails with an
	// [*InvalidInputError].
	Credentials credentials.Credentials
}

// EventSigner signs the messages of an input event stream (Transcribe
// streaming, Bedrock bidirectional streams, Kinesis and Lex over HTTP/2)
// in a chain that starts from the request's signature.
//
// Each event, an encoded event-stream message, travels as the payload of
// an envelope message whose headers are :date (a timestamp) and
// :chunk-signature (the 32 bytes of the signature). The signature is the
// HMAC-SHA256, under the day's signing key, of
//
//	AWS4-HMAC-SHA256-PAYLOAD
//	<date as 20060102T150405Z>
//	<date as 20060102>/<region>/<service>/aws4_request
//	<previous signature, hex>
//	<hex SHA-256 of the encoded :date header>
//	<hex SHA-256 of the event>
//
// with the six lines joined by "\n", and the stream ends with an envelope
// whose payload is empty ([EventSigner.AppendSignedEnd]).
//
// An EventSigner is a chain, so it is not safe for concurrent use: sign
// events in the order they are sent.
type EventSigner struct {
	key     [sha256.Size]byte // signing key of keyDate
	keyDate string            // YYYYMMDD
	region  string
	service string
	creds   credentials.Credentials

	prev    [2 * sha256.Size]byte // hex of the previous signature
	sig     [sha256.Size]byte     // the signature of the frame being built
	hdrs    [2]eventstream.Header // :date and :chunk-signature of that frame
	msg     eventstream.Message   // the frame
	scratch []byte                // HMAC block + string to sign
	ended   bool

	// trace, when set by tests, receives each string to sign.
	trace func(stringToSign string)
}

// NewEventSigner returns an EventSigner chaining from in.Seed. It fails
// with an [*InvalidInputError] if Seed is nil or not the output of
// [Signer.SignHTTP].
func NewEventSigner(in EventSignerInput) (*EventSigner, error) {
	s := in.Seed
	if s == nil {
		return nil, &InvalidInputError{Field: "Seed", Reason: "is nil"}
	}
	if len(s.Signature) != 2*sha256.Size || len(s.amzDate) != canonical.AmzDateLen {
		return nil, &InvalidInputError{Field: "Seed", Reason: "is not the output of SignHTTP"}
	}
	es := &EventSigner{
		key:     s.key,
		keyDate: s.amzDate[:8],
		region:  s.region,
		service: s.service,
		creds:   in.Credentials,
		scratch: make([]byte, 0, hmacBlockSize+256),
	}
	copy(es.prev[:], s.Signature)
	return es, nil
}

// Signature returns the hex signature of the last frame signed, or the
// seed's signature before the first.
func (s *EventSigner) Signature() string { return string(s.prev[:]) }

// AppendSignedEvent appends to dst the signed envelope of event, an
// encoded event-stream message (see [EventSigner]), signed at time t
// (truncated to the second, the precision of the string to sign; if t
// is zero, time.Now() is used).
//
// It fails with an [*InvalidInputError] for an empty event (the stream's
// end is signed with AppendSignedEnd) or one larger than an event-stream
// payload may be (24 MiB), or when t is on another UTC day than the seed
// and no Credentials were given; with ErrEventStreamEnded after
// AppendSignedEnd. A failure leaves dst and the chain unchanged.
func (s *EventSigner) AppendSignedEvent(dst, event []byte, t time.Time) ([]byte, error) {
	if len(event) == 0 {
		return dst, &InvalidInputError{Field: "event", Reason: "is empty (end the stream with AppendSignedEnd)"}
	}
	return s.appendSigned(dst, event, t)
}

// AppendSignedEnd appends to dst the frame that ends the stream: a signed
// envelope with an empty payload, signed at time t as in
// AppendSignedEvent. Every later call fails with ErrEventStreamEnded.
func (s *EventSigner) AppendSignedEnd(dst []byte, t time.Time) ([]byte, error) {
	dst, err := s.appendSigned(dst, nil, t)
	if err == nil {
		s.ended = true
	}
	return dst, err
}

func (s *EventSigner) appendSigned(dst, payload []byte, t time.Time) ([]byte, error) {
	if s.ended {
		return dst, ErrEventStreamEnded
	}
	if len(payload) > eventstream.MaxPayloadSize {
		return dst, &InvalidInputError{Field: "event", Reason: "is larger than the 24 MiB an event-stream payload may be"}
	}
	if t.IsZero() {
		t = time.Now()
	}
	t = t.UTC().Truncate(time.Second)
	var date [canonical.AmzDateLen]byte
	canonical.FormatAmzDate(&date, t)
	key, err := s.keyFor(date[:8])
	if err != nil {
		return dst, err
	}

	s.hdrs[0] = eventstream.Header{Name: eventstream.HeaderDate, Value: eventstream.TimestampValue(t)}
	var dateHeader [32]byte // the encoded :date header is 15 bytes
	enc, _ := eventstream.AppendHeaders(dateHeader[:0], s.hdrs[:1])
	headersHash := sha256.Sum256(enc)
	payloadHash := sha256.Sum256(payload)

	b := s.scratch[:0]
	b = append(b, make([]byte, hmacBlockSize)...) // room for the HMAC inner pad
	b = append(b, eventAlgorithm+"\n"...)
	b = append(b, date[:]...)
	b = append(b, '\n')
	b = canonical.AppendScope(b, string(date[:]), s.region, s.service)
	b = append(b, '\n')
	b = append(b, s.prev[:]...)
	b = append(b, '\n')
	b = hex.AppendEncode(b, headersHash[:])
	b = append(b, '\n')
	b = hex.AppendEncode(b, payloadHash[:])
	s.scratch = b
	if s.trace != nil {
		s.trace(string(b[hmacBlockSize:]))
	}
	sig := hmacPrefixed(&key, b)

	s.sig = sig
	s.hdrs[1] = eventstream.Header{Name: eventstream.HeaderChunkSignature, Value: eventstream.BytesValue(s.sig[:])}
	s.msg = eventstream.Message{Headers: s.hdrs[:], Payload: payload}
	out, err := eventstream.AppendMessage(dst, &s.msg)
	s.msg.Payload = nil // do not keep the caller's event alive
	if err != nil {
		// Unreachable: the two headers are valid and the payload was checked.
		return dst, &InvalidInputError{Field: "event", Reason: "cannot be framed: " + err.Error()}
	}
	hex.Encode(s.prev[:], sig[:])
	return out, nil
}

// keyFor returns the signing key of the UTC day date (YYYYMMDD), deriving
// it from the credentials when it is not the seed's (or last derived) day.
func (s *EventSigner) keyFor(date []byte) ([sha256.Size]byte, error) {
	if string(date) == s.keyDate {
		return s.key, nil
	}
	if s.creds.SecretAccessKey == "" {
		return [sha256.Size]byte{}, &InvalidInputError{Field: "Credentials",
			Reason: "are needed to sign an event on another UTC day than the request"}
	}
	s.keyDate = string(date)
	s.key = deriveKey(s.creds.SecretAccessKey, s.keyDate, s.region, s.service)
	return s.key, nil
}
