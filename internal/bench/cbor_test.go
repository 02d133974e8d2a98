package bench

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"math"
	"net/http"
	"os"
	"slices"
	"strconv"
	"testing"
	"text/tabwriter"
	"time"

	awsv2 "github.com/aws/aws-sdk-go-v2/aws"
	credsv2 "github.com/aws/aws-sdk-go-v2/credentials"
	cwv2 "github.com/aws/aws-sdk-go-v2/service/cloudwatch"
	cwv2schemas "github.com/aws/aws-sdk-go-v2/service/cloudwatch/schemas"
	cwv2types "github.com/aws/aws-sdk-go-v2/service/cloudwatch/types"
	"github.com/aws/smithy-go"
	smithyhttp "github.com/aws/smithy-go/transport/http"
	"github.com/aws/smithy-go/transport/http/protocol/rpcv2"

	"github.com/nimbus-sdk/nimbus/credentials"
	"github.com/nimbus-sdk/nimbus/internal/protocol"
	"github.com/nimbus-sdk/nimbus/internal/protocol/cbor"
	"github.com/nimbus-sdk/nimbus/internal/protocol/rpcv2cbor"
	"github.com/nimbus-sdk/nimbus/services/cloudwatch"
	cwtypes "github.com/nimbus-sdk/nimbus/services/cloudwatch/types"
)

// The rpcv2Cbor decode benchmarks (DESIGN.md §8: "rpcv2Cbor decode, >= 2x
// v2's MB/s") decode one realistic CloudWatch GetMetricData response: a
// day of one-minute data for metricResults metrics, each with its ID,
// label, status, 1440 timestamps (tag-1 epoch seconds) and 1440 doubles.
const (
	metricResults   = 8
	pointsPerResult = 1440
)

// metricDataBody builds the GetMetricData response with the cbor package's
// writers alone (not the codec's encoder), as definite-length maps and
// arrays, deterministic.
func metricDataBody() []byte {
	start := time.Date(2026, 12, 6, 0, 0, 0, 0, time.UTC).Unix()
	b := cbor.AppendMap(nil, 2)
	b = cbor.AppendText(b, "MetricDataResults")
	b = cbor.AppendArray(b, metricResults)
	for r := range metricResults {
		b = cbor.AppendMap(b, 6)
		b = cbor.AppendText(b, "Id")
		b = cbor.AppendText(b, fmt.Sprintf("m%d", r))
		b = cbor.AppendText(b, "Label")
		b = cbor.AppendText(b, fmt.Sprintf("checkout-service latency p%d", 50+r*5))
		b = cbor.AppendText(b, "StatusCode")
		b = cbor.AppendText(b, "Complete")
		b = cbor.AppendText(b, "Timestamps")
		b = cbor.AppendArray(b, pointsPerResult)
		for i := range pointsPerResult {
			b = cbor.AppendTag(b, cbor.TagEpoch)
			b = cbor.AppendInt(b, start+int64(pointsPerResult-1-i)*60) // newest first, as CloudWatch sends
		}
		b = cbor.AppendText(b, "Values")
		b = cbor.AppendArray(b, pointsPerResult)
		for i := range pointsPerResult {
			b = cbor.AppendFloat64(b, 100+50*math.Sin(float64(i+r)/37)+float64(i%7)/8)
		}
		b = cbor.AppendText(b, "Messages")
		b = cbor.AppendArray(b, 0)
	}
	b = cbor.AppendText(b, "Messages")
	return cbor.AppendArray(b, 0)
}

// metricSummary is what a decode found, so that both SDKs can be checked
// to have done the same work.
type metricSummary struct {
	results, points int
	valueSum        float64
	timeSum         int64
	labels          string
}

func (s *metricSummary) add(id, label string, ts []time.Time, vs []float64) {
	s.results++
	s.points += len(vs)
	s.labels += id + "=" + label + ";"
	for _, t := range ts {
		s.timeSum += t.Unix()
	}
	for _, v := range vs {
		s.valueSum += v
	}
}

func summarizeNimbus(out *cloudwatch.GetMetricDataOutput) metricSummary {
	var s metricSummary
	for _, r := range out.MetricDataResults {
		s.add(*r.Id, *r.Label, r.Timestamps, r.Values)
	}
	return s
}

