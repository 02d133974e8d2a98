package eventstream_test

import (
	"context"
	"errors"
	"fmt"
	"io"
	"testing"

	"github.com/nimbus-sdk/nimbus/transport/eventstream"
)

// fake returns a recv function yielding events, then end (io.EOF or an
// error).
func fake(end error, events ...string) func() (string, error) {
	return func() (string, error) {
		if len(events) == 0 {
			return "", end
		}
		ev := events[0]
		events = events[1:]
		return ev, nil
	}
}

func TestReader(t *testing.T) {
	boom := errors.New("boom")
	tests := []struct {
		name    string
		end     error
		want    []string
		wantErr error
	}{
		{"clean end", io.EOF, []string{"a", "b"}, nil},
		{"error", boom, []string{"a", "b", "error boom"}, boom},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			closed := 0
			r := eventstream.NewReader(fake(tt.end, "a", "b"), func() error { closed++; return nil })
			var got []string
			for ev, err := range r.Events() {
				if err != nil {
					got = append(got, "error "+err.Error())
					continue
				}
				got = append(got, ev)
			}
			if fmt.Sprint(got) != fmt.Sprint(tt.want) || r.Err() != tt.wantErr {
				t.Errorf("events %q, Err %v; want %q, %v", got, r.Err(), tt.want, tt.wantErr)
			}
			_, err := r.Recv()
			if want := tt.wantErr; (want == nil && err != io.EOF) || (want != nil && err != want) {
				t.Errorf("Recv after the end = %v", err)
			}
			r.Close()
			r.Close()
			if _, err := r.Recv(); !errors.Is(err, eventstream.ErrClosed) || closed != 1 {
				t.Errorf("after Close: Recv = %v, close called %d times; want ErrClosed, 1", err, closed)
			}
		})
	}
}

// TestReaderBreak: breaking out of Events leaves the stream readable.
func TestReaderBreak(t *testing.T) {
	r := eventstream.NewReader(fake(io.EOF, "a", "b"), nil)
	for range r.Events() {
		break
	}
	if ev, err := r.Recv(); ev != "b" || err != nil {
		t.Errorf("Recv after break = %q, %v; want b", ev, err)
	}
}

// TestReaderCloseDuringRecv: a Recv that fails because Close interrupted
// it reports ErrClosed, not the connection's error, and Err stays nil.
func TestReaderCloseDuringRecv(t *testing.T) {
	var r *eventstream.Reader[string]
	r = eventstream.NewReader(func() (string, error) {
		r.Close() // as another goroutine would, while the read waits
		return "", errors.New("use of closed network connection")
	}, func() error { return nil })
	if _, err := r.Recv(); !errors.Is(err, eventstream.ErrClosed) || r.Err() != nil {
		t.Errorf("Recv = %v, Err = %v; want ErrClosed and nil", err, r.Err())
	}
}

func TestStream(t *testing.T) {
	var sent []string
	ends := 0
	s := eventstream.NewStream(eventstream.NewReader(fake(io.EOF), nil),
		func(_ context.Context, ev int) error { sent = append(sent, fmt.Sprint(ev)); return nil },
		func() error { ends++; return nil })
	for i := range 3 {
		if err := s.Send(context.Background(), i); err != nil {
			t.Fatal(err)
		}
	}
	s.CloseSend()
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	if fmt.Sprint(sent) != "[0 1 2]" || ends != 1 {
		t.Errorf("sent %v, end sent %d times", sent, ends)
	}
}

// Example reads a stream the way generated clients' GetStream streams are
// read; NewReader builds one from any source, here a fake for a test.
func Example() {
	events := []string{"Records", "Stats", "End"}
	stream := eventstream.NewReader(func() (string, error) {
		if len(events) == 0 {
			return "", io.EOF
		}
		ev := events[0]
		events = events[1:]
		return ev, nil
	}, nil)
	defer stream.Close()
	for ev, err := range stream.Events() {
		if err != nil {
			fmt.Println("stream failed:", err)
			return
		}
		fmt.Println(ev)
	}
	// Output:
	// Records
	// Stats
	// End
}
