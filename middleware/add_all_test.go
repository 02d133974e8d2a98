package middleware

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"

	smithymw "github.com/aws/smithy-go/middleware"
	smithyhttp "github.com/aws/smithy-go/transport/http"
)

func TestAddAll(t *testing.T) {
	deserializer := smithymw.DeserializeMiddlewareFunc("OperationDeserializer", nil)
	all := Options{
		InvocationID:       NewInvocationID(),
		UserAgent:          NewUserAgent(UserAgentOptions{}),
		RecursionDetection: NewRecursionDetection(),
		RequestID:          NewRequestID(),
		ClockSkew:          NewClockSkew(),
		Logging:            NewLogging(LoggingOptions{}),
	}
	tests := []struct {
		name         string
		opts         Options
		build, deser string
	}{
		{"all", all,
			"ClientRequestID UserAgent RecursionDetection",
			"RequestIDRetriever RecordResponseTiming OperationDeserializer RequestResponseLogger"},
		{"none", Options{}, "", "OperationDeserializer"},
		{"some", Options{UserAgent: all.UserAgent, ClockSkew: all.ClockSkew}, "UserAgent", "RecordResponseTiming OperationDeserializer"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			stack := smithymw.NewStack("op", smithyhttp.NewStackRequest)
			if err := stack.Deserialize.Add(deserializer, smithymw.After); err != nil {
				t.Fatal(err)
			}
			if err := AddAll(stack, tt.opts); err != nil {
				t.Fatalf("AddAll: %v", err)
			}
			if got := strings.Join(stack.Build.List(), " "); got != tt.build {
				t.Errorf("Build = %q; want %q", got, tt.build)
			}
			if got := strings.Join(stack.Deserialize.List(), " "); got != tt.deser {
				t.Errorf("Deserialize = %q; want %q", got, tt.deser)
			}
		})
	}
}

func TestAddAllDuplicate(t *testing.T) {
	tests := []struct {
		name    string
		first   Options
		second  Options
		wantErr string
	}{
		{"build",
			Options{ClockSkew: NewClockSkew(), UserAgent: NewUserAgent(UserAgentOptions{})},
			Options{RequestID: NewRequestID(), UserAgent: NewUserAgent(UserAgentOptions{})},
			"UserAgent: already in the Build step"},
		{"deserialize",
			Options{InvocationID: NewInvocationID(), Logging: NewLogging(LoggingOptions{})},
			Options{UserAgent: NewUserAgent(UserAgentOptions{}), Logging: NewLogging(LoggingOptions{})},
			"RequestResponseLogger: already in the Deserialize step"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			stack := smithymw.NewStack("op", smithyhttp.NewStackRequest)
			if err := AddAll(stack, tt.first); err != nil {
				t.Fatal(err)
			}
			before := stack.String()
			err := AddAll(stack, tt.second)
			if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
				t.Errorf("second AddAll = %v; want an error containing %q", err, tt.wantErr)
			}
			if after := stack.String(); after != before {
				t.Errorf("failed AddAll changed the stack:\n%s\nwant\n%s", after, before)
			}
		})
	}
}

// TestSharedMiddlewareConcurrent shares one value of every middleware
// between goroutines, as a client shares them between its operations and
// calls.
//
// Each goroutine decorates its own stack: in smithy-go v1.28.8 a step's
// HandleMiddleware links its tail to the next handler on every call, so a
// handler decorated with the steps themselves is not safe for concurrent
// use. The client runtime must compose its shared chain from the step
// middleware instead.
func TestSharedMiddlewareConcurrent(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		// Echo the invocation ID as the request ID so the test can see
		// that every call got its own.
		w.Header().Set("X-Amz-Request-Id", r.Header.Get("Amz-Sdk-Invocation-Id"))
		if r.Header.Get("User-Agent") == "" {
			w.WriteHeader(http.StatusBadRequest)
		}
	}))
	defer srv.Close()

	var log logBuffer
	shared := Options{
		InvocationID:       NewInvocationID(),
		UserAgent:          NewUserAgent(UserAgentOptions{ServiceID: "S3"}),
		RecursionDetection: &RecursionDetection{Getenv: func(string) string { return "" }},
		RequestID:          NewRequestID(),
		ClockSkew:          NewClockSkew(),
		Logging:            NewLogging(LoggingOptions{Logger: &log, LogRequest: true, LogResponseWithBody: true}),
	}

	const goroutines, calls = 4, 25
	ids := make(chan string, goroutines*calls)
	var wg sync.WaitGroup
	for range goroutines {
		call := buildHTTPStack(t, srv, func(st *smithymw.Stack) error { return AddAll(st, shared) })
		wg.Add(1)
		go func() {
			defer wg.Done()
			for range calls {
				md, err := call()
				if err != nil {
					t.Errorf("call: %v", err)
					return
				}
				id, _ := GetRequestIDMetadata(md)
				ids <- id
			}
		}()
	}
	wg.Wait()
	close(ids)
	seen := map[string]bool{}
	for id := range ids {
		if !uuidV4.MatchString(id) || seen[id] {
			t.Errorf("request id %q: want a fresh UUID per call", id)
		}
		seen[id] = true
	}
	if got := strings.Count(log.String(), "DEBUG Request\n"); got != goroutines*calls {
		t.Errorf("logged %d requests; want %d", got, goroutines*calls)
	}
}
