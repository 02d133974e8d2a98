// Package evtest serves recorded event-stream responses for tests: a
// handler that answers with HTTP headers and then a sequence of
// application/vnd.amazon.eventstream frames, flushing each as a service
// does, and helpers that build the frames.
package evtest

import (
	"net/http"
	"sync"
	"testing"

	"github.com/nimbus-sdk/nimbus/internal/eventstream"
)

// Event returns the frame of an event: :message-type event, :event-type
// name, :content-type contentType (left out when empty), extra headers,
// and payload.
func Event(name, contentType string, payload []byte, extra ...eventstream.Header) []byte {
	hs := eventstream.Headers{
		{Name: eventstream.HeaderMessageType, Value: eventstream.StringValue(eventstream.MessageTypeEvent)},
		{Name: eventstream.HeaderEventType, Value: eventstream.StringValue(name)},
	}
	if contentType != "" {
		hs = append(hs, eventstream.Header{Name: eventstream.HeaderContentType, Value: eventstream.StringValue(contentType)})
	}
	return frame(append(hs, extra...), payload)
}

// JSONEvent is Event with a JSON payload.
func JSONEvent(name, payload string) []byte {
	return Event(name, "application/json", []byte(payload))
}

// Exception returns the frame of a modeled error: :message-type
// exception, :exception-type name, and its JSON payload.
func Exception(name, payload string) []byte {
	return frame(eventstream.Headers{
		{Name: eventstream.HeaderMessageType, Value: eventstream.StringValue(eventstream.MessageTypeException)},
		{Name: eventstream.HeaderExceptionType, Value: eventstream.StringValue(name)},
		{Name: eventstream.HeaderContentType, Value: eventstream.StringValue("application/json")},
	}, []byte(payload))
}

// Error returns the frame of an unmodeled error: :message-type error with
// :error-code and :error-message.
func Error(code, message string) []byte {
	return frame(eventstream.Headers{
		{Name: eventstream.HeaderMessageType, Value: eventstream.StringValue(eventstream.MessageTypeError)},
		{Name: eventstream.HeaderErrorCode, Value: eventstream.StringValue(code)},
		{Name: eventstream.HeaderErrorMessage, Value: eventstream.StringValue(message)},
	}, nil)
}

func frame(hs eventstream.Headers, payload []byte) []byte {
	b, err := eventstream.AppendMessage(nil, &eventstream.Message{Headers: hs, Payload: payload})
	if err != nil {
		panic(err)
	}
	return b
}

// Replay is a handler that answers every request with Header, then the
// frames, each flushed on its own. With Hold set it then keeps the
// response open until the client goes away or Release is called, as a
// stream waiting for more events does.
type Replay struct {
	T      testing.TB
	Header http.Header
	Frames [][]byte
	Hold   bool
	// Check, if set, sees each request before the response starts.
	Check func(*http.Request)

	once    sync.Once
	release chan struct{}
}

// Release ends held responses.
func (h *Replay) Release() {
	h.init()
	select {
	case <-h.release:
	default:
		close(h.release)
	}
}

func (h *Replay) init() { h.once.Do(func() { h.release = make(chan struct{}) }) }

// ServeHTTP implements http.Handler.
func (h *Replay) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	h.init()
	if h.Check != nil {
		h.Check(r)
	}
	for k, v := range h.Header {
		w.Header()[k] = v
	}
	if w.Header().Get("Content-Type") == "" {
		w.Header().Set("Content-Type", "application/vnd.amazon.eventstream")
	}
	w.WriteHeader(http.StatusOK)
	f, _ := w.(http.Flusher)
	if f != nil {
		f.Flush() // the initial response, before any event
	}
	for _, fr := range h.Frames {
		if _, err := w.Write(fr); err != nil {
			return
		}
		if f != nil {
			f.Flush()
		}
	}
	if h.Hold {
		select {
		case <-r.Context().Done():
		case <-h.release:
		}
	}
}
