package secretsmanager_test

import (
	"context"
	"net/http"
	"testing"

	"github.com/nimbus-sdk/nimbus/credentials"
	"github.com/nimbus-sdk/nimbus/internal/testenv/logtest"
	"github.com/nimbus-sdk/nimbus/middleware"
	"github.com/nimbus-sdk/nimbus/services/secretsmanager"
)

func newLoggingClient(t *testing.T, log *logtest.Logger, body string) *secretsmanager.Client {
	t.Helper()
	return secretsmanager.New(secretsmanager.Options{
		Region:           "us-east-1",
		BaseEndpoint:     logtest.Server(t, logtest.Response{Header: http.Header{"Content-Type": {"application/x-amz-json-1.1"}}, Body: body}),
		Credentials:      credentials.NewStaticProvider("AKID", "SECRET", ""),
		RetryMaxAttempts: 1,
		Logger:           log,
		ClientLogMode:    middleware.LogRequestWithBody | middleware.LogResponseWithBody,
	})
}

// TestLogRedactsSecretString checks that SecretString and SecretBinary
// are masked in GetSecretValue responses (also under a key written with a
// \u escape) and CreateSecret requests.
func TestLogRedactsSecretString(t *testing.T) {
	const (
		secret    = `{"username":"admin","password":"hunter2"}`
		secretEsc = `{\"username\":\"admin\",\"password\":\"hunter2\"}`
		binaryB64 = "YmluYXJ5LXNlY3JldA=="
	)
	t.Run("GetSecretValue response", func(t *testing.T) {
		var log logtest.Logger
		c := newLoggingClient(t, &log, `{"ARN":"arn:aws:secretsmanager:us-east-1:1:secret:db","Name":"db","\u0053ecretString":"`+secretEsc+`","SecretBinary":"`+binaryB64+`","VersionId":"v1","VersionStages":["AWSCURRENT"]}`)
		out, err := c.GetSecretValue(context.Background(), &secretsmanager.GetSecretValueInput{SecretId: ptr("db")})
		if err != nil {
			t.Fatal(err)
		}
		if out.SecretString == nil || *out.SecretString != secret {
			t.Errorf("SecretString = %v; want the secret for the caller", out.SecretString)
		}
		logtest.Check(t, log.String(), []string{"hunter2", "admin", binaryB64}, []string{`"Name":"db","\u0053ecretString":"REDACTED","SecretBinary":"REDACTED","VersionId":"v1","VersionStages":["AWSCURRENT"]`})
	})
	t.Run("CreateSecret request", func(t *testing.T) {
		var log logtest.Logger
		c := newLoggingClient(t, &log, `{"ARN":"arn:aws:secretsmanager:us-east-1:1:secret:db","Name":"db"}`)
		if _, err := c.CreateSecret(context.Background(), &secretsmanager.CreateSecretInput{Name: ptr("db"), SecretString: ptr(secret), Description: ptr("the database login")}); err != nil {
			t.Fatal(err)
		}
		logtest.Check(t, log.String(), []string{"hunter2", "admin"}, []string{`"SecretString":"REDACTED"`, `"Description":"the database login"`})
	})
}
