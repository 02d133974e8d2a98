package client

import (
	"context"
	"errors"
	"fmt"
	"io"
	"reflect"
	"sync"
	"time"

	"github.com/aws/smithy-go"
	"github.com/aws/smithy-go/middleware"
	smithyhttp "github.com/aws/smithy-go/transport/http"

	"github.com/nimbus-sdk/nimbus/credentials"
	"github.com/nimbus-sdk/nimbus/internal/eventstream"
	"github.com/nimbus-sdk/nimbus/internal/protocol"
	v4 "github.com/nimbus-sdk/nimbus/signer/v4"
	publicstream "github.com/nimbus-sdk/nimbus/transport/eventstream"
)

// EventStreamSpec describes the event streams of an operation.
type EventStreamSpec struct {
	// Output is the union interface of the output's events; nil when the
	// output has no stream.
	Output reflect.Type
	// Input is the union interface of the input's events; nil when the
	// input has no stream.
	Input reflect.Type
	// Errors maps the exception events of the output stream, by
	// :exception-type, to their error structs.
	Errors map[string]reflect.Type
	// InitialMessages is set for protocols without HTTP bindings
	// (awsJson): the output's other members arrive in an initial-response
	// event, and the input's are sent in an initial-request event.
	InitialMessages bool
}

const (
	eventStreamContentType = "application/vnd.amazon.eventstream"
	initialResponse        = "initial-response"
	initialRequest         = "initial-request"
)

// eventConnKey keys an operation's *eventConn in its result metadata.
type eventConnKey struct{}

// eventConn is the open event stream of one call: the output's messages
// and, for operations with an input stream, the writer of its events.
type eventConn struct {
	spec    *EventStreamSpec
	codec   protocol.EventCodec
	body    io.ReadCloser
	dec     *eventstream.Decoder
	pending *eventstream.Message // read before the operation returned
	in      *eventWriter
}

// openOutputStream reads what the operation returns of an event-stream
// response (the HTTP bindings, or an initial-response event) into output,
// and keeps the response body as the stream of events.
func (c *call) openOutputStream(resp *smithyhttp.Response, output any) (*eventConn, error) {
	spec := c.op.EventStream
	codec, ok := c.rt.svc.Codec.(protocol.EventCodec)
	if !ok {
		resp.Body.Close()
		return nil, fmt.Errorf("%s: the protocol codec %T has no event-stream support", c.op.Protocol.Name, c.rt.svc.Codec)
	}
	v := reflect.ValueOf(output).Elem()
	sp := protocol.PlanOf(v.Type())
	conn := &eventConn{spec: spec, codec: codec, body: resp.Body, in: c.events}
	conn.dec = eventstream.NewDecoder(resp.Body, eventstream.DecoderOptions{})
	if !spec.InitialMessages {
		if err := protocol.DeserializeHTTPBindings(sp, v, resp.Response); err != nil {
			resp.Body.Close()
			return nil, fmt.Errorf("%s: %w", c.op.Protocol.Name, err)
		}
		return conn, nil
	}
	msg, err := conn.dec.Decode()
	if err == io.EOF {
		return conn, nil
	}
	if err != nil {
		resp.Body.Close()
		return nil, &smithy.DeserializationError{Err: fmt.Errorf("%s: reading the initial response: %w", c.op.Protocol.Name, err)}
	}
	if st, _ := msg.Headers.Standard(); st.MessageType == eventstream.MessageTypeEvent && st.EventType == initialResponse {
		if err := codec.UnmarshalEventPayload(msg.Payload, sp, nil, v); err != nil {
			resp.Body.Close()
			return nil, &smithy.DeserializationError{Err: fmt.Errorf("%s: initial response: %w", c.op.Protocol.Name, err)}
		}
		return conn, nil
	}
	m := msg.Clone()
	conn.pending = &m
	return conn, nil
}

// recv returns the next event of the output stream: a value of the
// output union, io.EOF at the end, or the error an exception or error
// event carries.
func (e *eventConn) recv() (any, error) {
	if e.spec.Output == nil {
		return nil, io.EOF
	}
	for {
		var msg *eventstream.Message
		if e.pending != nil {
			msg, e.pending = e.pending, nil
		} else {
			var err error
			if msg, err = e.dec.Decode(); err != nil {
				return nil, err
			}
		}
		st, err := msg.Headers.Standard()
		if err != nil {
			return nil, &smithy.DeserializationError{Err: err}
		}
		switch st.MessageType {
		case eventstream.MessageTypeEvent:
			if st.EventType == initialResponse {
				continue // an initial response where none was expected
			}
			return e.decodeEvent(st.EventType, msg)
		case eventstream.MessageTypeException:
			return nil, e.decodeException(st, msg)
		default:
			return nil, &smithy.GenericAPIError{Code: st.ErrorCode, Message: st.ErrorMessage, Fault: smithy.FaultServer}
		}
	}
}

