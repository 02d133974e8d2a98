package lambda_test

import (
	"archive/zip"
	"bytes"
	"context"
	"errors"
	"fmt"
	"testing"
	"time"

	"github.com/nimbus-sdk/nimbus/internal/testenv"
	"github.com/nimbus-sdk/nimbus/services/lambda"
	"github.com/nimbus-sdk/nimbus/services/lambda/types"
)

// TestIntegrationLambda drives Lambda (restJson1: URI labels, JSON bodies
// with blobs, JSON errors) against moto. moto's signature check rejects
// Lambda GET and DELETE requests from every SDK (aws-sdk-go-v2 included),
// so this test uses POST operations, which it verifies correctly.
func TestIntegrationLambda(t *testing.T) {
	srv := testenv.Moto(t)
	c := lambda.New(lambda.Options{Region: srv.Region, BaseEndpoint: srv.Endpoint, Credentials: srv.Credentials()})
	ctx := context.Background()
	name := fmt.Sprintf("nimbus-%d", time.Now().UnixNano())
	out, err := c.CreateFunction(ctx, &lambda.CreateFunctionInput{
		FunctionName: &name,
		Runtime:      types.RuntimePython312,
		Role:         &srv.RoleARN,
		Handler:      ptr("index.handler"),
		Code:         &types.FunctionCode{ZipFile: handlerZip(t)},
		Description:  ptr("created by Nimbus"),
		Timeout:      ptr(int32(5)),
	})
	if err != nil {
		t.Fatal(err)
	}
	if out.FunctionName == nil || *out.FunctionName != name || out.Runtime != types.RuntimePython312 {
		t.Errorf("CreateFunction returned name %v runtime %q", out.FunctionName, out.Runtime)
	}
	_, err = c.CreateFunction(ctx, &lambda.CreateFunctionInput{
		FunctionName: &name, Runtime: types.RuntimePython312, Role: &srv.RoleARN,
		Handler: ptr("index.handler"), Code: &types.FunctionCode{ZipFile: handlerZip(t)},
	})
	var conflict *types.ResourceConflictException
	if !errors.As(err, &conflict) {
		t.Errorf("CreateFunction(existing) error = %v; want *types.ResourceConflictException", err)
	}
}

func handlerZip(t *testing.T) []byte {
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	f, err := zw.Create("index.py")
	if err != nil {
		t.Fatal(err)
	}
	fmt.Fprintln(f, "def handler(event, context):\n    return event")
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func ptr[T any](v T) *T { return &v }
