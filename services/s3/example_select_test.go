package s3_test

import (
	"context"
	"fmt"
	"os"

	"github.com/nimbus-sdk/nimbus/config"
	"github.com/nimbus-sdk/nimbus/services/s3"
	"github.com/nimbus-sdk/nimbus/services/s3/types"
)

// ExampleClient_SelectObjectContent queries a CSV object with S3 Select
// and prints the selected rows as their Records events arrive.
func ExampleClient_SelectObjectContent() {
	ctx := context.Background()
	cfg, err := config.Load(ctx)
	if err != nil {
		panic(err)
	}
	c := s3.NewFromConfig(cfg)
	bucket, key, query := "my-bucket", "people.csv", "SELECT s.name FROM S3Object s"
	out, err := c.SelectObjectContent(ctx, &s3.SelectObjectContentInput{
		Bucket: &bucket, Key: &key, Expression: &query, ExpressionType: types.ExpressionTypeSql,
		InputSerialization:  &types.InputSerialization{CSV: &types.CSVInput{FileHeaderInfo: types.FileHeaderInfoUse}},
		OutputSerialization: &types.OutputSerialization{CSV: &types.CSVOutput{}},
	})
	if err != nil {
		panic(err)
	}
	stream := out.GetStream()
	defer stream.Close()
	for event, err := range stream.Events() {
		if err != nil {
			panic(err)
		}
		switch e := event.(type) {
		case *types.SelectObjectContentEventStreamMemberRecords:
			os.Stdout.Write(e.Value.Payload)
		case *types.SelectObjectContentEventStreamMemberStats:
			fmt.Println("scanned", *e.Value.Details.BytesScanned, "bytes")
		}
	}
}
