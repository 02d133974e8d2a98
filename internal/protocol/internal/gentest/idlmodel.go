package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/nimbus-sdk/nimbus/internal/codegen"
)

// This file builds a codegen.Model from the files idl.go parses.

// loadIDL reads the .smithy files of paths into a model: a file, or each
// .smithy file of a directory (not of its subfolders).
func loadIDL(paths ...string) (*codegen.Model, error) {
	var files []*idlFile
	for _, path := range paths {
		names := []string{path}
		if st, err := os.Stat(path); err != nil {
			return nil, err
		} else if st.IsDir() {
			names, _ = filepath.Glob(filepath.Join(path, "*.smithy"))
			slices.Sort(names)
		}
		for _, name := range names {
			src, err := os.ReadFile(name)
			if err != nil {
				return nil, err
			}
			f, err := parseIDL(filepath.ToSlash(name), string(src))
			if err != nil {
				return nil, err
			}
			files = append(files, f)
		}
	}
	b := &modelBuilder{
		m:     &codegen.Model{Shapes: map[string]*codegen.Shape{}},
		decls: map[string]shapeDecl{},
	}
	defined := map[string]bool{}
	var order []string
	for _, f := range files {
		for _, s := range f.shapes {
			id := f.namespace + "#" + s.name
			if defined[id] {
				return nil, fmt.Errorf("%s:%d: shape %s is defined twice", f.name, s.line, id)
			}
			defined[id] = true
			order = append(order, id)
			b.decls[id] = shapeDecl{resolver{f, defined}, s}
		}
	}
	for _, id := range order {
		if _, err := b.build(id, nil); err != nil {
			d := b.decls[id]
			return nil, fmt.Errorf("%s:%d: %v", d.r.f.name, d.s.line, err)
		}
	}
	for _, f := range files {
		r := resolver{f, defined}
		for _, a := range f.applies {
			if err := b.apply(r, a); err != nil {
				return nil, fmt.Errorf("%s: apply %s: %v", f.name, a.target, err)
			}
		}
	}
	return b.m, nil
}

// resolver resolves the relative shape ids of a file: through its use
// statements, then its namespace, then the prelude.
type resolver struct {
	f       *idlFile
	defined map[string]bool
}

func (r resolver) resolve(name string) string {
	if strings.Contains(name, "#") {
		return name
	}
	base, member, _ := strings.Cut(name, "$")
	id := "smithy.api#" + base
	switch {
	case r.f.uses[base] != "":
		id = r.f.uses[base]
	case r.defined[r.f.namespace+"#"+base]:
		id = r.f.namespace + "#" + base
	}
	if member != "" {
		id += "$" + member
	}
	return id
}

// shapeDecl is a parsed shape with the resolver of its file.
type shapeDecl struct {
	r resolver
	s *idlShape
}

// modelBuilder turns parsed shapes into the shapes of m, each once, its
// mixins first.
type modelBuilder struct {
	m     *codegen.Model
	decls map[string]shapeDecl
}

// build returns the shape id, building it (and its mixins) if it is not
// yet in the model; stack holds the shapes whose mixins are being built.
func (b *modelBuilder) build(id string, stack []string) (*codegen.Shape, error) {
	if cs := b.m.Shapes[id]; cs != nil {
		return cs, nil
	}
	if slices.Contains(stack, id) {
		return nil, fmt.Errorf("shape %s is its own mixin", id)
	}
	d := b.decls[id]
	r, s := d.r, d.s
	cs := &codegen.Shape{ID: id, Type: s.typ, Traits: codegen.Traits{}}
	if err := setTraits(r, cs.Traits, s.traits); err != nil {
		return nil, err
	}
	// A mixin's members come before the shape's own, and its traits
	// (but @mixin) apply unless the shape has its own.
	for _, name := range s.mixins {
		mid := r.resolve(name)
		if _, ok := b.decls[mid]; !ok {
			return nil, fmt.Errorf("%s %s: unknown mixin %s", s.typ, s.name, mid)
		}
		mix, err := b.build(mid, append(stack, id))
		if err != nil {
			return nil, err
		}
		for k, v := range mix.Traits {
			if k != "smithy.api#mixin" && !cs.Traits.Has(k) {
				cs.Traits[k] = v
			}
		}
		for _, mm := range mix.Members {
			cs.Members = append(cs.Members, copyMember(mm))
		}
		for _, slot := range []struct{ to, from **codegen.Member }{{&cs.Member, &mix.Member}, {&cs.Key, &mix.Key}, {&cs.Value, &mix.Value}} {
			if *slot.to == nil && *slot.from != nil {
				*slot.to = copyMember(*slot.from)
			}
		}
	}
	for _, im := range s.members {
		if err := addMember(r, cs, s, im); err != nil {
			return nil, err
		}
	}
	if err := setProperties(r, cs, s); err != nil {
		return nil, err
	}
	b.m.Shapes[id] = cs
	return cs, nil
}

