package timestreamwrite_test

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	smithyendpoints "github.com/aws/smithy-go/endpoints"
	"github.com/aws/smithy-go/middleware"

	"github.com/nimbus-sdk/nimbus/credentials"
	"github.com/nimbus-sdk/nimbus/internal/testenv/sigtest"
	awsmw "github.com/nimbus-sdk/nimbus/middleware"
	"github.com/nimbus-sdk/nimbus/services/timestreamwrite"
	"github.com/nimbus-sdk/nimbus/services/timestreamwrite/types"
)

// Two key pairs, to show that endpoints are discovered per credentials.
var secrets = map[string]string{
	"AKIDALICE": "alice-secret",
	"AKIDBOB":   "bob-secret",
}

func creds(key string) credentials.Provider {
	return credentials.NewStaticProvider(key, secrets[key], "")
}

// cell is a Timestream cell endpoint: where discovered calls go.
type cell struct {
	*httptest.Server
	calls  atomic.Int32
	refuse atomic.Int32 // requests still to answer with InvalidEndpointException
}

func (c *cell) host() string { return strings.TrimPrefix(c.URL, "http://") }

// timestream fakes the regional endpoint, which answers DescribeEndpoints
// with a cell per access key (the n-th discovery of a key gets the n-th
// cell of its list, or the last), and the cells, which answer every other
// operation. Every request's signature is checked.
type timestream struct {
	t        *testing.T
	regional *httptest.Server
	period   int64 // CachePeriodInMinutes
	gate     chan struct{}

	mu          sync.Mutex
	cells       map[string][]*cell // by access key
	discoveries map[string]int     // DescribeEndpoints calls, by access key
	regionalOps []string           // other operations sent to the regional endpoint
}

func newTimestream(t *testing.T, period int64) *timestream {
	ts := &timestream{t: t, period: period, cells: map[string][]*cell{}, discoveries: map[string]int{}}
	ts.regional = httptest.NewServer(http.HandlerFunc(ts.serveRegional))
	t.Cleanup(ts.regional.Close)
	return ts
}

// addCell adds a cell that key's next discoveries return.
func (ts *timestream) addCell(key string) *cell {
	c := &cell{}
	c.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		ts.verify(r)
		c.calls.Add(1)
		w.Header().Set("Content-Type", "application/x-amz-json-1.0")
		if c.refuse.Load() > 0 {
			c.refuse.Add(-1)
			w.WriteHeader(http.StatusMisdirectedRequest)
			fmt.Fprint(w, `{"__type":"InvalidEndpointException","Message":"The endpoint is not valid."}`)
			return
		}
		fmt.Fprint(w, `{}`)
	}))
	ts.t.Cleanup(c.Close)
	ts.mu.Lock()
	ts.cells[key] = append(ts.cells[key], c)
	ts.mu.Unlock()
	return c
}

// verify checks r's signature (for the signing region and the host it
// was sent to) and returns its access key.
func (ts *timestream) verify(r *http.Request) string {
	a, err := sigtest.ParseAuth(r)
	if err != nil {
		ts.t.Errorf("%s: %v", r.Host, err)
		return ""
	}
	if _, err := sigtest.VerifyV4(r, secrets[a.AccessKey], false); err != nil {
		ts.t.Errorf("%s: signature: %v", r.Host, err)
	}
	return a.AccessKey
}

func (ts *timestream) serveRegional(w http.ResponseWriter, r *http.Request) {
	key := ts.verify(r)
	target := r.Header.Get("X-Amz-Target")
	w.Header().Set("Content-Type", "application/x-amz-json-1.0")
	if target != "Timestream_20181101.DescribeEndpoints" {
		ts.mu.Lock()
		ts.regionalOps = append(ts.regionalOps, target)
		ts.mu.Unlock()
		fmt.Fprint(w, `{}`)
		return
	}
	ts.mu.Lock()
	n := ts.discoveries[key]
	ts.discoveries[key]++
	cells := ts.cells[key]
	gate := ts.gate
	ts.mu.Unlock()
	if gate != nil {
		<-gate
	}
	if len(cells) == 0 {
		w.WriteHeader(http.StatusBadRequest)
		fmt.Fprint(w, `{"__type":"ValidationException","Message":"no cell for this account"}`)
		return
	}
	c := cells[min(n, len(cells)-1)]
	json.NewEncoder(w).Encode(map[string]any{
		"Endpoints": []map[string]any{{"Address": c.host(), "CachePeriodInMinutes": ts.period}},
	})
}

func (ts *timestream) discoveriesOf(key string) int {
	ts.mu.Lock()
	defer ts.mu.Unlock()
	return ts.discoveries[key]
}

