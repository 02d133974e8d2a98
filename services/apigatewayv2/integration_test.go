package apigatewayv2_test

import (
	"context"
	"errors"
	"fmt"
	"testing"
	"time"

	"github.com/aws/smithy-go/middleware"
	"github.com/nimbus-sdk/nimbus/internal/testenv"
	"github.com/nimbus-sdk/nimbus/services/apigatewayv2"
	"github.com/nimbus-sdk/nimbus/services/apigatewayv2/types"
)

// TestIntegrationAPIGatewayV2 drives API Gateway v2 (restJson1, date-time
// timestamps) against moto: an HTTP API created, read back, listed and
// deleted.
func TestIntegrationAPIGatewayV2(t *testing.T) {
	srv := testenv.Moto(t)
	c := apigatewayv2.New(apigatewayv2.Options{Region: srv.Region, BaseEndpoint: srv.Endpoint, Credentials: srv.Credentials(),
		APIOptions: []func(*middleware.Stack) error{testenv.SendPayloadHash}}) // for moto's check of GETs
	ctx := context.Background()
	name := fmt.Sprintf("nimbus-%d", time.Now().UnixNano())

	api, err := c.CreateApi(ctx, &apigatewayv2.CreateApiInput{
		Name: &name, ProtocolType: types.ProtocolTypeHttp, Description: ptr("integration test"),
		CorsConfiguration: &types.Cors{AllowOrigins: []string{"https://example.com"}, MaxAge: ptr(int32(300))},
		Tags:              map[string]string{"team": "sdk"},
	})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _, _ = c.DeleteApi(context.Background(), &apigatewayv2.DeleteApiInput{ApiId: api.ApiId}) })

	got, err := c.GetApi(ctx, &apigatewayv2.GetApiInput{ApiId: api.ApiId})
	if err != nil {
		t.Fatal(err)
	}
	if *got.Name != name || got.ProtocolType != types.ProtocolTypeHttp || got.Tags["team"] != "sdk" ||
		got.CorsConfiguration == nil || *got.CorsConfiguration.MaxAge != 300 || got.CreatedDate == nil || time.Since(*got.CreatedDate).Abs() > time.Hour {
		t.Errorf("GetApi = %+v", got)
	}

	apis, err := c.GetApis(ctx, &apigatewayv2.GetApisInput{})
	if err != nil {
		t.Fatal(err)
	}
	found := false
	for _, a := range apis.Items {
		found = found || *a.ApiId == *api.ApiId
	}
	if !found {
		t.Errorf("GetApis did not list %s", *api.ApiId)
	}

	if _, err := c.DeleteApi(ctx, &apigatewayv2.DeleteApiInput{ApiId: api.ApiId}); err != nil {
		t.Fatal(err)
	}
	_, err = c.GetApi(ctx, &apigatewayv2.GetApiInput{ApiId: api.ApiId})
	var notFound *types.NotFoundException
	if !errors.As(err, &notFound) {
		t.Errorf("GetApi(deleted) error = %v; want *types.NotFoundException", err)
	}
}

func ptr[T any](v T) *T { return &v }
