package codegen

import (
	"bytes"
	"encoding/json"
	"fmt"
	"sort"
	"strconv"
	"strings"
)

// typeCtx says where a type expression is written: inside the types
// package or the service package.
type typeCtx struct {
	g        *Generator
	inTypes  bool
	w        *fileWriter
	output   bool   // streaming blobs are io.ReadCloser in outputs
	typesPkg string // import path of the types package
}

func (g *Generator) ctx(w *fileWriter, inTypes, output bool) typeCtx {
	return typeCtx{g: g, inTypes: inTypes, w: w, output: output, typesPkg: g.Module + "/types"}
}

// typeName returns the Go name of the structure, union or enum shape id:
// its exported shape name, unless the generator was given another naming
// (see [EmitTypes]).
func (g *Generator) typeName(id string) string {
	if g.goName != nil {
		return g.goName(id)
	}
	return exported(shapeName(id))
}

func (c typeCtx) named(name string) string {
	if c.inTypes {
		return name
	}
	c.w.use(c.typesPkg)
	return "types." + name
}

// isEnum reports whether s is an enum (2.0 enum shape or 1.0 string with
// the enum trait).
func isEnum(s *Shape) bool {
	return s.Type == "enum" || (s.Type == "string" && s.Traits.Has("smithy.api#enum"))
}

// nullable reports whether a member is a pointer (or nil-able) in Go: a
// pointer only where "unset" differs from the zero value. As in
// aws-sdk-go-v2 (Smithy's nullability for clients that predate default
// values), only a zero default makes a value: a member whose default was
// added after release (@addedDefault) or is not the zero value stays a
// pointer, so leaving it unset sends nothing and the service applies its
// own default instead of receiving a zero.
func nullable(m *Member) bool {
	if m.Traits.Has("smithy.api#clientOptional") || m.Traits.Has("smithy.api#addedDefault") {
		return true
	}
	raw, ok := m.Traits["smithy.api#default"]
	if !ok || string(bytes.TrimSpace(raw)) == "null" {
		return true
	}
	switch string(bytes.TrimSpace(raw)) {
	case "0", "false", `""`, "[]", "{}":
		return false
	}
	var f float64
	if json.Unmarshal(raw, &f) == nil && f == 0 {
		return false // 0.0, 0e0
	}
	return true
}

// memberType returns the Go type of a structure member.
func (g *Generator) memberType(m *Member, c typeCtx) string {
	t := g.Model.Shape(m.Target)
	if t == nil {
		g.fail("member %s targets unknown shape %s", m.Name, m.Target)
		return "any"
	}
	base := g.valueType(t, c)
	switch {
	case t.Type == "blob" && t.Traits.Has("smithy.api#streaming"):
		c.w.use("io")
		if c.output {
			return "io.ReadCloser"
		}
		return "io.Reader"
	case isEnum(t), t.Type == "intEnum" && !nullable(m):
		return base
	case t.Type == "list", t.Type == "set", t.Type == "map", t.Type == "blob", t.Type == "union", t.Type == "document":
		return base
	case t.Type == "structure":
		return "*" + base
	}
	if nullable(m) {
		return "*" + base
	}
	return base
}

// elemType returns the Go type of a list element or map value.
func (g *Generator) elemType(m *Member, parent *Shape, c typeCtx) string {
	t := g.Model.Shape(m.Target)
	if t == nil {
		g.fail("member of %s targets unknown shape %s", parent.ID, m.Target)
		return "any"
	}
	base := g.valueType(t, c)
	if parent.Traits.Has("smithy.api#sparse") {
		switch t.Type {
		case "list", "set", "map", "blob", "union", "document":
			return base
		}
		return "*" + base
	}
	return base
}

