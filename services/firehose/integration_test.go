package firehose_test

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"testing"
	"time"

	"github.com/nimbus-sdk/nimbus/internal/testenv"
	"github.com/nimbus-sdk/nimbus/services/firehose"
	"github.com/nimbus-sdk/nimbus/services/firehose/types"
)

// TestIntegrationFirehose drives Data Firehose (awsJson 1.1) against moto:
// a delivery stream to S3 created, described, listed and deleted.
func TestIntegrationFirehose(t *testing.T) {
	srv := testenv.Moto(t)
	c := firehose.New(firehose.Options{Region: srv.Region, BaseEndpoint: srv.Endpoint, Credentials: srv.Credentials()})
	ctx := context.Background()
	name := fmt.Sprintf("nimbus-%d", time.Now().UnixNano())

	created, err := c.CreateDeliveryStream(ctx, &firehose.CreateDeliveryStreamInput{
		DeliveryStreamName: &name,
		DeliveryStreamType: types.DeliveryStreamTypeDirectPut,
		ExtendedS3DestinationConfiguration: &types.ExtendedS3DestinationConfiguration{
			RoleARN: &srv.RoleARN, BucketARN: ptr("arn:aws:s3:::nimbus-firehose"), Prefix: ptr("events/"),
			BufferingHints:    &types.BufferingHints{SizeInMBs: ptr(int32(5)), IntervalInSeconds: ptr(int32(60))},
			CompressionFormat: types.CompressionFormatGzip,
		},
		Tags: []types.Tag{{Key: ptr("team"), Value: ptr("sdk")}},
	})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		_, _ = c.DeleteDeliveryStream(context.Background(), &firehose.DeleteDeliveryStreamInput{DeliveryStreamName: &name})
	})

	d, err := c.DescribeDeliveryStream(ctx, &firehose.DescribeDeliveryStreamInput{DeliveryStreamName: &name})
	if err != nil {
		t.Fatal(err)
	}
	ds := d.DeliveryStreamDescription
	if *ds.DeliveryStreamARN != *created.DeliveryStreamARN || ds.DeliveryStreamStatus != types.DeliveryStreamStatusActive ||
		ds.DeliveryStreamType != types.DeliveryStreamTypeDirectPut || len(ds.Destinations) != 1 ||
		ds.CreateTimestamp == nil || time.Since(*ds.CreateTimestamp).Abs() > time.Hour {
		t.Fatalf("DescribeDeliveryStream = %+v", ds)
	}
	if s3 := ds.Destinations[0].ExtendedS3DestinationDescription; s3 == nil || *s3.Prefix != "events/" ||
		*s3.BufferingHints.SizeInMBs != 5 || s3.CompressionFormat != types.CompressionFormatGzip {
		t.Errorf("destination = %+v", ds.Destinations[0])
	}

	list, err := c.ListDeliveryStreams(ctx, &firehose.ListDeliveryStreamsInput{Limit: ptr(int32(100))})
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Contains(list.DeliveryStreamNames, name) {
		t.Errorf("ListDeliveryStreams = %v; want it to contain %s", list.DeliveryStreamNames, name)
	}

	if _, err := c.DeleteDeliveryStream(ctx, &firehose.DeleteDeliveryStreamInput{DeliveryStreamName: &name}); err != nil {
		t.Fatal(err)
	}
	_, err = c.DescribeDeliveryStream(ctx, &firehose.DescribeDeliveryStreamInput{DeliveryStreamName: &name})
	var notFound *types.ResourceNotFoundException
	if !errors.As(err, &notFound) {
		t.Errorf("DescribeDeliveryStream(deleted) error = %v; want *types.ResourceNotFoundException", err)
	}
}

func ptr[T any](v T) *T { return &v }
