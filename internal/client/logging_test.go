package client

import (
	"slices"
	"testing"

	"github.com/aws/smithy-go/logging"

	awsmw "github.com/nimbus-sdk/nimbus/middleware"
)

// TestLoggingIsInnermostDeserialize pins where the Logging middleware
// sits: last in the Deserialize step, between the operation deserializer
// and the transport, so that it reads the response body before anything
// consumes it.
func TestLoggingIsInnermostDeserialize(t *testing.T) {
	for _, op := range []*Operation{&opGetItem, &opPutItem} {
		t.Run(op.Protocol.Name, func(t *testing.T) {
			rt := New(&fakeService, Options{Logger: logging.Nop{}, ClientLogMode: awsmw.LogResponseWithBody})
			st, err := rt.Stack(op)
			if err != nil {
				t.Fatal(err)
			}
			ids := st.Deserialize.List()
			if len(ids) == 0 || ids[len(ids)-1] != awsmw.LoggingID {
				t.Errorf("Deserialize step = %v; want %s last", ids, awsmw.LoggingID)
			}
			if i, j := slices.Index(ids, IDOperationDeserializer), slices.Index(ids, awsmw.LoggingID); i < 0 || j < i {
				t.Errorf("Deserialize step = %v; want %s after %s", ids, awsmw.LoggingID, IDOperationDeserializer)
			}
		})
	}
}
