package codegen

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"sort"
	"strings"
)

// Model is a Smithy JSON AST model.
type Model struct {
	Shapes map[string]*Shape
}

// Shape is one shape of a model. Members keep the order of the model file.
type Shape struct {
	ID         string
	Type       string
	Members    []*Member
	Member     *Member // list, set
	Key        *Member // map
	Value      *Member // map
	Traits     Traits
	Input      string
	Output     string
	Errors     []string
	Operations []string
	Resources  []string
	Version    string
	// Resource lifecycle operations.
	Create, Put, Read, Update, Delete, List string
	CollectionOperations                    []string
}

// Member is a structure, union, list or map member.
type Member struct {
	Name   string
	Target string
	Traits Traits
}

// Traits maps trait ids to their raw JSON values.
type Traits map[string]json.RawMessage

// Has reports whether the trait is present.
func (t Traits) Has(id string) bool { _, ok := t[id]; return ok }

// String returns a string trait's value, or "".
func (t Traits) String(id string) string {
	raw, ok := t[id]
	if !ok {
		return ""
	}
	var s string
	if json.Unmarshal(raw, &s) != nil {
		return ""
	}
	return s
}

// Decode unmarshals a trait into v, reporting whether it was present.
func (t Traits) Decode(id string, v any) bool {
	raw, ok := t[id]
	if !ok {
		return false
	}
	if err := json.Unmarshal(raw, v); err != nil {
		panic(fmt.Sprintf("trait %s: %v", id, err))
	}
	return true
}

type rawRef struct {
	Target string `json:"target"`
}

type rawMember struct {
	Target string `json:"target"`
	Traits Traits `json:"traits"`
}

type rawShape struct {
	Type                 string          `json:"type"`
	Members              json.RawMessage `json:"members"`
	Member               *rawMember      `json:"member"`
	Key                  *rawMember      `json:"key"`
	Value                *rawMember      `json:"value"`
	Traits               Traits          `json:"traits"`
	Input                *rawRef         `json:"input"`
	Output               *rawRef         `json:"output"`
	Errors               []rawRef        `json:"errors"`
	Operations           []rawRef        `json:"operations"`
	Resources            []rawRef        `json:"resources"`
	Version              string          `json:"version"`
	Create               *rawRef         `json:"create"`
	Put                  *rawRef         `json:"put"`
	Read                 *rawRef         `json:"read"`
	Update               *rawRef         `json:"update"`
	Delete               *rawRef         `json:"delete"`
	List                 *rawRef         `json:"list"`
	CollectionOperations []rawRef        `json:"collectionOperations"`
}

// LoadModel reads a Smithy JSON AST file.
func LoadModel(path string) (*Model, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	var doc struct {
		Shapes map[string]rawShape `json:"shapes"`
	}
	if err := json.Unmarshal(data, &doc); err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	m := &Model{Shapes: make(map[string]*Shape, len(doc.Shapes))}
	for id, rs := range doc.Shapes {
		s := &Shape{ID: id, Type: rs.Type, Traits: rs.Traits, Version: rs.Version}
		if s.Traits == nil {
			s.Traits = Traits{}
		}
		if len(rs.Members) > 0 {
			members, err := orderedMembers(rs.Members)
			if err != nil {
				return nil, fmt.Errorf("%s: %w", id, err)
			}
			s.Members = members
		}
		s.Member = toMember("member", rs.Member)
		s.Key = toMember("key", rs.Key)
		s.Value = toMember("value", rs.Value)
		s.Input = ref(rs.Input)
		s.Output = ref(rs.Output)
		s.Create, s.Put, s.Read = ref(rs.Create), ref(rs.Put), ref(rs.Read)
		s.Update, s.Delete, s.List = ref(rs.Update), ref(rs.Delete), ref(rs.List)
		for _, r := range rs.Errors {
			s.Errors = append(s.Errors, r.Target)
		}
		for _, r := range rs.Operations {
			s.Operations = append(s.Operations, r.Target)
		}
		for _, r := range rs.Resources {
			s.Resources = append(s.Resources, r.Target)
		}
		for _, r := range rs.CollectionOperations {
			s.CollectionOperations = append(s.CollectionOperations, r.Target)
		}
		m.Shapes[id] = s
	}
	return m, nil
}

