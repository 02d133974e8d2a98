package jsoncodec

import (
	"reflect"
	"strconv"
	"sync"
	"unsafe"

	"github.com/nimbus-sdk/nimbus/internal/protocol"
	"github.com/nimbus-sdk/nimbus/internal/protocol/internal/arena"
)

// Names selects how members are named on the wire and which members are
// part of the JSON document.
type Names uint8

const (
	// MemberNames is the awsJson rule: every member is in the document,
	// under its Smithy member name; jsonName and HTTP bindings are
	// ignored.
	MemberNames Names = iota
	// JSONNames is the restJson1 rule: members bound to the body are in
	// the document, under their jsonName when they have one. When
	// decoding, members bound to the query string or URI are read from
	// the body too, since responses do not have those bindings.
	JSONNames
)

// field is one member of a structure as the JSON codec sees it.
type field struct {
	m *protocol.Member
	// prefix is `"name":` with the wire name escaped, ready to append.
	prefix []byte
}

// decField is a member the decoder reads, with its offset in the struct.
type decField struct {
	m      *protocol.Member
	offset uintptr
}

// structInfo is the JSON view of a structure plan for one naming rule.
type structInfo struct {
	enc []field
	dec map[string]*decField
}

type infoKey struct {
	sp    *protocol.Struct
	names Names
}

var infos sync.Map // infoKey -> *structInfo

func wireName(m *protocol.Member, names Names) string {
	if names == JSONNames && m.JSONName != "" {
		return m.JSONName
	}
	return m.Name
}

func structInfoOf(sp *protocol.Struct, names Names) *structInfo {
	k := infoKey{sp, names}
	if si, ok := infos.Load(k); ok {
		return si.(*structInfo)
	}
	si := &structInfo{dec: make(map[string]*decField, len(sp.Members))}
	for _, m := range sp.Members {
		name := wireName(m, names)
		enc, dec := true, true
		if names == JSONNames {
			switch m.Location {
			case protocol.LocBody:
			case protocol.LocQuery, protocol.LocQueryMap, protocol.LocURI:
				enc = false
			default:
				enc, dec = false, false
			}
		}
		if m.Kind == protocol.KindStream || m.GoName == "ErrorCodeOverride" ||
			m.Location == protocol.LocEventHeader || m.Location == protocol.LocEventPayload {
			enc, dec = false, false
		}
		if enc {
			p := AppendString(nil, name)
			si.enc = append(si.enc, field{m: m, prefix: append(p, ':')})
		}
		if dec {
			if _, taken := si.dec[name]; !taken || m.Location == protocol.LocBody {
				si.dec[name] = &decField{m: m, offset: sp.Type.Field(m.Index).Offset}
			}
		}
	}
	v, _ := infos.LoadOrStore(k, si)
	return v.(*structInfo)
}

// variant is one member of a union as the JSON codec sees it.
type variant struct {
	uv   *protocol.UnionVariant
	name string
	// prefix is `{"name":`.
	prefix []byte
	// id indexes the decoder's slabs.
	id int
	// itab is the interface table word of a union interface value holding
	// a pointer to this variant (set when the pointer implements it).
	itab unsafe.Pointer
	// offset is the offset of the variant's Value field; size the size of
	// the variant struct and block the array type slabs are made of.
	offset, size uintptr
	block        reflect.Type
	// next chains variants whose names share a slot of unionInfo.slots.
	next *variant
}

type unionInfo struct {
	variants []*variant
	// slots finds a variant by wire name: see nameSlot.
	slots [32]*variant
	byUV  map[*protocol.UnionVariant]*variant
	// unknown is the Go type used for members this client does not know,
	// when it implements the union interface.
	unknown bool
}

type unionKey struct {
	iface reflect.Type
	names Names
}

var (
	unionInfos sync.Map // unionKey -> *unionInfo
	variantMu  sync.Mutex
	variantIDs int
)

var unknownType = reflect.TypeFor[*protocol.UnknownUnionMember]()

func unionInfoOf(iface reflect.Type, names Names) *unionInfo {
	k := unionKey{iface, names}
	if ui, ok := unionInfos.Load(k); ok {
		return ui.(*unionInfo)
	}
	ui := &unionInfo{byUV: map[*protocol.UnionVariant]*variant{}, unknown: unknownType.Implements(iface)}
	all, _ := protocol.UnionVariants(iface)
	variantMu.Lock()
	for name := range all {
		uv := protocol.UnionVariantByName(iface, name)
		if uv == nil || ui.byUV[uv] != nil {
			continue
		}
		wn := uv.Name
		if names == JSONNames && uv.Value.JSONName != "" {
			wn = uv.Value.JSONName
		}
		p := append([]byte{'{'}, AppendString(nil, wn)...)
		v := &variant{uv: uv, name: wn, prefix: append(p, ':'), id: variantIDs,
			offset: uv.Struct.Type.Field(uv.Value.Index).Offset, size: uv.Struct.Type.Size(),
			block: arena.Block(uv.Struct.Type)}
		if uv.PtrImpl {
			iv := reflect.New(iface).Elem()
			iv.Set(reflect.New(uv.Struct.Type))
			v.itab = (*[2]unsafe.Pointer)(iv.Addr().UnsafePointer())[0]
		}
		variantIDs++
		ui.variants = append(ui.variants, v)
		ui.byUV[uv] = v
		slot := &ui.slots[nameSlot(wn)]
		v.next, *slot = *slot, v
	}
	variantMu.Unlock()
	got, _ := unionInfos.LoadOrStore(k, ui)
	return got.(*unionInfo)
}

// lookup returns the variant with wire name name, or nil.
func (ui *unionInfo) lookup(name []byte) *variant {
	for v := ui.slots[nameSlot(name)]; v != nil; v = v.next {
		if v.name == string(name) {
			return v
		}
	}
	return nil
}

// nameSlot hashes a union member name to a slot of unionInfo.slots from
// its length and first and last bytes, which tells apart the short names
// of DynamoDB's AttributeValue (S, N, SS, NULL, BOOL, ...).
func nameSlot[T string | []byte](name T) int {
	n := len(name)
	if n == 0 {
		return 0
	}
	return (n*7 + int(name[0])*3 + int(name[n-1])) & 31
}

// isDocument reports whether a union-kind position is a Smithy document
// (the empty interface) rather than a registered union.
func isDocument(t reflect.Type) bool {
	return t.Kind() == reflect.Interface && t.NumMethod() == 0
}

func errorf(path string, err error) error {
	if path == "" {
		return err
	}
	return &pathError{path: path, err: err}
}

// pathError prefixes an error with the member path where it happened.
type pathError struct {
	path string
	err  error
}

func (e *pathError) Error() string { return e.path + ": " + e.err.Error() }
func (e *pathError) Unwrap() error { return e.err }

func quote(s string) string { return strconv.Quote(s) }