func summarizeV2(out *cwv2.GetMetricDataOutput) metricSummary {
	var s metricSummary
	for _, r := range out.MetricDataResults {
		s.add(*r.Id, *r.Label, r.Timestamps, r.Values)
	}
	return s
}

func cborResponse(body []byte) *smithyhttp.Response {
	h := http.Header{}
	h.Set("Content-Type", "application/cbor")
	h.Set("Smithy-Protocol", "rpc-v2-cbor")
	return &smithyhttp.Response{Response: &http.Response{StatusCode: 200, Header: h, ContentLength: int64(len(body)),
		Body: io.NopCloser(bytes.NewReader(body))}}
}

// nimbusOp is the GetMetricData operation as the Nimbus codec sees it.
var nimbusOp = &protocol.Operation{Name: "GetMetricData", Service: "GraniteServiceVersion20100801"}

// nimbusCBORDecode returns a function that decodes body with the Nimbus
// rpcv2Cbor codec, the deserializer of Nimbus's CloudWatch client.
func nimbusCBORDecode(body []byte) func() (*cloudwatch.GetMetricDataOutput, error) {
	codec := rpcv2cbor.Codec{QueryCompatible: true}
	return func() (*cloudwatch.GetMetricDataOutput, error) {
		out := new(cloudwatch.GetMetricDataOutput)
		return out, codec.DeserializeResponse(nimbusOp, cborResponse(body), out)
	}
}

// v2CBORDecode returns a function that decodes body the way
// aws-sdk-go-v2's CloudWatch client does: its deserialize middleware calls
// smithy-go's rpcv2 CBOR protocol (schema-based serde) with the client's
// schemas and type registry.
func v2CBORDecode(body []byte) func() (*cwv2.GetMetricDataOutput, error) {
	proto := rpcv2.NewCBOR(cwv2schemas.GraniteServiceVersion20100801)
	opSchema := smithy.NewOperationSchema(cwv2schemas.GetMetricData, cwv2schemas.GetMetricDataInput, cwv2schemas.GetMetricDataOutput)
	ctx := context.Background()
	return func() (*cwv2.GetMetricDataOutput, error) {
		out := new(cwv2.GetMetricDataOutput)
		return out, proto.DeserializeResponse(ctx, opSchema, cwv2.TypeRegistry, cborResponse(body), out)
	}
}

// TestCBORDecodeAgree checks that both SDKs decode the benchmarked body to
// the same results, so the benchmark compares equal work.
func TestCBORDecodeAgree(t *testing.T) {
	body := metricDataBody()
	nout, err := nimbusCBORDecode(body)()
	if err != nil {
		t.Fatalf("nimbus: %v", err)
	}
	vout, err := v2CBORDecode(body)()
	if err != nil {
		t.Fatalf("v2: %v", err)
	}
	if n, v := summarizeNimbus(nout), summarizeV2(vout); n != v || n.points != metricResults*pointsPerResult {
		t.Errorf("nimbus decoded %+v\nv2 decoded     %+v", n, v)
	}
	nc, vc := nimbusGetMetricData(t, body), v2GetMetricData(t, body)
	if n, v := summarizeNimbus(nc()), summarizeV2(vc()); n != v {
		t.Errorf("through the clients: nimbus %+v, v2 %+v", n, v)
	}
}

