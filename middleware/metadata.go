package middleware

import (
	"context"

	smithymw "github.com/aws/smithy-go/middleware"
)

// The operation's identity in its context, as aws-sdk-go-v2's
// aws/middleware package offers it to custom middleware. Every Nimbus
// client sets all three at the start of each call, before any middleware
// runs, so a call made from within a middleware sees its own.

type regionKey struct{}

// GetServiceID returns the SDK ID of the service the operation of ctx
// belongs to ("S3", "CloudWatch Logs"), or "" outside an operation. It
// reads smithy-go's middleware.GetServiceID, which clients set too.
func GetServiceID(ctx context.Context) string { return smithymw.GetServiceID(ctx) }

// SetServiceID returns ctx carrying the service ID value. Clients call
// it; custom code rarely needs to.
func SetServiceID(ctx context.Context, value string) context.Context {
	return smithymw.WithServiceID(ctx, value)
}

// GetOperationName returns the name of the operation of ctx
// ("GetObject"), or "" outside an operation. It reads smithy-go's
// middleware.GetOperationName, which clients set too.
func GetOperationName(ctx context.Context) string { return smithymw.GetOperationName(ctx) }

// SetOperationName returns ctx carrying the operation name value.
// Clients call it; custom code rarely needs to.
func SetOperationName(ctx context.Context, value string) context.Context {
	return smithymw.WithOperationName(ctx, value)
}

// GetRegion returns the Region the operation of ctx is sent to, as its
// client's options name it, or "" outside an operation or when the
// client has no Region (an endpoint given as BaseEndpoint).
func GetRegion(ctx context.Context) string {
	v, _ := smithymw.GetStackValue(ctx, regionKey{}).(string)
	return v
}

// SetRegion returns ctx carrying the Region value. Clients call it;
// custom code rarely needs to.
func SetRegion(ctx context.Context, value string) context.Context {
	return smithymw.WithStackValue(ctx, regionKey{}, value)
}