func (ts *timestream) regionalCalls() []string {
	ts.mu.Lock()
	defer ts.mu.Unlock()
	return append([]string(nil), ts.regionalOps...)
}

// toRegional resolves every region to the fake regional endpoint, as the
// endpoint rules resolve it to https://ingest.timestream.<region>.amazonaws.com.
type toRegional struct{ url string }

func (r toRegional) ResolveEndpoint(context.Context, timestreamwrite.EndpointParameters) (smithyendpoints.Endpoint, error) {
	u, err := url.Parse(r.url)
	if err != nil {
		return smithyendpoints.Endpoint{}, err
	}
	return smithyendpoints.Endpoint{URI: *u}, nil
}

func (ts *timestream) client(key string, optFns ...func(*timestreamwrite.Options)) *timestreamwrite.Client {
	return timestreamwrite.New(timestreamwrite.Options{
		Region:             "us-east-1",
		Credentials:        creds(key),
		EndpointResolverV2: toRegional{ts.regional.URL},
	}, optFns...)
}

func listDatabases(t *testing.T, c *timestreamwrite.Client, optFns ...func(*timestreamwrite.Options)) {
	t.Helper()
	if _, err := c.ListDatabases(context.Background(), &timestreamwrite.ListDatabasesInput{}, optFns...); err != nil {
		t.Fatalf("ListDatabases: %v", err)
	}
}

func writeRecords(ctx context.Context, c *timestreamwrite.Client, optFns ...func(*timestreamwrite.Options)) error {
	_, err := c.WriteRecords(ctx, &timestreamwrite.WriteRecordsInput{
		DatabaseName: ptr("db"),
		TableName:    ptr("table"),
		Records:      []types.Record{{MeasureName: ptr("cpu"), MeasureValue: ptr("0.5")}},
	}, optFns...)
	return err
}

func ptr[T any](v T) *T { return &v }

// TestEndpointDiscoveryCacheHit: the first call discovers the endpoint
// from the regional endpoint; it and the calls after it, of any
// operation, go to the discovered cell, signed for its host, without
// discovering again.
func TestEndpointDiscoveryCacheHit(t *testing.T) {
	ts := newTimestream(t, 10)
	cell := ts.addCell("AKIDALICE")
	c := ts.client("AKIDALICE")

	listDatabases(t, c)
	if _, err := c.DescribeDatabase(context.Background(), &timestreamwrite.DescribeDatabaseInput{DatabaseName: ptr("db")}); err != nil {
		t.Fatalf("DescribeDatabase: %v", err)
	}
	if err := writeRecords(context.Background(), c); err != nil {
		t.Fatalf("WriteRecords: %v", err)
	}
	if got := ts.discoveriesOf("AKIDALICE"); got != 1 {
		t.Errorf("DescribeEndpoints calls = %d; want 1", got)
	}
	if got := cell.calls.Load(); got != 3 {
		t.Errorf("calls at the discovered cell = %d; want 3", got)
	}
	if got := ts.regionalCalls(); len(got) != 0 {
		t.Errorf("operations sent to the regional endpoint: %v; want none", got)
	}
}

// TestEndpointDiscoveryExpiry: a discovered endpoint is used for the
// cache period DescribeEndpoints gave (CachePeriodInMinutes), and
// discovered again once it has passed (a fake clock stands in for time).
func TestEndpointDiscoveryExpiry(t *testing.T) {
	ts := newTimestream(t, 2)
	first, second := ts.addCell("AKIDALICE"), ts.addCell("AKIDALICE")
	c := ts.client("AKIDALICE")
	var mu sync.Mutex
	now := time.Date(2026, 12, 1, 12, 0, 0, 0, time.UTC)
	timestreamwrite.SetDiscoveryClock(c, func() time.Time { mu.Lock(); defer mu.Unlock(); return now })
	advance := func(d time.Duration) { mu.Lock(); now = now.Add(d); mu.Unlock() }

	steps := []struct {
		advance         time.Duration
		wantDiscoveries int
		wantCell        *cell
	}{
		{0, 1, first},
		{2*time.Minute - time.Second, 1, first}, // still within the 2 minutes
		{time.Second, 2, second},                // expired: discovered again
		{time.Minute, 2, second},
	}
	for i, s := range steps {
		advance(s.advance)
		before := s.wantCell.calls.Load()
		listDatabases(t, c)
		if got := ts.discoveriesOf("AKIDALICE"); got != s.wantDiscoveries {
			t.Errorf("step %d: DescribeEndpoints calls = %d; want %d", i, got, s.wantDiscoveries)
		}
		if s.wantCell.calls.Load() != before+1 {
			t.Errorf("step %d: the call did not go to the expected cell", i)
		}
	}
}

