package lambda_test

import (
	"context"
	"net/http"
	"testing"

	"github.com/nimbus-sdk/nimbus/credentials"
	"github.com/nimbus-sdk/nimbus/internal/testenv/logtest"
	"github.com/nimbus-sdk/nimbus/middleware"
	"github.com/nimbus-sdk/nimbus/services/lambda"
)

// TestLogRedactsInvokePayload checks restJson1 payloads: Invoke's request
// and response payloads are @sensitive blobs bound to the whole body, so
// neither body is logged; the headers are.
func TestLogRedactsInvokePayload(t *testing.T) {
	const result = `{"statusCode":200,"card":"RESULT-SECRET"}`
	var log logtest.Logger
	c := lambda.New(lambda.Options{
		Region: "us-east-1",
		BaseEndpoint: logtest.Server(t, logtest.Response{
			Header: http.Header{"Content-Type": {"application/json"}, "X-Amz-Executed-Version": {"$LATEST"}},
			Body:   result,
		}),
		Credentials:      credentials.NewStaticProvider("AKID", "SECRET", ""),
		RetryMaxAttempts: 1,
		Logger:           &log,
		ClientLogMode:    middleware.LogRequestWithBody | middleware.LogResponseWithBody,
	})
	out, err := c.Invoke(context.Background(), &lambda.InvokeInput{FunctionName: ptr("fn"), Payload: []byte(`{"pin":"PAYLOAD-SECRET"}`)})
	if err != nil {
		t.Fatal(err)
	}
	if string(out.Payload) != result {
		t.Errorf("Payload = %q; want %q for the caller", out.Payload, result)
	}
	logtest.Check(t, log.String(), []string{"PAYLOAD-SECRET", "RESULT-SECRET"}, []string{
		"POST /2015-03-31/functions/fn/invocations",
		"[24 bytes not shown: the body is the sensitive member Payload]",
		"[41 bytes not shown: the body is the sensitive member Payload]",
		"X-Amz-Executed-Version: $LATEST",
	})
}
