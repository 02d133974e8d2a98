// Command v2get is aws-sdk-go-v2's version of nimbusget.
package main

import (
	"context"
	"fmt"
	"io"

	"github.com/aws/aws-sdk-go-v2/config"
	"github.com/aws/aws-sdk-go-v2/service/s3"
)

func main() {
	cfg, err := config.LoadDefaultConfig(context.Background())
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
