package ecs_test

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"testing"
	"time"

	"github.com/nimbus-sdk/nimbus/internal/testenv"
	"github.com/nimbus-sdk/nimbus/services/ecs"
	"github.com/nimbus-sdk/nimbus/services/ecs/types"
)

// TestIntegrationECS drives ECS (awsJson 1.1) against moto: a cluster and
// several revisions of a task definition, described, listed and removed.
func TestIntegrationECS(t *testing.T) {
	srv := testenv.Moto(t)
	c := ecs.New(ecs.Options{Region: srv.Region, BaseEndpoint: srv.Endpoint, Credentials: srv.Credentials()})
	ctx := context.Background()
	name := fmt.Sprintf("nimbus-%d", time.Now().UnixNano())

	cl, err := c.CreateCluster(ctx, &ecs.CreateClusterInput{ClusterName: &name, Tags: []types.Tag{{Key: ptr("team"), Value: ptr("sdk")}}})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _, _ = c.DeleteCluster(context.Background(), &ecs.DeleteClusterInput{Cluster: &name}) })
	if *cl.Cluster.ClusterName != name || *cl.Cluster.Status != "ACTIVE" {
		t.Errorf("CreateCluster = %s %s; want %s ACTIVE", *cl.Cluster.ClusterName, *cl.Cluster.Status, name)
	}

	desc, err := c.DescribeClusters(ctx, &ecs.DescribeClustersInput{Clusters: []string{name, name + "-missing"}, Include: []types.ClusterField{types.ClusterFieldTags}})
	if err != nil {
		t.Fatal(err)
	}
	if len(desc.Clusters) != 1 || *desc.Clusters[0].ClusterArn != *cl.Cluster.ClusterArn {
		t.Errorf("DescribeClusters returned %+v; want the one cluster", desc.Clusters)
	} else if tags := desc.Clusters[0].Tags; len(tags) != 1 || *tags[0].Key != "team" || *tags[0].Value != "sdk" {
		t.Errorf("DescribeClusters tags = %+v", tags)
	}
	if len(desc.Failures) != 1 || *desc.Failures[0].Reason != "MISSING" {
		t.Errorf("DescribeClusters failures = %+v; want one MISSING", desc.Failures)
	}

	var arns []string
	for rev := 1; rev <= 3; rev++ {
		td, err := c.RegisterTaskDefinition(ctx, &ecs.RegisterTaskDefinitionInput{
			Family: &name,
			ContainerDefinitions: []types.ContainerDefinition{{
				Name:         ptr("web"),
				Image:        ptr(fmt.Sprintf("nginx:1.%d", rev)),
				Cpu:          128,
				Memory:       ptr(int32(256)),
				Essential:    ptr(true),
				PortMappings: []types.PortMapping{{ContainerPort: ptr(int32(80)), Protocol: types.TransportProtocolTcp}},
				Environment:  []types.KeyValuePair{{Name: ptr("REV"), Value: ptr(fmt.Sprint(rev))}},
			}},
		})
		if err != nil {
			t.Fatal(err)
		}
		if td.TaskDefinition.Revision != int32(rev) || td.TaskDefinition.Status != types.TaskDefinitionStatusActive {
			t.Errorf("RegisterTaskDefinition revision %d status %q; want %d ACTIVE", td.TaskDefinition.Revision, td.TaskDefinition.Status, rev)
		}
		arn := *td.TaskDefinition.TaskDefinitionArn
		arns = append(arns, arn)
		t.Cleanup(func() {
			_, _ = c.DeregisterTaskDefinition(context.Background(), &ecs.DeregisterTaskDefinitionInput{TaskDefinition: &arn})
		})
	}

	got, err := c.DescribeTaskDefinition(ctx, &ecs.DescribeTaskDefinitionInput{TaskDefinition: ptr(name + ":2")})
	if err != nil {
		t.Fatal(err)
	}
	cd := got.TaskDefinition.ContainerDefinitions
	if len(cd) != 1 || *cd[0].Image != "nginx:1.2" || cd[0].Cpu != 128 || *cd[0].Memory != 256 ||
		len(cd[0].PortMappings) != 1 || *cd[0].PortMappings[0].ContainerPort != 80 || *cd[0].Environment[0].Value != "2" {
		t.Errorf("DescribeTaskDefinition(%s:2) containers = %+v", name, cd)
	}

	var listed []string
	for page, err := range ecs.NewListTaskDefinitionsPaginator(c, &ecs.ListTaskDefinitionsInput{FamilyPrefix: &name}).Pages(ctx) {
		if err != nil {
			t.Fatal(err)
		}
		listed = append(listed, page.TaskDefinitionArns...)
	}
	slices.Sort(listed)
	if !slices.Equal(listed, arns) {
		t.Errorf("ListTaskDefinitions = %v; want %v", listed, arns)
	}

	dereg, err := c.DeregisterTaskDefinition(ctx, &ecs.DeregisterTaskDefinitionInput{TaskDefinition: &arns[0]})
	if err != nil {
		t.Fatal(err)
	}
	if dereg.TaskDefinition.Status != types.TaskDefinitionStatusInactive {
		t.Errorf("DeregisterTaskDefinition status = %q; want INACTIVE", dereg.TaskDefinition.Status)
	}

	_, err = c.DeleteCluster(ctx, &ecs.DeleteClusterInput{Cluster: ptr(name + "-missing")})
	var notFound *types.ClusterNotFoundException
	if !errors.As(err, &notFound) {
		t.Errorf("DeleteCluster(missing) error = %v; want *types.ClusterNotFoundException", err)
	}
}

func ptr[T any](v T) *T { return &v }
