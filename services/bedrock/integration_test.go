package bedrock_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/aws/smithy-go/middleware"
	"github.com/nimbus-sdk/nimbus/internal/testenv"
	"github.com/nimbus-sdk/nimbus/services/bedrock"
	"github.com/nimbus-sdk/nimbus/services/bedrock/types"
)

// TestIntegrationBedrock drives the Bedrock control plane (restJson1,
// date-time timestamps, a client-filled idempotency token) against moto:
// the model invocation logging configuration put, read and deleted, and a
// model customization job created, tagged and stopped.
//
// The job is not read back: moto 5.2.1 sends its creationTime as
// "2026-12-07 03:59:55", not an RFC 3339 date-time, which
// GetModelCustomizationJob and ListModelCustomizationJobs then fail to
// decode (in aws-sdk-go-v2 too).
func TestIntegrationBedrock(t *testing.T) {
	srv := testenv.Moto(t)
	c := bedrock.New(bedrock.Options{Region: srv.Region, BaseEndpoint: srv.Endpoint, Credentials: srv.Credentials(),
		APIOptions: []func(*middleware.Stack) error{testenv.SendPayloadHash}}) // for moto's check of GETs and DELETEs
	ctx := context.Background()
	name := fmt.Sprintf("nimbus-%d", time.Now().UnixNano())

	_, err := c.PutModelInvocationLoggingConfiguration(ctx, &bedrock.PutModelInvocationLoggingConfigurationInput{LoggingConfig: &types.LoggingConfig{
		S3Config: &types.S3Config{BucketName: ptr("invocation-logs"), KeyPrefix: ptr(name + "/")}, TextDataDeliveryEnabled: ptr(true),
	}})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		_, _ = c.DeleteModelInvocationLoggingConfiguration(context.Background(), &bedrock.DeleteModelInvocationLoggingConfigurationInput{})
	})
	lc, err := c.GetModelInvocationLoggingConfiguration(ctx, &bedrock.GetModelInvocationLoggingConfigurationInput{})
	if err != nil {
		t.Fatal(err)
	}
	if lc.LoggingConfig == nil || lc.LoggingConfig.S3Config == nil || *lc.LoggingConfig.S3Config.KeyPrefix != name+"/" || !*lc.LoggingConfig.TextDataDeliveryEnabled {
		t.Errorf("GetModelInvocationLoggingConfiguration = %+v", lc.LoggingConfig)
	}

	job, err := c.CreateModelCustomizationJob(ctx, &bedrock.CreateModelCustomizationJobInput{
		JobName: &name, CustomModelName: ptr(name + "-model"), RoleArn: &srv.RoleARN,
		BaseModelIdentifier: ptr("amazon.titan-text-express-v1"), CustomizationType: types.CustomizationTypeFineTuning,
		TrainingDataConfig: &types.TrainingDataConfig{S3Uri: ptr("s3://training/data.jsonl")},
		OutputDataConfig:   &types.OutputDataConfig{S3Uri: ptr("s3://training/output/")},
		HyperParameters:    map[string]string{"epochCount": "1"},
		JobTags:            []types.Tag{{Key: ptr("team"), Value: ptr("sdk")}},
	})
	if err != nil {
		t.Fatal(err)
	}
	if *job.JobArn != "arn:aws:bedrock:"+srv.Region+":123456789012:model-customization-job/"+name {
		t.Errorf("CreateModelCustomizationJob arn = %s", *job.JobArn)
	}
	if _, err := c.TagResource(ctx, &bedrock.TagResourceInput{ResourceARN: job.JobArn, Tags: []types.Tag{{Key: ptr("run"), Value: &name}}}); err != nil {
		t.Fatal(err)
	}
	tags, err := c.ListTagsForResource(ctx, &bedrock.ListTagsForResourceInput{ResourceARN: job.JobArn})
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]string{}
	for _, tg := range tags.Tags {
		got[*tg.Key] = *tg.Value
	}
	if got["team"] != "sdk" || got["run"] != name {
		t.Errorf("ListTagsForResource = %v; want team=sdk and run=%s", got, name)
	}

	if _, err := c.StopModelCustomizationJob(ctx, &bedrock.StopModelCustomizationJobInput{JobIdentifier: &name}); err != nil {
		t.Fatal(err)
	}
}

func ptr[T any](v T) *T { return &v }
