package ssm_test

import (
	"context"
	"net/http"
	"testing"

	"github.com/nimbus-sdk/nimbus/credentials"
	"github.com/nimbus-sdk/nimbus/internal/testenv/logtest"
	"github.com/nimbus-sdk/nimbus/middleware"
	"github.com/nimbus-sdk/nimbus/services/ssm"
	"github.com/nimbus-sdk/nimbus/services/ssm/types"
)

func newLoggingClient(t *testing.T, log *logtest.Logger, body string) *ssm.Client {
	t.Helper()
	return ssm.New(ssm.Options{
		Region:           "us-east-1",
		BaseEndpoint:     logtest.Server(t, logtest.Response{Header: http.Header{"Content-Type": {"application/x-amz-json-1.1"}}, Body: body}),
		Credentials:      credentials.NewStaticProvider("AKID", "SECRET", ""),
		RetryMaxAttempts: 1,
		Logger:           log,
		ClientLogMode:    middleware.LogRequestWithBody | middleware.LogResponseWithBody,
	})
}

// TestLogRedactsParameterValue checks that SSM parameter values
// (PSParameterValue is @sensitive) are masked in GetParameter responses
// and PutParameter requests, while names and types are logged.
func TestLogRedactsParameterValue(t *testing.T) {
	const secret = "db-pa55w0rd"
	t.Run("GetParameter response", func(t *testing.T) {
		var log logtest.Logger
		c := newLoggingClient(t, &log, `{"Parameter":{"ARN":"arn:aws:ssm:us-east-1:1:parameter/db/pw","DataType":"text","Name":"/db/pw","Type":"SecureString","Value":"`+secret+`","Version":3}}`)
		out, err := c.GetParameter(context.Background(), &ssm.GetParameterInput{Name: ptr("/db/pw"), WithDecryption: ptr(true)})
		if err != nil {
			t.Fatal(err)
		}
		if out.Parameter == nil || out.Parameter.Value == nil || *out.Parameter.Value != secret {
			t.Errorf("GetParameter Value = %v; want the secret for the caller", out.Parameter)
		}
		logtest.Check(t, log.String(), []string{secret}, []string{`"Name":"/db/pw","Type":"SecureString","Value":"REDACTED","Version":3`})
	})
	t.Run("PutParameter request", func(t *testing.T) {
		var log logtest.Logger
		c := newLoggingClient(t, &log, `{"Tier":"Standard","Version":4}`)
		_, err := c.PutParameter(context.Background(), &ssm.PutParameterInput{Name: ptr("/db/pw"), Value: ptr(secret), Type: types.ParameterTypeSecureString, Overwrite: ptr(true)})
		if err != nil {
			t.Fatal(err)
		}
		logtest.Check(t, log.String(), []string{secret}, []string{`"Name":"/db/pw"`, `"Value":"REDACTED"`, `{"Tier":"Standard","Version":4}`})
	})
}
