package cloudwatch_test

import (
	"bytes"
	"compress/gzip"
	"context"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"regexp"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/nimbus-sdk/nimbus/config"
	"github.com/nimbus-sdk/nimbus/credentials"
	"github.com/nimbus-sdk/nimbus/internal/protocol/cbor"
	"github.com/nimbus-sdk/nimbus/services/cloudwatch"
	"github.com/nimbus-sdk/nimbus/services/cloudwatch/types"
)

// sent is what the fake CloudWatch saw of one request.
type sent struct {
	path   string
	header http.Header
	length int64
	body   []byte
}

// fakeCloudWatch answers every rpcv2Cbor call with an empty result and
// records the requests.
type fakeCloudWatch struct {
	mu   sync.Mutex
	reqs []sent
}

func (f *fakeCloudWatch) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	body, _ := io.ReadAll(r.Body)
	f.mu.Lock()
	f.reqs = append(f.reqs, sent{r.URL.Path, r.Header.Clone(), r.ContentLength, body})
	f.mu.Unlock()
	w.Header().Set("Content-Type", "application/cbor")
	w.Header().Set("Smithy-Protocol", "rpc-v2-cbor")
	w.Write([]byte{0xa0}) // {}
}

func (f *fakeCloudWatch) last(t *testing.T) sent {
	t.Helper()
	f.mu.Lock()
	defer f.mu.Unlock()
	if len(f.reqs) == 0 {
		t.Fatal("no request received")
	}
	return f.reqs[len(f.reqs)-1]
}

// metrics returns n data points of a PutMetricData call.
func metrics(n int) []types.MetricDatum {
	out := make([]types.MetricDatum, n)
	for i := range out {
		out[i] = types.MetricDatum{
			MetricName: ptr(fmt.Sprintf("latency-%03d", i)),
			Dimensions: []types.Dimension{{Name: ptr("Service"), Value: ptr("checkout")}},
			Value:      ptr(float64(i)),
			Unit:       types.StandardUnitMilliseconds,
		}
	}
	return out
}

// decoded returns the PutMetricData body decoded from CBOR, gunzipping
// it first when it is gzipped, and whether it was.
func decoded(t *testing.T, s sent) (body map[string]any, gzipped bool) {
	t.Helper()
	raw := s.body
	switch ce := s.header.Get("Content-Encoding"); ce {
	case "gzip":
		zr, err := gzip.NewReader(bytes.NewReader(raw))
		if err != nil {
			t.Fatalf("Content-Encoding: gzip, but the body is not gzip: %v", err)
		}
		if raw, err = io.ReadAll(zr); err != nil {
			t.Fatal(err)
		}
		gzipped = true
	case "":
	default:
		t.Fatalf("Content-Encoding = %q", ce)
	}
	if s.length != int64(len(s.body)) {
		t.Errorf("Content-Length = %d; the body has %d bytes", s.length, len(s.body))
	}
	v, err := cbor.Decode(raw)
	if err != nil {
		t.Fatalf("body is not CBOR: %v\n%s", err, cbor.Diagnose(raw))
	}
	body, ok := v.(map[string]any)
	if !ok {
		t.Fatalf("body is not a CBOR map: %s", cbor.Diagnose(raw))
	}
	return body, gzipped
}