// decodeEvent decodes one event message into a new member of the output
// union: its @eventHeader members from the headers, its @eventPayload
// member (or its body members) from the payload.
func (e *eventConn) decodeEvent(name string, msg *eventstream.Message) (any, error) {
	uv := protocol.UnionVariantByName(e.spec.Output, name)
	if uv == nil {
		if u, ok := protocol.NewUnknownUnionMember(e.spec.Output, name, append([]byte(nil), msg.Payload...)); ok {
			return u.Interface(), nil
		}
		return nil, &smithy.DeserializationError{Err: fmt.Errorf("unknown event type %q", name)}
	}
	iv, field := uv.NewUnionValue()
	if err := decodeEventStruct(e.codec, field, msg); err != nil {
		return nil, &smithy.DeserializationError{Err: fmt.Errorf("event %s: %w", name, err)}
	}
	return iv.Interface(), nil
}

// decodeException returns the modeled error of an exception event, or a
// generic API error for an exception this client does not know.
func (e *eventConn) decodeException(st eventstream.Standard, msg *eventstream.Message) error {
	t := e.spec.Errors[st.ExceptionType]
	if t == nil {
		return &smithy.GenericAPIError{Code: st.ExceptionType, Message: string(limitBytes(msg.Payload, maxMessage)), Fault: smithy.FaultServer}
	}
	p := reflect.New(t)
	if err := e.codec.UnmarshalEventPayload(msg.Payload, protocol.PlanOf(t), nil, p.Elem()); err != nil {
		return &smithy.DeserializationError{Err: fmt.Errorf("exception %s: %w", st.ExceptionType, err)}
	}
	if err, ok := p.Interface().(error); ok {
		return err
	}
	return &smithy.GenericAPIError{Code: st.ExceptionType, Fault: smithy.FaultServer}
}

// maxMessage bounds the message of an unknown exception.
const maxMessage = 1 << 10

func limitBytes(b []byte, n int) []byte {
	if len(b) > n {
		return b[:n]
	}
	return b
}

// decodeEventStruct fills the event structure at v (a struct, or a
// pointer to one) from msg.
func decodeEventStruct(codec protocol.EventCodec, v reflect.Value, msg *eventstream.Message) error {
	if v.Kind() == reflect.Pointer {
		if v.IsNil() {
			v.Set(reflect.New(v.Type().Elem()))
		}
		v = v.Elem()
	}
	sp := protocol.PlanOf(v.Type())
	for _, m := range sp.Members {
		if m.Location != protocol.LocEventHeader {
			continue
		}
		hv, ok := msg.Headers.Get(m.Name)
		if !ok {
			continue
		}
		if err := setHeaderMember(v.Field(m.Index), m, hv); err != nil {
			return err
		}
	}
	m := sp.EventPayload
	if m == nil {
		if !sp.HasBody || len(msg.Payload) == 0 {
			return nil
		}
		return codec.UnmarshalEventPayload(msg.Payload, sp, nil, v)
	}
	f := v.Field(m.Index)
	switch m.Kind {
	case protocol.KindBlob:
		protocol.Settable(f, &m.Value).SetBytes(append([]byte{}, msg.Payload...))
	case protocol.KindString, protocol.KindEnum:
		protocol.Settable(f, &m.Value).SetString(string(msg.Payload))
	case protocol.KindStruct, protocol.KindUnion:
		if len(msg.Payload) > 0 {
			return codec.UnmarshalEventPayload(msg.Payload, nil, &m.Value, f)
		}
	default:
		return fmt.Errorf("unsupported event payload member %s", m.Name)
	}
	return nil
}

// setHeaderMember sets the @eventHeader member m (field f) from header
// value hv.
func setHeaderMember(f reflect.Value, m *protocol.Member, hv eventstream.Value) error {
	bad := func() error { return fmt.Errorf("header %s has type %s", m.Name, hv.Type()) }
	switch m.Kind {
	case protocol.KindString, protocol.KindEnum:
		s, ok := hv.AsString()
		if !ok {
			return bad()
		}
		protocol.Settable(f, &m.Value).SetString(s)
	case protocol.KindBool:
		b, ok := hv.AsBool()
		if !ok {
			return bad()
		}
		protocol.Settable(f, &m.Value).SetBool(b)
	case protocol.KindInt8, protocol.KindInt16, protocol.KindInt32, protocol.KindInt64, protocol.KindIntEnum:
		n, ok := hv.AsInt()
		if !ok {
			return bad()
		}
		protocol.Settable(f, &m.Value).SetInt(n)
	case protocol.KindBlob:
		b, ok := hv.AsBytes()
		if !ok {
			return bad()
		}
		protocol.Settable(f, &m.Value).SetBytes(append([]byte{}, b...))
	case protocol.KindTimestamp:
		t, ok := hv.AsTime()
		if !ok {
			return bad()
		}
		protocol.Settable(f, &m.Value).Set(reflect.ValueOf(t))
	default:
		return fmt.Errorf("unsupported event header member %s", m.Name)
	}
	return nil
}