// valueType returns the Go type of a shape used by value.
func (g *Generator) valueType(t *Shape, c typeCtx) string {
	switch {
	case isEnum(t), t.Type == "intEnum":
		return c.named(c.g.typeName(t.ID))
	}
	switch t.Type {
	case "string":
		return "string"
	case "boolean":
		return "bool"
	case "byte":
		return "int8"
	case "short":
		return "int16"
	case "integer":
		return "int32"
	case "long":
		return "int64"
	case "float":
		return "float32"
	case "double":
		return "float64"
	case "bigInteger":
		c.w.use("math/big")
		return "*big.Int"
	case "bigDecimal":
		c.w.use("math/big")
		return "*big.Float"
	case "timestamp":
		c.w.use("time")
		return "time.Time"
	case "blob":
		return "[]byte"
	case "document":
		return "any"
	case "list", "set":
		return "[]" + g.elemType(t.Member, t, c)
	case "map":
		return "map[string]" + g.elemType(t.Value, t, c)
	case "structure", "union":
		return c.named(c.g.typeName(t.ID))
	}
	g.fail("shape %s: unsupported type %s", t.ID, t.Type)
	return "any"
}

// memberTags builds the struct tags of member m of container (see
// internal/protocol).
func (g *Generator) memberTags(container *Shape, m *Member, goName string) string {
	t := g.Model.Shape(m.Target)
	var tags []string
	add := func(k, v string) { tags = append(tags, k+":"+strconv.Quote(v)) }
	if goName != m.Name {
		add("name", m.Name)
	}
	tr := m.Traits
	switch {
	case tr.Has("smithy.api#httpHeader"):
		add("location", "header")
		add("locationName", tr.String("smithy.api#httpHeader"))
	case tr.Has("smithy.api#httpPrefixHeaders"):
		add("location", "headers")
		add("locationName", tr.String("smithy.api#httpPrefixHeaders"))
	case tr.Has("smithy.api#httpQuery"):
		add("location", "query")
		add("locationName", tr.String("smithy.api#httpQuery"))
	case tr.Has("smithy.api#httpQueryParams"):
		add("location", "querymap")
	case tr.Has("smithy.api#httpLabel"):
		add("location", "uri")
		add("locationName", m.Name)
	case tr.Has("smithy.api#httpPayload"):
		add("location", "payload")
	case tr.Has("smithy.api#httpResponseCode"):
		add("location", "status")
	case tr.Has("smithy.api#eventHeader"):
		add("location", "eventheader")
	case tr.Has("smithy.api#eventPayload"):
		add("location", "eventpayload")
	}
	if tr.Has("smithy.api#hostLabel") {
		add("hostLabel", "true")
	}
	var cp struct {
		Name string `json:"name"`
	}
	// Only parameters the endpoint rules read make a member endpoint-bound
	// (see resourceMembers).
	if tr.Decode("smithy.rules#contextParam", &cp) && cp.Name != "" && g.ruleReads(cp.Name) {
		add("contextParam", cp.Name)
	}
	if t != nil && t.Type == "blob" && t.Traits.Has("smithy.api#streaming") {
		add("streaming", "true")
	}
	if v := tr.String("smithy.api#xmlName"); v != "" {
		add("xmlName", v)
	}
	if tr.Has("smithy.api#xmlAttribute") {
		add("xmlAttribute", "true")
	}
	if tr.Has("smithy.api#xmlFlattened") {
		add("xmlFlattened", "true")
	}
	if ns := xmlNamespace(tr); ns != "" {
		add("xmlNamespace", ns)
	}
	if isSparse(t) {
		add("sparse", "true")
	}
	if t != nil {
		g.nestedTags(t, "", add, 0)
	}
	if v := tr.String("smithy.api#jsonName"); v != "" {
		add("jsonName", v)
	}
	if v := tr.String("aws.protocols#ec2QueryName"); v != "" {
		add("ec2QueryName", v)
	}
	if tr.Has("smithy.api#httpHeader") {
		// A header holding a document with a media type travels base64
		// encoded (restJson1 reads the tag).
		mt := tr.String("smithy.api#mediaType")
		if mt == "" && t != nil {
			mt = t.Traits.String("smithy.api#mediaType")
		}
		if mt != "" {
			add("mediaType", mt)
		}
	}
	ts := tr.String("smithy.api#timestampFormat")
	if ts == "" && t != nil {
		ts = t.Traits.String("smithy.api#timestampFormat")
	}
	if ts != "" {
		add("timestampFormat", ts)
	}
	if tr.Has("smithy.api#idempotencyToken") {
		add("idempotencyToken", "true")
	}
	if tr.Has("smithy.api#required") {
		add("required", "true")
	}
	if tr.Has(valueMemberTrait) && !tr.Has("smithy.api#required") {
		// A required one is always sent, zero included (ChangeMessageVisibility's
		// VisibilityTimeout of 0 makes a message visible at once).
		add("omitZero", "true")
	}
	if g.sensitiveMember(container, m) {
		add("sensitive", "true")
	}
	if len(tags) == 0 {
		return ""
	}
	return "`" + strings.Join(tags, " ") + "`"
}

