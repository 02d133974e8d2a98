package glue_test

import (
	"context"
	"errors"
	"fmt"
	"testing"
	"time"

	"github.com/nimbus-sdk/nimbus/internal/testenv"
	"github.com/nimbus-sdk/nimbus/services/glue"
	"github.com/nimbus-sdk/nimbus/services/glue/types"
)

// TestIntegrationGlue drives the Glue Data Catalog (awsJson 1.1, deeply
// nested structures) against moto: a database and two tables created,
// read back and listed with the GetTables paginator, then deleted.
func TestIntegrationGlue(t *testing.T) {
	srv := testenv.Moto(t)
	c := glue.New(glue.Options{Region: srv.Region, BaseEndpoint: srv.Endpoint, Credentials: srv.Credentials()})
	ctx := context.Background()
	db := fmt.Sprintf("nimbus_%d", time.Now().UnixNano())

	_, err := c.CreateDatabase(ctx, &glue.CreateDatabaseInput{DatabaseInput: &types.DatabaseInput{
		Name: &db, Description: ptr("integration test"), Parameters: map[string]string{"owner": "sdk"},
	}})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _, _ = c.DeleteDatabase(context.Background(), &glue.DeleteDatabaseInput{Name: &db}) })

	got, err := c.GetDatabase(ctx, &glue.GetDatabaseInput{Name: &db})
	if err != nil {
		t.Fatal(err)
	}
	if *got.Database.Name != db || *got.Database.Description != "integration test" || got.Database.Parameters["owner"] != "sdk" {
		t.Errorf("GetDatabase = %+v", got.Database)
	}

	for _, name := range []string{"events", "users"} {
		_, err := c.CreateTable(ctx, &glue.CreateTableInput{DatabaseName: &db, TableInput: &types.TableInput{
			Name: ptr(name), TableType: ptr("EXTERNAL_TABLE"), Parameters: map[string]string{"classification": "parquet"},
			PartitionKeys: []types.Column{{Name: ptr("dt"), Type: ptr("string")}},
			StorageDescriptor: &types.StorageDescriptor{
				Location:  ptr("s3://lake/" + name + "/"),
				Columns:   []types.Column{{Name: ptr("id"), Type: ptr("bigint")}, {Name: ptr("payload"), Type: ptr("string"), Comment: ptr("raw JSON")}},
				SerdeInfo: &types.SerDeInfo{SerializationLibrary: ptr("org.apache.hadoop.hive.ql.io.parquet.serde.ParquetHiveSerDe")},
			},
		}})
		if err != nil {
			t.Fatal(err)
		}
	}

	tbl, err := c.GetTable(ctx, &glue.GetTableInput{DatabaseName: &db, Name: ptr("events")})
	if err != nil {
		t.Fatal(err)
	}
	sd := tbl.Table.StorageDescriptor
	if *tbl.Table.DatabaseName != db || len(sd.Columns) != 2 || *sd.Columns[1].Comment != "raw JSON" || *sd.Location != "s3://lake/events/" ||
		len(tbl.Table.PartitionKeys) != 1 || tbl.Table.CreateTime == nil || time.Since(*tbl.Table.CreateTime).Abs() > time.Hour {
		t.Errorf("GetTable = %+v", tbl.Table)
	}

	var names []string
	for page, err := range glue.NewGetTablesPaginator(c, &glue.GetTablesInput{DatabaseName: &db}).Pages(ctx) {
		if err != nil {
			t.Fatal(err)
		}
		for _, tb := range page.TableList {
			names = append(names, *tb.Name)
		}
	}
	if fmt.Sprint(names) != "[events users]" {
		t.Errorf("GetTables = %v; want [events users]", names)
	}

	if _, err := c.DeleteDatabase(ctx, &glue.DeleteDatabaseInput{Name: &db}); err != nil {
		t.Fatal(err)
	}
	_, err = c.GetDatabase(ctx, &glue.GetDatabaseInput{Name: &db})
	var notFound *types.EntityNotFoundException
	if !errors.As(err, &notFound) {
		t.Errorf("GetDatabase(deleted) error = %v; want *types.EntityNotFoundException", err)
	}
}

func ptr[T any](v T) *T { return &v }
