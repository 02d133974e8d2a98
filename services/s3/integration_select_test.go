package s3_test

import (
	"bytes"
	"context"
	"strings"
	"testing"

	"github.com/nimbus-sdk/nimbus/internal/testenv"
	"github.com/nimbus-sdk/nimbus/services/s3"
	"github.com/nimbus-sdk/nimbus/services/s3/types"
)

// TestIntegrationSelectObjectContent runs S3 Select against MinIO, over
// CSV and JSON objects: the call returns at the initial response, and the
// stream carries Records events with the selected rows, a Stats event
// with the bytes scanned, and an End event.
func TestIntegrationSelectObjectContent(t *testing.T) {
	srv := testenv.MinIO(t)
	c, _ := newClient(t, srv)
	ctx := context.Background()
	bucket := newBucket(t, c)
	csv := "name,city,age\nada,london,36\nalan,wilmslow,41\ngrace,new york,85\n"
	jsonLines := `{"name":"ada","age":36}` + "\n" + `{"name":"alan","age":41}` + "\n" + `{"name":"grace","age":85}` + "\n"
	put := func(key, body string) {
		if _, err := c.PutObject(ctx, &s3.PutObjectInput{Bucket: &bucket, Key: &key, Body: strings.NewReader(body)}); err != nil {
			t.Fatal(err)
		}
	}
	put("people.csv", csv)
	put("people.json", jsonLines)

	tests := []struct {
		name, key, expr string
		in              *types.InputSerialization
		out             *types.OutputSerialization
		want            string
	}{
		{
			"csv", "people.csv", "SELECT s.name FROM S3Object s WHERE CAST(s.age AS INT) > 40",
			&types.InputSerialization{CSV: &types.CSVInput{FileHeaderInfo: types.FileHeaderInfoUse}},
			&types.OutputSerialization{CSV: &types.CSVOutput{}},
			"alan\ngrace\n",
		},
		{
			"json", "people.json", "SELECT s.name FROM S3Object s WHERE s.age < 40",
			&types.InputSerialization{JSON: &types.JSONInput{Type: types.JSONTypeLines}},
			&types.OutputSerialization{JSON: &types.JSONOutput{}},
			`{"name":"ada"}` + "\n",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			out, err := c.SelectObjectContent(ctx, &s3.SelectObjectContentInput{
				Bucket: &bucket, Key: &tt.key, Expression: &tt.expr, ExpressionType: types.ExpressionTypeSql,
				InputSerialization: tt.in, OutputSerialization: tt.out,
			})
			if err != nil {
				t.Fatal(err)
			}
			stream := out.GetStream()
			defer stream.Close()
			var records bytes.Buffer
			var stats *types.Stats
			ended := false
			for ev, err := range stream.Events() {
				if err != nil {
					t.Fatal(err)
				}
				switch e := ev.(type) {
				case *types.SelectObjectContentEventStreamMemberRecords:
					records.Write(e.Value.Payload)
				case *types.SelectObjectContentEventStreamMemberStats:
					stats = e.Value.Details
				case *types.SelectObjectContentEventStreamMemberEnd:
					ended = true
				}
			}
			if err := stream.Err(); err != nil {
				t.Fatal(err)
			}
			if records.String() != tt.want {
				t.Errorf("records %q; want %q", records.String(), tt.want)
			}
			if stats == nil || stats.BytesScanned == nil || *stats.BytesScanned <= 0 || stats.BytesReturned == nil || *stats.BytesReturned != int64(len(tt.want)) {
				t.Errorf("stats = %+v; want bytes scanned and %d bytes returned", stats, len(tt.want))
			}
			if !ended {
				t.Error("no End event")
			}
		})
	}
}
