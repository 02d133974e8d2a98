package elasticache_test

import (
	"context"
	"errors"
	"fmt"
	"testing"
	"time"

	"github.com/nimbus-sdk/nimbus/internal/testenv"
	"github.com/nimbus-sdk/nimbus/services/elasticache"
	"github.com/nimbus-sdk/nimbus/services/elasticache/types"
)

// TestIntegrationElastiCache drives ElastiCache (awsQuery) against moto:
// a Redis cache cluster created, waited on with the generated
// CacheClusterAvailable waiter, described and deleted, and the
// CacheClusterDeleted waiter, whose errorType names the awsQuery code
// CacheClusterNotFound.
func TestIntegrationElastiCache(t *testing.T) {
	srv := testenv.Moto(t)
	c := elasticache.New(elasticache.Options{Region: srv.Region, BaseEndpoint: srv.Endpoint, Credentials: srv.Credentials()})
	ctx := context.Background()
	id := fmt.Sprintf("nb-%d", time.Now().UnixNano()%1e15) // at most 40 characters
	fast := func(min, max *time.Duration) { *min, *max = 100*time.Millisecond, time.Second }

	created, err := c.CreateCacheCluster(ctx, &elasticache.CreateCacheClusterInput{
		CacheClusterId: &id, Engine: ptr("redis"), CacheNodeType: ptr("cache.t3.micro"), NumCacheNodes: ptr(int32(1)),
		Port: ptr(int32(6380)), Tags: []types.Tag{{Key: ptr("team"), Value: ptr("sdk")}},
	})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		_, _ = c.DeleteCacheCluster(context.Background(), &elasticache.DeleteCacheClusterInput{CacheClusterId: &id})
	})
	if *created.CacheCluster.CacheClusterId != id || *created.CacheCluster.Engine != "redis" {
		t.Errorf("CreateCacheCluster = %+v", created.CacheCluster)
	}

	err = elasticache.NewCacheClusterAvailableWaiter(c, func(o *elasticache.CacheClusterAvailableWaiterOptions) { fast(&o.MinDelay, &o.MaxDelay) }).
		Wait(ctx, &elasticache.DescribeCacheClustersInput{CacheClusterId: &id}, time.Minute)
	if err != nil {
		t.Fatalf("CacheClusterAvailable waiter: %v", err)
	}

	var clusters []types.CacheCluster
	for page, err := range elasticache.NewDescribeCacheClustersPaginator(c, &elasticache.DescribeCacheClustersInput{CacheClusterId: &id, ShowCacheNodeInfo: ptr(true)}).Pages(ctx) {
		if err != nil {
			t.Fatal(err)
		}
		clusters = append(clusters, page.CacheClusters...)
	}
	if len(clusters) != 1 {
		t.Fatalf("DescribeCacheClusters(%s) returned %d clusters; want 1", id, len(clusters))
	}
	cl := clusters[0]
	if *cl.CacheClusterStatus != "available" || *cl.CacheNodeType != "cache.t3.micro" || *cl.NumCacheNodes != 1 ||
		cl.CacheClusterCreateTime == nil || time.Since(*cl.CacheClusterCreateTime).Abs() > time.Hour {
		t.Errorf("DescribeCacheClusters = %+v", cl)
	}

	del, err := c.DeleteCacheCluster(ctx, &elasticache.DeleteCacheClusterInput{CacheClusterId: &id})
	if err != nil {
		t.Fatal(err)
	}
	if *del.CacheCluster.CacheClusterStatus != "deleting" {
		t.Errorf("DeleteCacheCluster status = %q; want deleting", *del.CacheCluster.CacheClusterStatus)
	}

	// moto 5.2.1 keeps a deleted cluster "deleting" for ever, so the
	// CacheClusterDeleted waiter is run on a cluster that never existed:
	// its CacheClusterNotFound acceptor must match the error at once.
	missing := id + "-x"
	err = elasticache.NewCacheClusterDeletedWaiter(c, func(o *elasticache.CacheClusterDeletedWaiterOptions) { fast(&o.MinDelay, &o.MaxDelay) }).
		Wait(ctx, &elasticache.DescribeCacheClustersInput{CacheClusterId: &missing}, 10*time.Second)
	if err != nil {
		t.Fatalf("CacheClusterDeleted waiter: %v", err)
	}
	_, err = c.DescribeCacheClusters(ctx, &elasticache.DescribeCacheClustersInput{CacheClusterId: &missing})
	var notFound *types.CacheClusterNotFoundFault
	if !errors.As(err, &notFound) || notFound.ErrorCode() != "CacheClusterNotFound" {
		t.Errorf("DescribeCacheClusters(missing) error = %v; want *types.CacheClusterNotFoundFault with code CacheClusterNotFound", err)
	}
}

func ptr[T any](v T) *T { return &v }
