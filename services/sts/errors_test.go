package sts_test

import (
	"context"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"sync/atomic"
	"testing"

	"github.com/nimbus-sdk/nimbus/credentials"
	"github.com/nimbus-sdk/nimbus/services/sts"
	"github.com/nimbus-sdk/nimbus/services/sts/types"
)

// TestIDPCommunicationErrorRetried checks that STS's
// IDPCommunicationErrorException, sent with the code
// IDPCommunicationError and HTTP 400, reports that code and so is
// retried as a transient error.
func TestIDPCommunicationErrorRetried(t *testing.T) {
	var calls atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		calls.Add(1)
		w.Header().Set("Content-Type", "text/xml")
		w.WriteHeader(http.StatusBadRequest)
		io.WriteString(w, `<ErrorResponse><Error><Type>Sender</Type><Code>IDPCommunicationError</Code>`+
			`<Message>the IdP did not answer</Message></Error><RequestId>r</RequestId></ErrorResponse>`)
	}))
	defer srv.Close()
	c := sts.New(sts.Options{Region: "us-east-1", BaseEndpoint: srv.URL, Credentials: credentials.AnonymousProvider{}, RetryMaxAttempts: 2})
	_, err := c.AssumeRoleWithWebIdentity(context.Background(), &sts.AssumeRoleWithWebIdentityInput{
		RoleArn: ptr("arn:aws:iam::123456789012:role/r"), RoleSessionName: ptr("s"), WebIdentityToken: ptr("token"),
	})
	var idp *types.IDPCommunicationErrorException
	if !errors.As(err, &idp) || idp.ErrorCode() != "IDPCommunicationError" {
		t.Fatalf("error = %v; want *types.IDPCommunicationErrorException with code IDPCommunicationError", err)
	}
	if n := calls.Load(); n != 2 {
		t.Errorf("%d attempts; want 2 (the error is retryable)", n)
	}
}
