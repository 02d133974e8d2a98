// Command coldv2 is aws-sdk-go-v2's version of coldnimbus: load the
// configuration, create an S3 and a DynamoDB client, make the first call
// of each.
package main

import (
	"context"
	"fmt"
	"io"
	"os"

	"github.com/nimbus-sdk/nimbus/internal/bench/programs/internal/coldstart"

	"github.com/aws/aws-sdk-go-v2/config"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"
	"github.com/aws/aws-sdk-go-v2/service/s3"
)

func main() {
	ph := coldstart.Start()
	ctx := context.Background()
	cfg, err := config.LoadDefaultConfig(ctx)
	if err != nil {
		fail(err)
	}
	ph.Mark("config")
	s3c := s3.NewFromConfig(cfg, func(o *s3.Options) { o.UsePathStyle = true })
	ddb := dynamodb.NewFromConfig(cfg)
	ph.Mark("clients")

	bucket, key := os.Getenv("COLD_BUCKET"), os.Getenv("COLD_KEY")
	obj, err := s3c.GetObject(ctx, &s3.GetObjectInput{Bucket: &bucket, Key: &key})
	if err != nil {
		fail(err)
	}
	n, err := io.Copy(io.Discard, obj.Body)
	obj.Body.Close()
	if err != nil {
		fail(err)
	}
	ph.Mark("getobject")
	table := "cold"
	item, err := ddb.GetItem(ctx, &dynamodb.GetItemInput{
		TableName: &table,
		Key:       map[string]types.AttributeValue{"pk": &types.AttributeValueMemberS{Value: "k"}},
	})
	if err != nil {
		fail(err)
	}
	pk, _ := item.Item["pk"].(*types.AttributeValueMemberS)
	if pk == nil {
		fail(fmt.Errorf("GetItem returned no pk: %v", item.Item))
	}
	ph.Mark("getitem")
	fmt.Println(n, pk.Value)
	ph.Report()
}

func fail(err error) {
	fmt.Fprintln(os.Stderr, "coldv2:", err)
	os.Exit(1)
}