// headerValue returns the event header value of member m's set value fv.
func headerValue(m *protocol.Member, fv reflect.Value) (eventstream.Value, error) {
	switch m.Kind {
	case protocol.KindString, protocol.KindEnum:
		return eventstream.StringValue(fv.String()), nil
	case protocol.KindBool:
		return eventstream.BoolValue(fv.Bool()), nil
	case protocol.KindInt8:
		return eventstream.ByteValue(int8(fv.Int())), nil
	case protocol.KindInt16:
		return eventstream.Int16Value(int16(fv.Int())), nil
	case protocol.KindInt32, protocol.KindIntEnum:
		return eventstream.Int32Value(int32(fv.Int())), nil
	case protocol.KindInt64:
		return eventstream.Int64Value(fv.Int()), nil
	case protocol.KindBlob:
		return eventstream.BytesValue(fv.Bytes()), nil
	case protocol.KindTimestamp:
		return eventstream.TimestampValue(fv.Interface().(time.Time)), nil
	}
	return eventstream.Value{}, fmt.Errorf("unsupported event header member %s", m.Name)
}

// encodeEvent appends the event message of ev, a member of union iface,
// to dst.
func encodeEvent(dst []byte, codec protocol.EventCodec, iface reflect.Type, ev any) ([]byte, error) {
	uv, inner := protocol.UnionVariantOf(iface, reflect.ValueOf(ev))
	if uv == nil {
		return dst, fmt.Errorf("%T is not an event of %s", ev, iface)
	}
	msg := eventstream.Message{Headers: eventstream.Headers{
		{Name: eventstream.HeaderMessageType, Value: eventstream.StringValue(eventstream.MessageTypeEvent)},
		{Name: eventstream.HeaderEventType, Value: eventstream.StringValue(uv.Name)},
	}}
	v, ok := protocol.Indirect(inner)
	if !ok {
		v = reflect.New(inner.Type()).Elem()
		if inner.Kind() == reflect.Pointer {
			v = reflect.New(inner.Type().Elem()).Elem()
		}
	}
	sp := protocol.PlanOf(v.Type())
	for _, m := range sp.Members {
		if m.Location != protocol.LocEventHeader {
			continue
		}
		fv, ok := m.Get(v)
		if !ok {
			continue
		}
		hv, err := headerValue(m, fv)
		if err != nil {
			return dst, err
		}
		msg.Headers = append(msg.Headers, eventstream.Header{Name: m.Name, Value: hv})
	}
	contentType := codec.EventContentType()
	var err error
	if m := sp.EventPayload; m != nil {
		fv, ok := m.Get(v)
		switch {
		case !ok:
		case m.Kind == protocol.KindBlob:
			contentType, msg.Payload = "application/octet-stream", fv.Bytes()
		case m.Kind == protocol.KindString || m.Kind == protocol.KindEnum:
			contentType, msg.Payload = "text/plain", []byte(fv.String())
		default:
			msg.Payload, err = codec.AppendEventPayload(nil, nil, &m.Value, v.Field(m.Index))
		}
	} else if sp.HasBody {
		msg.Payload, err = codec.AppendEventPayload(nil, sp, nil, v)
	}
	if err != nil {
		return dst, &smithy.SerializationError{Err: fmt.Errorf("event %s: %w", uv.Name, err)}
	}
	msg.Headers = append(msg.Headers, eventstream.Header{Name: eventstream.HeaderContentType, Value: eventstream.StringValue(contentType)})
	return eventstream.AppendMessage(dst, &msg)
}

// eventWriter sends the events of an input stream through the request
// body, a pipe the transport reads while the call is open. Each event is
// signed in a chain from the request's signature (SigV4 event signing);
// anonymous streams send the events unsigned.
type eventWriter struct {
	iface reflect.Type
	codec protocol.EventCodec
	pr    *io.PipeReader
	pw    *io.PipeWriter
	now   func() time.Time

	mu     sync.Mutex // serializes sends; guards what follows
	signer *v4.EventSigner
	ended  bool
	buf    []byte
}

func newEventWriter(iface reflect.Type, codec protocol.EventCodec, now func() time.Time) *eventWriter {
	pr, pw := io.Pipe()
	return &eventWriter{iface: iface, codec: codec, pr: pr, pw: pw, now: now}
}

// setSigner starts the attempt's signature chain from its seed.
func (w *eventWriter) setSigner(s *v4.EventSigner) {
	w.mu.Lock()
	w.signer = s
	w.mu.Unlock()
}

