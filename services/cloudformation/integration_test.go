package cloudformation_test

import (
	"context"
	"errors"
	"fmt"
	"testing"
	"time"

	"github.com/aws/smithy-go"
	"github.com/nimbus-sdk/nimbus/internal/testenv"
	"github.com/nimbus-sdk/nimbus/services/cloudformation"
	"github.com/nimbus-sdk/nimbus/services/cloudformation/types"
)

const template = `{
  "AWSTemplateFormatVersion": "2010-09-09",
  "Description": "nimbus integration test",
  "Parameters": {"QueueName": {"Type": "String"}},
  "Resources": {
    "Queue": {"Type": "AWS::SQS::Queue", "Properties": {"QueueName": {"Ref": "QueueName"}, "VisibilityTimeout": 45}}
  },
  "Outputs": {
    "QueueArn": {"Value": {"Fn::GetAtt": ["Queue", "Arn"]}, "Description": "the queue"}
  }
}`

// TestIntegrationCloudFormation drives CloudFormation (awsQuery) against
// moto: a stack from a small template with a parameter, waited on with the
// generated StackCreateComplete waiter, described (outputs, parameters,
// tags, resources), then deleted and waited on with StackDeleteComplete.
func TestIntegrationCloudFormation(t *testing.T) {
	srv := testenv.Moto(t)
	c := cloudformation.New(cloudformation.Options{Region: srv.Region, BaseEndpoint: srv.Endpoint, Credentials: srv.Credentials()})
	ctx := context.Background()
	name := fmt.Sprintf("nimbus-%d", time.Now().UnixNano())
	fast := func(min, max *time.Duration) { *min, *max = 100*time.Millisecond, time.Second }

	created, err := c.CreateStack(ctx, &cloudformation.CreateStackInput{
		StackName:    &name,
		TemplateBody: ptr(template),
		Parameters:   []types.Parameter{{ParameterKey: ptr("QueueName"), ParameterValue: ptr(name + "-queue")}},
		Tags:         []types.Tag{{Key: ptr("team"), Value: ptr("sdk")}},
	})
	if err != nil {
		t.Fatal(err)
	}
	stackID := created.StackId
	t.Cleanup(func() {
		_, _ = c.DeleteStack(context.Background(), &cloudformation.DeleteStackInput{StackName: stackID})
	})

	err = cloudformation.NewStackCreateCompleteWaiter(c, func(o *cloudformation.StackCreateCompleteWaiterOptions) { fast(&o.MinDelay, &o.MaxDelay) }).
		Wait(ctx, &cloudformation.DescribeStacksInput{StackName: &name}, time.Minute)
	if err != nil {
		t.Fatalf("StackCreateComplete waiter: %v", err)
	}

	d, err := c.DescribeStacks(ctx, &cloudformation.DescribeStacksInput{StackName: &name})
	if err != nil {
		t.Fatal(err)
	}
	if len(d.Stacks) != 1 {
		t.Fatalf("DescribeStacks returned %d stacks; want 1", len(d.Stacks))
	}
	st := d.Stacks[0]
	if *st.StackId != *stackID || st.StackStatus != types.StackStatusCreateComplete || *st.Description != "nimbus integration test" {
		t.Errorf("DescribeStacks = id %s status %q description %q", *st.StackId, st.StackStatus, *st.Description)
	}
	wantArn := "arn:aws:sqs:" + srv.Region + ":123456789012:" + name + "-queue"
	if len(st.Outputs) != 1 || *st.Outputs[0].OutputKey != "QueueArn" || *st.Outputs[0].OutputValue != wantArn {
		t.Errorf("stack outputs = %+v; want QueueArn = %s", st.Outputs, wantArn)
	}
	if len(st.Parameters) != 1 || *st.Parameters[0].ParameterValue != name+"-queue" {
		t.Errorf("stack parameters = %+v", st.Parameters)
	}
	if len(st.Tags) != 1 || *st.Tags[0].Key != "team" {
		t.Errorf("stack tags = %+v", st.Tags)
	}
	if st.CreationTime == nil || time.Since(*st.CreationTime).Abs() > time.Hour {
		t.Errorf("stack CreationTime = %v", st.CreationTime)
	}

	var resources []types.StackResourceSummary
	for page, err := range cloudformation.NewListStackResourcesPaginator(c, &cloudformation.ListStackResourcesInput{StackName: &name}).Pages(ctx) {
		if err != nil {
			t.Fatal(err)
		}
		resources = append(resources, page.StackResourceSummaries...)
	}
	if len(resources) != 1 || *resources[0].LogicalResourceId != "Queue" || *resources[0].ResourceType != "AWS::SQS::Queue" ||
		resources[0].ResourceStatus != types.ResourceStatusCreateComplete {
		t.Errorf("ListStackResources = %+v", resources)
	}

	if _, err := c.DeleteStack(ctx, &cloudformation.DeleteStackInput{StackName: stackID}); err != nil {
		t.Fatal(err)
	}
	// By id, a deleted stack is still described (DELETE_COMPLETE).
	err = cloudformation.NewStackDeleteCompleteWaiter(c, func(o *cloudformation.StackDeleteCompleteWaiterOptions) { fast(&o.MinDelay, &o.MaxDelay) }).
		Wait(ctx, &cloudformation.DescribeStacksInput{StackName: stackID}, time.Minute)
	if err != nil {
		t.Fatalf("StackDeleteComplete waiter: %v", err)
	}

	// By name, it is gone: a ValidationError, which awsQuery carries as
	// a generic API error code.
	_, err = c.DescribeStacks(ctx, &cloudformation.DescribeStacksInput{StackName: &name})
	var apiErr smithy.APIError
	if !errors.As(err, &apiErr) || apiErr.ErrorCode() != "ValidationError" {
		t.Errorf("DescribeStacks(deleted) error = %v; want ValidationError", err)
	}
}

func ptr[T any](v T) *T { return &v }
