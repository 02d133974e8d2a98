package bench

import (
	"fmt"
	"slices"

	v2types "github.com/aws/aws-sdk-go-v2/service/dynamodb/types"

	"github.com/nimbus-sdk/nimbus/services/dynamodb/types"
)

// toV2 converts a Nimbus attribute value to v2's, member for member.
func toV2(av types.AttributeValue) v2types.AttributeValue {
	switch m := av.(type) {
	case nil:
		return nil
	case *types.AttributeValueMemberS:
		return &v2types.AttributeValueMemberS{Value: m.Value}
	case *types.AttributeValueMemberN:
		return &v2types.AttributeValueMemberN{Value: m.Value}
	case *types.AttributeValueMemberB:
		return &v2types.AttributeValueMemberB{Value: m.Value}
	case *types.AttributeValueMemberBOOL:
		return &v2types.AttributeValueMemberBOOL{Value: m.Value}
	case *types.AttributeValueMemberNULL:
		return &v2types.AttributeValueMemberNULL{Value: m.Value}
	case *types.AttributeValueMemberSS:
		return &v2types.AttributeValueMemberSS{Value: m.Value}
	case *types.AttributeValueMemberNS:
		return &v2types.AttributeValueMemberNS{Value: m.Value}
	case *types.AttributeValueMemberBS:
		return &v2types.AttributeValueMemberBS{Value: m.Value}
	case *types.AttributeValueMemberL:
		return &v2types.AttributeValueMemberL{Value: listToV2(m.Value)}
	case *types.AttributeValueMemberM:
		return &v2types.AttributeValueMemberM{Value: mapToV2(m.Value)}
	}
	panic(fmt.Sprintf("toV2: unexpected %T", av))
}

func listToV2(l []types.AttributeValue) []v2types.AttributeValue {
	if l == nil {
		return nil
	}
	out := make([]v2types.AttributeValue, len(l))
	for i, av := range l {
		out[i] = toV2(av)
	}
	return out
}

func mapToV2(m map[string]types.AttributeValue) map[string]v2types.AttributeValue {
	if m == nil {
		return nil
	}
	out := make(map[string]v2types.AttributeValue, len(m))
	for k, av := range m {
		out[k] = toV2(av)
	}
	return out
}

// fromV2 converts a v2 attribute value to Nimbus's.
func fromV2(av v2types.AttributeValue) types.AttributeValue {
	switch m := av.(type) {
	case nil:
		return nil
	case *v2types.AttributeValueMemberS:
		return &types.AttributeValueMemberS{Value: m.Value}
	case *v2types.AttributeValueMemberN:
		return &types.AttributeValueMemberN{Value: m.Value}
	case *v2types.AttributeValueMemberB:
		return &types.AttributeValueMemberB{Value: m.Value}
	case *v2types.AttributeValueMemberBOOL:
		return &types.AttributeValueMemberBOOL{Value: m.Value}
	case *v2types.AttributeValueMemberNULL:
		return &types.AttributeValueMemberNULL{Value: m.Value}
	case *v2types.AttributeValueMemberSS:
		return &types.AttributeValueMemberSS{Value: m.Value}
	case *v2types.AttributeValueMemberNS:
		return &types.AttributeValueMemberNS{Value: m.Value}
	case *v2types.AttributeValueMemberBS:
		return &types.AttributeValueMemberBS{Value: m.Value}
	case *v2types.AttributeValueMemberL:
		return &types.AttributeValueMemberL{Value: listFromV2(m.Value)}
	case *v2types.AttributeValueMemberM:
		return &types.AttributeValueMemberM{Value: mapFromV2(m.Value)}
	}
	panic(fmt.Sprintf("fromV2: unexpected %T", av))
}

func listFromV2(l []v2types.AttributeValue) []types.AttributeValue {
	if l == nil {
		return nil
	}
	out := make([]types.AttributeValue, len(l))
	for i, av := range l {
		out[i] = fromV2(av)
	}
	return out
}

func mapFromV2(m map[string]v2types.AttributeValue) map[string]types.AttributeValue {
	if m == nil {
		return nil
	}
	out := make(map[string]types.AttributeValue, len(m))
	for k, av := range m {
		out[k] = fromV2(av)
	}
	return out
}

// avString prints a Nimbus attribute value in DynamoDB JSON-like form,
// with map keys sorted, for comparisons and failure messages.
func avString(av types.AttributeValue) string {
	switch m := av.(type) {
	case nil:
		return "<nil>"
	case *types.AttributeValueMemberS:
		return fmt.Sprintf("{S:%q}", m.Value)
	case *types.AttributeValueMemberN:
		return fmt.Sprintf("{N:%q}", m.Value)
	case *types.AttributeValueMemberB:
		if m.Value == nil {
			return "{B:nil}"
		}
		return fmt.Sprintf("{B:%x}", m.Value)
	case *types.AttributeValueMemberBOOL:
		return fmt.Sprintf("{BOOL:%t}", m.Value)
	case *types.AttributeValueMemberNULL:
		return fmt.Sprintf("{NULL:%t}", m.Value)
	case *types.AttributeValueMemberSS:
		return fmt.Sprintf("{SS:%q}", m.Value)
	case *types.AttributeValueMemberNS:
		return fmt.Sprintf("{NS:%q}", m.Value)
	case *types.AttributeValueMemberBS:
		return fmt.Sprintf("{BS:%x}", m.Value)
	case *types.AttributeValueMemberL:
		s := "{L:["
		for i, e := range m.Value {
			if i > 0 {
				s += ","
			}
			s += avString(e)
		}
		if m.Value == nil {
			s += "nil"
		}
		return s + "]}"
	case *types.AttributeValueMemberM:
		return "{M:" + mapString(m.Value) + "}"
	}
	return fmt.Sprintf("%T", av)
}

func mapString(m map[string]types.AttributeValue) string {
	if m == nil {
		return "nil"
	}
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	s := "{"
	for i, k := range keys {
		if i > 0 {
			s += ","
		}
		s += fmt.Sprintf("%q:%s", k, avString(m[k]))
	}
	return s + "}"
}
