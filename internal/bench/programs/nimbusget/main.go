// Command nimbusget is the S3 GetObject program whose binary size and build
// time TestPrintBuildCost compares with aws-sdk-go-v2's (see v2get).
package main

import (
	"context"
	"fmt"
	"io"

	"github.com/nimbus-sdk/nimbus/config"
	"github.com/nimbus-sdk/nimbus/services/s3"
)

func main() {
	cfg, err := config.Load(context.Background())
	if err != nil {
		panic(err)
	}
	c := s3.NewFromConfig(cfg)
	b, k := "bucket", "key"
	out, err := c.GetObject(context.Background(), &s3.GetObjectInput{Bucket: &b, Key: &k})
	if err != nil {
		panic(err)
	}
	n, _ := io.Copy(io.Discard, out.Body)
	fmt.Println(n)
}
