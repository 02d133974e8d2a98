package rds_test

import (
	"context"
	"errors"
	"fmt"
	"testing"
	"time"

	"github.com/nimbus-sdk/nimbus/internal/testenv"
	"github.com/nimbus-sdk/nimbus/services/rds"
	"github.com/nimbus-sdk/nimbus/services/rds/types"
)

// TestIntegrationRDS drives RDS (awsQuery, with XML lists wrapped in
// member names such as <DBInstance>) against moto: a DB instance created,
// waited on with the generated DBInstanceAvailable waiter, described, then
// deleted and waited on with DBInstanceDeleted.
func TestIntegrationRDS(t *testing.T) {
	srv := testenv.Moto(t)
	c := rds.New(rds.Options{Region: srv.Region, BaseEndpoint: srv.Endpoint, Credentials: srv.Credentials()})
	ctx := context.Background()
	id := fmt.Sprintf("nimbus-%d", time.Now().UnixNano())
	fast := func(min, max *time.Duration) { *min, *max = 100*time.Millisecond, time.Second }

	created, err := c.CreateDBInstance(ctx, &rds.CreateDBInstanceInput{
		DBInstanceIdentifier: &id,
		DBInstanceClass:      ptr("db.t3.micro"),
		Engine:               ptr("postgres"),
		AllocatedStorage:     ptr(int32(20)),
		DBName:               ptr("app"),
		MasterUsername:       ptr("nimbus"),
		MasterUserPassword:   ptr("not-a-real-password-1"),
		Port:                 ptr(int32(5433)),
		MultiAZ:              ptr(false),
		Tags:                 []types.Tag{{Key: ptr("team"), Value: ptr("sdk")}, {Key: ptr("run"), Value: &id}},
	})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		_, _ = c.DeleteDBInstance(context.Background(), &rds.DeleteDBInstanceInput{DBInstanceIdentifier: &id, SkipFinalSnapshot: ptr(true)})
	})
	if *created.DBInstance.DBInstanceIdentifier != id || *created.DBInstance.Engine != "postgres" {
		t.Errorf("CreateDBInstance = %s %s", *created.DBInstance.DBInstanceIdentifier, *created.DBInstance.Engine)
	}

	err = rds.NewDBInstanceAvailableWaiter(c, func(o *rds.DBInstanceAvailableWaiterOptions) { fast(&o.MinDelay, &o.MaxDelay) }).
		Wait(ctx, &rds.DescribeDBInstancesInput{DBInstanceIdentifier: &id}, time.Minute)
	if err != nil {
		t.Fatalf("DBInstanceAvailable waiter: %v", err)
	}

	var found []types.DBInstance
	for page, err := range rds.NewDescribeDBInstancesPaginator(c, &rds.DescribeDBInstancesInput{
		Filters: []types.Filter{{Name: ptr("db-instance-id"), Values: []string{id}}},
	}).Pages(ctx) {
		if err != nil {
			t.Fatal(err)
		}
		found = append(found, page.DBInstances...)
	}
	if len(found) != 1 {
		t.Fatalf("DescribeDBInstances(filter db-instance-id) returned %d instances; want 1", len(found))
	}
	db := found[0]
	if *db.DBInstanceStatus != "available" || *db.DBInstanceClass != "db.t3.micro" || *db.AllocatedStorage != 20 ||
		*db.MasterUsername != "nimbus" || *db.DBName != "app" || db.Endpoint == nil || *db.Endpoint.Port != 5433 {
		t.Errorf("DescribeDBInstances = status %v class %v storage %v user %v db %v endpoint %+v",
			*db.DBInstanceStatus, *db.DBInstanceClass, *db.AllocatedStorage, *db.MasterUsername, *db.DBName, db.Endpoint)
	}
	if len(db.TagList) != 2 {
		t.Errorf("TagList = %+v; want 2 tags", db.TagList)
	}
	if db.DBInstanceArn == nil || *db.DBInstanceArn != "arn:aws:rds:"+srv.Region+":123456789012:db:"+id {
		t.Errorf("DBInstanceArn = %v", db.DBInstanceArn)
	}

	if _, err := c.DeleteDBInstance(ctx, &rds.DeleteDBInstanceInput{DBInstanceIdentifier: &id, SkipFinalSnapshot: ptr(true)}); err != nil {
		t.Fatal(err)
	}
	err = rds.NewDBInstanceDeletedWaiter(c, func(o *rds.DBInstanceDeletedWaiterOptions) { fast(&o.MinDelay, &o.MaxDelay) }).
		Wait(ctx, &rds.DescribeDBInstancesInput{DBInstanceIdentifier: &id}, time.Minute)
	if err != nil {
		t.Fatalf("DBInstanceDeleted waiter: %v", err)
	}
	_, err = c.DescribeDBInstances(ctx, &rds.DescribeDBInstancesInput{DBInstanceIdentifier: &id})
	var notFound *types.DBInstanceNotFoundFault
	if !errors.As(err, &notFound) {
		t.Errorf("DescribeDBInstances(deleted) error = %v; want *types.DBInstanceNotFoundFault", err)
	}
}
