package eks_test

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"testing"
	"time"

	"github.com/aws/smithy-go/middleware"
	"github.com/nimbus-sdk/nimbus/internal/testenv"
	"github.com/nimbus-sdk/nimbus/services/eks"
	"github.com/nimbus-sdk/nimbus/services/eks/types"
)

// TestIntegrationEKS drives EKS (restJson1, a client-filled idempotency
// token) against moto: a cluster created, waited on with the generated
// ClusterActive waiter, listed, deleted and waited on with ClusterDeleted.
func TestIntegrationEKS(t *testing.T) {
	srv := testenv.Moto(t)
	c := eks.New(eks.Options{Region: srv.Region, BaseEndpoint: srv.Endpoint, Credentials: srv.Credentials(),
		APIOptions: []func(*middleware.Stack) error{testenv.SendPayloadHash}}) // for moto's check of GETs
	ctx := context.Background()
	name := fmt.Sprintf("nimbus-%d", time.Now().UnixNano())
	fast := func(min, max *time.Duration) { *min, *max = 100*time.Millisecond, time.Second }

	created, err := c.CreateCluster(ctx, &eks.CreateClusterInput{
		Name: &name, Version: ptr("1.31"), RoleArn: &srv.RoleARN,
		ResourcesVpcConfig: &types.VpcConfigRequest{SubnetIds: []string{"subnet-1", "subnet-2"}, EndpointPublicAccess: ptr(true)},
		Tags:               map[string]string{"team": "sdk"},
	})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _, _ = c.DeleteCluster(context.Background(), &eks.DeleteClusterInput{Name: &name}) })
	if created.Cluster.ClientRequestToken == nil || *created.Cluster.ClientRequestToken == "" {
		t.Error("CreateCluster: the client sent no idempotency token")
	}

	err = eks.NewClusterActiveWaiter(c, func(o *eks.ClusterActiveWaiterOptions) { fast(&o.MinDelay, &o.MaxDelay) }).
		Wait(ctx, &eks.DescribeClusterInput{Name: &name}, time.Minute)
	if err != nil {
		t.Fatalf("ClusterActive waiter: %v", err)
	}
	d, err := c.DescribeCluster(ctx, &eks.DescribeClusterInput{Name: &name})
	if err != nil {
		t.Fatal(err)
	}
	cl := d.Cluster
	if *cl.Name != name || *cl.Version != "1.31" || *cl.RoleArn != srv.RoleARN || cl.Tags["team"] != "sdk" ||
		cl.CreatedAt == nil || time.Since(*cl.CreatedAt).Abs() > time.Hour || !slices.Equal(cl.ResourcesVpcConfig.SubnetIds, []string{"subnet-1", "subnet-2"}) {
		t.Errorf("DescribeCluster = %+v", cl)
	}

	var names []string
	for page, err := range eks.NewListClustersPaginator(c, &eks.ListClustersInput{}).Pages(ctx) {
		if err != nil {
			t.Fatal(err)
		}
		names = append(names, page.Clusters...)
	}
	if !slices.Contains(names, name) {
		t.Errorf("ListClusters = %v; want it to contain %s", names, name)
	}

	if _, err := c.DeleteCluster(ctx, &eks.DeleteClusterInput{Name: &name}); err != nil {
		t.Fatal(err)
	}
	err = eks.NewClusterDeletedWaiter(c, func(o *eks.ClusterDeletedWaiterOptions) { fast(&o.MinDelay, &o.MaxDelay) }).
		Wait(ctx, &eks.DescribeClusterInput{Name: &name}, time.Minute)
	if err != nil {
		t.Fatalf("ClusterDeleted waiter: %v", err)
	}
	_, err = c.DescribeCluster(ctx, &eks.DescribeClusterInput{Name: &name})
	var notFound *types.ResourceNotFoundException
	if !errors.As(err, &notFound) {
		t.Errorf("DescribeCluster(deleted) error = %v; want *types.ResourceNotFoundException", err)
	}
}

func ptr[T any](v T) *T { return &v }
