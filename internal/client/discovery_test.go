package client

import (
	"context"
	"errors"
	"fmt"
	"testing"
	"time"

	"github.com/nimbus-sdk/nimbus/credentials"
	"github.com/nimbus-sdk/nimbus/internal/endpoints/rules"
	"github.com/nimbus-sdk/nimbus/internal/protocol"
	awsmw "github.com/nimbus-sdk/nimbus/middleware"
)

type describeEndpointsInput struct {
	_ struct{} `shape:"DescribeEndpointsRequest"`
}

// TestEndpointDiscoveryOptional: an operation whose discovery is optional
// (DynamoDB's) discovers its endpoint under EndpointDiscoveryEnabled only;
// a required one under Auto (and Unset) and Enabled. Discovery is
// otherwise exercised through Timestream's client
// (services/timestreamwrite/endpoint_discovery_test.go).
func TestEndpointDiscoveryOptional(t *testing.T) {
	cell, cellRec := newServer(t, nil)
	regional, regionalRec := newServer(t, nil)
	opDescribe := Operation{
		Protocol:  &protocol.Operation{Name: "DescribeEndpoints", Method: "GET", URI: "/endpoints", StatusCode: 200},
		NewOutput: func() any { return new(putItemOutput) },
	}
	svc := fakeService
	svc.EndpointDiscovery = &EndpointDiscovery{
		Operation: &opDescribe,
		NewInput:  func() any { return new(describeEndpointsInput) },
		Endpoints: func(any) []DiscoveredEndpoint {
			return []DiscoveredEndpoint{{Address: "", CachePeriod: time.Hour}, {Address: cell.URL, CachePeriod: time.Hour}}
		},
		ErrorCode: "InvalidEndpointException",
	}
	optional, required := opGetItem, opGetItem
	optional.EndpointDiscovery, required.EndpointDiscovery = DiscoveryOptional, DiscoveryRequired
	for _, tt := range []struct {
		state    awsmw.EndpointDiscoveryEnableState
		op       *Operation
		wantCell bool
	}{
		{awsmw.EndpointDiscoveryUnset, &optional, false},
		{awsmw.EndpointDiscoveryAuto, &optional, false},
		{awsmw.EndpointDiscoveryEnabled, &optional, true},
		{awsmw.EndpointDiscoveryDisabled, &optional, false},
		{awsmw.EndpointDiscoveryUnset, &required, true},
		{awsmw.EndpointDiscoveryAuto, &required, true},
		{awsmw.EndpointDiscoveryEnabled, &required, true},
		{awsmw.EndpointDiscoveryDisabled, &required, false},
	} {
		t.Run(fmt.Sprintf("state %d, mode %d", tt.state, tt.op.EndpointDiscovery), func(t *testing.T) {
			o := Options{
				Region:      "us-west-2",
				Credentials: credentials.NewStaticProvider(testAccessKey, testSecretKey, ""),
				Retryer:     fastRetryer(),
				ResolveEndpoint: func(context.Context, rules.Params) (rules.Endpoint, error) {
					return rules.Endpoint{URL: regional.URL}, nil
				},
				EnableEndpointDiscovery: tt.state,
			}
			ResolveDefaults(&svc, &o)
			rt := New(&svc, o)
			cells, regionals := len(cellRec.requests()), len(regionalRec.requests())
			if _, _, err := rt.Invoke(context.Background(), tt.op, &getItemInput{Id: ptr("a")}, nil); err != nil {
				t.Fatalf("Invoke: %v", err)
			}
			gotCell := len(cellRec.requests()) > cells
			wantRegional := 1 // DescribeEndpoints or the call
			if gotCell != tt.wantCell || len(regionalRec.requests())-regionals != wantRegional {
				t.Errorf("sent to the cell: %v, regional requests: %d; want %v and %d", gotCell, len(regionalRec.requests())-regionals, tt.wantCell, wantRegional)
			}
		})
	}
}

