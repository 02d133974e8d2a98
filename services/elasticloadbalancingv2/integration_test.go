package elasticloadbalancingv2_test

import (
	"context"
	"encoding/xml"
	"errors"
	"fmt"
	"net/url"
	"testing"
	"time"

	"github.com/nimbus-sdk/nimbus/internal/testenv"
	elbv2 "github.com/nimbus-sdk/nimbus/services/elasticloadbalancingv2"
	"github.com/nimbus-sdk/nimbus/services/elasticloadbalancingv2/types"
)

// TestIntegrationELBv2 drives Elastic Load Balancing v2 (awsQuery)
// against moto: a target group and an application load balancer in the
// default VPC, a listener forwarding to the group, all described, waited
// on with the generated LoadBalancerAvailable and LoadBalancersDeleted
// waiters, and deleted.
func TestIntegrationELBv2(t *testing.T) {
	srv := testenv.Moto(t)
	c := elbv2.New(elbv2.Options{Region: srv.Region, BaseEndpoint: srv.Endpoint, Credentials: srv.Credentials()})
	ctx := context.Background()
	// Load balancer and target group names: at most 32 characters.
	name := fmt.Sprintf("nb-%d", time.Now().UnixNano()%1e12)
	vpc, subnets := defaultSubnets(t, srv)
	fast := func(min, max *time.Duration) { *min, *max = 100*time.Millisecond, time.Second }

	tg, err := c.CreateTargetGroup(ctx, &elbv2.CreateTargetGroupInput{
		Name: &name, Protocol: types.ProtocolEnumHttp, Port: ptr(int32(8080)), VpcId: &vpc,
		TargetType: types.TargetTypeEnumInstance, HealthCheckPath: ptr("/healthz"),
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(tg.TargetGroups) != 1 {
		t.Fatalf("CreateTargetGroup returned %d groups; want 1", len(tg.TargetGroups))
	}
	tgArn := tg.TargetGroups[0].TargetGroupArn
	t.Cleanup(func() {
		_, _ = c.DeleteTargetGroup(context.Background(), &elbv2.DeleteTargetGroupInput{TargetGroupArn: tgArn})
	})

	lb, err := c.CreateLoadBalancer(ctx, &elbv2.CreateLoadBalancerInput{
		Name: &name, Subnets: subnets, Scheme: types.LoadBalancerSchemeEnumInternal, Type: types.LoadBalancerTypeEnumApplication,
		Tags: []types.Tag{{Key: ptr("team"), Value: ptr("sdk")}},
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(lb.LoadBalancers) != 1 {
		t.Fatalf("CreateLoadBalancer returned %d load balancers; want 1", len(lb.LoadBalancers))
	}
	lbArn := lb.LoadBalancers[0].LoadBalancerArn
	t.Cleanup(func() {
		_, _ = c.DeleteLoadBalancer(context.Background(), &elbv2.DeleteLoadBalancerInput{LoadBalancerArn: lbArn})
	})

	err = elbv2.NewLoadBalancerAvailableWaiter(c, func(o *elbv2.LoadBalancerAvailableWaiterOptions) { fast(&o.MinDelay, &o.MaxDelay) }).
		Wait(ctx, &elbv2.DescribeLoadBalancersInput{LoadBalancerArns: []string{*lbArn}}, time.Minute)
	if err != nil {
		t.Fatalf("LoadBalancerAvailable waiter: %v", err)
	}

	lst, err := c.CreateListener(ctx, &elbv2.CreateListenerInput{
		LoadBalancerArn: lbArn, Protocol: types.ProtocolEnumHttp, Port: ptr(int32(80)),
		DefaultActions: []types.Action{{Type: types.ActionTypeEnumForward, TargetGroupArn: tgArn}},
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(lst.Listeners) != 1 || *lst.Listeners[0].Port != 80 || len(lst.Listeners[0].DefaultActions) != 1 ||
		*lst.Listeners[0].DefaultActions[0].TargetGroupArn != *tgArn {
		t.Errorf("CreateListener = %+v", lst.Listeners)
	}

	var lbs []types.LoadBalancer
	for page, err := range elbv2.NewDescribeLoadBalancersPaginator(c, &elbv2.DescribeLoadBalancersInput{Names: []string{name}}).Pages(ctx) {
		if err != nil {
			t.Fatal(err)
		}
		lbs = append(lbs, page.LoadBalancers...)
	}
	if len(lbs) != 1 {
		t.Fatalf("DescribeLoadBalancers(%s) returned %d; want 1", name, len(lbs))
	}
	got := lbs[0]
	if *got.LoadBalancerName != name || *got.VpcId != vpc || got.Scheme != types.LoadBalancerSchemeEnumInternal ||
		got.Type != types.LoadBalancerTypeEnumApplication || got.State.Code != types.LoadBalancerStateEnumActive ||
		len(got.AvailabilityZones) != len(subnets) || got.DNSName == nil || got.CreatedTime == nil {
		t.Errorf("DescribeLoadBalancers = %+v", got)
	}

	tgs, err := c.DescribeTargetGroups(ctx, &elbv2.DescribeTargetGroupsInput{LoadBalancerArn: lbArn})
	if err != nil {
		t.Fatal(err)
	}
	if len(tgs.TargetGroups) != 1 || *tgs.TargetGroups[0].HealthCheckPath != "/healthz" || *tgs.TargetGroups[0].Port != 8080 ||
		len(tgs.TargetGroups[0].LoadBalancerArns) != 1 || tgs.TargetGroups[0].LoadBalancerArns[0] != *lbArn {
		t.Errorf("DescribeTargetGroups = %+v", tgs.TargetGroups)
	}

	tags, err := c.DescribeTags(ctx, &elbv2.DescribeTagsInput{ResourceArns: []string{*lbArn}})
	if err != nil {
		t.Fatal(err)
	}
	if len(tags.TagDescriptions) != 1 || len(tags.TagDescriptions[0].Tags) != 1 || *tags.TagDescriptions[0].Tags[0].Value != "sdk" {
		t.Errorf("DescribeTags = %+v", tags.TagDescriptions)
	}

	if _, err := c.DeleteLoadBalancer(ctx, &elbv2.DeleteLoadBalancerInput{LoadBalancerArn: lbArn}); err != nil {
		t.Fatal(err)
	}
	err = elbv2.NewLoadBalancersDeletedWaiter(c, func(o *elbv2.LoadBalancersDeletedWaiterOptions) { fast(&o.MinDelay, &o.MaxDelay) }).
		Wait(ctx, &elbv2.DescribeLoadBalancersInput{LoadBalancerArns: []string{*lbArn}}, time.Minute)
	if err != nil {
		t.Fatalf("LoadBalancersDeleted waiter: %v", err)
	}
	if _, err := c.DeleteTargetGroup(ctx, &elbv2.DeleteTargetGroupInput{TargetGroupArn: tgArn}); err != nil {
		t.Fatal(err)
	}
	_, err = c.DescribeTargetGroups(ctx, &elbv2.DescribeTargetGroupsInput{TargetGroupArns: []string{*tgArn}})
	var notFound *types.TargetGroupNotFoundException
	if !errors.As(err, &notFound) {
		t.Errorf("DescribeTargetGroups(deleted) error = %v; want *types.TargetGroupNotFoundException", err)
	}
}

// defaultSubnets returns moto's default VPC and two of its subnets, from
// EC2 (which has no Nimbus client yet).
func defaultSubnets(t *testing.T, srv testenv.Server) (vpc string, subnets []string) {
	t.Helper()
	body := srv.Query(t, "ec2", "DescribeSubnets", "2016-11-15", url.Values{"Filter.1.Name": {"default-for-az"}, "Filter.1.Value.1": {"true"}})
	var out struct {
		Subnets []struct {
			ID  string `xml:"subnetId"`
			VPC string `xml:"vpcId"`
		} `xml:"subnetSet>item"`
	}
	if err := xml.Unmarshal(body, &out); err != nil {
		t.Fatalf("EC2 DescribeSubnets: %v", err)
	}
	if len(out.Subnets) < 2 {
		t.Fatalf("moto has %d default subnets; want at least 2", len(out.Subnets))
	}
	return out.Subnets[0].VPC, []string{out.Subnets[0].ID, out.Subnets[1].ID}
}

func ptr[T any](v T) *T { return &v }
