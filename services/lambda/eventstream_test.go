package lambda_test

import (
	"context"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/aws/smithy-go"

	"github.com/nimbus-sdk/nimbus/credentials"
	"github.com/nimbus-sdk/nimbus/internal/testenv/evtest"
	"github.com/nimbus-sdk/nimbus/internal/testenv/logtest"
	awsmw "github.com/nimbus-sdk/nimbus/middleware"
	"github.com/nimbus-sdk/nimbus/services/lambda"
	"github.com/nimbus-sdk/nimbus/services/lambda/types"
	"github.com/nimbus-sdk/nimbus/transport/eventstream"
)

func streamClient(srv *httptest.Server) *lambda.Client {
	return lambda.New(lambda.Options{
		Region: "us-east-1", BaseEndpoint: srv.URL, HTTPClient: srv.Client(),
		Credentials: credentials.NewStaticProvider("AKID", "SECRET", ""),
	})
}

func invokeStream(t *testing.T, ctx context.Context, c *lambda.Client) *lambda.InvokeWithResponseStreamOutput {
	t.Helper()
	fn := "f"
	out, err := c.InvokeWithResponseStream(ctx, &lambda.InvokeWithResponseStreamInput{FunctionName: &fn})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// TestInvokeWithResponseStream replays Lambda's documented response: the
// initial response's status and headers, PayloadChunk events carrying raw
// bytes, and the closing InvokeComplete event.
func TestInvokeWithResponseStream(t *testing.T) {
	srv := httptest.NewServer(&evtest.Replay{
		Header: http.Header{"X-Amz-Executed-Version": {"$LATEST"}, "Content-Type": {"application/vnd.amazon.eventstream"}},
		Frames: [][]byte{
			evtest.Event("PayloadChunk", "application/octet-stream", []byte("hello ")),
			evtest.Event("PayloadChunk", "application/octet-stream", []byte("world")),
			evtest.JSONEvent("InvokeComplete", `{"LogResult":"bG9ncw=="}`),
		},
	})
	defer srv.Close()
	out := invokeStream(t, context.Background(), streamClient(srv))
	if out.StatusCode != 200 || out.ExecutedVersion == nil || *out.ExecutedVersion != "$LATEST" {
		t.Errorf("initial response: status %d, executed version %v", out.StatusCode, out.ExecutedVersion)
	}
	stream := out.GetStream()
	defer stream.Close()
	var body []byte
	var complete *types.InvokeWithResponseStreamCompleteEvent
	for ev := range stream.Events() { // aws-sdk-go-v2's loop shape
		switch e := ev.(type) {
		case *types.InvokeWithResponseStreamResponseEventMemberPayloadChunk:
			body = append(body, e.Value.Payload...)
		case *types.InvokeWithResponseStreamResponseEventMemberInvokeComplete:
			complete = &e.Value
		default:
			t.Errorf("unexpected event %T", ev)
		}
	}
	if err := stream.Err(); err != nil {
		t.Fatal(err)
	}
	if string(body) != "hello world" || complete == nil || complete.LogResult == nil || *complete.LogResult != "bG9ncw==" {
		t.Errorf("body %q, complete %+v", body, complete)
	}
	if _, err := stream.Recv(); err != io.EOF {
		t.Errorf("Recv after the end = %v; want io.EOF", err)
	}
}

// TestEventStreamFaults: what a broken or failing stream returns, through
// Recv: typed errors for malformed frames, a smithy.APIError for error
// events, and unknown events as types.UnknownUnionMember.
func TestEventStreamFaults(t *testing.T) {
	chunk := evtest.Event("PayloadChunk", "application/octet-stream", []byte("data"))
	corrupt := append([]byte(nil), chunk...)
	corrupt[len(corrupt)-6] ^= 0xff // a payload byte: the message CRC fails
	tests := []struct {
		name  string
		frame []byte
		check func(ev types.InvokeWithResponseStreamResponseEvent, err error) bool
	}{
		{"corrupt frame", corrupt, func(_ types.InvokeWithResponseStreamResponseEvent, err error) bool {
			var e *eventstream.MessageChecksumError
			return errors.As(err, &e)
		}},
		{"truncated frame", chunk[:len(chunk)-3], func(_ types.InvokeWithResponseStreamResponseEvent, err error) bool {
			var e *eventstream.TruncatedError
			return errors.As(err, &e) && errors.Is(err, io.ErrUnexpectedEOF)
		}},
		{"error event", evtest.Error("ServiceException", "function failed"), func(_ types.InvokeWithResponseStreamResponseEvent, err error) bool {
			var e smithy.APIError
			return errors.As(err, &e) && e.ErrorCode() == "ServiceException" && e.ErrorMessage() == "function failed"
		}},
		{"unknown exception", evtest.Exception("NewException", `{"message":"m"}`), func(_ types.InvokeWithResponseStreamResponseEvent, err error) bool {
			var e smithy.APIError
			return errors.As(err, &e) && e.ErrorCode() == "NewException"
		}},
		{"unknown event", evtest.Event("NewEvent", "application/json", []byte(`{"a":1}`)), func(ev types.InvokeWithResponseStreamResponseEvent, err error) bool {
			u, ok := ev.(*types.UnknownUnionMember)
			return err == nil && ok && u.Tag == "NewEvent" && string(u.Value) == `{"a":1}`
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv := httptest.NewServer(&evtest.Replay{Frames: [][]byte{tt.frame}})
			defer srv.Close()
			stream := invokeStream(t, context.Background(), streamClient(srv)).GetStream()
			defer stream.Close()
			ev, err := stream.Recv()
			if !tt.check(ev, err) {
				t.Fatalf("Recv = %#v, %v", ev, err)
			}
			if err != nil {
				if stream.Err() != err {
					t.Errorf("Err() = %v; want %v", stream.Err(), err)
				}
				if _, again := stream.Recv(); again != err {
					t.Errorf("second Recv = %v; want the same error", again)
				}
			}
		})
	}
}

// TestEventStreamReleases: Close (from another goroutine) and canceling
// the call's context both end a Recv that is waiting for the next event,
// and leave no goroutine behind.
func TestEventStreamReleases(t *testing.T) {
	first := evtest.Event("PayloadChunk", "application/octet-stream", []byte("first"))
	tests := []struct {
		name string
		stop func(stream *lambda.InvokeWithResponseStreamEventStream, cancel context.CancelFunc)
		want func(error) bool
	}{
		{"Close", func(s *lambda.InvokeWithResponseStreamEventStream, _ context.CancelFunc) { s.Close() },
			func(err error) bool { return errors.Is(err, eventstream.ErrClosed) }},
		{"context canceled", func(_ *lambda.InvokeWithResponseStreamEventStream, cancel context.CancelFunc) { cancel() },
			func(err error) bool { return errors.Is(err, context.Canceled) }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h := &evtest.Replay{Frames: [][]byte{first}, Hold: true}
			srv := httptest.NewServer(h)
			defer srv.Close()
			defer h.Release()
			c := streamClient(srv)
			before := runtime.NumGoroutine()

			ctx, cancel := context.WithCancel(context.Background())
			defer cancel()
			stream := invokeStream(t, ctx, c).GetStream()
			if ev, err := stream.Recv(); err != nil {
				t.Fatalf("first Recv: %v, %v", ev, err)
			}
			done := make(chan error, 1)
			go func() { _, err := stream.Recv(); done <- err }()
			time.Sleep(20 * time.Millisecond) // let Recv block on the connection
			tt.stop(stream, cancel)
			select {
			case err := <-done:
				if !tt.want(err) {
					t.Errorf("Recv = %v", err)
				}
			case <-time.After(5 * time.Second):
				t.Fatal("Recv still blocked 5s after the stream was stopped")
			}
			stream.Close()
			srv.Client().CloseIdleConnections()
			deadline := time.Now().Add(5 * time.Second)
			for runtime.NumGoroutine() > before && time.Now().Before(deadline) {
				time.Sleep(10 * time.Millisecond)
			}
			if n := runtime.NumGoroutine(); n > before {
				buf := make([]byte, 1<<16)
				t.Errorf("%d goroutines after the stream ended; %d before it opened:\n%s", n, before, buf[:runtime.Stack(buf, true)])
			}
		})
	}
}

// TestEventStreamLogging: with response bodies logged, an event-stream
// call still returns at its initial response (logging does not wait for
// the body, which may not come for a long time) and says why the body is
// not shown.
func TestEventStreamLogging(t *testing.T) {
	h := &evtest.Replay{Hold: true}
	srv := httptest.NewServer(h)
	defer srv.Close()
	defer h.Release()
	log := &logtest.Logger{}
	c := lambda.New(lambda.Options{
		Region: "us-east-1", BaseEndpoint: srv.URL, HTTPClient: srv.Client(),
		Credentials: credentials.NewStaticProvider("AKID", "SECRET", ""),
		Logger:      log, ClientLogMode: awsmw.LogResponseWithBody,
	})
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	out := invokeStream(t, ctx, c)
	out.GetStream().Close()
	if !strings.Contains(log.String(), "[body not logged: an event stream]") {
		t.Errorf("log:\n%s", log.String())
	}
}