// TestEndpointDiscoveryPerCredentials: endpoints are cached per access key
// (and region): another key, here given per call, discovers its own cell,
// and each key keeps using its own.
func TestEndpointDiscoveryPerCredentials(t *testing.T) {
	ts := newTimestream(t, 10)
	alice, bob := ts.addCell("AKIDALICE"), ts.addCell("AKIDBOB")
	c := ts.client("AKIDALICE")
	asBob := func(o *timestreamwrite.Options) { o.Credentials = creds("AKIDBOB") }
	inRegion := func(o *timestreamwrite.Options) { o.Region = "eu-west-1" }

	listDatabases(t, c)
	listDatabases(t, c, asBob)
	listDatabases(t, c)
	listDatabases(t, c, asBob)
	if a, b := ts.discoveriesOf("AKIDALICE"), ts.discoveriesOf("AKIDBOB"); a != 1 || b != 1 {
		t.Errorf("DescribeEndpoints calls: alice %d, bob %d; want 1 each", a, b)
	}
	if a, b := alice.calls.Load(), bob.calls.Load(); a != 2 || b != 2 {
		t.Errorf("cell calls: alice's %d, bob's %d; want 2 each", a, b)
	}
	listDatabases(t, c, inRegion)
	if got := ts.discoveriesOf("AKIDALICE"); got != 2 {
		t.Errorf("DescribeEndpoints calls after a call in another region = %d; want 2", got)
	}
}

// TestEndpointDiscoveryConcurrent: callers that need an endpoint while it
// is being discovered wait for that discovery: one DescribeEndpoints for
// them all.
func TestEndpointDiscoveryConcurrent(t *testing.T) {
	const callers = 8
	ts := newTimestream(t, 10)
	cell := ts.addCell("AKIDALICE")
	ts.gate = make(chan struct{})
	var arrived sync.WaitGroup
	arrived.Add(callers)
	// Counts the callers that reached DiscoverEndpoint (DescribeEndpoints's
	// own stack has no such step).
	reached := func(o *timestreamwrite.Options) {
		o.APIOptions = append(o.APIOptions, func(st *middleware.Stack) error {
			if _, ok := st.Finalize.Get(awsmw.IDDiscoverEndpoint); !ok {
				return nil
			}
			return st.Finalize.Insert(middleware.FinalizeMiddlewareFunc("reached", func(ctx context.Context, in middleware.FinalizeInput, next middleware.FinalizeHandler) (middleware.FinalizeOutput, middleware.Metadata, error) {
				arrived.Done()
				return next.HandleFinalize(ctx, in)
			}), awsmw.IDDiscoverEndpoint, middleware.Before)
		})
	}
	c := ts.client("AKIDALICE", reached)

	errs := make(chan error, callers)
	for range callers {
		go func() { errs <- writeRecords(context.Background(), c) }()
	}
	arrived.Wait()
	time.Sleep(50 * time.Millisecond) // for the last arrivals to start waiting
	close(ts.gate)
	for range callers {
		if err := <-errs; err != nil {
			t.Errorf("WriteRecords: %v", err)
		}
	}
	if got := ts.discoveriesOf("AKIDALICE"); got != 1 {
		t.Errorf("DescribeEndpoints calls = %d; want 1", got)
	}
	if got := cell.calls.Load(); got != callers {
		t.Errorf("cell calls = %d; want %d", got, callers)
	}
}

// TestEndpointDiscoveryInvalidEndpoint: when a cell answers
// InvalidEndpointException, its endpoint leaves the cache and the call is
// retried at a newly discovered one; without retries the caller gets the
// typed error and the next call discovers again.
func TestEndpointDiscoveryInvalidEndpoint(t *testing.T) {
	t.Run("retried at a new endpoint", func(t *testing.T) {
		ts := newTimestream(t, 10)
		old, fresh := ts.addCell("AKIDALICE"), ts.addCell("AKIDALICE")
		c := ts.client("AKIDALICE")
		listDatabases(t, c) // discovers old
		old.refuse.Store(1)
		if err := writeRecords(context.Background(), c); err != nil {
			t.Fatalf("WriteRecords: %v", err)
		}
		if got := ts.discoveriesOf("AKIDALICE"); got != 2 {
			t.Errorf("DescribeEndpoints calls = %d; want 2", got)
		}
		if o, f := old.calls.Load(), fresh.calls.Load(); o != 2 || f != 1 {
			t.Errorf("calls: old cell %d, new cell %d; want 2 and 1", o, f)
		}
		listDatabases(t, c) // the new endpoint is cached
		if got := ts.discoveriesOf("AKIDALICE"); got != 2 || fresh.calls.Load() != 2 {
			t.Errorf("after the retry: %d discoveries, %d calls at the new cell; want 2 and 2", got, fresh.calls.Load())
		}
	})
	t.Run("no retries", func(t *testing.T) {
		ts := newTimestream(t, 10)
		old, fresh := ts.addCell("AKIDALICE"), ts.addCell("AKIDALICE")
		c := ts.client("AKIDALICE", func(o *timestreamwrite.Options) { o.RetryMaxAttempts = 1 })
		old.refuse.Store(1)
		err := writeRecords(context.Background(), c)
		var iee *types.InvalidEndpointException
		if !errors.As(err, &iee) {
			t.Fatalf("WriteRecords error = %v; want a *types.InvalidEndpointException", err)
		}
		if err := writeRecords(context.Background(), c); err != nil {
			t.Fatalf("second WriteRecords: %v", err)
		}
		if got := ts.discoveriesOf("AKIDALICE"); got != 2 || fresh.calls.Load() != 1 {
			t.Errorf("%d discoveries, %d calls at the new cell; want 2 and 1", got, fresh.calls.Load())
		}
	})
}

