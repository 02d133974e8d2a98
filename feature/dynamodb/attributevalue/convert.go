package attributevalue

import (
	"github.com/nimbus-sdk/nimbus/internal/attrvalue"
	"github.com/nimbus-sdk/nimbus/services/dynamodb/types"
	streams "github.com/nimbus-sdk/nimbus/services/dynamodbstreams/types"
)

// FromDynamoDBStreams converts a DynamoDB Streams attribute value (from a
// stream record's Keys, NewImage or OldImage), and all nested members, to
// a DynamoDB one. Sets are copied; an unknown union member is an error.
func FromDynamoDBStreams(from streams.AttributeValue) (types.AttributeValue, error) {
	return attrvalue.Convert(from, inspectStreams, newMember)
}

// FromDynamoDBStreamsMap converts a map of DynamoDB Streams attribute
// values, such as a stream record's NewImage, to DynamoDB ones.
func FromDynamoDBStreamsMap(from map[string]streams.AttributeValue) (map[string]types.AttributeValue, error) {
	return attrvalue.ConvertMap(from, inspectStreams, newMember)
}

// FromDynamoDBStreamsList converts a list of DynamoDB Streams attribute
// values to DynamoDB ones.
func FromDynamoDBStreamsList(from []streams.AttributeValue) ([]types.AttributeValue, error) {
	return attrvalue.ConvertList(from, inspectStreams, newMember)
}

// inspectStreams takes a DynamoDB Streams attribute value apart.
func inspectStreams(av streams.AttributeValue) attrvalue.View[streams.AttributeValue] {
	type view = attrvalue.View[streams.AttributeValue]
	switch m := av.(type) {
	case *streams.AttributeValueMemberS:
		if m == nil {
			break
		}
		return view{Kind: attrvalue.KindS, S: m.Value}
	case *streams.AttributeValueMemberN:
		if m == nil {
			break
		}
		return view{Kind: attrvalue.KindN, S: m.Value}
	case *streams.AttributeValueMemberB:
		if m == nil {
			break
		}
		return view{Kind: attrvalue.KindB, B: m.Value}
	case *streams.AttributeValueMemberBOOL:
		if m == nil {
			break
		}
		return view{Kind: attrvalue.KindBOOL, Bool: m.Value}
	case *streams.AttributeValueMemberNULL:
		if m == nil {
			break
		}
		return view{Kind: attrvalue.KindNULL, Bool: m.Value}
	case *streams.AttributeValueMemberSS:
		if m == nil {
			break
		}
		return view{Kind: attrvalue.KindSS, SS: m.Value}
	case *streams.AttributeValueMemberNS:
		if m == nil {
			break
		}
		return view{Kind: attrvalue.KindNS, SS: m.Value}
	case *streams.AttributeValueMemberBS:
		if m == nil {
			break
		}
		return view{Kind: attrvalue.KindBS, BS: m.Value}
	case *streams.AttributeValueMemberL:
		if m == nil {
			break
		}
		return view{Kind: attrvalue.KindL, L: m.Value}
	case *streams.AttributeValueMemberM:
		if m == nil {
			break
		}
		return view{Kind: attrvalue.KindM, M: m.Value}
	}
	return view{Kind: attrvalue.KindUnknown}
}