// BenchmarkCBORDecode decodes the GetMetricData response with each SDK's
// rpcv2Cbor deserializer. Bytes/s is the decode rate.
func BenchmarkCBORDecode(b *testing.B) {
	body := metricDataBody()
	nd, vd := nimbusCBORDecode(body), v2CBORDecode(body)
	for _, impl := range []struct {
		name   string
		decode func() error
	}{
		{"nimbus", func() error { _, err := nd(); return err }},
		{"v2", func() error { _, err := vd(); return err }},
	} {
		b.Run(impl.name, func(b *testing.B) {
			b.SetBytes(int64(len(body)))
			b.ReportAllocs()
			for b.Loop() {
				if err := impl.decode(); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// cannedCBOR answers every request with a GetMetricData body.
type cannedCBOR struct{ body []byte }

func (c cannedCBOR) Do(req *http.Request) (*http.Response, error) {
	if req.Body != nil {
		_, _ = io.Copy(io.Discard, req.Body)
		req.Body.Close()
	}
	h := http.Header{}
	h.Set("Content-Type", "application/cbor")
	h.Set("Smithy-Protocol", "rpc-v2-cbor")
	h.Set("X-Amzn-Requestid", "REQ")
	return &http.Response{StatusCode: 200, Status: "200 OK", Header: h, ContentLength: int64(len(c.body)),
		Body: io.NopCloser(bytes.NewReader(c.body)), Request: req, Proto: "HTTP/1.1", ProtoMajor: 1, ProtoMinor: 1}, nil
}

// RoundTrip lets v2's client use the canned responder as a transport.
func (c cannedCBOR) RoundTrip(req *http.Request) (*http.Response, error) { return c.Do(req) }

// metricInput is the query both clients send.
var metricInput = struct {
	start, end         time.Time
	id, ns, name, stat string
	period             int32
}{time.Date(2026, 12, 6, 0, 0, 0, 0, time.UTC), time.Date(2026, 12, 7, 0, 0, 0, 0, time.UTC), "m0", "Checkout", "Latency", "p50", 60}

// nimbusGetMetricData returns a function that runs one GetMetricData with
// a Nimbus client against the canned body.
func nimbusGetMetricData(tb testing.TB, body []byte) func() *cloudwatch.GetMetricDataOutput {
	c := cloudwatch.New(cloudwatch.Options{
		Region: Region, BaseEndpoint: "http://127.0.0.1:1",
		Credentials: credentials.NewStaticProvider(AccessKeyID, SecretAccessKey, SessionToken),
		HTTPClient:  cannedCBOR{body},
	})
	in := &cloudwatch.GetMetricDataInput{StartTime: &metricInput.start, EndTime: &metricInput.end,
		MetricDataQueries: []cwtypes.MetricDataQuery{{Id: &metricInput.id, MetricStat: &cwtypes.MetricStat{
			Metric: &cwtypes.Metric{Namespace: &metricInput.ns, MetricName: &metricInput.name}, Period: &metricInput.period, Stat: &metricInput.stat}}}}
	return func() *cloudwatch.GetMetricDataOutput {
		out, err := c.GetMetricData(context.Background(), in)
		if err != nil {
			tb.Fatalf("nimbus GetMetricData: %v", err)
		}
		return out
	}
}

// v2GetMetricData is nimbusGetMetricData for aws-sdk-go-v2.
func v2GetMetricData(tb testing.TB, body []byte) func() *cwv2.GetMetricDataOutput {
	c := cwv2.New(cwv2.Options{
		Region: Region, BaseEndpoint: awsv2.String("http://127.0.0.1:1"),
		Credentials: credsv2.NewStaticCredentialsProvider(AccessKeyID, SecretAccessKey, SessionToken),
		HTTPClient:  &http.Client{Transport: cannedCBOR{body}},
	})
	in := &cwv2.GetMetricDataInput{StartTime: &metricInput.start, EndTime: &metricInput.end,
		MetricDataQueries: []cwv2types.MetricDataQuery{{Id: &metricInput.id, MetricStat: &cwv2types.MetricStat{
			Metric: &cwv2types.Metric{Namespace: &metricInput.ns, MetricName: &metricInput.name}, Period: &metricInput.period, Stat: &metricInput.stat}}}}
	return func() *cwv2.GetMetricDataOutput {
		out, err := c.GetMetricData(context.Background(), in)
		if err != nil {
			tb.Fatalf("v2 GetMetricData: %v", err)
		}
		return out
	}
}

// TestPrintCBORRatios decodes the GetMetricData response with each SDK,
// interleaved so both see the same machine load, at two levels: the
// rpcv2Cbor deserializer alone, and the whole client (signing, endpoint,
// middleware, decode) against a canned HTTP response. It prints each
// one's MB/s, allocations and the ratios, against DESIGN.md §8's target
// (>= 2x v2's MB/s). It is slow, so it runs only with NIMBUS_BENCH=1;
// NIMBUS_BENCH_COUNT=n runs n times more rounds.
func TestPrintCBORRatios(t *testing.T) {
	if os.Getenv("NIMBUS_BENCH") != "1" {
		t.Skip("set NIMBUS_BENCH=1 to run the side-by-side benchmarks")
	}
	rounds := 15
	if s := os.Getenv("NIMBUS_BENCH_COUNT"); s != "" {
		n, err := strconv.Atoi(s)
		if err != nil || n < 1 {
			t.Fatalf("NIMBUS_BENCH_COUNT=%q; want a positive integer", s)
		}
		rounds *= n
	}
	body := metricDataBody()
	points := float64(metricResults * pointsPerResult)
	nd, vd := nimbusCBORDecode(body), v2CBORDecode(body)
	nc, vc := nimbusGetMetricData(t, body), v2GetMetricData(t, body)
	levels := []struct {
		name           string
		nimbus, v2     func()
		nAlloc, vAlloc float64
	}{
		{name: "deserializer", nimbus: func() { must(t, nd) }, v2: func() { must(t, vd) }},
		{name: "client", nimbus: func() { nc() }, v2: func() { vc() }},
	}
	tw := tabwriter.NewWriter(os.Stdout, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintf(tw, "GetMetricData, %d bytes, %d datapoints\tMB/s\tallocs/op\tallocs/datapoint\tbytes/op\t\n", len(body), int(points))
	var verdicts []string
	for _, l := range levels {
		var nTimes, vTimes []time.Duration
		const block = 10
		timed := func(f func()) time.Duration {
			start := time.Now()
			for range block {
				f()
			}
			return time.Since(start) / block
		}
		for round := range rounds + 1 { // round 0 warms up
			var n, v time.Duration
			if round%2 == 0 {
				n, v = timed(l.nimbus), timed(l.v2)
			} else {
				v, n = timed(l.v2), timed(l.nimbus)
			}
			if round > 0 {
				nTimes, vTimes = append(nTimes, n), append(vTimes, v)
			}
		}
		slices.Sort(nTimes)
		slices.Sort(vTimes)
		mbps := func(d time.Duration) float64 { return float64(len(body)) / d.Seconds() / 1e6 }
		nm, vm := mbps(nTimes[len(nTimes)/2]), mbps(vTimes[len(vTimes)/2])
		nr, vr := testing.Benchmark(func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				l.nimbus()
			}
		}), testing.Benchmark(func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				l.v2()
			}
		})
		fmt.Fprintf(tw, "%s/nimbus\t%.0f\t%d\t%.3f\t%d\t\n", l.name, nm, nr.AllocsPerOp(), float64(nr.AllocsPerOp())/points, nr.AllocedBytesPerOp())
		fmt.Fprintf(tw, "%s/v2\t%.0f\t%d\t%.3f\t%d\t\n", l.name, vm, vr.AllocsPerOp(), float64(vr.AllocsPerOp())/points, vr.AllocedBytesPerOp())
		verdicts = append(verdicts, fmt.Sprintf("%s: nimbus %.2fx v2's MB/s, %.2fx its allocs, %.2fx its bytes; %s", l.name, nm/vm,
			float64(nr.AllocsPerOp())/float64(vr.AllocsPerOp()), float64(nr.AllocedBytesPerOp())/float64(vr.AllocedBytesPerOp()),
			verdict(nm/vm >= 2, "target >= 2x v2's MB/s")))
	}
	tw.Flush()
	fmt.Println()
	for _, v := range verdicts {
		fmt.Println(v)
	}
}

// must runs decode, failing t on an error.
func must[T any](t testing.TB, decode func() (T, error)) {
	if _, err := decode(); err != nil {
		t.Fatal(err)
	}
}

// BenchmarkCloudWatchGetMetricData runs GetMetricData through each SDK's
// whole client against the canned CBOR response.
func BenchmarkCloudWatchGetMetricData(b *testing.B) {
	body := metricDataBody()
	nc, vc := nimbusGetMetricData(b, body), v2GetMetricData(b, body)
	for _, impl := range []struct {
		name string
		call func()
	}{
		{"nimbus", func() { nc() }},
		{"v2", func() { vc() }},
	} {
		b.Run(impl.name, func(b *testing.B) {
			b.SetBytes(int64(len(body)))
			b.ReportAllocs()
			for b.Loop() {
				impl.call()
			}
		})
	}
}
