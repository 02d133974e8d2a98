package timestreamwrite_test

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"testing"
	"time"

	"github.com/nimbus-sdk/nimbus/internal/testenv"
	"github.com/nimbus-sdk/nimbus/services/timestreamwrite"
	"github.com/nimbus-sdk/nimbus/services/timestreamwrite/types"
)

// TestIntegrationTimestreamWrite drives Timestream Write (awsJson 1.0)
// against moto: a database and a table created, records written with
// common attributes, the table described and listed, then deleted. The
// client is given the endpoint, so no endpoint discovery is involved.
func TestIntegrationTimestreamWrite(t *testing.T) {
	srv := testenv.Moto(t)
	c := timestreamwrite.New(timestreamwrite.Options{Region: srv.Region, BaseEndpoint: srv.Endpoint, Credentials: srv.Credentials()})
	ctx := context.Background()
	db := fmt.Sprintf("nimbus-%d", time.Now().UnixNano())

	created, err := c.CreateDatabase(ctx, &timestreamwrite.CreateDatabaseInput{DatabaseName: &db, Tags: []types.Tag{{Key: ptr("team"), Value: ptr("sdk")}}})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		_, _ = c.DeleteDatabase(context.Background(), &timestreamwrite.DeleteDatabaseInput{DatabaseName: &db})
	})
	if *created.Database.DatabaseName != db || created.Database.Arn == nil {
		t.Errorf("CreateDatabase = %+v", created.Database)
	}

	tbl, err := c.CreateTable(ctx, &timestreamwrite.CreateTableInput{DatabaseName: &db, TableName: ptr("cpu"),
		RetentionProperties: &types.RetentionProperties{MemoryStoreRetentionPeriodInHours: ptr(int64(24)), MagneticStoreRetentionPeriodInDays: ptr(int64(7))}})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		_, _ = c.DeleteTable(context.Background(), &timestreamwrite.DeleteTableInput{DatabaseName: &db, TableName: ptr("cpu")})
	})
	if *tbl.Table.RetentionProperties.MagneticStoreRetentionPeriodInDays != 7 {
		t.Errorf("CreateTable retention = %+v", tbl.Table.RetentionProperties)
	}

	now := time.Now()
	var records []types.Record
	for i := range 5 {
		records = append(records, types.Record{
			MeasureName: ptr("usage"), MeasureValue: ptr(strconv.FormatFloat(float64(i)*10.5, 'f', -1, 64)), MeasureValueType: types.MeasureValueTypeDouble,
			Time: ptr(strconv.FormatInt(now.Add(time.Duration(i)*time.Second).UnixMilli(), 10)),
		})
	}
	w, err := c.WriteRecords(ctx, &timestreamwrite.WriteRecordsInput{DatabaseName: &db, TableName: ptr("cpu"),
		CommonAttributes: &types.Record{Dimensions: []types.Dimension{{Name: ptr("host"), Value: ptr("web-1")}}, TimeUnit: types.TimeUnitMilliseconds},
		Records:          records})
	if err != nil {
		t.Fatal(err)
	}
	if w.RecordsIngested == nil || w.RecordsIngested.Total != 5 {
		t.Errorf("WriteRecords ingested = %+v; want 5", w.RecordsIngested)
	}

	d, err := c.DescribeTable(ctx, &timestreamwrite.DescribeTableInput{DatabaseName: &db, TableName: ptr("cpu")})
	if err != nil {
		t.Fatal(err)
	}
	if *d.Table.TableName != "cpu" || *d.Table.DatabaseName != db || d.Table.TableStatus != types.TableStatusActive {
		t.Errorf("DescribeTable = %+v", d.Table)
	}
	var names []string
	for page, err := range timestreamwrite.NewListTablesPaginator(c, &timestreamwrite.ListTablesInput{DatabaseName: &db}).Pages(ctx) {
		if err != nil {
			t.Fatal(err)
		}
		for _, tb := range page.Tables {
			names = append(names, *tb.TableName)
		}
	}
	if fmt.Sprint(names) != "[cpu]" {
		t.Errorf("ListTables = %v; want [cpu]", names)
	}

	_, err = c.DescribeTable(ctx, &timestreamwrite.DescribeTableInput{DatabaseName: &db, TableName: ptr("missing")})
	var notFound *types.ResourceNotFoundException
	if !errors.As(err, &notFound) {
		t.Errorf("DescribeTable(missing) error = %v; want *types.ResourceNotFoundException", err)
	}
}
