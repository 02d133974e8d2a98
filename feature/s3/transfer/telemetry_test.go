package transfer_test

import (
	"bytes"
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/aws/smithy-go/tracing"

	"github.com/nimbus-sdk/nimbus/feature/s3/transfer"
	"github.com/nimbus-sdk/nimbus/feature/s3/transfer/transfertest"
	"github.com/nimbus-sdk/nimbus/internal/testenv/obstest"
	"github.com/nimbus-sdk/nimbus/services/s3"
)

const mib = 1 << 20

// checkTransferMetrics fails t if a metric attribute is anything but the
// operation and the error type.
func checkTransferMetrics(t *testing.T, mp *obstest.MeterProvider, bucket, key string) {
	t.Helper()
	for _, name := range mp.Names() {
		for _, p := range mp.Points(name) {
			for k, v := range p.Attrs {
				if k != "transfer.operation" && k != "error.type" {
					t.Errorf("%s: unbounded attribute %s=%v", name, k, v)
				}
				if s := fmt.Sprint(v); strings.Contains(s, bucket) || strings.Contains(s, key) {
					t.Errorf("%s: attribute %s=%q names the object", name, k, s)
				}
			}
		}
	}
}

func TestTelemetryTransfers(t *testing.T) {
	f := transfertest.New()
	f.CreateBucket("bkt")
	tp, mp := &obstest.TracerProvider{}, &obstest.MeterProvider{}
	m := transfer.New(f, func(o *transfer.Options) {
		o.PartSize = 5 * mib
		o.Concurrency = 2
		o.TracerProvider, o.MeterProvider = tp, mp
	})
	data := bytes.Repeat([]byte("x"), 12*mib) // parts of 5, 5 and 2 MiB
	ctx := t.Context()

	t.Run("upload", func(t *testing.T) {
		if _, err := m.Upload(ctx, &transfer.UploadInput{Bucket: "bkt", Key: "big", Body: bytes.NewReader(data)}); err != nil {
			t.Fatal(err)
		}
		want := "transfer.Upload\n  transfer.Part\n  transfer.Part\n  transfer.Part\n"
		if got := tp.Tree(); got != want {
			t.Errorf("span tree:\n%s\nwant:\n%s", got, want)
		}
		up := tp.Named("transfer.Upload")[0]
		checkMap(t, up, map[any]any{"transfer.operation": "upload", "aws.s3.bucket": "bkt", "aws.s3.key": "big", "transfer.size": int64(len(data))})
		if up.Status != tracing.SpanStatusOK {
			t.Errorf("upload span status %v", up.Status)
		}
		nums := map[any]bool{}
		for _, p := range tp.Named(transfer.SpanPart) {
			nums[p.Props["aws.s3.part_number"]] = true
		}
		if len(nums) != 3 || !nums[1] || !nums[2] || !nums[3] {
			t.Errorf("part numbers %v; want 1, 2, 3", nums)
		}
		op := map[string]any{"transfer.operation": "upload"}
		if got := mp.Sum(transfer.MetricBytes, op); got != float64(len(data)) {
			t.Errorf("bytes %v; want %d", got, len(data))
		}
		if got := mp.Sum(transfer.MetricParts, op); got != 3 {
			t.Errorf("parts %v; want 3", got)
		}
		if got := mp.Sum(transfer.MetricObjects, op); got != 1 {
			t.Errorf("objects %v; want 1", got)
		}
		if u := mp.Instruments()[transfer.MetricBytes].Unit; u != "By" {
			t.Errorf("unit of %s: %q", transfer.MetricBytes, u)
		}
	})

	t.Run("download", func(t *testing.T) {
		tp.Reset()
		buf := make(writerAt, len(data))
		if _, err := m.Download(ctx, buf, &transfer.DownloadInput{Bucket: "bkt", Key: "big"}); err != nil {
			t.Fatal(err)
		}
		roots := tp.Children(nil)
		if len(roots) != 1 || roots[0].Name() != "transfer.Download" {
			t.Fatalf("span tree:\n%s", tp.Tree())
		}
		if n := len(tp.Children(roots[0])); n != 3 {
			t.Errorf("download has %d part spans; want 3:\n%s", n, tp.Tree())
		}
		if got := mp.Sum(transfer.MetricBytes, map[string]any{"transfer.operation": "download"}); got != float64(len(data)) {
			t.Errorf("download bytes %v; want %d", got, len(data))
		}
	})

	t.Run("failed part", func(t *testing.T) {
		tp.Reset()
		f.Inject(transfertest.Fault{Op: "UploadPart", PartNumber: 2, Err: &transfertest.APIError{Code: "AccessDenied", Message: "no", Status: 403}})
		_, err := m.Upload(ctx, &transfer.UploadInput{Bucket: "bkt", Key: "failing", Body: bytes.NewReader(data)})
		if err == nil {
			t.Fatal("Upload succeeded; want the part's error")
		}
		up := tp.Named("transfer.Upload")[0]
		if up.Status != tracing.SpanStatusError || up.Props["error.type"] != "AccessDenied" {
			t.Errorf("upload span status %v error.type %v", up.Status, up.Props["error.type"])
		}
		var denied int
		for _, p := range tp.Named(transfer.SpanPart) {
			switch typ := p.Props["error.type"]; {
			case p.Status != tracing.SpanStatusError:
			case typ == "AccessDenied":
				denied++
				if p.Props["aws.s3.part_number"] != 2 {
					t.Errorf("part %v failed with AccessDenied; want part 2", p.Props["aws.s3.part_number"])
				}
			case typ != "context.Canceled":
				t.Errorf("failed part error.type %v; want AccessDenied or context.Canceled", typ)
			}
		}
		if denied != 1 {
			t.Errorf("%d parts failed with AccessDenied; want 1:\n%s", denied, tp.Tree())
		}
		if got := mp.Sum(transfer.MetricParts, map[string]any{"error.type": "AccessDenied"}); got != 1 {
			t.Errorf("failed parts %v; want 1", got)
		}
		for _, s := range tp.Spans() {
			if !s.Ended {
				t.Errorf("span %s not ended", s.Name())
			}
		}
	})

	t.Run("download stream closed early", func(t *testing.T) {
		tp.Reset()
		r, err := m.DownloadStream(ctx, &transfer.DownloadInput{Bucket: "bkt", Key: "big"})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := r.Read(make([]byte, 10)); err != nil {
			t.Fatal(err)
		}
		r.Close()
		s := tp.Named("transfer.DownloadStream")
		if len(s) != 1 || !s[0].Ended || s[0].Status != tracing.SpanStatusError {
			t.Fatalf("stream span %+v; want one, ended with an error", s)
		}
	})
	checkTransferMetrics(t, mp, "bkt", "big")
}