func ref(r *rawRef) string {
	if r == nil {
		return ""
	}
	return r.Target
}

func toMember(name string, rm *rawMember) *Member {
	if rm == nil {
		return nil
	}
	t := rm.Traits
	if t == nil {
		t = Traits{}
	}
	return &Member{Name: name, Target: rm.Target, Traits: t}
}

// orderedMembers decodes a JSON object of members keeping key order.
func orderedMembers(raw json.RawMessage) ([]*Member, error) {
	dec := json.NewDecoder(bytes.NewReader(raw))
	if _, err := dec.Token(); err != nil {
		return nil, err
	}
	var out []*Member
	for dec.More() {
		tok, err := dec.Token()
		if err != nil {
			return nil, err
		}
		var rm rawMember
		if err := dec.Decode(&rm); err != nil {
			return nil, err
		}
		out = append(out, toMember(tok.(string), &rm))
	}
	return out, nil
}

// Service returns the model's single service shape.
func (m *Model) Service() (*Shape, error) {
	var svc *Shape
	for _, s := range m.Shapes {
		if s.Type == "service" {
			if svc != nil {
				return nil, fmt.Errorf("model has more than one service: %s and %s", svc.ID, s.ID)
			}
			svc = s
		}
	}
	if svc == nil {
		return nil, fmt.Errorf("model has no service shape")
	}
	return svc, nil
}

// Operations returns the ids of every operation bound to svc, directly or
// through resources, sorted by name.
func (m *Model) Operations(svc *Shape) []string {
	seen := map[string]bool{}
	var walk func(s *Shape)
	add := func(id string) {
		if id != "" {
			seen[id] = true
		}
	}
	walk = func(s *Shape) {
		for _, id := range s.Operations {
			add(id)
		}
		for _, id := range []string{s.Create, s.Put, s.Read, s.Update, s.Delete, s.List} {
			add(id)
		}
		for _, id := range s.CollectionOperations {
			add(id)
		}
		for _, r := range s.Resources {
			if rs := m.Shapes[r]; rs != nil {
				walk(rs)
			}
		}
	}
	walk(svc)
	ids := make([]string, 0, len(seen))
	for id := range seen {
		ids = append(ids, id)
	}
	sort.Slice(ids, func(i, j int) bool { return shapeName(ids[i]) < shapeName(ids[j]) })
	return ids
}

// Shape returns the shape with id, resolving prelude shapes.
func (m *Model) Shape(id string) *Shape {
	if s, ok := m.Shapes[id]; ok {
		return s
	}
	if strings.HasPrefix(id, "smithy.api#") {
		return preludeShape(id)
	}
	return nil
}

var preludeTypes = map[string]string{
	"String": "string", "Blob": "blob", "Boolean": "boolean", "PrimitiveBoolean": "boolean",
	"Byte": "byte", "PrimitiveByte": "byte", "Short": "short", "PrimitiveShort": "short",
	"Integer": "integer", "PrimitiveInteger": "integer", "Long": "long", "PrimitiveLong": "long",
	"Float": "float", "PrimitiveFloat": "float", "Double": "double", "PrimitiveDouble": "double",
	"BigInteger": "bigInteger", "BigDecimal": "bigDecimal", "Timestamp": "timestamp",
	"Document": "document", "Unit": "structure",
}

var preludeCache = map[string]*Shape{}

func preludeShape(id string) *Shape {
	if s, ok := preludeCache[id]; ok {
		return s
	}
	typ, ok := preludeTypes[shapeName(id)]
	if !ok {
		return nil
	}
	s := &Shape{ID: id, Type: typ, Traits: Traits{}}
	if strings.HasPrefix(shapeName(id), "Primitive") {
		s.Traits["smithy.api#default"] = json.RawMessage(`0`)
		if typ == "boolean" {
			s.Traits["smithy.api#default"] = json.RawMessage(`false`)
		}
	}
	preludeCache[id] = s
	return s
}

// shapeName returns the name part of a shape id ("ns#Name" → "Name").
func shapeName(id string) string {
	if i := strings.IndexByte(id, '#'); i >= 0 {
		id = id[i+1:]
	}
	if i := strings.IndexByte(id, '$'); i >= 0 {
		id = id[:i]
	}
	return id
}
