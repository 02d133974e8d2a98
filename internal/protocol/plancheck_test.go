package protocol

import (
	"reflect"
	"strings"
	"testing"
	"time"
)

// Types that follow the tag contract.

type okUnion interface{ isOKUnion() }

type okUnionMemberA struct {
	_     struct{} `shape:"OKUnion" union:"true"`
	Value string   `name:"A"`
}

func (*okUnionMemberA) isOKUnion() {}

type okStruct struct {
	_       struct{}             `shape:"OK" xmlName:"Ok" xmlNamespace:"https://example.com/doc/2006-03-01/ ex"`
	Key     *string              `location:"uri" locationName:"Key" contextParam:"Key"`
	Tags    []string             `location:"header" locationName:"x-tags"`
	Meta    map[string]string    `location:"headers" locationName:"x-meta-"`
	Params  map[string][]string  `location:"querymap"`
	Code    *int32               `location:"status"`
	When    *time.Time           `timestampFormat:"epoch-seconds"`
	Times   []time.Time          `member.timestampFormat:"http-date" memberXmlName:"T"`
	Nested  map[string][]string  `keyXmlName:"K" value.member.xmlName:"V" sparse:"true" value.sparse:"false"`
	Choice  okUnion              `xmlFlattened:"false"`
	Doc     any                  `jsonName:"doc"`
	Self    *okStruct            `sensitive:"true"`
	ByEnum  map[okEnum]okStruct2 `required:"true"`
	private int
}

type okEnum string

// omitZeroStruct has value members whose zero means unset (tag omitZero).
type omitZeroStruct struct {
	_     struct{} `shape:"OmitZero"`
	Max   int32    `omitZero:"true"`
	Flag  bool     `omitZero:"true"`
	Count int32
	Ptr   *int32
}

type badOmitZeroPointer struct {
	_ struct{} `shape:"BadOmitZeroPointer"`
	A *int32   `omitZero:"true"`
}

type okStruct2 struct {
	_    struct{} `shape:"OK2" error:"client" httpError:"404" queryErrorCode:"NotThere"`
	Body *string  `location:"payload"`
}

// Types that break it, one way each.

type badLocation struct {
	_ struct{} `shape:"BadLocation"`
	A *string  `location:"headr"`
}

type badTimestampFormat struct {
	_ struct{}   `shape:"BadTimestampFormat"`
	A *time.Time `timestampFormat:"iso8601"`
}

type badNestedTimestampFormat struct {
	_ struct{}             `shape:"BadNestedTimestampFormat"`
	A map[string]time.Time `value.timestampFormat:"unixTimestamp"`
}

type timestampFormatOnString struct {
	_ struct{} `shape:"TimestampFormatOnString"`
	A *string  `timestampFormat:"date-time"`
}

type unregisteredUnion interface{ isUnregistered() }

type badUnregisteredUnion struct {
	_ struct{} `shape:"BadUnregisteredUnion"`
	A unregisteredUnion
}

type badVariantUnion interface{ isBadVariant() }

type badVariantNotTagged struct {
	_ struct{} `shape:"BadVariantUnion"`
	A *string
	B *string
}

func (badVariantNotTagged) isBadVariant() {}

type badVariantWrongType struct {
	_     struct{} `shape:"BadVariantUnion" union:"true"`
	Value *string
}

type badUnionVariants struct {
	_ struct{} `shape:"BadUnionVariants"`
	U badVariantUnion
}

type badMapKey struct {
	_ struct{}         `shape:"BadMapKey"`
	A map[int32]string `keyXmlName:"K"`
}

type badNamespaceFields struct {
	_ struct{} `shape:"BadNamespaceFields" xmlNamespace:"https://example.com/ a b"`
}

type badNamespacePrefix struct {
	_ struct{} `shape:"BadNamespacePrefix"`
	A *string  `xmlNamespace:"https://example.com/ 1x"`
}

type badNamespaceEmpty struct {
	_ struct{} `shape:"BadNamespaceEmpty" xmlNamespace:""`
}

type badUnknownKey struct {
	_ struct{} `shape:"BadUnknownKey"`
	A *string  `locaton:"header"`
}

type badUnknownShapeKey struct {
	_ struct{} `shape:"BadUnknownShapeKey" xmlname:"X"`
}

type misplacedNestedKey struct {
	_ struct{} `shape:"MisplacedNestedKey"`
	A *string  `member.xmlName:"M"`
}

type misplacedMapKey struct {
	_ struct{} `shape:"MisplacedMapKey"`
	A []string `valueXmlName:"V"`
}

type sparseOnScalar struct {
	_ struct{} `shape:"SparseOnScalar"`
	A *string  `sparse:"true"`
}