// nestedTags adds the tags of the traits of t's list member or map key
// and value, and recursively of theirs: memberXmlName, keyXmlName and
// valueXmlName for the element names of a member's own collection, and the
// dotted keys of the tag contract (member.xmlNamespace,
// value.member.xmlName, member.timestampFormat...) for the rest.
func (g *Generator) nestedTags(t *Shape, prefix string, add func(k, v string), depth int) {
	if depth > 16 {
		g.fail("shape %s: collections nested too deep", t.ID)
		return
	}
	elem := func(m *Member, part string) {
		if m == nil {
			return
		}
		if v := m.Traits.String("smithy.api#xmlName"); v != "" {
			if prefix == "" {
				add(part+"XmlName", v)
			} else {
				add(prefix+part+".xmlName", v)
			}
		}
		if ns := xmlNamespace(m.Traits); ns != "" {
			add(prefix+part+".xmlNamespace", ns)
		}
		target := g.Model.Shape(m.Target)
		if target == nil {
			return
		}
		ts := m.Traits.String("smithy.api#timestampFormat")
		if ts == "" {
			ts = target.Traits.String("smithy.api#timestampFormat")
		}
		if ts != "" && target.Type == "timestamp" {
			add(prefix+part+".timestampFormat", ts)
		}
		if isSparse(target) {
			add(prefix+part+".sparse", "true")
		}
		g.nestedTags(target, prefix+part+".", add, depth+1)
	}
	switch t.Type {
	case "list", "set":
		elem(t.Member, "member")
	case "map":
		elem(t.Key, "key")
		elem(t.Value, "value")
	}
}

// isSparse reports whether t is a list or map with smithy.api#sparse,
// whose null members the codecs must keep (the sparse tag).
func isSparse(t *Shape) bool {
	if t == nil || !t.Traits.Has("smithy.api#sparse") {
		return false
	}
	switch t.Type {
	case "list", "set", "map":
		return true
	}
	return false
}

func xmlNamespace(tr Traits) string {
	var ns struct {
		URI    string `json:"uri"`
		Prefix string `json:"prefix"`
	}
	if !tr.Decode("smithy.api#xmlNamespace", &ns) {
		return ""
	}
	if ns.Prefix != "" {
		return ns.URI + " " + ns.Prefix
	}
	return ns.URI
}

// shapeTags builds the tags of a structure's blank shape field.
func (g *Generator) shapeTags(s *Shape, extra ...string) string {
	tags := []string{"shape:" + strconv.Quote(shapeName(s.ID))}
	if v := s.Traits.String("smithy.api#xmlName"); v != "" {
		tags = append(tags, "xmlName:"+strconv.Quote(v))
	}
	if ns := xmlNamespace(s.Traits); ns != "" {
		tags = append(tags, "xmlNamespace:"+strconv.Quote(ns))
	}
	if v := s.Traits.String("smithy.api#error"); v != "" {
		tags = append(tags, "error:"+strconv.Quote(v))
	}
	if raw, ok := s.Traits["smithy.api#httpError"]; ok {
		tags = append(tags, "httpError:"+strconv.Quote(string(raw)))
	}
	var qe struct {
		Code string `json:"code"`
	}
	// The awsQuery codec matches an error with a custom awsQueryError
	// code by that code (see serviceErrors).
	if s.Traits.Has("smithy.api#error") && s.Traits.Decode("aws.protocols#awsQueryError", &qe) && qe.Code != "" && qe.Code != shapeName(s.ID) {
		tags = append(tags, "queryErrorCode:"+strconv.Quote(qe.Code))
	}
	if sensitiveShape(s) {
		tags = append(tags, `sensitive:"true"`)
	}
	tags = append(tags, extra...)
	return "`" + strings.Join(tags, " ") + "`"
}

