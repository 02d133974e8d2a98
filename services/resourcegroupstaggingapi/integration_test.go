package resourcegroupstaggingapi_test

import (
	"context"
	"encoding/xml"
	"fmt"
	"net/url"
	"slices"
	"testing"
	"time"

	"github.com/nimbus-sdk/nimbus/internal/testenv"
	tagging "github.com/nimbus-sdk/nimbus/services/resourcegroupstaggingapi"
	"github.com/nimbus-sdk/nimbus/services/resourcegroupstaggingapi/types"
)

// TestIntegrationResourceGroupsTagging drives the Resource Groups Tagging
// API (awsJson 1.1) against moto: SNS topics tagged with a value unique to
// the run (created through SNS's query API, whose client is another
// module) are found by tag with the GetResources paginator, page by page.
func TestIntegrationResourceGroupsTagging(t *testing.T) {
	srv := testenv.Moto(t)
	c := tagging.New(tagging.Options{Region: srv.Region, BaseEndpoint: srv.Endpoint, Credentials: srv.Credentials()})
	ctx := context.Background()
	run := fmt.Sprintf("nimbus-%d", time.Now().UnixNano())

	var want []string
	for i := range 3 {
		body := srv.Query(t, "sns", "CreateTopic", "2010-03-31", url.Values{
			"Name": {fmt.Sprintf("%s-%d", run, i)}, "Tags.member.1.Key": {"nimbus-run"}, "Tags.member.1.Value": {run},
		})
		var out struct {
			Arn string `xml:"CreateTopicResult>TopicArn"`
		}
		if err := xml.Unmarshal(body, &out); err != nil || out.Arn == "" {
			t.Fatalf("SNS CreateTopic: %v %s", err, body)
		}
		want = append(want, out.Arn)
		t.Cleanup(func() { srv.Query(t, "sns", "DeleteTopic", "2010-03-31", url.Values{"TopicArn": {out.Arn}}) })
	}

	var got []string
	pages := 0
	for page, err := range tagging.NewGetResourcesPaginator(c, &tagging.GetResourcesInput{
		TagFilters:          []types.TagFilter{{Key: ptr("nimbus-run"), Values: []string{run}}},
		ResourceTypeFilters: []string{"sns"},
		ResourcesPerPage:    ptr(int32(2)),
	}).Pages(ctx) {
		if err != nil {
			t.Fatal(err)
		}
		pages++
		for _, m := range page.ResourceTagMappingList {
			got = append(got, *m.ResourceARN)
			if len(m.Tags) != 1 || *m.Tags[0].Key != "nimbus-run" || *m.Tags[0].Value != run {
				t.Errorf("%s tags = %+v", *m.ResourceARN, m.Tags)
			}
		}
	}
	slices.Sort(got)
	if !slices.Equal(got, want) || pages < 2 {
		t.Errorf("GetResources = %v in %d pages; want %v in at least 2", got, pages, want)
	}

	// The filter does filter. (GetTagValues is not used: moto 5.2.1 looks
	// at few resource types for it, SNS not among them.)
	none, err := c.GetResources(ctx, &tagging.GetResourcesInput{
		TagFilters: []types.TagFilter{{Key: ptr("nimbus-run"), Values: []string{run + "-other"}}}, ResourceTypeFilters: []string{"sns"},
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(none.ResourceTagMappingList) != 0 {
		t.Errorf("GetResources(other value) = %+v; want nothing", none.ResourceTagMappingList)
	}
}

func ptr[T any](v T) *T { return &v }
