package transfer_test

import (
	"context"
	"fmt"
	"log"

	"github.com/nimbus-sdk/nimbus/config/aws"
	"github.com/nimbus-sdk/nimbus/feature/s3/transfer"
	"github.com/nimbus-sdk/nimbus/feature/s3/transfer/transfertest"
	"github.com/nimbus-sdk/nimbus/services/s3"
)

// deleteAllObjects is the first program of the original SDK's batch API,
// in Nimbus form: it lists every object of the bucket, one hundred at a
// time, and deletes them. The listing is lazy: a page is fetched when the
// batch has taken the keys of the one before. The integration tests run
// this function against a real S3 server.
func deleteAllObjects(ctx context.Context, client transfer.S3API, bucket string) error {
	input := &s3.ListObjectsV2Input{
		Bucket:  aws.String(bucket),
		MaxKeys: aws.Int32(100),
	}
	// Create a delete list iterator.
	iter := transfer.NewDeleteListIterator(client, input)
	// Create the batch delete client: a transfer Manager.
	batcher := transfer.New(client)

	if _, err := batcher.BatchDelete(ctx, iter); err != nil {
		return err
	}
	return nil
}

func ExampleNewDeleteListIterator() {
	ctx := context.Background()
	// An in-memory S3; a program passes an *s3.Client, built with
	// s3.NewFromConfig from config.Load's configuration.
	client := transfertest.New()
	for i := range 250 {
		client.Put("bucket", fmt.Sprintf("photos/%03d.jpg", i), nil)
	}

	if err := deleteAllObjects(ctx, client, "bucket"); err != nil {
		log.Fatal(err)
	}
	fmt.Println("objects left:", len(client.Keys("bucket")))
	fmt.Println("ListObjectsV2 calls:", client.Calls("ListObjectsV2"))
	fmt.Println("DeleteObjects calls:", client.Calls("DeleteObjects"))
	// Output:
	// objects left: 0
	// ListObjectsV2 calls: 3
	// DeleteObjects calls: 1
}