type badSparse struct {
	_ struct{}             `shape:"BadSparse"`
	A map[string][]*string `value.sparse:"yes"`
}

type badErrorTag struct {
	_ struct{} `shape:"BadErrorTag" error:"sender"`
}

type badHTTPError struct {
	_ struct{} `shape:"BadHTTPError" error:"client" httpError:"4O4"`
}

type badFlag struct {
	_ struct{} `shape:"BadFlag"`
	A *string  `required:"yes"`
}

type badHeaderStruct struct {
	_ struct{}   `shape:"BadHeaderStruct"`
	A *okStruct2 `location:"header" locationName:"x-a"`
}

type badURIList struct {
	_ struct{} `shape:"BadURIList"`
	A []string `location:"uri" locationName:"A"`
}

type badPrefixHeaders struct {
	_ struct{}         `shape:"BadPrefixHeaders"`
	A map[string]int32 `location:"headers" locationName:"x-a-"`
}

type badStatus struct {
	_ struct{} `shape:"BadStatus"`
	A *string  `location:"status"`
}

type badStreaming struct {
	_ struct{} `shape:"BadStreaming"`
	A *string  `location:"payload" streaming:"true"`
}

type badAttribute struct {
	_ struct{} `shape:"BadAttribute"`
	A []string `xmlAttribute:"true"`
}

type badHostLabel struct {
	_ struct{} `shape:"BadHostLabel"`
	A *int32   `location:"hostlabel"`
}

type badDuplicateName struct {
	_ struct{} `shape:"BadDuplicateName"`
	A *string  `name:"X"`
	B *string  `name:"X"`
}

type badTwoPayloads struct {
	_ struct{} `shape:"BadTwoPayloads"`
	A *string  `location:"payload"`
	B *string  `location:"payload"`
}

type badUnsupported struct {
	_ struct{} `shape:"BadUnsupported"`
	A *uint32
}

type badNestedStruct struct {
	_     struct{} `shape:"BadNestedStruct"`
	Items []badLocation
}

type badNoSerialize struct {
	_ struct{} `shape:"BadNoSerialize"`
	A *string  `noSerialize:"yes"`
}

// clientSide has a member and a client-side setting that is not one.
type clientSide struct {
	_            struct{} `shape:"ClientSide"`
	A            *string
	SourceRegion *string `noSerialize:"true"`
}

type badMany struct {
	_ struct{}   `shape:"BadMany" error:"both"`
	A *string    `location:"nowhere"`
	B *time.Time `timestampFormat:"rfc822"`
}

func init() {
	RegisterUnion(reflect.TypeFor[okUnion](), map[string]reflect.Type{"A": reflect.TypeFor[okUnionMemberA]()})
	RegisterUnion(reflect.TypeFor[badVariantUnion](), map[string]reflect.Type{
		"A": reflect.TypeFor[badVariantNotTagged](),
		"B": reflect.TypeFor[badVariantWrongType](),
	})
}

func TestCheckPlanAccepts(t *testing.T) {
	for _, typ := range []reflect.Type{
		reflect.TypeFor[okStruct](),
		reflect.TypeFor[*okStruct](),
		reflect.TypeFor[okStruct2](),
		reflect.TypeFor[okUnion](),
		reflect.TypeFor[okUnionMemberA](),
	} {
		if err := CheckPlan(typ); err != nil {
			t.Errorf("CheckPlan(%v) = %v; want nil", typ, err)
		}
	}
	if m := PlanOf(reflect.TypeFor[okStruct]()).MemberByName("Nested"); !m.Sparse || m.Elem.Sparse {
		t.Errorf("okStruct.Nested: Sparse = %v, Elem.Sparse = %v; want true, false", m.Sparse, m.Elem.Sparse)
	}
}

