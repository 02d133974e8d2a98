package attrvalue

import "fmt"

// Convert copies an attribute value of one union (say DynamoDB Streams')
// into another (DynamoDB's), member for member and all nested members,
// as v2's FromDynamoDBStreams and FromDynamoDB do: sets are copied, B
// values shared. inspect takes the source apart; build makes a member of
// the target.
func Convert[From, To any](av From, inspect func(From) View[From], build func(View[To]) To) (To, error) {
	return convert(av, inspect, build, 0)
}

func convert[From, To any](av From, inspect func(From) View[From], build func(View[To]) To, depth int) (out To, err error) {
	if depth > MaxDepth {
		return out, ErrMaxDepth
	}
	vw := inspect(av)
	to := View[To]{Kind: vw.Kind, S: vw.S, B: vw.B, Bool: vw.Bool}
	switch vw.Kind {
	case KindS, KindN, KindB, KindBOOL, KindNULL:
	case KindSS, KindNS:
		to.SS = append([]string{}, vw.SS...)
	case KindBS:
		to.BS = make([][]byte, len(vw.BS))
		for i, b := range vw.BS {
			to.BS[i] = append([]byte{}, b...)
		}
	case KindL:
		to.L, err = convertList(vw.L, inspect, build, depth+1)
	case KindM:
		to.M, err = convertMap(vw.M, inspect, build, depth+1)
	default:
		return out, fmt.Errorf("unknown AttributeValue union member, %T", av)
	}
	if err != nil {
		return out, err
	}
	return build(to), nil
}

// ConvertList is [Convert] for a list.
func ConvertList[From, To any](l []From, inspect func(From) View[From], build func(View[To]) To) ([]To, error) {
	return convertList(l, inspect, build, 0)
}

func convertList[From, To any](l []From, inspect func(From) View[From], build func(View[To]) To, depth int) ([]To, error) {
	out := make([]To, len(l))
	for i, av := range l {
		var err error
		if out[i], err = convert(av, inspect, build, depth); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// ConvertMap is [Convert] for a map.
func ConvertMap[From, To any](m map[string]From, inspect func(From) View[From], build func(View[To]) To) (map[string]To, error) {
	return convertMap(m, inspect, build, 0)
}

func convertMap[From, To any](m map[string]From, inspect func(From) View[From], build func(View[To]) To, depth int) (map[string]To, error) {
	out := make(map[string]To, len(m))
	for k, av := range m {
		var err error
		if out[k], err = convert(av, inspect, build, depth); err != nil {
			return nil, err
		}
	}
	return out, nil
}
