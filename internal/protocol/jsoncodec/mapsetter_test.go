package jsoncodec

import (
	"reflect"
	"testing"

	"github.com/nimbus-sdk/nimbus/internal/protocol"
)

type setterElem interface{ isSetterElem() }

type setterElemA struct {
	_     struct{} `shape:"E" union:"true"`
	Value string   `name:"A"`
}

func (*setterElemA) isSetterElem() {}

type mapsWithSetter struct {
	_       struct{} `shape:"M"`
	Strings map[string]string
	Unions  map[string]setterElem
	Lists   map[string][]int32
}

// Named map types: not registered, so decoded through reflect.
type (
	plainStrings map[string]string
	plainUnions  map[string]setterElem
	plainLists   map[string][]int32
)

type mapsWithoutSetter struct {
	_       struct{} `shape:"M"`
	Strings plainStrings
	Unions  plainUnions
	Lists   plainLists
}

func init() {
	protocol.RegisterMap[map[string]string]()
	protocol.RegisterMap[map[string]setterElem]()
	protocol.RegisterMap[map[string][]int32]()
}

// TestRegisteredMapSetter checks that maps decoded through a registered
// typed setter come out the same as through reflect.
func TestRegisteredMapSetter(t *testing.T) {
	protocol.RegisterUnion(reflect.TypeFor[setterElem](), map[string]reflect.Type{"A": reflect.TypeFor[setterElemA]()})
	body := []byte(`{"Strings":{"a":"1","b":""},"Unions":{"x":{"A":"one"},"y":{"A":"two"}},"Lists":{"l":[1,2,3],"e":[]}}`)

	var without mapsWithoutSetter
	if err := Unmarshal(body, protocol.PlanOf(reflect.TypeFor[mapsWithoutSetter]()), reflect.ValueOf(&without).Elem(), MemberNames); err != nil {
		t.Fatal(err)
	}
	if protocol.MapSetterFor(reflect.TypeFor[map[string]setterElem]()) == nil || protocol.MapSetterFor(reflect.TypeFor[plainUnions]()) != nil {
		t.Fatal("map setters are not registered as the test assumes")
	}
	var with mapsWithSetter
	if err := Unmarshal(body, protocol.PlanOf(reflect.TypeFor[mapsWithSetter]()), reflect.ValueOf(&with).Elem(), MemberNames); err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(with.Strings, map[string]string(without.Strings)) || !reflect.DeepEqual(with.Unions, map[string]setterElem(without.Unions)) || !reflect.DeepEqual(with.Lists, map[string][]int32(without.Lists)) {
		t.Errorf("with setter %+v; without %+v", with, without)
	}
	if len(with.Unions) != 2 || with.Unions["y"].(*setterElemA).Value != "two" || len(with.Lists["l"]) != 3 {
		t.Errorf("decoded %+v", with)
	}
}
