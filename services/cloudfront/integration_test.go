package cloudfront_test

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/aws/smithy-go/middleware"
	"github.com/nimbus-sdk/nimbus/internal/testenv"
	"github.com/nimbus-sdk/nimbus/services/cloudfront"
	"github.com/nimbus-sdk/nimbus/services/cloudfront/types"
)

// TestIntegrationCloudFront drives CloudFront (restXml, a global service:
// XML payloads with Quantity/Items lists, ETag and If-Match headers)
// against moto: a distribution waited on with the generated
// DistributionDeployed waiter, an invalidation, an origin access control,
// then deletion.
func TestIntegrationCloudFront(t *testing.T) {
	srv := testenv.Moto(t)
	c := cloudfront.New(cloudfront.Options{Region: srv.Region, BaseEndpoint: srv.Endpoint, Credentials: srv.Credentials(),
		APIOptions: []func(*middleware.Stack) error{testenv.SendPayloadHash}}) // for moto's check of GETs
	ctx := context.Background()
	ref := fmt.Sprintf("nimbus-%d", time.Now().UnixNano())
	fast := func(min, max *time.Duration) { *min, *max = 100*time.Millisecond, time.Second }

	created, err := c.CreateDistribution(ctx, &cloudfront.CreateDistributionInput{DistributionConfig: &types.DistributionConfig{
		CallerReference: &ref,
		Comment:         ptr("integration test & <escaping>"),
		Enabled:         ptr(true),
		Origins: &types.Origins{Quantity: ptr(int32(1)), Items: []types.Origin{{
			Id: ptr("web"), DomainName: ptr("origin.example.com"),
			CustomOriginConfig: &types.CustomOriginConfig{HTTPPort: ptr(int32(80)), HTTPSPort: ptr(int32(443)), OriginProtocolPolicy: types.OriginProtocolPolicyHttpsOnly},
		}}},
		DefaultCacheBehavior: &types.DefaultCacheBehavior{
			TargetOriginId: ptr("web"), ViewerProtocolPolicy: types.ViewerProtocolPolicyRedirectToHttps,
			CachePolicyId: ptr("658327ea-f89d-4fab-a63d-7e88639e58f6"),
		},
	}})
	if err != nil {
		t.Fatal(err)
	}
	d := created.Distribution
	id := d.Id
	if created.ETag == nil || *created.ETag == "" || !strings.HasSuffix(*created.Location, *id) || d.ARN == nil || d.DomainName == nil {
		t.Errorf("CreateDistribution = ETag %v Location %v ARN %v DomainName %v", created.ETag, created.Location, d.ARN, d.DomainName)
	}
	if got := d.DistributionConfig; *got.Comment != "integration test & <escaping>" || *got.Origins.Quantity != 1 ||
		*got.Origins.Items[0].CustomOriginConfig.HTTPSPort != 443 || *got.DefaultCacheBehavior.TargetOriginId != "web" {
		t.Errorf("CreateDistribution config = %+v", got)
	}

	err = cloudfront.NewDistributionDeployedWaiter(c, func(o *cloudfront.DistributionDeployedWaiterOptions) { fast(&o.MinDelay, &o.MaxDelay) }).
		Wait(ctx, &cloudfront.GetDistributionInput{Id: id}, time.Minute)
	if err != nil {
		t.Fatalf("DistributionDeployed waiter: %v", err)
	}

	inv, err := c.CreateInvalidation(ctx, &cloudfront.CreateInvalidationInput{DistributionId: id, InvalidationBatch: &types.InvalidationBatch{
		CallerReference: &ref, Paths: &types.Paths{Quantity: ptr(int32(2)), Items: []string{"/index.html", "/img/*"}},
	}})
	if err != nil {
		t.Fatal(err)
	}
	if p := inv.Invalidation.InvalidationBatch.Paths; *p.Quantity != 2 || len(p.Items) != 2 {
		t.Errorf("CreateInvalidation paths = %+v", p)
	}
	// moto 5.2.1 reports an invalidation's status as "COMPLETED" where
	// AWS (and the InvalidationCompleted waiter) says "Completed", so the
	// status is read directly.
	gi, err := c.GetInvalidation(ctx, &cloudfront.GetInvalidationInput{DistributionId: id, Id: inv.Invalidation.Id})
	if err != nil {
		t.Fatal(err)
	}
	if !strings.EqualFold(*gi.Invalidation.Status, "Completed") || *gi.Invalidation.InvalidationBatch.CallerReference != ref ||
		gi.Invalidation.CreateTime == nil || time.Since(*gi.Invalidation.CreateTime).Abs() > time.Hour {
		t.Errorf("GetInvalidation = %+v", gi.Invalidation)
	}

	oac, err := c.CreateOriginAccessControl(ctx, &cloudfront.CreateOriginAccessControlInput{OriginAccessControlConfig: &types.OriginAccessControlConfig{
		Name: &ref, Description: ptr("s3 access"), SigningProtocol: types.OriginAccessControlSigningProtocolsSigv4,
		SigningBehavior: types.OriginAccessControlSigningBehaviorsAlways, OriginAccessControlOriginType: types.OriginAccessControlOriginTypesS3,
	}})
	if err != nil {
		t.Fatal(err)
	}
	got, err := c.GetOriginAccessControl(ctx, &cloudfront.GetOriginAccessControlInput{Id: oac.OriginAccessControl.Id})
	if err != nil {
		t.Fatal(err)
	}
	if cfg := got.OriginAccessControl.OriginAccessControlConfig; *cfg.Name != ref || cfg.SigningBehavior != types.OriginAccessControlSigningBehaviorsAlways {
		t.Errorf("GetOriginAccessControl = %+v", cfg)
	}
	if _, err := c.DeleteOriginAccessControl(ctx, &cloudfront.DeleteOriginAccessControlInput{Id: oac.OriginAccessControl.Id, IfMatch: got.ETag}); err != nil {
		t.Fatal(err)
	}

	// A distribution must be disabled before it is deleted.
	cur, err := c.GetDistribution(ctx, &cloudfront.GetDistributionInput{Id: id})
	if err != nil {
		t.Fatal(err)
	}
	cfg := cur.Distribution.DistributionConfig
	cfg.Enabled = ptr(false)
	upd, err := c.UpdateDistribution(ctx, &cloudfront.UpdateDistributionInput{Id: id, IfMatch: cur.ETag, DistributionConfig: cfg})
	if err != nil {
		t.Fatal(err)
	}
	if *upd.Distribution.DistributionConfig.Enabled {
		t.Error("UpdateDistribution left the distribution enabled")
	}
	if _, err := c.DeleteDistribution(ctx, &cloudfront.DeleteDistributionInput{Id: id, IfMatch: upd.ETag}); err != nil {
		t.Fatal(err)
	}
	_, err = c.GetDistribution(ctx, &cloudfront.GetDistributionInput{Id: id})
	var noSuch *types.NoSuchDistribution
	if !errors.As(err, &noSuch) {
		t.Errorf("GetDistribution(deleted) error = %v; want *types.NoSuchDistribution", err)
	}
}

func ptr[T any](v T) *T { return &v }
