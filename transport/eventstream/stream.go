// Package eventstream holds the event streams of operations that send or
// receive events (application/vnd.amazon.eventstream): S3
// SelectObjectContent, Lambda InvokeWithResponseStream, Bedrock Runtime
// ConverseStream and InvokeModelWithBidirectionalStream, CloudWatch Logs
// StartLiveTail.
//
// An operation with an output stream returns once the initial response
// has arrived; GetStream on its output returns a [*Reader] (a [*Stream]
// when the operation also takes input events). Events are read in the
// caller's goroutine, one message at a time, so no goroutine is left
// behind: reading stops at the end of the stream, at the first error, when
// the stream is closed, or when the context of the call that opened it is
// canceled.
//
//	out, err := client.SelectObjectContent(ctx, input)
//	if err != nil { ... }
//	stream := out.GetStream()
//	defer stream.Close()
//	for event, err := range stream.Events() {
//		if err != nil { ... }
//		switch e := event.(type) {
//		case *types.SelectObjectContentEventStreamMemberRecords:
//			os.Stdout.Write(e.Value.Payload)
//		}
//	}
//
// # Porting from aws-sdk-go-v2
//
// v2's streams have Events() returning a channel filled by a goroutine,
// Err() and Close(). Here Events returns an iterator, so v2's
// single-variable loop `for event := range stream.Events()` compiles and
// works unchanged (the loop then ends at an error without showing it, and
// Err returns it, as in v2). Send and Close are as in v2; CloseSend ends
// the input alone, as v2's Writer.Close does. Modeled exception events
// are returned as the service's typed errors (types.ThrottlingException),
// as v2 does, and unknown event types as the types package's
// UnknownUnionMember.
package eventstream

import (
	"context"
	"errors"
	"io"
	"iter"
	"sync"
)

// ErrClosed is returned by Recv and Send after Close.
var ErrClosed = errors.New("eventstream: stream closed")

// A Reader reads the events of an operation's output stream. Recv and
// Events are for one goroutine at a time; Close and Err may be called
// from any goroutine.
type Reader[E any] struct {
	recv  func() (E, error)
	close func() error

	mu        sync.Mutex
	err       error // the error that ended the stream; nil at a clean end
	ended     bool
	closed    bool
	closeOnce sync.Once
	closeErr  error
}

// NewReader returns a Reader whose events come from recv, which returns
// io.EOF at the end of the stream, and whose Close calls close once.
// Generated clients build their streams with it; tests can build fake
// ones.
func NewReader[E any](recv func() (E, error), close func() error) *Reader[E] {
	return &Reader[E]{recv: recv, close: close}
}

// Recv returns the next event. It returns io.EOF at the end of the
// stream, the error that ended it after an error (again on every call),
// and ErrClosed after Close.
func (r *Reader[E]) Recv() (E, error) {
	var zero E
	r.mu.Lock()
	ended, closed, err := r.ended, r.closed, r.err
	r.mu.Unlock()
	switch {
	case closed:
		return zero, ErrClosed
	case ended && err != nil:
		return zero, err
	case ended:
		return zero, io.EOF
	}
	ev, err := r.recv()
	if err == nil {
		return ev, nil
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.closed {
		// Close interrupted the read: not an error of the stream.
		return zero, ErrClosed
	}
	r.ended = true
	if err != io.EOF {
		r.err = err
	}
	return zero, err
}

// Events returns an iterator over the remaining events. It ends at the
// end of the stream, or after yielding (with a zero event) the error that
// ended it. Breaking out of the loop leaves the stream open: Close it.
func (r *Reader[E]) Events() iter.Seq2[E, error] {
	return func(yield func(E, error) bool) {
		for {
			ev, err := r.Recv()
			if err == io.EOF || err == ErrClosed {
				return
			}
			if !yield(ev, err) || err != nil {
				return
			}
		}
	}
}

// Err returns the error that ended the stream, or nil if it has not
// ended, ended cleanly, or was closed.
func (r *Reader[E]) Err() error {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.err
}

// Close releases the stream's connection, interrupting a Recv in another
// goroutine. It is safe to call more than once; later calls return the
// first call's result.
func (r *Reader[E]) Close() error {
	r.mu.Lock()
	r.closed = true
	r.mu.Unlock()
	r.closeOnce.Do(func() {
		if r.close != nil {
			r.closeErr = r.close()
		}
	})
	return r.closeErr
}

// A Stream is a [Reader] of output events E that also sends input events
// I: the stream of a bidirectional operation. Send is for one goroutine
// at a time, which may differ from the reading one.
type Stream[E, I any] struct {
	*Reader[E]

	send      func(context.Context, I) error
	closeSend func() error
	sendOnce  sync.Once
	sendErr   error
}

// NewStream returns a Stream reading from r and sending with send;
// CloseSend calls closeSend once.
func NewStream[E, I any](r *Reader[E], send func(context.Context, I) error, closeSend func() error) *Stream[E, I] {
	return &Stream[E, I]{Reader: r, send: send, closeSend: closeSend}
}

// Send sends one event. If ctx ends before the event is handed to the
// connection, Send returns ctx's error and the input is closed, since a
// partly written event cannot be taken back.
func (s *Stream[E, I]) Send(ctx context.Context, event I) error {
	return s.send(ctx, event)
}

// CloseSend ends the input: it sends the stream's end frame. Output
// events can still be read. It is safe to call more than once.
func (s *Stream[E, I]) CloseSend() error {
	s.sendOnce.Do(func() {
		if s.closeSend != nil {
			s.sendErr = s.closeSend()
		}
	})
	return s.sendErr
}

// Close ends the input and releases the connection.
func (s *Stream[E, I]) Close() error {
	err := s.CloseSend()
	return errors.Join(err, s.Reader.Close())
}
