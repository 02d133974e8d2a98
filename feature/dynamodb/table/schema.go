package table

import (
	"fmt"
	"math/big"
	"reflect"
	"strconv"
	"strings"

	"github.com/nimbus-sdk/nimbus/services/dynamodb/types"
)

// schema is what a Table knows about its item type: the key attributes and
// the optional version attribute, found once from struct tags in New.
type schema struct {
	hash, rng attrField // rng.name is empty for a table with no sort key
	version   attrField // version.name is empty when T has no version
}

// attrField is one tagged struct field and the attribute it is stored as.
type attrField struct {
	name  string // attribute name
	field string // Go field name, for errors
	index []int  // reflect field index path from T
}

// schemaFor reads the `table` tags of struct type typ, naming attributes as
// the attributevalue encoder does under tagKey.
func schemaFor(typ reflect.Type, tagKey string) (schema, error) {
	var s schema
	if typ.Kind() != reflect.Struct {
		return s, &SchemaError{Type: typ.String(), Reason: "item type must be a struct"}
	}
	for _, f := range reflect.VisibleFields(typ) {
		role, ok := f.Tag.Lookup("table")
		if !ok {
			continue
		}
		if !f.IsExported() {
			return s, &SchemaError{Type: typ.String(), Reason: fmt.Sprintf("field %s has a table tag but is not exported", f.Name)}
		}
		name := attrName(f, tagKey)
		if name == "" {
			return s, &SchemaError{Type: typ.String(), Reason: fmt.Sprintf("field %s has a table tag but is not stored (%s:\"-\")", f.Name, tagKey)}
		}
		af := attrField{name: name, field: f.Name, index: f.Index}
		var slot *attrField
		switch role {
		case "hash", "pk", "partition":
			slot = &s.hash
		case "range", "sk", "sort":
			slot = &s.rng
		case "version":
			slot = &s.version
			switch f.Type.Kind() {
			case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64,
				reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
			default:
				return s, &SchemaError{Type: typ.String(), Reason: fmt.Sprintf("version field %s must be an integer, not %s", f.Name, f.Type)}
			}
		default:
			return s, &SchemaError{Type: typ.String(), Reason: fmt.Sprintf("field %s: unknown table tag %q (want hash, range or version)", f.Name, role)}
		}
		if slot.name != "" {
			return s, &SchemaError{Type: typ.String(), Reason: fmt.Sprintf("fields %s and %s are both tagged table:%q", slot.field, f.Name, role)}
		}
		*slot = af
	}
	if s.hash.name == "" {
		return s, &SchemaError{Type: typ.String(), Reason: `no field is tagged table:"hash"`}
	}
	return s, nil
}

// attrName returns the attribute name of f as the encoder writes it: the
// name part of the tag under tagKey, else the field name; "" for "-".
func attrName(f reflect.StructField, tagKey string) string {
	tag := f.Tag.Get(tagKey)
	name, _, _ := strings.Cut(tag, ",")
	switch name {
	case "-":
		if tag == "-" {
			return ""
		}
	case "":
		return f.Name
	}
	return name
}

// key picks the key attributes out of a marshalled item, and refuses a key
// attribute that is missing or of a type a key cannot have.
func (s *schema) key(item map[string]types.AttributeValue) (map[string]types.AttributeValue, error) {
	key := make(map[string]types.AttributeValue, 2)
	for _, f := range [...]attrField{s.hash, s.rng} {
		if f.name == "" {
			continue
		}
		v, ok := item[f.name]
		switch v := v.(type) {
		case *types.AttributeValueMemberS:
			ok = v.Value != ""
		case *types.AttributeValueMemberN:
		case *types.AttributeValueMemberB:
			ok = len(v.Value) != 0
		default:
			ok = false
		}
		if !ok {
			return nil, &KeyError{Field: f.field, Attribute: f.name}
		}
		key[f.name] = v
	}
	return key, nil
}

// keyString is a canonical text of a key, for matching batch results to the
// keys asked for and for finding repeats: each key attribute as its type,
// its length and its value.
func (s *schema) keyString(key map[string]types.AttributeValue) string {
	var b strings.Builder
	part := func(typ byte, v string) {
		b.WriteByte(typ)
		b.WriteString(strconv.Itoa(len(v)))
		b.WriteByte(':')
		b.WriteString(v)
	}
	for _, f := range [...]attrField{s.hash, s.rng} {
		if f.name == "" {
			continue
		}
		switch v := key[f.name].(type) {
		case *types.AttributeValueMemberS:
			part('S', v.Value)
		case *types.AttributeValueMemberN:
			// The service answers with numbers in its own form (1.0
			// comes back as 1), so compare them by value.
			n := v.Value
			if r, ok := new(big.Rat).SetString(n); ok {
				n = r.RatString()
			}
			part('N', n)
		case *types.AttributeValueMemberB:
			part('B', string(v.Value))
		}
	}
	return b.String()
}

// versionOf reads the version field of item, as zero when a nil embedded
// pointer holds it.
func (s *schema) versionOf(item reflect.Value) uint64 {
	f, err := item.FieldByIndexErr(s.version.index)
	if err != nil {
		return 0
	}
	if f.CanInt() {
		return uint64(f.Int())
	}
	return f.Uint()
}

// setVersion writes n into the version field of the addressable item.
func (s *schema) setVersion(item reflect.Value, n uint64) {
	f, err := item.FieldByIndexErr(s.version.index)
	if err != nil {
		return
	}
	if f.CanInt() {
		f.SetInt(int64(n))
		return
	}
	f.SetUint(n)
}
