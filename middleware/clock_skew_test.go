package middleware

import (
	"context"
	"net/http"
	"net/http/httptest"
	"net/url"
	"sync"
	"testing"
	"time"

	smithymw "github.com/aws/smithy-go/middleware"
	smithyhttp "github.com/aws/smithy-go/transport/http"
)

var fixedLocal = time.Date(2025, 3, 1, 12, 0, 0, 0, time.UTC)

func TestClockSkewObserve(t *testing.T) {
	tests := []struct {
		name   string
		server time.Time
		want   time.Duration
	}{
		{"in sync", fixedLocal, 0},
		{"latency and rounding", fixedLocal.Add(-2 * time.Second), 0},
		{"just under threshold", fixedLocal.Add(ClockSkewThreshold - time.Second), 0},
		{"server ahead", fixedLocal.Add(10 * time.Minute), 10 * time.Minute},
		{"server behind", fixedLocal.Add(-time.Hour), -time.Hour},
		{"at threshold", fixedLocal.Add(ClockSkewThreshold), ClockSkewThreshold},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := &ClockSkew{now: func() time.Time { return fixedLocal }}
			c.offset.Store(int64(time.Minute)) // stale value is replaced
			c.Observe(tt.server, fixedLocal)
			if got := c.Offset(); got != tt.want {
				t.Errorf("Observe(%v, %v): Offset() = %v; want %v", tt.server, fixedLocal, got, tt.want)
			}
			if got, want := c.Now(), fixedLocal.Add(tt.want); !got.Equal(want) {
				t.Errorf("Now() = %v; want %v", got, want)
			}
		})
	}
}

func TestClockSkewZeroValue(t *testing.T) {
	var c ClockSkew
	if c.Offset() != 0 {
		t.Errorf("zero ClockSkew has offset %v", c.Offset())
	}
	if d := time.Since(c.Now()); d < 0 || d > time.Minute {
		t.Errorf("zero ClockSkew: Now() is %v from time.Now()", d)
	}
}

// TestClockSkewFromServer sends requests to a server whose Date header is
// set by the test and checks the offset after each response.
func TestClockSkewFromServer(t *testing.T) {
	var mu sync.Mutex
	var date string
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		d := date
		mu.Unlock()
		w.Header()["Date"] = []string{d} // replaces the server's own Date
		w.WriteHeader(http.StatusForbidden)
	}))
	defer srv.Close()

	skew := &ClockSkew{now: func() time.Time { return fixedLocal }}
	call := buildHTTPStack(t, srv, func(st *smithymw.Stack) error {
		return st.Deserialize.Add(skew, smithymw.After)
	})

	steps := []struct {
		name string
		date string
		want time.Duration
	}{
		{"server 15 minutes ahead", fixedLocal.Add(15 * time.Minute).Format(http.TimeFormat), 15 * time.Minute},
		{"unparseable date keeps offset", "yesterday", 15 * time.Minute},
		{"missing date keeps offset", "", 15 * time.Minute},
		{"server 20 minutes behind", fixedLocal.Add(-20 * time.Minute).Format(http.TimeFormat), -20 * time.Minute},
		{"RFC 850 date", fixedLocal.Add(5 * time.Minute).Format("Monday, 02-Jan-06 15:04:05 GMT"), 5 * time.Minute},
		{"local clock fixed", fixedLocal.Add(time.Second).Format(http.TimeFormat), 0},
	}
	for _, s := range steps {
		mu.Lock()
		date = s.date
		mu.Unlock()
		if _, err := call(); err != nil {
			t.Fatalf("%s: %v", s.name, err)
		}
		if got := skew.Offset(); got != s.want {
			t.Errorf("%s: Offset() = %v; want %v", s.name, got, s.want)
		}
	}
}

func TestClockSkewConcurrent(t *testing.T) {
	c := NewClockSkew()
	var wg sync.WaitGroup
	for i := range 4 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for j := range 200 {
				c.Observe(time.Now().Add(time.Duration(i*j)*time.Minute), time.Now())
				_ = c.Now()
			}
		}()
	}
	wg.Wait()
}

// buildHTTPStack returns a function that invokes a stack, configured by
// apiOption, which sends a GET to srv with smithy-go's client handler. The
// handler chain is built once; the function must not be called
// concurrently (see TestSharedMiddlewareConcurrent).
func buildHTTPStack(t *testing.T, srv *httptest.Server, apiOption func(*smithymw.Stack) error) func() (smithymw.Metadata, error) {
	t.Helper()
	stack := smithymw.NewStack("op", smithyhttp.NewStackRequest)
	setURL := smithymw.SerializeMiddlewareFunc("setURL", func(ctx context.Context, in smithymw.SerializeInput, next smithymw.SerializeHandler) (smithymw.SerializeOutput, smithymw.Metadata, error) {
		req := in.Request.(*smithyhttp.Request)
		u, err := url.Parse(srv.URL + "/")
		if err != nil {
			return smithymw.SerializeOutput{}, smithymw.Metadata{}, err
		}
		req.URL, req.Method = u, http.MethodGet
		return next.HandleSerialize(ctx, in)
	})
	if err := stack.Serialize.Add(setURL, smithymw.After); err != nil {
		t.Fatal(err)
	}
	closeBody := smithymw.DeserializeMiddlewareFunc("closeBody", func(ctx context.Context, in smithymw.DeserializeInput, next smithymw.DeserializeHandler) (smithymw.DeserializeOutput, smithymw.Metadata, error) {
		out, md, err := next.HandleDeserialize(ctx, in)
		if resp, ok := out.RawResponse.(*smithyhttp.Response); ok {
			resp.Body.Close()
		}
		return out, md, err
	})
	if err := stack.Deserialize.Add(closeBody, smithymw.Before); err != nil {
		t.Fatal(err)
	}
	if err := apiOption(stack); err != nil {
		t.Fatal(err)
	}
	h := smithymw.DecorateHandler(smithyhttp.NewClientHandlerWithOptions(srv.Client()),
		stack.Initialize, stack.Serialize, stack.Build, stack.Finalize, stack.Deserialize)
	return func() (smithymw.Metadata, error) {
		_, md, err := h.Handle(context.Background(), struct{}{})
		return md, err
	}
}
