package secretsmanager_test

import (
	"context"
	"errors"
	"fmt"
	"testing"
	"time"

	"github.com/nimbus-sdk/nimbus/internal/testenv"
	"github.com/nimbus-sdk/nimbus/services/secretsmanager"
	"github.com/nimbus-sdk/nimbus/services/secretsmanager/types"
)

// TestIntegrationSecretsManager drives Secrets Manager over awsJson 1.1
// against moto; ClientRequestToken is an idempotency token the client
// fills in.
func TestIntegrationSecretsManager(t *testing.T) {
	srv := testenv.Moto(t)
	c := secretsmanager.New(secretsmanager.Options{Region: srv.Region, BaseEndpoint: srv.Endpoint, Credentials: srv.Credentials()})
	ctx := context.Background()
	name := fmt.Sprintf("nimbus/%d", time.Now().UnixNano())
	if _, err := c.CreateSecret(ctx, &secretsmanager.CreateSecretInput{Name: &name, SecretString: ptr("v1")}); err != nil {
		t.Fatal(err)
	}
	if _, err := c.PutSecretValue(ctx, &secretsmanager.PutSecretValueInput{SecretId: &name, SecretString: ptr("v2")}); err != nil {
		t.Fatal(err)
	}
	got, err := c.GetSecretValue(ctx, &secretsmanager.GetSecretValueInput{SecretId: &name})
	if err != nil {
		t.Fatal(err)
	}
	if got.SecretString == nil || *got.SecretString != "v2" {
		t.Errorf("GetSecretValue = %v; want v2", got.SecretString)
	}
	_, err = c.GetSecretValue(ctx, &secretsmanager.GetSecretValueInput{SecretId: ptr(name + "-missing")})
	var rnf *types.ResourceNotFoundException
	if !errors.As(err, &rnf) {
		t.Errorf("GetSecretValue(missing) error = %v; want *types.ResourceNotFoundException", err)
	}
}

func ptr[T any](v T) *T { return &v }
