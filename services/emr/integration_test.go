package emr_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/nimbus-sdk/nimbus/internal/testenv"
	"github.com/nimbus-sdk/nimbus/services/emr"
	"github.com/nimbus-sdk/nimbus/services/emr/types"
)

// TestIntegrationEMR drives EMR (awsJson 1.1, epoch-seconds timestamps)
// against moto: a cluster started with RunJobFlow, waited on with the
// generated ClusterRunning waiter, described and listed, then terminated
// and waited on with ClusterTerminated.
func TestIntegrationEMR(t *testing.T) {
	srv := testenv.Moto(t)
	c := emr.New(emr.Options{Region: srv.Region, BaseEndpoint: srv.Endpoint, Credentials: srv.Credentials()})
	ctx := context.Background()
	name := fmt.Sprintf("nimbus-%d", time.Now().UnixNano())
	fast := func(min, max *time.Duration) { *min, *max = 100*time.Millisecond, time.Second }

	run, err := c.RunJobFlow(ctx, &emr.RunJobFlowInput{
		Name: &name, ReleaseLabel: ptr("emr-7.1.0"), ServiceRole: ptr("EMR_DefaultRole"), JobFlowRole: ptr("EMR_EC2_DefaultRole"),
		Instances: &types.JobFlowInstancesConfig{
			MasterInstanceType: ptr("m5.xlarge"), SlaveInstanceType: ptr("m5.xlarge"), InstanceCount: ptr(int32(3)),
			KeepJobFlowAliveWhenNoSteps: ptr(true),
		},
		Applications: []types.Application{{Name: ptr("Spark")}},
		Tags:         []types.Tag{{Key: ptr("team"), Value: ptr("sdk")}},
	})
	if err != nil {
		t.Fatal(err)
	}
	id := run.JobFlowId
	t.Cleanup(func() {
		_, _ = c.TerminateJobFlows(context.Background(), &emr.TerminateJobFlowsInput{JobFlowIds: []string{*id}})
	})

	err = emr.NewClusterRunningWaiter(c, func(o *emr.ClusterRunningWaiterOptions) { fast(&o.MinDelay, &o.MaxDelay) }).
		Wait(ctx, &emr.DescribeClusterInput{ClusterId: id}, time.Minute)
	if err != nil {
		t.Fatalf("ClusterRunning waiter: %v", err)
	}
	d, err := c.DescribeCluster(ctx, &emr.DescribeClusterInput{ClusterId: id})
	if err != nil {
		t.Fatal(err)
	}
	cl := d.Cluster
	if *cl.Name != name || *cl.ReleaseLabel != "emr-7.1.0" || len(cl.Applications) != 1 || *cl.Applications[0].Name != "Spark" ||
		len(cl.Tags) != 1 || cl.Status.Timeline == nil || cl.Status.Timeline.CreationDateTime == nil ||
		time.Since(*cl.Status.Timeline.CreationDateTime).Abs() > time.Hour {
		t.Errorf("DescribeCluster = %+v", cl)
	}

	found := false
	for page, err := range emr.NewListClustersPaginator(c, &emr.ListClustersInput{ClusterStates: []types.ClusterState{types.ClusterStateWaiting, types.ClusterStateRunning}}).Pages(ctx) {
		if err != nil {
			t.Fatal(err)
		}
		for _, s := range page.Clusters {
			found = found || *s.Id == *id && *s.Name == name
		}
	}
	if !found {
		t.Errorf("ListClusters did not list %s", *id)
	}

	if _, err := c.TerminateJobFlows(ctx, &emr.TerminateJobFlowsInput{JobFlowIds: []string{*id}}); err != nil {
		t.Fatal(err)
	}
	err = emr.NewClusterTerminatedWaiter(c, func(o *emr.ClusterTerminatedWaiterOptions) { fast(&o.MinDelay, &o.MaxDelay) }).
		Wait(ctx, &emr.DescribeClusterInput{ClusterId: id}, time.Minute)
	if err != nil {
		t.Fatalf("ClusterTerminated waiter: %v", err)
	}
}

func ptr[T any](v T) *T { return &v }