func TestTelemetryBatch(t *testing.T) {
	f := transfertest.New()
	f.CreateBucket("bkt")
	tp := &obstest.TracerProvider{}
	m := transfer.New(f, func(o *transfer.Options) { o.TracerProvider = tp })
	ins := []*transfer.UploadInput{
		{Bucket: "bkt", Key: "a", Body: strings.NewReader("aaa")},
		{Bucket: "bkt", Key: "b", Body: strings.NewReader("bbb")},
		{Bucket: "bkt", Key: "", Body: strings.NewReader("no key")},
	}
	_, err := m.BatchUpload(t.Context(), transfer.UploadSeq(slices.Values(ins)))
	if err == nil {
		t.Fatal("BatchUpload succeeded; want the keyless object's error")
	}
	if _, err := m.BatchDelete(t.Context(), transfer.DeleteKeys("bkt", slices.Values([]string{"a", "b"}))); err != nil {
		t.Fatal(err)
	}
	roots := tp.Children(nil)
	if len(roots) != 2 || roots[0].Name() != "transfer.BatchUpload" || roots[1].Name() != "transfer.BatchDelete" {
		t.Fatalf("span tree:\n%s", tp.Tree())
	}
	if n := len(tp.Children(roots[0])); n != 2 {
		t.Errorf("batch upload has %d object spans; want 2 (the keyless object never started):\n%s", n, tp.Tree())
	}
	checkMap(t, roots[0], map[any]any{"transfer.objects": 3, "transfer.failed": 1, "transfer.operation": "upload"})
	if roots[0].Status != tracing.SpanStatusError || roots[1].Status != tracing.SpanStatusOK {
		t.Errorf("statuses %v, %v; want error, OK", roots[0].Status, roots[1].Status)
	}
	checkMap(t, roots[1], map[any]any{"transfer.objects": 2, "transfer.failed": 0})
}

// writerAt is an in-memory io.WriterAt.
type writerAt []byte

func (w writerAt) WriteAt(p []byte, off int64) (int, error) { return copy(w[off:], p), nil }

func checkMap(t *testing.T, s *obstest.Span, want map[any]any) {
	t.Helper()
	for k, v := range want {
		if s.Props[k] != v {
			t.Errorf("%s: %v = %v (%T); want %v (%T)", s.Name(), k, s.Props[k], s.Props[k], v, v)
		}
	}
}

// TestIntegrationTelemetryFromClient uploads to versitygw with an
// *s3.Client that has the providers and a Manager that has none: the
// Manager uses the client's, and the client's own spans hang under the
// transfer's and its parts'.
func TestIntegrationTelemetryFromClient(t *testing.T) {
	tp, mp := &obstest.TracerProvider{}, &obstest.MeterProvider{}
	c := s3Client(t)
	bucket := testBucket(t, c)
	traced := s3.New(c.Options(), func(o *s3.Options) { o.TracerProvider, o.MeterProvider = tp, mp })
	m := transfer.New(traced, func(o *transfer.Options) { o.PartSize = 5 * mib })

	data := bytes.Repeat([]byte("y"), 11*mib)
	if _, err := m.Upload(t.Context(), &transfer.UploadInput{Bucket: bucket, Key: "traced", Body: bytes.NewReader(data)}); err != nil {
		t.Fatal(err)
	}
	up := tp.Named("transfer.Upload")
	if len(up) != 1 {
		t.Fatalf("span tree:\n%s", tp.Tree())
	}
	var names []string
	for _, s := range tp.Children(up[0]) {
		names = append(names, s.Name())
	}
	if got := strings.Join(names, " "); got != "S3.CreateMultipartUpload transfer.Part transfer.Part transfer.Part S3.CompleteMultipartUpload" {
		t.Errorf("children of the upload span: %s\n%s", got, tp.Tree())
	}
	for _, p := range tp.Named(transfer.SpanPart) {
		kids := tp.Children(p)
		if len(kids) != 1 || kids[0].Name() != "S3.UploadPart" || len(tp.Children(kids[0])) == 0 {
			t.Errorf("part span %v has children %d; want S3.UploadPart with its attempts\n%s", p.Props, len(kids), tp.Tree())
		}
	}
	if got := mp.Sum(transfer.MetricBytes, nil); got < float64(len(data)) {
		t.Errorf("bytes %v; want at least %d", got, len(data))
	}
	if got := mp.Sum("client.call.attempts", map[string]any{"rpc.method": "UploadPart"}); got != 3 {
		t.Errorf("UploadPart attempts %v; want 3", got)
	}
}