// writeStruct writes the fields of structure s (its blank shape field and
// members) into w. The caller writes the type line and closing brace.
// fieldName returns the Go field name of member m of s. In error
// structures, members that would clash with the error methods get a
// trailing underscore (a member named "error" becomes Error_).
func fieldName(s *Shape, m *Member) string {
	name := exported(m.Name)
	if s.Traits.Has("smithy.api#error") {
		switch name {
		case "Error", "ErrorCode", "ErrorMessage", "ErrorFault", "ErrorCodeOverride":
			name += "_"
		}
	}
	return name
}

func (g *Generator) writeStructFields(s *Shape, c typeCtx) {
	c.w.p("_ struct{} %s", g.shapeTags(s))
	for _, m := range s.Members {
		if g.eventStreamTarget(m) != nil {
			continue // the operation's stream (GetStream), not a member
		}
		c.w.p("")
		name := fieldName(s, m)
		doc := m.Traits.String("smithy.api#documentation")
		if doc == "" {
			if t := g.Model.Shape(m.Target); t != nil {
				doc = t.Traits.String("smithy.api#documentation")
			}
		}
		writeDoc(c.w, "", doc, name+" is the "+m.Name+" member of "+shapeName(s.ID)+".")
		if m.Traits.Has("smithy.api#required") {
			c.w.p("//")
			c.w.p("// This member is required.")
		} else if m.Traits.Has(valueMemberTrait) {
			c.w.p("//")
			c.w.p("// Zero means unset: it is not sent, and the service's default applies.")
		}
		if g.sensitiveMember(s, m) {
			c.w.p("//")
			c.w.p("// This member is sensitive: logs show REDACTED instead of its value.")
		}
		if m.Traits.Has("smithy.api#deprecated") {
			c.w.p("//")
			c.w.p("// Deprecated: This member has been deprecated.")
		}
		c.w.p("%s %s %s", name, g.memberType(m, c), g.memberTags(s, m, name))
	}
}

// typeShapes returns the structure, union, enum and intEnum shapes that go
// into the types package, sorted by name: everything reachable from
// operation inputs, outputs and errors, except the inputs and outputs
// themselves.
func (g *Generator) typeShapes() []*Shape {
	if g.typesUse == nil {
		g.typesUse = map[string]bool{}
		visit := g.reachTypes
		for _, opID := range g.operations() {
			op := g.Model.Shape(opID)
			for _, id := range []string{op.Input, op.Output} {
				if s := g.Model.Shape(id); s != nil {
					for _, m := range s.Members {
						visit(m.Target)
					}
				}
			}
			for _, e := range op.Errors {
				visit(e)
			}
		}
		for _, e := range g.Service.Errors {
			visit(e)
		}
	}
	var out []*Shape
	for id := range g.typesUse {
		out = append(out, g.Model.Shape(id))
	}
	sort.Slice(out, func(i, j int) bool { return shapeName(out[i].ID) < shapeName(out[j].ID) })
	return out
}

// reachTypes adds shape id to g.typesUse when it is a structure, union or
// enum, and everything its members reach; it records the map shapes it
// passes in g.mapShapes.
func (g *Generator) reachTypes(id string) {
	s := g.Model.Shape(id)
	if s == nil || g.typesUse[id] {
		return
	}
	switch s.Type {
	case "structure", "union":
		g.typesUse[id] = true
		for _, m := range s.Members {
			g.reachTypes(m.Target)
		}
	case "list", "set":
		g.reachTypes(s.Member.Target)
	case "map":
		g.mapShapes = append(g.mapShapes, s)
		g.reachTypes(s.Key.Target)
		g.reachTypes(s.Value.Target)
	default:
		if isEnum(s) || s.Type == "intEnum" {
			g.typesUse[id] = true
		}
	}
}

