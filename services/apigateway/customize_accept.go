package apigateway

import (
	"context"

	"github.com/aws/smithy-go/middleware"
	smithyhttp "github.com/aws/smithy-go/transport/http"

	"github.com/nimbus-sdk/nimbus/internal/client"
	awsmw "github.com/nimbus-sdk/nimbus/middleware"
)

func init() {
	service.Customize = customizeStack
}

// customizeStack adds API Gateway's own step to every operation's stack:
// AcceptHeader (Build, aws-sdk-go-v2's "APIGATEWAY:AcceptHeader", last in
// the step as in v2) asks for the plain JSON the client decodes: without
// it, API Gateway answers in its HAL format (application/hal+json).
func customizeStack(st *middleware.Stack, _ *client.Operation) error {
	return st.Build.Add(acceptHeader{}, middleware.After)
}

// acceptHeader sets "Accept: application/json" on requests that carry no
// Accept header. Unlike aws-sdk-go-v2, which always overwrites it, it
// keeps one the input set: GetExport's Accepts member is sent as the
// Accept header to choose the export's format (application/yaml), which
// v2 silently turns back into JSON. botocore and the JavaScript and Java
// SDKs fixed the same bug this way.
type acceptHeader struct{}

func (acceptHeader) ID() string { return awsmw.IDAPIGatewayAcceptHeader }

func (acceptHeader) HandleBuild(ctx context.Context, in middleware.BuildInput, next middleware.BuildHandler) (middleware.BuildOutput, middleware.Metadata, error) {
	if req, ok := in.Request.(*smithyhttp.Request); ok && req.Header.Get("Accept") == "" {
		req.Header.Set("Accept", "application/json")
	}
	return next.HandleBuild(ctx, in)
}