// TestEndpointDiscoverySettings: EndpointDiscoveryDisabled and a
// BaseEndpoint send calls to the resolved endpoint without discovering;
// EndpointDiscoveryEnabled with a BaseEndpoint is an error before
// anything is sent; a failed discovery fails the call.
func TestEndpointDiscoverySettings(t *testing.T) {
	enable := func(s awsmw.EndpointDiscoveryEnableState) func(*timestreamwrite.Options) {
		return func(o *timestreamwrite.Options) { o.EndpointDiscovery.EnableEndpointDiscovery = s }
	}
	t.Run("disabled", func(t *testing.T) {
		ts := newTimestream(t, 10)
		ts.addCell("AKIDALICE")
		listDatabases(t, ts.client("AKIDALICE", enable(awsmw.EndpointDiscoveryDisabled)))
		if got := ts.regionalCalls(); len(got) != 1 || ts.discoveriesOf("AKIDALICE") != 0 {
			t.Errorf("regional calls %v, %d discoveries; want ListDatabases and none", got, ts.discoveriesOf("AKIDALICE"))
		}
	})
	for _, state := range []awsmw.EndpointDiscoveryEnableState{awsmw.EndpointDiscoveryUnset, awsmw.EndpointDiscoveryAuto} {
		t.Run(fmt.Sprintf("BaseEndpoint, state %d", state), func(t *testing.T) {
			ts := newTimestream(t, 10)
			ts.addCell("AKIDALICE")
			listDatabases(t, ts.client("AKIDALICE", enable(state), func(o *timestreamwrite.Options) {
				o.EndpointResolverV2, o.BaseEndpoint = nil, ts.regional.URL
			}))
			if got := ts.regionalCalls(); len(got) != 1 || ts.discoveriesOf("AKIDALICE") != 0 {
				t.Errorf("regional calls %v, %d discoveries; want ListDatabases and none", got, ts.discoveriesOf("AKIDALICE"))
			}
		})
	}
	t.Run("enabled with BaseEndpoint", func(t *testing.T) {
		ts := newTimestream(t, 10)
		cell := ts.addCell("AKIDALICE")
		c := ts.client("AKIDALICE", enable(awsmw.EndpointDiscoveryEnabled), func(o *timestreamwrite.Options) {
			o.EndpointResolverV2, o.BaseEndpoint = nil, ts.regional.URL
		})
		if _, err := c.ListDatabases(context.Background(), &timestreamwrite.ListDatabasesInput{}); err == nil || !strings.Contains(err.Error(), "BaseEndpoint") {
			t.Errorf("ListDatabases error = %v; want one about BaseEndpoint", err)
		}
		if n := len(ts.regionalCalls()) + ts.discoveriesOf("AKIDALICE") + int(cell.calls.Load()); n != 0 {
			t.Errorf("%d requests sent; want none", n)
		}
	})
	t.Run("discovery fails", func(t *testing.T) {
		ts := newTimestream(t, 10) // no cell: DescribeEndpoints answers ValidationException
		_, err := ts.client("AKIDALICE").ListDatabases(context.Background(), &timestreamwrite.ListDatabasesInput{})
		var ve *types.ValidationException
		if !errors.As(err, &ve) || !strings.Contains(err.Error(), "DescribeEndpoints") {
			t.Errorf("ListDatabases error = %v; want DescribeEndpoints's ValidationException", err)
		}
		if got := ts.regionalCalls(); len(got) != 0 {
			t.Errorf("operations sent to the regional endpoint: %v; want none", got)
		}
	})
}
