package attributevalue

import (
	ddb "github.com/nimbus-sdk/nimbus/services/dynamodb/types"

	"github.com/nimbus-sdk/nimbus/internal/attrvalue"
	"github.com/nimbus-sdk/nimbus/services/dynamodbstreams/types"
)

// FromDynamoDB converts a DynamoDB attribute value, and all nested
// members, to a DynamoDB Streams one. Sets are copied; an unknown union
// member is an error.
func FromDynamoDB(from ddb.AttributeValue) (types.AttributeValue, error) {
	return attrvalue.Convert(from, inspectDynamoDB, newMember)
}

// FromDynamoDBMap converts a map of DynamoDB attribute values to DynamoDB
// Streams ones.
func FromDynamoDBMap(from map[string]ddb.AttributeValue) (map[string]types.AttributeValue, error) {
	return attrvalue.ConvertMap(from, inspectDynamoDB, newMember)
}

// FromDynamoDBList converts a list of DynamoDB attribute values to
// DynamoDB Streams ones.
func FromDynamoDBList(from []ddb.AttributeValue) ([]types.AttributeValue, error) {
	return attrvalue.ConvertList(from, inspectDynamoDB, newMember)
}

// inspectDynamoDB takes a DynamoDB attribute value apart.
func inspectDynamoDB(av ddb.AttributeValue) attrvalue.View[ddb.AttributeValue] {
	type view = attrvalue.View[ddb.AttributeValue]
	switch m := av.(type) {
	case *ddb.AttributeValueMemberS:
		if m == nil {
			break
		}
		return view{Kind: attrvalue.KindS, S: m.Value}
	case *ddb.AttributeValueMemberN:
		if m == nil {
			break
		}
		return view{Kind: attrvalue.KindN, S: m.Value}
	case *ddb.AttributeValueMemberB:
		if m == nil {
			break
		}
		return view{Kind: attrvalue.KindB, B: m.Value}
	case *ddb.AttributeValueMemberBOOL:
		if m == nil {
			break
		}
		return view{Kind: attrvalue.KindBOOL, Bool: m.Value}
	case *ddb.AttributeValueMemberNULL:
		if m == nil {
			break
		}
		return view{Kind: attrvalue.KindNULL, Bool: m.Value}
	case *ddb.AttributeValueMemberSS:
		if m == nil {
			break
		}
		return view{Kind: attrvalue.KindSS, SS: m.Value}
	case *ddb.AttributeValueMemberNS:
		if m == nil {
			break
		}
		return view{Kind: attrvalue.KindNS, SS: m.Value}
	case *ddb.AttributeValueMemberBS:
		if m == nil {
			break
		}
		return view{Kind: attrvalue.KindBS, BS: m.Value}
	case *ddb.AttributeValueMemberL:
		if m == nil {
			break
		}
		return view{Kind: attrvalue.KindL, L: m.Value}
	case *ddb.AttributeValueMemberM:
		if m == nil {
			break
		}
		return view{Kind: attrvalue.KindM, M: m.Value}
	}
	return view{Kind: attrvalue.KindUnknown}
}
