package route53

import (
	"github.com/aws/smithy-go/middleware"

	"github.com/nimbus-sdk/nimbus/internal/client"
	awsmw "github.com/nimbus-sdk/nimbus/middleware"
)

func init() {
	service.Customize = customizeStack
}

// customizeStack adds Route 53's own steps, aws-sdk-go-v2's two Route 53
// customizations:
//   - SanitizeURL (Initialize, before input validation) strips the
//     resource-type prefix from the ID an operation takes (see
//     [idMembers]), so an ID as Route 53 returns it ("/hostedzone/Z123")
//     can be passed back as it is;
//   - CustomErrorDeserialization (Deserialize, inside the deserializer)
//     decodes the error body ChangeResourceRecordSets sends for an
//     invalid change batch (see [invalidChangeBatchDeserializer]).
func customizeStack(st *middleware.Stack, op *client.Operation) error {
	if field, ok := idMembers[op.Protocol.Name]; ok {
		if err := st.Initialize.Insert(sanitizeURL{field: field}, awsmw.IDOperationInputValidation, middleware.Before); err != nil {
			return err
		}
	}
	if op.Protocol.Name == "ChangeResourceRecordSets" {
		return st.Deserialize.Insert(invalidChangeBatchDeserializer{}, awsmw.IDOperationDeserializer, middleware.After)
	}
	return nil
}
