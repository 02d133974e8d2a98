package attributevalue

import (
	"reflect"

	"github.com/nimbus-sdk/nimbus/internal/attrvalue"
	"github.com/nimbus-sdk/nimbus/services/dynamodb/types"
)

// family connects the shared converter to this package's AttributeValue
// union.
var family = &attrvalue.Family[types.AttributeValue]{
	Inspect:     inspect,
	NewBuilder:  func() attrvalue.Builder[types.AttributeValue] { return &builder{} },
	New:         newMember,
	Marshaler:   reflect.TypeFor[Marshaler](),
	Unmarshaler: reflect.TypeFor[Unmarshaler](),
	CallMarshaler: func(m any) (types.AttributeValue, error) {
		return m.(Marshaler).MarshalDynamoDBAttributeValue()
	},
	CallUnmarshaler: func(u any, av types.AttributeValue) error {
		return u.(Unmarshaler).UnmarshalDynamoDBAttributeValue(av)
	},
}

var codec = attrvalue.NewCodec(family)

type view = attrvalue.View[types.AttributeValue]

func inspect(av types.AttributeValue) view {
	switch m := av.(type) {
	case *types.AttributeValueMemberS:
		if m != nil {
			return view{Kind: attrvalue.KindS, S: m.Value}
		}
	case *types.AttributeValueMemberN:
		if m != nil {
			return view{Kind: attrvalue.KindN, S: m.Value}
		}
	case *types.AttributeValueMemberB:
		if m != nil {
			return view{Kind: attrvalue.KindB, B: m.Value}
		}
	case *types.AttributeValueMemberBOOL:
		if m != nil {
			return view{Kind: attrvalue.KindBOOL, Bool: m.Value}
		}
	case *types.AttributeValueMemberNULL:
		if m != nil {
			return view{Kind: attrvalue.KindNULL, Bool: m.Value}
		}
	case *types.AttributeValueMemberSS:
		if m != nil {
			return view{Kind: attrvalue.KindSS, SS: m.Value}
		}
	case *types.AttributeValueMemberNS:
		if m != nil {
			return view{Kind: attrvalue.KindNS, SS: m.Value}
		}
	case *types.AttributeValueMemberBS:
		if m != nil {
			return view{Kind: attrvalue.KindBS, BS: m.Value}
		}
	case *types.AttributeValueMemberL:
		if m != nil {
			return view{Kind: attrvalue.KindL, L: m.Value}
		}
	case *types.AttributeValueMemberM:
		if m != nil {
			return view{Kind: attrvalue.KindM, M: m.Value}
		}
	case nil:
		return view{Kind: attrvalue.KindNil}
	}
	return view{Kind: attrvalue.KindUnknown}
}

func newMember(v view) types.AttributeValue {
	switch v.Kind {
	case attrvalue.KindS:
		return &types.AttributeValueMemberS{Value: v.S}
	case attrvalue.KindN:
		return &types.AttributeValueMemberN{Value: v.S}
	case attrvalue.KindB:
		return &types.AttributeValueMemberB{Value: v.B}
	case attrvalue.KindBOOL:
		return &types.AttributeValueMemberBOOL{Value: v.Bool}
	case attrvalue.KindNULL:
		return &types.AttributeValueMemberNULL{Value: v.Bool}
	case attrvalue.KindSS:
		return &types.AttributeValueMemberSS{Value: v.SS}
	case attrvalue.KindNS:
		return &types.AttributeValueMemberNS{Value: v.SS}
	case attrvalue.KindBS:
		return &types.AttributeValueMemberBS{Value: v.BS}
	case attrvalue.KindL:
		return &types.AttributeValueMemberL{Value: v.L}
	case attrvalue.KindM:
		return &types.AttributeValueMemberM{Value: v.M}
	}
	return nil
}

// builder hands out union members from slabs during one encoding.
type builder struct {
	s    attrvalue.Slab[types.AttributeValueMemberS]
	n    attrvalue.Slab[types.AttributeValueMemberN]
	b    attrvalue.Slab[types.AttributeValueMemberB]
	l    attrvalue.Slab[types.AttributeValueMemberL]
	m    attrvalue.Slab[types.AttributeValueMemberM]
	bl   attrvalue.Slab[types.AttributeValueMemberBOOL]
	null attrvalue.Slab[types.AttributeValueMemberNULL]
	sets attrvalue.Slab[types.AttributeValueMemberSS]
}

func (b *builder) S(s string) types.AttributeValue {
	p := b.s.Next()
	p.Value = s
	return p
}

func (b *builder) N(s string) types.AttributeValue {
	p := b.n.Next()
	p.Value = s
	return p
}

func (b *builder) B(v []byte) types.AttributeValue {
	p := b.b.Next()
	p.Value = v
	return p
}

func (b *builder) BOOL(v bool) types.AttributeValue {
	p := b.bl.Next()
	p.Value = v
	return p
}

func (b *builder) NULL() types.AttributeValue {
	p := b.null.Next()
	p.Value = true
	return p
}

func (b *builder) SS(v []string) types.AttributeValue {
	p := b.sets.Next()
	p.Value = v
	return p
}

func (b *builder) NS(v []string) types.AttributeValue { return &types.AttributeValueMemberNS{Value: v} }
func (b *builder) BS(v [][]byte) types.AttributeValue { return &types.AttributeValueMemberBS{Value: v} }

func (b *builder) L(v []types.AttributeValue) types.AttributeValue {
	p := b.l.Next()
	p.Value = v
	return p
}

func (b *builder) M(v map[string]types.AttributeValue) types.AttributeValue {
	p := b.m.Next()
	p.Value = v
	return p
}
