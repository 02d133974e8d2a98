package rules

// kind is the dynamic type of a value computed while evaluating rules.
type kind uint8

const (
	kNone   kind = iota // an unset option: an unset parameter or a failed function
	kString             // value.s
	kBool               // value.b
	kArray              // value.obj is an *arrayValue (stringArray parameters, ARN resource ids, split)
	kObject             // value.obj (a partition, a parsed URL or a parsed ARN)
)

// value is the runtime representation of every expression result. It is a
// plain struct so that evaluation does not box values into interfaces and
// does not allocate for strings, booleans and references.
type value struct {
	k   kind
	b   bool
	s   string
	obj object // *arrayValue for kArray; a record for kObject
}

// object is a record returned by a library function (aws.partition,
// parseURL, aws.parseArn); getAttr reads its fields by name.
type object interface {
	attr(key string) value
}

var none = value{}

func strVal(s string) value { return value{k: kString, s: s} }
func boolVal(b bool) value  { return value{k: kBool, b: b} }

// truthy reports whether a condition result lets its rule continue: an unset
// option or the boolean false stops the rule, anything else passes.
func (v value) truthy() bool {
	switch v.k {
	case kNone:
		return false
	case kBool:
		return v.b
	}
	return true
}

// index returns element i of an array value, counting from the end when i
// is negative ([-1] is the last element), or none when v is not an array or
// i is out of range.
func (v value) index(i int) value {
	if v.k != kArray {
		return none
	}
	a := v.obj.(*arrayValue).elems
	if i < 0 {
		i += len(a)
	}
	if i < 0 || i >= len(a) {
		return none
	}
	return strVal(a[i])
}

// arrayValue holds the elements of an array value. It is a pointer-shaped
// object so that value stays small.
type arrayValue struct{ elems []string }

func (*arrayValue) attr(string) value { return none }

func arrayVal(a *arrayValue) value { return value{k: kArray, obj: a} }