func (g *Generator) genTypes() {
	types := newFile("types")
	enums := newFile("types")
	errs := newFile("types")
	g.writeTypes(g.typeShapes(), nil, types, enums, errs)
	g.addGo("types/types.go", types)
	if enums.body.Len() > 0 {
		g.addGo("types/enums.go", enums)
	}
	if errs.body.Len() > 0 {
		g.addGo("types/errors.go", errs)
	}
}

// writeTypes declares the structure, union, enum and intEnum shapes in
// shapes (structures into types, enums into enums, errors into errs,
// which may be the same writer), registers the map types of g.mapShapes
// and the unions' variants, and declares UnknownUnionMember when there are
// unions. The structures in outputs are decoded from responses: their
// streaming blobs are io.ReadCloser.
func (g *Generator) writeTypes(shapes []*Shape, outputs map[string]bool, types, enums, errs *fileWriter) {
	var unions []*Shape
	for _, s := range shapes {
		name := g.typeName(s.ID)
		doc := s.Traits.String("smithy.api#documentation")
		switch {
		case isEnum(s):
			g.genEnum(enums, s, name, doc)
		case s.Type == "intEnum":
			g.genIntEnum(enums, s, name, doc)
		case s.Type == "structure" && s.Traits.Has("smithy.api#error"):
			g.genError(errs, s, name, doc)
		case s.Type == "structure":
			c := g.ctx(types, true, outputs[s.ID])
			writeDoc(types, "", doc, name+" is a data type of the "+g.sdkID+" API.")
			types.p("type %s struct {", name)
			g.writeStructFields(s, c)
			types.p("}")
			types.p("")
		case s.Type == "union":
			unions = append(unions, s)
			g.genUnion(types, s, name, doc)
		}
	}
	g.genMapRegistrations(types)
	if len(unions) > 0 {
		types.use("reflect")
		types.use(g.Root + "/internal/protocol")
		types.p("func init() {")
		for _, s := range unions {
			name := g.typeName(s.ID)
			types.p("protocol.RegisterUnion(reflect.TypeFor[%s](), map[string]reflect.Type{", name)
			for _, m := range g.unionMembers(s) {
				types.p("%q: reflect.TypeFor[%sMember%s](),", m.Name, name, exported(m.Name))
			}
			types.p("})")
		}
		unknown := g.unknownUnionName()
		types.p("protocol.RegisterUnknownUnionMember(reflect.TypeFor[%s](),", unknown)
		for _, s := range unions {
			types.p("reflect.TypeFor[%s](),", g.typeName(s.ID))
		}
		types.p(")")
		types.p("}")
		types.p("")
		types.p("// %s is returned when a union member is returned over the wire,", unknown)
		types.p("// but has an unknown tag. It satisfies every union interface of this package.")
		types.p("type %s struct {", unknown)
		types.p("// Tag is the member name on the wire.")
		types.p("Tag string")
		types.p("// Value is the raw encoded member value.")
		types.p("Value []byte")
		types.p("}")
		for _, s := range unions {
			types.p("")
			types.p("func (*%s) is%s() {}", unknown, g.typeName(s.ID))
		}
	}
}

// unknownUnionName is the Go name of the type that holds union members
// this client does not know: UnknownUnionMember, unless [EmitTypes] was
// asked for another.
func (g *Generator) unknownUnionName() string {
	if g.unknownUnion != "" {
		return g.unknownUnion
	}
	return "UnknownUnionMember"
}