// TestCheckPlanRejects checks that each way of breaking the tag contract
// is reported, naming the position, rather than accepted or panicking.
func TestCheckPlanRejects(t *testing.T) {
	for _, tt := range []struct {
		name string
		typ  reflect.Type
		want []string // substrings of the error, one per problem
	}{
		{"unknown location", reflect.TypeFor[badLocation](), []string{`protocol.badLocation.A: unknown location "headr"`}},
		{"timestampFormat not a format", reflect.TypeFor[badTimestampFormat](), []string{`badTimestampFormat.A: timestampFormat "iso8601" is not "date-time", "http-date" or "epoch-seconds"`}},
		{"nested timestampFormat", reflect.TypeFor[badNestedTimestampFormat](), []string{`badNestedTimestampFormat.A[value]: value.timestampFormat "unixTimestamp" is not`}},
		{"timestampFormat on a string", reflect.TypeFor[timestampFormatOnString](), []string{`timestampFormatOnString.A: timestampFormat "date-time" on a *string, not a timestamp`}},
		{"union without variants", reflect.TypeFor[badUnregisteredUnion](), []string{`protocol.unregisteredUnion: union interface has no variants registered`}},
		{"union interface itself", reflect.TypeFor[unregisteredUnion](), []string{`protocol.unregisteredUnion: union interface has no variants registered`}},
		{"union variants", reflect.TypeFor[badUnionVariants](), []string{
			`variant "A" (protocol.badVariantNotTagged): is not tagged union:"true"`,
			`variant "A" (protocol.badVariantNotTagged): has no Value field`,
			`variant "B" (protocol.badVariantWrongType): does not implement the union interface`,
		}},
		{"map key not a string", reflect.TypeFor[badMapKey](), []string{`badMapKey.A: map key type int32 is not a string`}},
		{"namespace with three fields", reflect.TypeFor[badNamespaceFields](), []string{`protocol.badNamespaceFields: xmlNamespace "https://example.com/ a b" is not "uri" or "uri prefix"`}},
		{"namespace prefix not a name", reflect.TypeFor[badNamespacePrefix](), []string{`badNamespacePrefix.A: xmlNamespace prefix "1x" is not an XML name`}},
		{"empty namespace", reflect.TypeFor[badNamespaceEmpty](), []string{`protocol.badNamespaceEmpty: empty xmlNamespace`}},
		{"misspelt member key", reflect.TypeFor[badUnknownKey](), []string{`badUnknownKey.A: unknown tag key "locaton"`}},
		{"misspelt shape key", reflect.TypeFor[badUnknownShapeKey](), []string{`protocol.badUnknownShapeKey: unknown tag key "xmlname"`}},
		{"list key on a scalar", reflect.TypeFor[misplacedNestedKey](), []string{`misplacedNestedKey.A: unknown tag key "member.xmlName"`}},
		{"map key on a list", reflect.TypeFor[misplacedMapKey](), []string{`misplacedMapKey.A: unknown tag key "valueXmlName"`}},
		{"sparse on a scalar", reflect.TypeFor[sparseOnScalar](), []string{`sparseOnScalar.A: unknown tag key "sparse"`}},
		{"sparse not a boolean", reflect.TypeFor[badSparse](), []string{`badSparse.A[value]: value.sparse tag "yes" is neither "true" nor "false"`}},
		{"error tag", reflect.TypeFor[badErrorTag](), []string{`protocol.badErrorTag: error tag "sender" is neither "client" nor "server"`}},
		{"httpError tag", reflect.TypeFor[badHTTPError](), []string{`protocol.badHTTPError: httpError tag "4O4" is not an HTTP status code`}},
		{"boolean tag", reflect.TypeFor[badFlag](), []string{`badFlag.A: required tag "yes" is neither "true" nor "false"`}},
		{"header holding a structure", reflect.TypeFor[badHeaderStruct](), []string{`badHeaderStruct.A: location "header" cannot carry a *protocol.okStruct2`}},
		{"label holding a list", reflect.TypeFor[badURIList](), []string{`badURIList.A: location "uri" cannot carry a []string`}},
		{"prefix headers of integers", reflect.TypeFor[badPrefixHeaders](), []string{`badPrefixHeaders.A: location "headers" cannot carry a map[string]int32`}},
		{"status not an integer", reflect.TypeFor[badStatus](), []string{`badStatus.A: location "status" cannot carry a *string`}},
		{"streaming string", reflect.TypeFor[badStreaming](), []string{`badStreaming.A: streaming tag on a *string`}},
		{"attribute list", reflect.TypeFor[badAttribute](), []string{`badAttribute.A: xmlAttribute on a []string`}},
		{"integer host label", reflect.TypeFor[badHostLabel](), []string{`badHostLabel.A: host label is a *int32`}},
		{"duplicate member name", reflect.TypeFor[badDuplicateName](), []string{`badDuplicateName.B: member name "X" is also the name of field A`}},
		{"two payloads", reflect.TypeFor[badTwoPayloads](), []string{`badTwoPayloads.B: second payload member (the first is A)`}},
		{"unsupported Go type", reflect.TypeFor[badUnsupported](), []string{`badUnsupported.A: unsupported member type uint32`}},
		{"problem in a list member's structure", reflect.TypeFor[badNestedStruct](), []string{`protocol.badLocation.A: unknown location "headr"`}},
		{"every problem reported", reflect.TypeFor[badMany](), []string{
			`protocol.badMany: error tag "both"`,
			`badMany.A: unknown location "nowhere"`,
			`badMany.B: timestampFormat "rfc822" is not`,
		}},
		{"omitZero on a pointer", reflect.TypeFor[badOmitZeroPointer](), []string{`badOmitZeroPointer.A: omitZero on a *int32, not a value-typed scalar`}},
		{"noSerialize not true", reflect.TypeFor[badNoSerialize](), []string{`badNoSerialize.A: noSerialize tag "yes" is not "true"`}},
		{"not a structure", reflect.TypeFor[int](), []string{`int: is neither a structure nor a union interface`}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			err := CheckPlan(tt.typ)
			if err == nil {
				t.Fatalf("CheckPlan(%v) = nil; want an error", tt.typ)
			}
			if got, want := strings.Count(err.Error(), "\n")+1, len(tt.want); got != want {
				t.Errorf("CheckPlan(%v) reported %d problems; want %d:\n%v", tt.typ, got, want, err)
			}
			for _, want := range tt.want {
				if !strings.Contains(err.Error(), want) {
					t.Errorf("CheckPlan(%v) = %q; want it to contain %q", tt.typ, err, want)
				}
			}
			// A rejected plan is not cached: checking again reports the same.
			if again := CheckPlan(tt.typ); again == nil || again.Error() != err.Error() {
				t.Errorf("second CheckPlan(%v) = %v; want %v", tt.typ, again, err)
			}
		})
	}
}

