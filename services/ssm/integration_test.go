package ssm_test

import (
	"context"
	"errors"
	"fmt"
	"testing"
	"time"

	"github.com/nimbus-sdk/nimbus/internal/testenv"
	"github.com/nimbus-sdk/nimbus/services/ssm"
	"github.com/nimbus-sdk/nimbus/services/ssm/types"
)

// TestIntegrationSSMParameters drives SSM (awsJson 1.1) against moto.
func TestIntegrationSSMParameters(t *testing.T) {
	srv := testenv.Moto(t)
	c := ssm.New(ssm.Options{Region: srv.Region, BaseEndpoint: srv.Endpoint, Credentials: srv.Credentials()})
	ctx := context.Background()
	name := fmt.Sprintf("/nimbus/%d/db-url", time.Now().UnixNano())
	put, err := c.PutParameter(ctx, &ssm.PutParameterInput{Name: &name, Value: ptr("postgres://db"), Type: types.ParameterTypeSecureString})
	if err != nil {
		t.Fatal(err)
	}
	if put.Version != 1 {
		t.Errorf("PutParameter version = %d; want 1", put.Version)
	}
	got, err := c.GetParameter(ctx, &ssm.GetParameterInput{Name: &name, WithDecryption: ptr(true)})
	if err != nil {
		t.Fatal(err)
	}
	if v := got.Parameter.Value; v == nil || *v != "postgres://db" {
		t.Errorf("GetParameter value = %v", v)
	}
	_, err = c.GetParameter(ctx, &ssm.GetParameterInput{Name: ptr(name + "-missing")})
	var nf *types.ParameterNotFound
	if !errors.As(err, &nf) {
		t.Errorf("GetParameter(missing) error = %v; want *types.ParameterNotFound", err)
	}
}

func ptr[T any](v T) *T { return &v }
