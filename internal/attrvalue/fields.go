package attrvalue

import (
	"reflect"
	"slices"
	"strings"
)

// DefaultTagKey is the struct tag always read.
const DefaultTagKey = "dynamodbav"

// tagOpts are the options of a `dynamodbav` tag, as bits.
type tagOpts uint16

const (
	tagOmitEmpty tagOpts = 1 << iota
	tagOmitEmptyElem
	tagNullEmpty
	tagNullEmptyElem
	tagAsString
	tagBinSet
	tagNumSet
	tagStrSet
	tagUnixTime
)

func (t tagOpts) has(o tagOpts) bool { return t&o != 0 }

// elem returns the options for the elements of a map, slice or array
// field: omitemptyelem becomes omitempty (and stays omitemptyelem, so a
// nested nil pointer is omitted too) and nullemptyelem becomes nullempty.
func (t tagOpts) elem() tagOpts {
	var o tagOpts
	if t.has(tagOmitEmptyElem) {
		o |= tagOmitEmpty | tagOmitEmptyElem
	}
	if t.has(tagNullEmptyElem) {
		o |= tagNullEmpty
	}
	return o
}

type parsedTag struct {
	name   string
	ignore bool
	opts   tagOpts
}

// parse applies one tag string: its name part replaces the name (and "-"
// ignores the field), its options add to those already set.
func (p *parsedTag) parse(s string) {
	name, rest, _ := strings.Cut(s, ",")
	if name == "-" {
		p.name, p.ignore = "", true
	} else {
		p.name, p.ignore = name, false
	}
	for rest != "" {
		var opt string
		opt, rest, _ = strings.Cut(rest, ",")
		switch opt {
		case "omitempty":
			p.opts |= tagOmitEmpty
		case "omitemptyelem":
			p.opts |= tagOmitEmptyElem
		case "nullempty":
			p.opts |= tagNullEmpty
		case "nullemptyelem":
			p.opts |= tagNullEmptyElem
		case "string":
			p.opts |= tagAsString
		case "binaryset":
			p.opts |= tagBinSet
		case "numberset":
			p.opts |= tagNumSet
		case "stringset":
			p.opts |= tagStrSet
		case "unixtime":
			p.opts |= tagUnixTime
		}
	}
}

// parseFieldTag reads the `dynamodbav` tag and then, if tagKey names
// another key, that tag, which wins where both set a name.
func parseFieldTag(st reflect.StructTag, tagKey string) parsedTag {
	var p parsedTag
	if s := st.Get(DefaultTagKey); s != "" {
		p.parse(s)
	}
	if tagKey != "" && tagKey != DefaultTagKey {
		if s := st.Get(tagKey); s != "" {
			p.parse(s)
		}
	}
	return p
}

// structField is one visible field of a struct type.
type structField struct {
	name        string // attribute name
	goName      string // Go field name, for error paths
	nameFromTag bool
	index       []int
	typ         reflect.Type
	opts        tagOpts
}

// visibleFields lists the fields of struct type t that are marshaled, in
// field order, with encoding/json's rules for embedded structs: fields of
// embedded structs (and pointers to structs) are promoted, a shallower
// field hides deeper ones of the same name, a tagged name wins a tie at
// the same depth, and an untagged tie hides all of them.
func visibleFields(t reflect.Type, tagKey string) []structField {
	type scan struct {
		typ   reflect.Type
		index []int
	}
	var fields []structField
	next := []scan{{typ: t}}
	var current []scan
	count, nextCount := map[reflect.Type]int{}, map[reflect.Type]int{}
	visited := map[reflect.Type]bool{}

	for len(next) > 0 {
		current, next = next, current[:0]
		count, nextCount = nextCount, map[reflect.Type]int{}
		for _, s := range current {
			if visited[s.typ] {
				continue
			}
			visited[s.typ] = true
			for i := 0; i < s.typ.NumField(); i++ {
				sf := s.typ.Field(i)
				if !sf.IsExported() && !sf.Anonymous {
					continue
				}
				tag := parseFieldTag(sf.Tag, tagKey)
				if tag.ignore {
					continue
				}
				ft := sf.Type
				if ft.Name() == "" && ft.Kind() == reflect.Pointer {
					ft = ft.Elem()
				}
				if !sf.IsExported() && ft.Kind() != reflect.Struct {
					// An embedded unexported non-struct type has no
					// exported fields to promote and cannot be read.
					continue
				}
				index := append(slices.Clip(s.index), i)
				if !sf.Anonymous || tag.name != "" || ft.Kind() != reflect.Struct {
					f := structField{
						name: sf.Name, goName: sf.Name, index: index, typ: sf.Type, opts: tag.opts,
					}
					if tag.name != "" {
						f.name, f.nameFromTag = tag.name, true
					}
					fields = append(fields, f)
					if count[s.typ] > 1 {
						// Embedded twice at this depth: a second copy makes
						// the dominance step below drop the name.
						fields = append(fields, f)
					}
					continue
				}
				nextCount[ft]++
				if nextCount[ft] == 1 {
					next = append(next, scan{typ: ft, index: index})
				}
			}
		}
	}

	slices.SortStableFunc(fields, func(a, b structField) int {
		if c := strings.Compare(a.name, b.name); c != 0 {
			return c
		}
		if len(a.index) != len(b.index) {
			return len(a.index) - len(b.index)
		}
		if a.nameFromTag != b.nameFromTag {
			if a.nameFromTag {
				return -1
			}
			return 1
		}
		return compareIndex(a.index, b.index)
	})
	out := fields[:0]
	for i := 0; i < len(fields); {
		j := i + 1
		for j < len(fields) && fields[j].name == fields[i].name {
			j++
		}
		if f, ok := dominant(fields[i:j]); ok {
			out = append(out, f)
		}
		i = j
	}
	slices.SortFunc(out, func(a, b structField) int { return compareIndex(a.index, b.index) })
	return out
}

// dominant picks the field that wins among fields of one name, sorted by
// depth then tag: the shallowest, tagged one if there is exactly one, else
// the only one at that depth; otherwise none.
func dominant(fs []structField) (structField, bool) {
	depth := len(fs[0].index)
	tagged := -1
	for i, f := range fs {
		if len(f.index) > depth {
			fs = fs[:i]
			break
		}
		if f.nameFromTag {
			if tagged >= 0 {
				return structField{}, false
			}
			tagged = i
		}
	}
	if tagged >= 0 {
		return fs[tagged], true
	}
	if len(fs) > 1 {
		return structField{}, false
	}
	return fs[0], true
}

func compareIndex(a, b []int) int {
	for k := range a {
		if k >= len(b) {
			return 1
		}
		if a[k] != b[k] {
			return a[k] - b[k]
		}
	}
	return len(a) - len(b)
}
