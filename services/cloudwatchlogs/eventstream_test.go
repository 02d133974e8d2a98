package cloudwatchlogs_test

import (
	"context"
	"errors"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/nimbus-sdk/nimbus/credentials"
	"github.com/nimbus-sdk/nimbus/internal/testenv/evtest"
	"github.com/nimbus-sdk/nimbus/services/cloudwatchlogs"
	"github.com/nimbus-sdk/nimbus/services/cloudwatchlogs/types"
)

// newStreamClient returns a client of srv. The streaming operations'
// endpoints have the host prefix "stream-", so its transport dials srv
// whatever the host.
func newStreamClient(srv *httptest.Server) *cloudwatchlogs.Client {
	tr := srv.Client().Transport.(*http.Transport).Clone()
	tr.DialContext = func(ctx context.Context, network, _ string) (net.Conn, error) {
		return (&net.Dialer{}).DialContext(ctx, network, srv.Listener.Addr().String())
	}
	return cloudwatchlogs.New(cloudwatchlogs.Options{
		Region: "us-east-1", BaseEndpoint: srv.URL, HTTPClient: &http.Client{Transport: tr},
		Credentials: credentials.NewStaticProvider("AKID", "SECRET", ""),
	})
}

// TestStartLiveTail replays a Live Tail session over awsJson 1.1: the
// initial-response event (the output's members, none here), sessionStart,
// sessionUpdate with log events, and the SessionTimeoutException that
// ends every session after three hours, as the typed error.
func TestStartLiveTail(t *testing.T) {
	var target string
	srv := httptest.NewServer(&evtest.Replay{
		Check: func(r *http.Request) { target = r.Header.Get("X-Amz-Target") },
		Frames: [][]byte{
			evtest.JSONEvent("initial-response", `{}`),
			evtest.JSONEvent("sessionStart", `{"requestId":"r1","sessionId":"s1","logGroupIdentifiers":["app"]}`),
			evtest.JSONEvent("sessionUpdate", `{"sessionMetadata":{"sampled":false},"sessionResults":[{"logStreamName":"web","message":"GET /","timestamp":1700000000000},{"logStreamName":"web","message":"GET /a","timestamp":1700000000001}]}`),
			evtest.Exception("SessionTimeoutException", `{"message":"session over"}`),
		},
	})
	defer srv.Close()
	out, err := newStreamClient(srv).StartLiveTail(context.Background(), &cloudwatchlogs.StartLiveTailInput{LogGroupIdentifiers: []string{"app"}})
	if err != nil {
		t.Fatal(err)
	}
	if target != "Logs_20140328.StartLiveTail" {
		t.Errorf("X-Amz-Target %q", target)
	}
	stream := out.GetStream()
	defer stream.Close()
	var session string
	var messages []string
	for ev := range stream.Events() {
		switch e := ev.(type) {
		case *types.StartLiveTailResponseStreamMemberSessionStart:
			session = *e.Value.SessionId
		case *types.StartLiveTailResponseStreamMemberSessionUpdate:
			for _, r := range e.Value.SessionResults {
				messages = append(messages, *r.Message)
			}
		}
	}
	if session != "s1" || strings.Join(messages, "|") != "GET /|GET /a" {
		t.Errorf("session %q, messages %q", session, messages)
	}
	var timeout *types.SessionTimeoutException
	if !errors.As(stream.Err(), &timeout) || *timeout.Message != "session over" {
		t.Errorf("Err() = %v; want *types.SessionTimeoutException", stream.Err())
	}
}

// TestGetLogObject: a stream without an initial-response event starts
// with its first event, which is not lost.
func TestGetLogObject(t *testing.T) {
	srv := httptest.NewServer(&evtest.Replay{Frames: [][]byte{
		evtest.JSONEvent("fields", `{"data":"Zmlyc3Q="}`),
		evtest.JSONEvent("fields", `{"data":"c2Vjb25k"}`),
	}})
	defer srv.Close()
	ptr := "p"
	out, err := newStreamClient(srv).GetLogObject(context.Background(), &cloudwatchlogs.GetLogObjectInput{LogObjectPointer: &ptr})
	if err != nil {
		t.Fatal(err)
	}
	stream := out.GetStream()
	defer stream.Close()
	var got []string
	for {
		ev, err := stream.Recv()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatal(err)
		}
		got = append(got, string(ev.(*types.GetLogObjectResponseStreamMemberFields).Value.Data))
	}
	if strings.Join(got, "|") != "first|second" {
		t.Errorf("data %q", got)
	}
}
