package transfer_test

import (
	"bytes"
	"context"
	"fmt"
	"log"

	"github.com/nimbus-sdk/nimbus/feature/s3/transfer"
	"github.com/nimbus-sdk/nimbus/feature/s3/transfer/transfertest"
	"github.com/nimbus-sdk/nimbus/internal/testenv/obstest"
)

// This example traces and meters a multipart upload. With an *s3.Client
// whose Options have providers, the Manager needs none of its own: it uses
// the client's, and the client's spans (S3.UploadPart, its attempts) hang
// under the parts'. In-memory providers stand in for OpenTelemetry's here.
func ExampleOptions_telemetry() {
	client := transfertest.New()
	client.CreateBucket("bucket")
	tp, mp := &obstest.TracerProvider{}, &obstest.MeterProvider{}
	m := transfer.New(client, func(o *transfer.Options) {
		o.PartSize = 5 << 20
		o.Concurrency = 1
		o.TracerProvider, o.MeterProvider = tp, mp
	})
	body := bytes.NewReader(make([]byte, 12<<20)) // three parts
	if _, err := m.Upload(context.Background(), &transfer.UploadInput{Bucket: "bucket", Key: "big", Body: body}); err != nil {
		log.Fatal(err)
	}
	fmt.Print(tp.Tree())
	fmt.Println("transfer.parts:", mp.Sum(transfer.MetricParts, nil))
	fmt.Println("transfer.bytes:", mp.Sum(transfer.MetricBytes, nil))
	// Output:
	// transfer.Upload
	//   transfer.Part
	//   transfer.Part
	//   transfer.Part
	// transfer.parts: 3
	// transfer.bytes: 1.2582912e+07
}
