package middleware

import (
	"context"

	"github.com/nimbus-sdk/nimbus/internal/callctx"
)

// GetServiceID returns the SDK ID of the service whose operation ctx
// belongs to ("SQS", "DynamoDB", "CloudWatch Logs"), or "" outside an
// operation call. Middleware added through a client's APIOptions reads it
// to tell services apart, as with aws-sdk-go-v2's function of that name.
func GetServiceID(ctx context.Context) string {
	id, _, _ := callctx.NamesOf(ctx)
	return id
}

// GetOperationName returns the name of the operation ctx belongs to
// ("ReceiveMessage", "PutItem"), or "" outside an operation call.
func GetOperationName(ctx context.Context) string {
	_, op, _ := callctx.NamesOf(ctx)
	return op
}

// GetRegion returns the region the client's options give the operation
// call ctx belongs to, or "" outside a call or when none is set. The
// region a request is signed for can differ (a global endpoint, an ARN's
// region): the endpoint resolution decides that.
func GetRegion(ctx context.Context) string {
	_, _, region := callctx.NamesOf(ctx)
	return region
}