func (g *Generator) genUnion(w *fileWriter, s *Shape, name, doc string) {
	c := g.ctx(w, true, false)
	writeDoc(w, "", doc, name+" is a union of the "+g.sdkID+" API.")
	w.p("//")
	w.p("// The following types satisfy this interface:")
	members := g.unionMembers(s)
	for _, m := range members {
		w.p("//   - [%sMember%s]", name, exported(m.Name))
	}
	if len(members) < len(s.Members) {
		w.p("//")
		w.p("// It is an event stream: its error members arrive as errors, not as events.")
	}
	w.p("type %s interface {", name)
	w.p("is%s()", name)
	w.p("}")
	w.p("")
	for _, m := range members {
		vname := name + "Member" + exported(m.Name)
		mdoc := m.Traits.String("smithy.api#documentation")
		writeDoc(w, "", mdoc, vname+" is the "+m.Name+" member of the "+name+" union.")
		w.p("type %s struct {", vname)
		w.p("_ struct{} `shape:%q union:\"true\"`", shapeName(s.ID))
		w.p("")
		w.p("// Value is the member's value.")
		tags := g.memberTags(s, m, "Value")
		if !strings.Contains(tags, "name:") {
			if tags == "" {
				tags = fmt.Sprintf("`name:%q`", m.Name)
			} else {
				tags = fmt.Sprintf("`name:%q %s", m.Name, tags[1:])
			}
		}
		w.p("Value %s %s", g.elemType(m, s, c), tags)
		w.p("}")
		w.p("")
		w.p("func (*%s) is%s() {}", vname, name)
		w.p("")
	}
}

// unionMembers returns the members of union s that are variants: all of
// them, except in an event stream (@streaming), whose members targeting
// error structures are exceptions the stream returns as errors.
func (g *Generator) unionMembers(s *Shape) []*Member {
	if !s.Traits.Has("smithy.api#streaming") {
		return s.Members
	}
	var out []*Member
	for _, m := range s.Members {
		if t := g.Model.Shape(m.Target); t == nil || !t.Traits.Has("smithy.api#error") {
			out = append(out, m)
		}
	}
	return out
}

type enumValue struct {
	Const, Value, Doc string
}

func (g *Generator) enumValues(s *Shape, name string) []enumValue {
	var vals []enumValue
	if s.Type == "enum" {
		for _, m := range s.Members {
			v := m.Traits.String("smithy.api#enumValue")
			if v == "" {
				v = m.Name
			}
			vals = append(vals, enumValue{enumConstName(name, m.Name), v, m.Traits.String("smithy.api#documentation")})
		}
		return vals
	}
	var defs []struct {
		Value, Name, Documentation string
	}
	s.Traits.Decode("smithy.api#enum", &defs)
	for _, d := range defs {
		n := d.Name
		if n == "" {
			n = d.Value
		}
		vals = append(vals, enumValue{enumConstName(name, n), d.Value, d.Documentation})
	}
	return vals
}

func (g *Generator) genEnum(w *fileWriter, s *Shape, name, doc string) {
	writeDoc(w, "", doc, name+" is an enumeration of the "+g.sdkID+" API.")
	w.p("type %s string", name)
	w.p("")
	vals := g.enumValues(s, name)
	w.p("// Enum values for %s.", name)
	w.p("const (")
	seen := map[string]bool{}
	for _, v := range vals {
		if seen[v.Const] {
			continue
		}
		seen[v.Const] = true
		w.p("%s %s = %q", v.Const, name, v.Value)
	}
	w.p(")")
	w.p("")
	w.p("// Values returns every known value of %s. The list may grow as the", name)
	w.p("// service adds values; unknown values are still accepted and returned.")
	w.p("func (%s) Values() []%s {", name, name)
	w.p("return []%s{", name)
	for _, v := range vals {
		w.p("%q,", v.Value)
	}
	w.p("}")
	w.p("}")
	w.p("")
}