// TestPutMetricDataCompression checks through the generated client that
// PutMetricData's body reaches the server gzipped from the minimum size
// on and plain below it, as configured on the client, per call or in a
// config.Config.
func TestPutMetricDataCompression(t *testing.T) {
	tests := []struct {
		name     string
		client   func(cloudwatch.Options) *cloudwatch.Client
		call     []func(*cloudwatch.Options)
		points   int
		wantGzip bool
	}{
		{name: "above the default minimum", points: 200, wantGzip: true},
		{name: "below the default minimum", points: 2},
		{name: "disabled", points: 200, client: func(o cloudwatch.Options) *cloudwatch.Client {
			return cloudwatch.New(o, func(o *cloudwatch.Options) { o.DisableRequestCompression = true })
		}},
		{name: "disabled for one call", points: 200, call: []func(*cloudwatch.Options){func(o *cloudwatch.Options) { o.DisableRequestCompression = true }}},
		{name: "small minimum for one call", points: 2, call: []func(*cloudwatch.Options){func(o *cloudwatch.Options) { o.RequestMinCompressSizeBytes = 64 }}, wantGzip: true},
		{name: "config disables", points: 200, client: fromConfig(config.Config{DisableRequestCompression: true})},
		{name: "config has no minimum", points: 1, client: fromConfig(config.Config{RequestMinCompressSizeBytes: -1}), wantGzip: true},
		{name: "config minimum", points: 200, client: fromConfig(config.Config{RequestMinCompressSizeBytes: 1 << 20})},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			fake := &fakeCloudWatch{}
			srv := httptest.NewServer(fake)
			defer srv.Close()
			o := cloudwatch.Options{Region: "us-east-1", BaseEndpoint: srv.URL, Credentials: credentials.NewStaticProvider("AKID", "SECRET", "")}
			c := cloudwatch.New(o)
			if tt.client != nil {
				c = tt.client(o)
			}
			data := metrics(tt.points)
			if _, err := c.PutMetricData(context.Background(), &cloudwatch.PutMetricDataInput{Namespace: ptr("Nimbus/Test"), MetricData: data}, tt.call...); err != nil {
				t.Fatal(err)
			}
			s := fake.last(t)
			body, gzipped := decoded(t, s)
			if gzipped != tt.wantGzip {
				t.Errorf("gzipped = %v (%d bytes sent); want %v", gzipped, len(s.body), tt.wantGzip)
			}
			if s.path != "/service/GraniteServiceVersion20100801/operation/PutMetricData" {
				t.Errorf("path = %q", s.path)
			}
			for k, want := range map[string]string{"Smithy-Protocol": "rpc-v2-cbor", "Content-Type": "application/cbor", "X-Amzn-Query-Mode": "true"} {
				if got := s.header.Get(k); got != want {
					t.Errorf("%s = %q; want %q", k, got, want)
				}
			}
			if got, _ := body["MetricData"].([]any); len(got) != tt.points || body["Namespace"] != "Nimbus/Test" {
				t.Errorf("body has namespace %v and %d data points; want Nimbus/Test and %d", body["Namespace"], len(got), tt.points)
			}
			if gotL := slices.Contains(uaFeatures(s.header), "L"); gotL != tt.wantGzip {
				t.Errorf("X-Amz-User-Agent %q reports the compression code L = %v; want %v", s.header.Get("X-Amz-User-Agent"), gotL, tt.wantGzip)
			}
		})
	}
}

// fromConfig returns a client constructor that goes through
// NewFromConfig with cfg, pointed at the fake server of o.
func fromConfig(cfg config.Config) func(cloudwatch.Options) *cloudwatch.Client {
	return func(o cloudwatch.Options) *cloudwatch.Client {
		cfg.Region, cfg.BaseEndpoint, cfg.Credentials = o.Region, o.BaseEndpoint, o.Credentials
		return cloudwatch.NewFromConfig(cfg)
	}
}

// TestPutMetricDataMinimumTooLarge checks that a minimum above 10 MiB
// fails the call before anything is sent.
func TestPutMetricDataMinimumTooLarge(t *testing.T) {
	fake := &fakeCloudWatch{}
	srv := httptest.NewServer(fake)
	defer srv.Close()
	c := cloudwatch.New(cloudwatch.Options{
		Region: "us-east-1", BaseEndpoint: srv.URL, Credentials: credentials.NewStaticProvider("AKID", "SECRET", ""),
		RequestMinCompressSizeBytes: 10485761,
	})
	_, err := c.PutMetricData(context.Background(), &cloudwatch.PutMetricDataInput{Namespace: ptr("Nimbus/Test"), MetricData: metrics(1)})
	if err == nil || !strings.Contains(err.Error(), "RequestMinCompressSizeBytes") {
		t.Fatalf("PutMetricData error = %v; want one naming RequestMinCompressSizeBytes", err)
	}
	if len(fake.reqs) != 0 {
		t.Errorf("%d requests sent; want none", len(fake.reqs))
	}
}

// uaFeatures returns the business-metric codes of an X-Amz-User-Agent.
func uaFeatures(h http.Header) []string {
	m := regexp.MustCompile(` m/([^ ]+)`).FindStringSubmatch(h.Get("X-Amz-User-Agent"))
	if m == nil {
		return nil
	}
	return strings.Split(m[1], ",")
}

func ptr[T any](v T) *T { return &v }
