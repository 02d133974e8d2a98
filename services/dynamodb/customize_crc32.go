package dynamodb

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

// customizeStack adds, under the deserializer, the middleware that honours
// Options.DisableValidateResponseChecksum.
func customizeStack(st *middleware.Stack, _ *client.Operation) error {
	return st.Deserialize.Insert(skipResponseCRC32{}, awsmw.IDOperationDeserializer, middleware.After)
}

// skipResponseCRC32 removes the X-Amz-Crc32 header from the responses of
// calls whose options set DisableValidateResponseChecksum, before the
// deserializer, which checks the header only when it is present.
type skipResponseCRC32 struct{}

func (skipResponseCRC32) ID() string { return "DynamoDB:SkipResponseChecksum" }

func (skipResponseCRC32) HandleDeserialize(ctx context.Context, in middleware.DeserializeInput, next middleware.DeserializeHandler) (middleware.DeserializeOutput, middleware.Metadata, error) {
	out, md, err := next.HandleDeserialize(ctx, in)
	if resp, ok := out.RawResponse.(*smithyhttp.Response); ok && resp != nil && crc32Disabled(ctx) {
		resp.Header.Del("X-Amz-Crc32")
	}
	return out, md, err
}

func crc32Disabled(ctx context.Context) bool {
	co := client.CallOptions(ctx)
	if co == nil {
		return false
	}
	o, _ := co.ServiceOptions.(*Options)
	return o != nil && o.DisableValidateResponseChecksum
}