// send writes ev as one frame. If ctx ends first, the input is closed
// with ctx's error.
func (w *eventWriter) send(ctx context.Context, ev any) error {
	w.mu.Lock()
	defer w.mu.Unlock()
	if w.ended {
		return publicstream.ErrClosed
	}
	msg, err := encodeEvent(w.buf[:0], w.codec, w.iface, ev)
	if err != nil {
		return err
	}
	w.buf = msg
	frame := msg
	if w.signer != nil {
		if frame, err = w.signer.AppendSignedEvent(nil, msg, w.now()); err != nil {
			return err
		}
	}
	return w.write(ctx, frame)
}

// write writes frame to the pipe, closing it with ctx's error if ctx
// ends first (a frame cannot be half sent and resumed).
func (w *eventWriter) write(ctx context.Context, frame []byte) error {
	stop := context.AfterFunc(ctx, func() { w.pw.CloseWithError(ctx.Err()) })
	_, err := w.pw.Write(frame)
	if !stop() {
		w.ended = true
		return ctx.Err()
	}
	if err != nil {
		w.ended = true
		return fmt.Errorf("sending event: %w", err)
	}
	return nil
}

// closeSend sends the end frame and closes the body. A stream whose body
// the transport already closed ends without error.
func (w *eventWriter) closeSend() error {
	w.mu.Lock()
	defer w.mu.Unlock()
	if w.ended {
		return nil
	}
	w.ended = true
	var err error
	if w.signer != nil {
		var frame []byte
		if frame, err = w.signer.AppendSignedEnd(nil, w.now()); err == nil {
			if _, werr := w.pw.Write(frame); werr != nil && !errors.Is(werr, io.ErrClosedPipe) {
				err = fmt.Errorf("sending end of stream: %w", werr)
			}
		}
	}
	w.pw.Close()
	return err
}

// abort closes the input after the call failed, so that the transport
// stops reading the body.
func (w *eventWriter) abort(err error) {
	w.mu.Lock()
	w.ended = true
	w.mu.Unlock()
	w.pw.CloseWithError(err)
}

// eventConnOf returns the event stream a call left in its metadata.
func eventConnOf(md middleware.Metadata) *eventConn {
	conn, _ := md.Get(eventConnKey{}).(*eventConn)
	return conn
}

// OutputEvents returns the output event stream of the call whose result
// metadata is md, with events of union type E.
func OutputEvents[E any](md middleware.Metadata) *publicstream.Reader[E] {
	conn := eventConnOf(md)
	if conn == nil {
		return publicstream.NewReader(func() (E, error) { var zero E; return zero, io.EOF }, nil)
	}
	return publicstream.NewReader(func() (E, error) {
		ev, err := conn.recv()
		if err != nil {
			var zero E
			return zero, err
		}
		return ev.(E), nil
	}, conn.body.Close)
}

// DuplexEvents returns the event stream of the call whose result metadata
// is md, reading events of union type E and sending events of union type I.
func DuplexEvents[E, I any](md middleware.Metadata) *publicstream.Stream[E, I] {
	r := OutputEvents[E](md)
	conn := eventConnOf(md)
	if conn == nil || conn.in == nil {
		closed := func(context.Context, I) error { return publicstream.ErrClosed }
		return publicstream.NewStream(r, closed, nil)
	}
	w := conn.in
	return publicstream.NewStream(r, func(ctx context.Context, ev I) error { return w.send(ctx, ev) }, w.closeSend)
}

// openInputStream makes the request body the input event stream: a pipe
// that Send writes frames to while the call is open.
func (c *call) openInputStream(req *smithyhttp.Request) error {
	codec, ok := c.rt.svc.Codec.(protocol.EventCodec)
	if !ok {
		return fmt.Errorf("%s: the protocol codec %T has no event-stream support", c.op.Protocol.Name, c.rt.svc.Codec)
	}
	if c.op.EventStream.InitialMessages {
		return fmt.Errorf("%s: input event streams with an initial-request event are not supported", c.op.Protocol.Name)
	}
	w := newEventWriter(c.op.EventStream.Input, codec, c.rt.now)
	if err := protocol.SetStream(req, w.pr); err != nil {
		return err
	}
	req.ContentLength = -1
	req.Header.Set("Content-Type", eventStreamContentType)
	c.events = w
	return nil
}

// startEventSigning chains the input stream's event signatures from the
// attempt's signature.
func (c *call) startEventSigning(seed *v4.SignOutput, creds credentials.Credentials) error {
	es, err := v4.NewEventSigner(v4.EventSignerInput{Seed: seed, Credentials: creds})
	if err != nil {
		return fmt.Errorf("signing input events: %w", err)
	}
	c.events.setSigner(es)
	return nil
}