// TestEndpointCacheLeaderCanceled: when the caller that is discovering an
// endpoint gives up (its context ends), a caller that was waiting for it
// discovers the endpoint itself instead of failing with the other
// caller's cancellation; a waiter whose own context ends stops waiting.
func TestEndpointCacheLeaderCanceled(t *testing.T) {
	ec := newEndpointCache()
	key := discoveryKey{accessKey: "AKID", region: "r"}
	started := make(chan struct{})
	leaderCtx, cancelLeader := context.WithCancel(context.Background())
	leaderDone := make(chan error, 1)
	go func() {
		_, err := ec.get(leaderCtx, key, func(ctx context.Context) (string, time.Duration, error) {
			close(started)
			<-ctx.Done()
			return "", 0, ctx.Err()
		})
		leaderDone <- err
	}()
	<-started

	impatient, cancelImpatient := context.WithCancel(context.Background())
	cancelImpatient()
	if _, err := ec.get(impatient, key, nil); !errors.Is(err, context.Canceled) {
		t.Errorf("waiter with an ended context: %v; want context.Canceled", err)
	}

	waiter := make(chan string, 1)
	go func() {
		host, err := ec.get(context.Background(), key, func(context.Context) (string, time.Duration, error) {
			return "cell.example.com", time.Minute, nil
		})
		if err != nil {
			t.Errorf("waiter: %v", err)
		}
		waiter <- host
	}()
	// Let the waiter find the leader's flight, then end the leader.
	for {
		ec.mu.Lock()
		n := len(ec.flights)
		ec.mu.Unlock()
		if n == 1 {
			break
		}
		time.Sleep(time.Millisecond)
	}
	time.Sleep(10 * time.Millisecond)
	cancelLeader()
	if err := <-leaderDone; !errors.Is(err, context.Canceled) {
		t.Errorf("leader: %v; want context.Canceled", err)
	}
	if host := <-waiter; host != "cell.example.com" {
		t.Errorf("waiter got %q; want the endpoint it discovered", host)
	}
}

// TestEndpointCacheBounded: the cache keeps at most maxDiscoveredEndpoints
// entries (keys change with every new temporary credential), evicting
// expired ones first; a zero cache period is not cached.
func TestEndpointCacheBounded(t *testing.T) {
	ec := newEndpointCache()
	now := time.Unix(0, 0)
	ec.now = func() time.Time { return now }
	calls := 0
	discover := func(ttl time.Duration) func(context.Context) (string, time.Duration, error) {
		return func(context.Context) (string, time.Duration, error) { calls++; return "h", ttl, nil }
	}
	ctx := context.Background()
	short := discoveryKey{accessKey: "short"}
	if _, err := ec.get(ctx, short, discover(time.Second)); err != nil {
		t.Fatal(err)
	}
	for i := range 2 * maxDiscoveredEndpoints {
		if _, err := ec.get(ctx, discoveryKey{accessKey: fmt.Sprint("AKID", i)}, discover(time.Hour)); err != nil {
			t.Fatal(err)
		}
		if i == 0 {
			now = now.Add(2 * time.Second) // short has expired
		}
		if n := len(ec.entries); n > maxDiscoveredEndpoints {
			t.Fatalf("%d entries; want at most %d", n, maxDiscoveredEndpoints)
		}
	}
	if _, ok := ec.entries[short]; ok {
		t.Errorf("the expired entry is still cached")
	}
	calls = 0
	zero := discoveryKey{accessKey: "zero"}
	for range 2 {
		if _, err := ec.get(ctx, zero, discover(0)); err != nil {
			t.Fatal(err)
		}
	}
	if calls != 2 {
		t.Errorf("a zero cache period was discovered %d times in two calls; want 2", calls)
	}
}

// TestDiscoveredHostPort: addresses come with or without a scheme, port
// and path.
func TestDiscoveredHostPort(t *testing.T) {
	for in, want := range map[string]string{
		"ingest-cell2.timestream.us-east-1.amazonaws.com":          "ingest-cell2.timestream.us-east-1.amazonaws.com",
		"https://ingest-cell2.timestream.us-east-1.amazonaws.com/": "ingest-cell2.timestream.us-east-1.amazonaws.com",
		"127.0.0.1:8443":        "127.0.0.1:8443",
		"http://127.0.0.1:8080": "127.0.0.1:8080",
		"":                      "",
		"%zz":                   "",
	} {
		if got := discoveredHostPort(in); got != want {
			t.Errorf("discoveredHostPort(%q) = %q; want %q", in, got, want)
		}
	}
}