// addMember adds member im of parsed shape s to cs. A member of a mixin
// of the same name is replaced, and gives its target (when elided) and
// the traits the new one does not set.
func addMember(r resolver, cs *codegen.Shape, s *idlShape, im idlMember) error {
	cm := &codegen.Member{Name: im.name, Traits: codegen.Traits{}}
	if im.target != "" {
		cm.Target = r.resolve(im.target)
	}
	if err := setTraits(r, cm.Traits, im.traits); err != nil {
		return err
	}
	switch s.typ {
	case "enum", "intEnum":
		cm.Target = "smithy.api#Unit"
		v := im.value
		if !im.hasVal {
			if s.typ == "intEnum" {
				return fmt.Errorf("intEnum %s: member %s has no value", s.name, im.name)
			}
			v = im.name
		}
		setTrait(cm.Traits, "smithy.api#enumValue", v)
	default:
		if im.hasVal {
			setTrait(cm.Traits, "smithy.api#default", im.value)
		}
	}
	slot := memberSlot(cs, im.name)
	if slot != nil && *slot != nil {
		prev := *slot
		if cm.Target == "" {
			cm.Target = prev.Target
		} else if cm.Target != prev.Target {
			return fmt.Errorf("%s %s: member %s targets %s, its mixin's %s", s.typ, s.name, im.name, cm.Target, prev.Target)
		}
		for k, v := range prev.Traits {
			if !cm.Traits.Has(k) {
				cm.Traits[k] = v
			}
		}
		*slot = cm
		return nil
	}
	switch {
	case cm.Target == "":
		return fmt.Errorf("%s %s: member %s elides its target, but no mixin has the member", s.typ, s.name, im.name)
	case slot != nil:
		*slot = cm
	case s.typ == "list" || s.typ == "set" || s.typ == "map":
		return fmt.Errorf("%s %s has no member named %s", s.typ, s.name, im.name)
	default:
		cs.Members = append(cs.Members, cm)
	}
	return nil
}

// memberSlot returns where the member name of cs is held: the member of
// a list or set, the key or value of a map, or the structure, union or
// enum member of that name if cs has one (nil otherwise).
func memberSlot(cs *codegen.Shape, name string) **codegen.Member {
	switch {
	case (cs.Type == "list" || cs.Type == "set") && name == "member":
		return &cs.Member
	case cs.Type == "map" && name == "key":
		return &cs.Key
	case cs.Type == "map" && name == "value":
		return &cs.Value
	case cs.Type == "list" || cs.Type == "set" || cs.Type == "map":
		return nil
	}
	for i, m := range cs.Members {
		if m.Name == name {
			return &cs.Members[i]
		}
	}
	return nil
}

func copyMember(m *codegen.Member) *codegen.Member {
	c := *m
	c.Traits = make(codegen.Traits, len(m.Traits))
	for k, v := range m.Traits {
		c.Traits[k] = v
	}
	return &c
}

// setProperties sets the properties of an operation or a service.
func setProperties(r resolver, cs *codegen.Shape, s *idlShape) error {
	ids := func(key string) ([]string, error) {
		arr, ok := s.body[key].([]any)
		if !ok {
			return nil, fmt.Errorf("%s %s: %s is not a list", s.typ, s.name, key)
		}
		var out []string
		for _, e := range arr {
			name, ok := e.(string)
			if !ok {
				return nil, fmt.Errorf("%s %s: %s holds a value that is not a shape id", s.typ, s.name, key)
			}
			out = append(out, r.resolve(name))
		}
		return out, nil
	}
	var err error
	for k, v := range s.body {
		switch k {
		case "input", "output":
			name, ok := v.(string)
			if !ok {
				return fmt.Errorf("operation %s: %s is not a shape id", s.name, k)
			}
			if k == "input" {
				cs.Input = r.resolve(name)
			} else {
				cs.Output = r.resolve(name)
			}
		case "version":
			cs.Version, _ = v.(string)
		case "errors":
			cs.Errors, err = ids(k)
		case "operations":
			cs.Operations, err = ids(k)
		default:
			return fmt.Errorf("%s %s: property %s is not supported", s.typ, s.name, k)
		}
		if err != nil {
			return err
		}
	}
	return nil
}

// apply merges the traits of apply statement a into the model.
func (b *modelBuilder) apply(r resolver, a idlApply) error {
	id, member, _ := strings.Cut(r.resolve(a.target), "$")
	s := b.m.Shapes[id]
	if s == nil {
		return fmt.Errorf("no shape %s", id)
	}
	tr := s.Traits
	if member != "" {
		slot := memberSlot(s, member)
		if slot == nil || *slot == nil {
			return fmt.Errorf("%s has no member %s", id, member)
		}
		tr = (*slot).Traits
	}
	return setTraits(r, tr, a.traits)
}

// setTraits resolves the names of traits and sets them in tr. A list
// trait applied again is appended to, as Smithy merges them; any other
// trait applied twice is an error.
func setTraits(r resolver, tr codegen.Traits, traits []idlTrait) error {
	for _, t := range traits {
		name := r.resolve(t.name)
		value := t.value
		if prev, ok := tr[name]; ok {
			var old []any
			dec := json.NewDecoder(bytes.NewReader(prev))
			dec.UseNumber()
			list, isList := value.([]any)
			if !isList || dec.Decode(&old) != nil {
				return fmt.Errorf("trait %s applied twice", name)
			}
			value = append(old, list...)
		}
		setTrait(tr, name, value)
	}
	return nil
}
