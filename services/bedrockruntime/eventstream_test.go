package bedrockruntime_test

import (
	"bytes"
	"context"
	"encoding/base64"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"

	"github.com/nimbus-sdk/nimbus/credentials"
	"github.com/nimbus-sdk/nimbus/internal/eventstream"
	"github.com/nimbus-sdk/nimbus/internal/testenv/evtest"
	"github.com/nimbus-sdk/nimbus/internal/testenv/sigtest"
	"github.com/nimbus-sdk/nimbus/services/bedrockruntime"
	"github.com/nimbus-sdk/nimbus/services/bedrockruntime/types"
)

const secret = "SECRETEXAMPLE"

func newClient(srv *httptest.Server) *bedrockruntime.Client {
	return bedrockruntime.New(bedrockruntime.Options{
		Region: "us-east-1", BaseEndpoint: srv.URL, HTTPClient: srv.Client(),
		Credentials: credentials.NewStaticProvider("AKIDEXAMPLE", secret, ""),
	})
}

// TestConverseStream replays a ConverseStream response as Bedrock
// documents it (messageStart, contentBlockDelta..., messageStop,
// metadata), then a throttling exception, which arrives as the typed
// error.
func TestConverseStream(t *testing.T) {
	srv := httptest.NewServer(&evtest.Replay{Frames: [][]byte{
		evtest.JSONEvent("messageStart", `{"role":"assistant"}`),
		evtest.JSONEvent("contentBlockDelta", `{"contentBlockIndex":0,"delta":{"text":"Hello"}}`),
		evtest.JSONEvent("contentBlockDelta", `{"contentBlockIndex":0,"delta":{"text":", world"}}`),
		evtest.JSONEvent("messageStop", `{"stopReason":"end_turn"}`),
		evtest.JSONEvent("metadata", `{"usage":{"inputTokens":3,"outputTokens":4,"totalTokens":7},"metrics":{"latencyMs":12}}`),
		evtest.Exception("throttlingException", `{"message":"slow down"}`),
	}})
	defer srv.Close()
	model := "anthropic.claude"
	out, err := newClient(srv).ConverseStream(context.Background(), &bedrockruntime.ConverseStreamInput{ModelId: &model})
	if err != nil {
		t.Fatal(err)
	}
	stream := out.GetStream()
	defer stream.Close()
	var text strings.Builder
	var role types.ConversationRole
	var stop types.StopReason
	var usage *types.TokenUsage
	var streamErr error
	for ev, err := range stream.Events() {
		if err != nil {
			streamErr = err
			break
		}
		switch e := ev.(type) {
		case *types.ConverseStreamOutputMemberMessageStart:
			role = e.Value.Role
		case *types.ConverseStreamOutputMemberContentBlockDelta:
			if d, ok := e.Value.Delta.(*types.ContentBlockDeltaMemberText); ok {
				text.WriteString(d.Value)
			}
		case *types.ConverseStreamOutputMemberMessageStop:
			stop = e.Value.StopReason
		case *types.ConverseStreamOutputMemberMetadata:
			usage = e.Value.Usage
		}
	}
	if role != types.ConversationRoleAssistant || text.String() != "Hello, world" || stop != types.StopReasonEndTurn ||
		usage == nil || *usage.OutputTokens != 4 {
		t.Errorf("role %q, text %q, stop %q, usage %+v", role, text.String(), stop, usage)
	}
	var throttled *types.ThrottlingException
	if !errors.As(streamErr, &throttled) || throttled.ErrorMessage() != "slow down" || stream.Err() != streamErr {
		t.Errorf("stream error %v (Err %v); want *types.ThrottlingException", streamErr, stream.Err())
	}
}

// TestInvokeModelWithResponseStream replays chunk events, whose bytes are
// base64 in a JSON payload.
func TestInvokeModelWithResponseStream(t *testing.T) {
	chunk := func(s string) []byte {
		return evtest.JSONEvent("chunk", `{"bytes":"`+base64.StdEncoding.EncodeToString([]byte(s))+`"}`)
	}
	srv := httptest.NewServer(&evtest.Replay{
		Header: http.Header{"X-Amzn-Bedrock-Content-Type": {"application/json"}},
		Frames: [][]byte{chunk(`{"completion":"a"}`), chunk(`{"completion":"b"}`)},
	})
	defer srv.Close()
	model := "m"
	out, err := newClient(srv).InvokeModelWithResponseStream(context.Background(), &bedrockruntime.InvokeModelWithResponseStreamInput{ModelId: &model, Body: []byte(`{}`)})
	if err != nil {
		t.Fatal(err)
	}
	if out.ContentType == nil || *out.ContentType != "application/json" {
		t.Errorf("ContentType = %v", out.ContentType)
	}
	stream := out.GetStream()
	defer stream.Close()
	var got []string
	for ev, err := range stream.Events() {
		if err != nil {
			t.Fatal(err)
		}
		got = append(got, string(ev.(*types.ResponseStreamMemberChunk).Value.Bytes))
	}
	if strings.Join(got, "|") != `{"completion":"a"}|{"completion":"b"}` {
		t.Errorf("chunks %q", got)
	}
}

