package client

import (
	"context"

	"github.com/aws/smithy-go/middleware"

	transporthttp "github.com/nimbus-sdk/nimbus/transport/http"
)

// sendHandler is the terminal handler: it sends the built request with
// the call's HTTP client.
type sendHandler struct{}

func (sendHandler) Handle(ctx context.Context, in any) (any, middleware.Metadata, error) {
	c := callFrom(ctx)
	if c.tel != nil {
		return c.sendObserved(ctx, in)
	}
	return transporthttp.ClientHandler{Client: c.opts.HTTPClient}.Handle(ctx, in)
}