func (g *Generator) genIntEnum(w *fileWriter, s *Shape, name, doc string) {
	writeDoc(w, "", doc, name+" is an integer enumeration of the "+g.sdkID+" API.")
	w.p("type %s int32", name)
	w.p("")
	w.p("// Enum values for %s.", name)
	w.p("const (")
	for _, m := range s.Members {
		var v json.Number
		m.Traits.Decode("smithy.api#enumValue", &v)
		w.p("%s %s = %s", enumConstName(name, m.Name), name, v)
	}
	w.p(")")
	w.p("")
}

func (g *Generator) genError(w *fileWriter, s *Shape, name, doc string) {
	w.use("fmt")
	w.use("github.com/aws/smithy-go")
	c := g.ctx(w, true, false)
	writeDoc(w, "", doc, name+" is an error of the "+g.sdkID+" API.")
	w.p("type %s struct {", name)
	g.writeStructFields(s, c)
	hasMessage := false
	for _, m := range s.Members {
		if exported(m.Name) == "Message" {
			hasMessage = true
		}
	}
	if !hasMessage {
		// Services send a message with every error even when the model
		// does not declare one; keep it.
		w.p("")
		w.p("// Message is the error message the service sent.")
		w.p("Message *string")
	}
	code := g.errorCode(s)
	w.p("")
	w.p("// ErrorCodeOverride is the error code the service sent, when it differs from %q.", code)
	w.p("ErrorCodeOverride *string")
	w.p("}")
	w.p("")
	w.p("// Error returns the code and message.")
	w.p("func (e *%s) Error() string {", name)
	w.p("return fmt.Sprintf(\"%s: %s\", e.ErrorCode(), e.ErrorMessage())")
	w.p("}")
	w.p("")
	w.p("// ErrorMessage returns the message the service sent, if any.")
	w.p("func (e *%s) ErrorMessage() string {", name)
	{
		msgType := "*string"
		for _, m := range s.Members {
			if exported(m.Name) == "Message" {
				msgType = g.memberType(m, c)
			}
		}
		if msgType == "*string" {
			w.p("if e.Message == nil { return \"\" }")
			w.p("return *e.Message")
		} else {
			w.p("return string(e.Message)")
		}
	}
	w.p("}")
	w.p("")
	w.p("// ErrorCode returns the error code.")
	w.p("func (e *%s) ErrorCode() string {", name)
	w.p("if e.ErrorCodeOverride != nil { return *e.ErrorCodeOverride }")
	w.p("return %q", code)
	w.p("}")
	w.p("")
	fault := "smithy.FaultClient"
	if s.Traits.String("smithy.api#error") == "server" {
		fault = "smithy.FaultServer"
	}
	w.p("// ErrorFault reports whether the client or the server is at fault.")
	w.p("func (e *%s) ErrorFault() smithy.ErrorFault { return %s }", name, fault)
	w.p("")
}

// errorCode returns the code error shape s is sent with, which its
// ErrorCode method reports: the custom code of its awsQueryError trait on
// an awsQuery service (RDS sends DBInstanceNotFoundFault as
// "DBInstanceNotFound", and waiters' errorType matchers name that code),
// else its shape name. awsQueryCompatible JSON services (SQS) send the
// shape name and the custom code in a header, which the codec puts in
// ErrorCodeOverride. aws-sdk-go-v2 reports the same codes.
func (g *Generator) errorCode(s *Shape) string {
	if code := queryErrorCode(s); code != "" && g.protocol() == "awsQuery" {
		return code
	}
	return shapeName(s.ID)
}

// genMapRegistrations registers a typed setter for every map type of the
// service, so that decoders fill maps without reflect.Value.SetMapIndex.
func (g *Generator) genMapRegistrations(w *fileWriter) {
	seen := map[string]bool{}
	var types []string
	for _, m := range g.mapShapes {
		t := g.valueType(m, g.ctx(w, true, false))
		if !seen[t] {
			seen[t] = true
			types = append(types, t)
		}
	}
	if len(types) == 0 {
		return
	}
	sort.Strings(types)
	w.use(g.Root + "/internal/protocol")
	w.p("func init() {")
	for _, t := range types {
		w.p("protocol.RegisterMap[%s]()", t)
	}
	w.p("}")
	w.p("")
}