// bidiServer is an HTTP/2 TLS endpoint for InvokeModelWithBidirectionalStream:
// it checks the request's SigV4 signature and then each frame's chained
// event signature with sigtest (which shares no code with signer/v4), and
// answers each input chunk at once with an output chunk echoing it.
type bidiServer struct {
	t        *testing.T
	mu       sync.Mutex
	verified int  // frames whose signature checked out
	ended    bool // the empty end frame arrived, signed
}

func (s *bidiServer) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if r.ProtoMajor != 2 {
		s.t.Errorf("request over %s; want HTTP/2", r.Proto)
	}
	if ct := r.Header.Get("Content-Type"); ct != "application/vnd.amazon.eventstream" {
		s.t.Errorf("Content-Type %q", ct)
	}
	v, err := sigtest.NewEventVerifier(r, secret)
	if err != nil {
		s.t.Error(err)
		w.WriteHeader(http.StatusForbidden)
		return
	}
	w.WriteHeader(http.StatusOK)
	w.(http.Flusher).Flush()
	dec := eventstream.NewDecoder(r.Body, eventstream.DecoderOptions{})
	for {
		env, err := dec.Decode()
		if err == io.EOF {
			return
		}
		if err != nil {
			s.t.Error(err)
			return
		}
		date, _ := env.Headers.Get(":date")
		sig, _ := env.Headers.Get(":chunk-signature")
		dt, _ := date.AsTime()
		sb, _ := sig.AsBytes()
		if err := v.Verify(dt, sb, env.Payload); err != nil {
			s.t.Errorf("frame %d: %v", s.verified+1, err)
			return
		}
		s.mu.Lock()
		s.verified++
		if len(env.Payload) == 0 {
			s.ended = true
			s.mu.Unlock()
			return
		}
		s.mu.Unlock()
		inner, err := eventstream.NewDecoder(bytes.NewReader(env.Payload), eventstream.DecoderOptions{}).Decode()
		if err != nil {
			s.t.Error(err)
			return
		}
		st, _ := inner.Headers.Standard()
		var part struct{ Bytes []byte }
		if err := json.Unmarshal(inner.Payload, &part); err != nil || st.EventType != "chunk" {
			s.t.Errorf("input event %q, payload %s: %v", st.EventType, inner.Payload, err)
			return
		}
		echo, _ := json.Marshal(map[string][]byte{"bytes": append([]byte("echo:"), part.Bytes...)})
		w.Write(evtest.JSONEvent("chunk", string(echo)))
		w.(http.Flusher).Flush()
	}
}

// TestBidirectionalStreamHTTP2 sends input events while reading output
// events over one HTTP/2 request: each echo arrives before the next input
// is sent, every frame's chained signature verifies, and CloseSend sends
// the signed end frame, after which the output ends.
func TestBidirectionalStreamHTTP2(t *testing.T) {
	h := &bidiServer{t: t}
	srv := httptest.NewUnstartedServer(h)
	srv.EnableHTTP2 = true
	srv.StartTLS()
	defer srv.Close()
	ctx := context.Background()
	model := "amazon.nova-sonic"
	out, err := newClient(srv).InvokeModelWithBidirectionalStream(ctx, &bedrockruntime.InvokeModelWithBidirectionalStreamInput{ModelId: &model})
	if err != nil {
		t.Fatal(err)
	}
	stream := out.GetStream()
	defer stream.Close()
	for _, msg := range []string{"one", "two", "three"} {
		if err := stream.Send(ctx, &types.InvokeModelWithBidirectionalStreamInputMemberChunk{
			Value: types.BidirectionalInputPayloadPart{Bytes: []byte(msg)},
		}); err != nil {
			t.Fatal(err)
		}
		ev, err := stream.Recv()
		if err != nil {
			t.Fatal(err)
		}
		if got := string(ev.(*types.InvokeModelWithBidirectionalStreamOutputMemberChunk).Value.Bytes); got != "echo:"+msg {
			t.Errorf("echo %q; want %q", got, "echo:"+msg)
		}
	}
	if err := stream.CloseSend(); err != nil {
		t.Fatal(err)
	}
	if ev, err := stream.Recv(); err != io.EOF {
		t.Fatalf("Recv after CloseSend = %v, %v; want io.EOF", ev, err)
	}
	h.mu.Lock()
	defer h.mu.Unlock()
	if h.verified != 4 || !h.ended {
		t.Errorf("%d frames verified, end frame %v; want 3 events and the end frame", h.verified, h.ended)
	}
}
