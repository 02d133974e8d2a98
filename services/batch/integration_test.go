package batch_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/aws/smithy-go/middleware"
	"github.com/nimbus-sdk/nimbus/internal/testenv"
	"github.com/nimbus-sdk/nimbus/services/batch"
	"github.com/nimbus-sdk/nimbus/services/batch/types"
)

// TestIntegrationBatch drives AWS Batch (restJson1, all POSTs with JSON
// bodies, float members) against moto: a fair-share scheduling policy and
// a container job definition, described and removed.
func TestIntegrationBatch(t *testing.T) {
	srv := testenv.Moto(t)
	c := batch.New(batch.Options{Region: srv.Region, BaseEndpoint: srv.Endpoint, Credentials: srv.Credentials(),
		APIOptions: []func(*middleware.Stack) error{testenv.SendPayloadHash}})
	ctx := context.Background()
	name := fmt.Sprintf("nimbus-%d", time.Now().UnixNano())

	pol, err := c.CreateSchedulingPolicy(ctx, &batch.CreateSchedulingPolicyInput{
		Name: &name,
		FairsharePolicy: &types.FairsharePolicy{ShareDecaySeconds: ptr(int32(3600)), ComputeReservation: ptr(int32(10)),
			ShareDistribution: []types.ShareAttributes{{ShareIdentifier: ptr("teamA"), WeightFactor: ptr(float32(0.5))}}},
		Tags: map[string]string{"team": "sdk"},
	})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		_, _ = c.DeleteSchedulingPolicy(context.Background(), &batch.DeleteSchedulingPolicyInput{Arn: pol.Arn})
	})
	desc, err := c.DescribeSchedulingPolicies(ctx, &batch.DescribeSchedulingPoliciesInput{Arns: []string{*pol.Arn}})
	if err != nil {
		t.Fatal(err)
	}
	if len(desc.SchedulingPolicies) != 1 {
		t.Fatalf("DescribeSchedulingPolicies returned %d; want 1", len(desc.SchedulingPolicies))
	}
	fp := desc.SchedulingPolicies[0].FairsharePolicy
	if *desc.SchedulingPolicies[0].Name != name || fp == nil || *fp.ShareDecaySeconds != 3600 || len(fp.ShareDistribution) != 1 ||
		*fp.ShareDistribution[0].WeightFactor != 0.5 || desc.SchedulingPolicies[0].Tags["team"] != "sdk" {
		t.Errorf("DescribeSchedulingPolicies = %+v", desc.SchedulingPolicies[0])
	}

	jd, err := c.RegisterJobDefinition(ctx, &batch.RegisterJobDefinitionInput{
		JobDefinitionName: &name, Type: types.JobDefinitionTypeContainer,
		ContainerProperties: &types.ContainerProperties{
			Image: ptr("busybox"), Command: []string{"echo", "hello"},
			ResourceRequirements: []types.ResourceRequirement{{Type: types.ResourceTypeVcpu, Value: ptr("1")}, {Type: types.ResourceTypeMemory, Value: ptr("512")}},
		},
		Parameters: map[string]string{"greeting": "hello"},
	})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		_, _ = c.DeregisterJobDefinition(context.Background(), &batch.DeregisterJobDefinitionInput{JobDefinition: jd.JobDefinitionArn})
	})
	if *jd.JobDefinitionName != name || *jd.Revision != 1 {
		t.Errorf("RegisterJobDefinition = %s revision %d", *jd.JobDefinitionName, *jd.Revision)
	}
	var defs []types.JobDefinition
	for page, err := range batch.NewDescribeJobDefinitionsPaginator(c, &batch.DescribeJobDefinitionsInput{JobDefinitionName: &name}).Pages(ctx) {
		if err != nil {
			t.Fatal(err)
		}
		defs = append(defs, page.JobDefinitions...)
	}
	if len(defs) != 1 || *defs[0].JobDefinitionArn != *jd.JobDefinitionArn || *defs[0].ContainerProperties.Image != "busybox" ||
		len(defs[0].ContainerProperties.Command) != 2 || defs[0].Parameters["greeting"] != "hello" {
		t.Errorf("DescribeJobDefinitions = %+v", defs)
	}
}

func ptr[T any](v T) *T { return &v }
