package eventstream

import "strconv"

// Names of the headers AWS protocols give meaning to. All are strings
// except :date (timestamp) and :chunk-signature (byte array), which sign
// the messages of input streams.
const (
	HeaderMessageType    = ":message-type"
	HeaderEventType      = ":event-type"
	HeaderExceptionType  = ":exception-type"
	HeaderErrorCode      = ":error-code"
	HeaderErrorMessage   = ":error-message"
	HeaderContentType    = ":content-type"
	HeaderDate           = ":date"
	HeaderChunkSignature = ":chunk-signature"
)

// Values of the :message-type header.
const (
	// MessageTypeEvent is a message event (a member of the event union)
	// or an initial-request/initial-response event.
	MessageTypeEvent = "event"
	// MessageTypeException is a modeled error event.
	MessageTypeException = "exception"
	// MessageTypeError is an unmodeled error event.
	MessageTypeError = "error"
)

// Standard holds the headers that say what a message is, read and checked
// by [Headers.Standard].
type Standard struct {
	// MessageType is MessageTypeEvent, MessageTypeException or
	// MessageTypeError.
	MessageType string
	// EventType names the event union member (or "initial-response");
	// set for events.
	EventType string
	// ExceptionType names the modeled error's union member; set for
	// exceptions.
	ExceptionType string
	// ErrorCode and ErrorMessage describe an unmodeled error; set for
	// errors (ErrorMessage may be empty).
	ErrorCode, ErrorMessage string
	// ContentType is the payload's media type, if the message has one.
	ContentType string
}

// Standard reads the standard headers in one pass and checks them as the
// AWS event-stream semantics require: :message-type is "event",
// "exception" or "error"; an event has an :event-type, an exception an
// :exception-type, an error an :error-code; and each of these headers,
// when present, is a string. A violation is a [*HeaderError] naming the
// header. Headers of other types or with other names are ignored.
func (hs Headers) Standard() (Standard, error) {
	var s Standard
	var seen uint8 // bit k: the k-th standard header was read (the first of a name wins, as in Get)
	for i := range hs {
		var dst *string
		var bit uint8
		switch hs[i].Name {
		case HeaderMessageType:
			dst, bit = &s.MessageType, 1<<0
		case HeaderEventType:
			dst, bit = &s.EventType, 1<<1
		case HeaderExceptionType:
			dst, bit = &s.ExceptionType, 1<<2
		case HeaderErrorCode:
			dst, bit = &s.ErrorCode, 1<<3
		case HeaderErrorMessage:
			dst, bit = &s.ErrorMessage, 1<<4
		case HeaderContentType:
			dst, bit = &s.ContentType, 1<<5
		default:
			continue
		}
		if seen&bit != 0 {
			continue
		}
		seen |= bit
		v, ok := hs[i].Value.AsString()
		if !ok {
			return Standard{}, &HeaderError{Name: hs[i].Name, Reason: "is a " + hs[i].Value.Type().String() + ", not a string"}
		}
		*dst = v
	}
	var need string
	switch s.MessageType {
	case MessageTypeEvent:
		if s.EventType == "" {
			need = HeaderEventType
		}
	case MessageTypeException:
		if s.ExceptionType == "" {
			need = HeaderExceptionType
		}
	case MessageTypeError:
		if s.ErrorCode == "" {
			need = HeaderErrorCode
		}
	case "":
		need = HeaderMessageType
	default:
		return Standard{}, &HeaderError{Name: HeaderMessageType, Reason: "has unknown value " + strconv.Quote(s.MessageType)}
	}
	if need != "" {
		return Standard{}, &HeaderError{Name: need, Reason: "is missing or empty"}
	}
	return s, nil
}
