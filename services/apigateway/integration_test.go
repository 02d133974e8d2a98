package apigateway_test

import (
	"context"
	"errors"
	"fmt"
	"testing"
	"time"

	"github.com/aws/smithy-go/middleware"
	"github.com/nimbus-sdk/nimbus/internal/testenv"
	"github.com/nimbus-sdk/nimbus/services/apigateway"
	"github.com/nimbus-sdk/nimbus/services/apigateway/types"
)

// TestIntegrationAPIGateway drives API Gateway (restJson1: URI labels,
// JSON bodies, GETs without a body) against moto: a REST API, a resource
// under its root, the resources listed with the paginator, and deletion.
func TestIntegrationAPIGateway(t *testing.T) {
	srv := testenv.Moto(t)
	c := apigateway.New(apigateway.Options{Region: srv.Region, BaseEndpoint: srv.Endpoint, Credentials: srv.Credentials(),
		APIOptions: []func(*middleware.Stack) error{testenv.SendPayloadHash}}) // for moto's check of GETs
	ctx := context.Background()
	name := fmt.Sprintf("nimbus-%d", time.Now().UnixNano())

	api, err := c.CreateRestApi(ctx, &apigateway.CreateRestApiInput{
		Name: &name, Description: ptr("integration test"), Tags: map[string]string{"team": "sdk"},
		EndpointConfiguration: &types.EndpointConfiguration{Types: []types.EndpointType{types.EndpointTypeRegional}},
	})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		_, _ = c.DeleteRestApi(context.Background(), &apigateway.DeleteRestApiInput{RestApiId: api.Id})
	})
	if *api.Name != name || api.CreatedDate == nil || time.Since(*api.CreatedDate).Abs() > time.Hour {
		t.Errorf("CreateRestApi = name %q created %v", *api.Name, api.CreatedDate)
	}

	got, err := c.GetRestApi(ctx, &apigateway.GetRestApiInput{RestApiId: api.Id})
	if err != nil {
		t.Fatal(err)
	}
	if *got.Name != name || *got.Description != "integration test" || got.Tags["team"] != "sdk" {
		t.Errorf("GetRestApi = name %q description %q tags %v", *got.Name, *got.Description, got.Tags)
	}

	var root string
	for page, err := range apigateway.NewGetResourcesPaginator(c, &apigateway.GetResourcesInput{RestApiId: api.Id}).Pages(ctx) {
		if err != nil {
			t.Fatal(err)
		}
		for _, r := range page.Items {
			if *r.Path == "/" {
				root = *r.Id
			}
		}
	}
	if root == "" {
		t.Fatal("GetResources listed no root resource")
	}
	res, err := c.CreateResource(ctx, &apigateway.CreateResourceInput{RestApiId: api.Id, ParentId: &root, PathPart: ptr("pets")})
	if err != nil {
		t.Fatal(err)
	}
	if *res.Path != "/pets" || *res.ParentId != root {
		t.Errorf("CreateResource = path %q parent %q", *res.Path, *res.ParentId)
	}

	paths := map[string]bool{}
	for page, err := range apigateway.NewGetResourcesPaginator(c, &apigateway.GetResourcesInput{RestApiId: api.Id}).Pages(ctx) {
		if err != nil {
			t.Fatal(err)
		}
		for _, r := range page.Items {
			paths[*r.Path] = true
		}
	}
	if len(paths) != 2 || !paths["/"] || !paths["/pets"] {
		t.Errorf("GetResources paths = %v; want / and /pets", paths)
	}

	if _, err := c.DeleteRestApi(ctx, &apigateway.DeleteRestApiInput{RestApiId: api.Id}); err != nil {
		t.Fatal(err)
	}
	_, err = c.GetRestApi(ctx, &apigateway.GetRestApiInput{RestApiId: api.Id})
	var notFound *types.NotFoundException
	if !errors.As(err, &notFound) {
		t.Errorf("GetRestApi(deleted) error = %v; want *types.NotFoundException", err)
	}
}
