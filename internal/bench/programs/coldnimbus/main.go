// Command coldnimbus is the cold-start program of TestPrintColdStart: what
// a Lambda function does on its first invocation. It loads the shared
// configuration from the environment, creates an S3 and a DynamoDB
// client, and makes the first call of each (GetObject, GetItem) to the
// endpoints named by AWS_ENDPOINT_URL_S3 and AWS_ENDPOINT_URL_DYNAMODB.
// It prints the object's size and the item's key; coldv2 is the same
// program written with aws-sdk-go-v2.
package main

import (
	"context"
	"fmt"
	"io"
	"os"

	"github.com/nimbus-sdk/nimbus/config"
	"github.com/nimbus-sdk/nimbus/internal/bench/programs/internal/coldstart"
	"github.com/nimbus-sdk/nimbus/services/dynamodb"
	"github.com/nimbus-sdk/nimbus/services/dynamodb/types"
	"github.com/nimbus-sdk/nimbus/services/s3"
)

func main() {
	ph := coldstart.Start()
	ctx := context.Background()
	cfg, err := config.Load(ctx)
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
	fmt.Fprintln(os.Stderr, "coldnimbus:", err)
	os.Exit(1)
}