// TestMemberGetOmitZero: an omitZero member is unset at its zero value and
// set otherwise; a value member without the tag is always set, and a
// pointer member is set when not nil, zero included.
func TestMemberGetOmitZero(t *testing.T) {
	sp := PlanOf(reflect.TypeFor[omitZeroStruct]())
	zero := int32(0)
	for _, tt := range []struct {
		name string
		v    omitZeroStruct
		want map[string]bool
	}{
		{"zero values", omitZeroStruct{}, map[string]bool{"Max": false, "Flag": false, "Count": true, "Ptr": false}},
		{"set values", omitZeroStruct{Max: 10, Flag: true, Count: 1, Ptr: &zero}, map[string]bool{"Max": true, "Flag": true, "Count": true, "Ptr": true}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			v := reflect.ValueOf(tt.v)
			for name, want := range tt.want {
				if _, got := sp.MemberByName(name).Get(v); got != want {
					t.Errorf("Get(%s) set = %v; want %v", name, got, want)
				}
			}
		})
	}
}

// TestPlanSkipsNoSerialize: a field tagged noSerialize:"true" is not a
// member, so no codec sends it.
func TestPlanSkipsNoSerialize(t *testing.T) {
	if err := CheckPlan(reflect.TypeFor[clientSide]()); err != nil {
		t.Fatalf("CheckPlan(clientSide) = %v; want nil", err)
	}
	sp := PlanOf(reflect.TypeFor[clientSide]())
	var names []string
	for _, m := range sp.Members {
		names = append(names, m.Name)
	}
	if len(names) != 1 || names[0] != "A" {
		t.Errorf("members of clientSide = %v; want [A]", names)
	}
}

// TestPlanOfPanicsOnBadTags checks that PlanOf refuses a type CheckPlan
// rejects (instead of building a plan that silently ignores the tag), and
// that it leaves union variants, which may not be registered yet during
// package initialization, to CheckPlan.
func TestPlanOfPanicsOnBadTags(t *testing.T) {
	func() {
		defer func() {
			r := recover()
			if msg, _ := r.(string); !strings.Contains(msg, `timestampFormat "iso8601" is not`) {
				t.Errorf("PlanOf(badTimestampFormat) panicked with %v; want the CheckPlan problem", r)
			}
		}()
		PlanOf(reflect.TypeFor[badTimestampFormat]())
	}()
	if sp := PlanOf(reflect.TypeFor[badUnregisteredUnion]()); sp.Members[0].Kind != KindUnion {
		t.Errorf("PlanOf(badUnregisteredUnion).A.Kind = %v; want KindUnion", sp.Members[0].Kind)
	}
}

func TestTagKeys(t *testing.T) {
	for _, tt := range []struct {
		tag     reflect.StructTag
		want    []string
		wantErr string
	}{
		{``, nil, ""},
		{`a:"1" b:"x y"  c:"\"q\""`, []string{"a", "b", "c"}, ""},
		{`location:header`, nil, "malformed struct tag"},
		{`a:"1" b`, []string{"a"}, "malformed struct tag"},
		{`a:"1`, nil, "unterminated value"},
		{`a:"1" a:"2"`, []string{"a"}, `key "a" appears twice`},
	} {
		got, err := tagKeys(tt.tag)
		if !reflect.DeepEqual(got, tt.want) || (err == nil) != (tt.wantErr == "") || (err != nil && !strings.Contains(err.Error(), tt.wantErr)) {
			t.Errorf("tagKeys(%q) = %q, %v; want %q, error containing %q", tt.tag, got, err, tt.want, tt.wantErr)
		}
	}
}
