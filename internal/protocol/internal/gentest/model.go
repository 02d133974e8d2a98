package main

import (
	"encoding/json"
	"fmt"
	"log"
	"slices"
	"strings"

	"github.com/nimbus-sdk/nimbus/internal/codegen"
)

// This file turns a suite's botocore shapes into Smithy shapes with the
// traits botocore's fields stand for, so that codegen.EmitTypes declares
// them exactly as it declares a service's types.

// shapeID returns the Smithy id of the suite's shape name. Each suite has
// its own namespace, the suite's prefix, so the shapes of different suites
// with the same name stay apart while their shape tags keep the name the
// tests expect.
func (sg *suiteGen) shapeID(name string) string {
	return strings.TrimSuffix(sg.prefix, "_") + "#" + name
}

// goName is the Go name of a shape: its suite's prefix and its name, e.g.
// i03_XmlListsInputOutput.
func goName(id string) string {
	ns, name, _ := strings.Cut(id, "#")
	return ns + "_" + exported(name)
}

// addShapes adds the suite's shapes to the model and its structures,
// unions and enums to the types to declare.
func (sg *suiteGen) addShapes() {
	names := make([]string, 0, len(sg.s.Shapes))
	for n := range sg.s.Shapes {
		names = append(names, n)
	}
	slices.Sort(names)
	for _, name := range names {
		s := sg.smithyShape(name, sg.s.Shapes[name])
		sg.model.Shapes[s.ID] = s
		switch s.Type {
		case "structure", "union":
			sg.roots = append(sg.roots, s.ID)
		case "string":
			if s.Traits.Has("smithy.api#enum") {
				sg.roots = append(sg.roots, s.ID)
			}
		}
		if !sg.input {
			sg.outputs[s.ID] = true
		}
	}
}

// timestampFormats maps botocore's timestamp formats to Smithy's.
var timestampFormats = map[string]string{"iso8601": "date-time", "rfc822": "http-date", "unixTimestamp": "epoch-seconds"}

func (sg *suiteGen) smithyShape(name string, sh *shape) *codegen.Shape {
	s := &codegen.Shape{ID: sg.shapeID(name), Type: sh.Type, Traits: codegen.Traits{}}
	tr := s.Traits
	switch sh.Type {
	case "structure":
		switch {
		case sh.Document:
			s.Type = "document"
			return s
		case sh.Union:
			s.Type = "union"
		}
		for _, mn := range sg.s.memberOrder[name] {
			s.Members = append(s.Members, &codegen.Member{Name: mn, Target: sg.shapeID(sh.Members[mn].Shape), Traits: sg.memberTraits(mn, sh.Members[mn], sh)})
		}
		if sh.LocationName != "" {
			setTrait(tr, "smithy.api#xmlName", sh.LocationName)
		}
		setNamespace(tr, sh.XMLNamespace)
		if sh.Exception || sh.Error != nil {
			fault := "server"
			if sh.Error == nil || sh.Error.SenderFault {
				fault = "client"
			}
			setTrait(tr, "smithy.api#error", fault)
			if sh.Error != nil && sh.Error.HTTPStatusCode != 0 {
				setTrait(tr, "smithy.api#httpError", sh.Error.HTTPStatusCode)
			}
			if sh.Error != nil && sh.Error.Code != "" {
				setTrait(tr, "aws.protocols#awsQueryError", map[string]any{"code": sh.Error.Code, "httpResponseCode": sh.Error.HTTPStatusCode})
			}
		}
	case "list":
		s.Member = sg.elemMember("member", sh.Member)
	case "map":
		s.Key = sg.elemMember("key", sh.Key)
		s.Value = sg.elemMember("value", sh.Value)
	case "string":
		if len(sh.Enum) > 0 {
			var values []map[string]string
			for _, v := range sh.Enum {
				values = append(values, map[string]string{"value": v})
			}
			setTrait(tr, "smithy.api#enum", values)
		}
	case "blob":
		if sh.Streaming {
			setTrait(tr, "smithy.api#streaming", struct{}{})
		}
	case "timestamp":
		if f := timestampFormats[sh.TimestampFormat]; f != "" {
			setTrait(tr, "smithy.api#timestampFormat", f)
		}
	case "boolean", "byte", "short", "integer", "long", "float", "double":
	default:
		log.Fatalf("gentest: shape %s: unsupported type %q", name, sh.Type)
	}
	return s
}

// memberTraits returns the Smithy traits of member mn of parent that
// botocore's shape reference ref stands for.
func (sg *suiteGen) memberTraits(mn string, ref *shapeRef, parent *shape) codegen.Traits {
	tr := codegen.Traits{}
	target := sg.s.Shapes[ref.Shape]
	body := false
	switch {
	case sg.cbor:
		// An RPC protocol: HTTP bindings do not apply (botocore keeps
		// the payload of a restJson1 test it copied, HttpPayloadWithUnion).
		body = true
	case ref.HostLabel && ref.Location == "":
		body = true
	case mn == parent.Payload && parent.Payload != "":
		setTrait(tr, "smithy.api#httpPayload", struct{}{})
		body = true
	case ref.Location == "header":
		setTrait(tr, "smithy.api#httpHeader", ref.LocationName)
	case ref.Location == "headers":
		setTrait(tr, "smithy.api#httpPrefixHeaders", ref.LocationName)
	case ref.Location == "querystring" && target.Type == "map":
		setTrait(tr, "smithy.api#httpQueryParams", struct{}{})
	case ref.Location == "querystring":
		setTrait(tr, "smithy.api#httpQuery", ref.LocationName)
	case ref.Location == "uri":
		// Smithy names a label after its member.
		if ref.LocationName != "" && ref.LocationName != mn {
			log.Fatalf("gentest: label %s is named %q in the URI", mn, ref.LocationName)
		}
		setTrait(tr, "smithy.api#httpLabel", struct{}{})
	case ref.Location == "statusCode":
		setTrait(tr, "smithy.api#httpResponseCode", struct{}{})
	case ref.Location == "":
		body = true
	default:
		log.Fatalf("gentest: member %s: unsupported location %q", mn, ref.Location)
	}
	if ref.HostLabel {
		setTrait(tr, "smithy.api#hostLabel", struct{}{})
	}
	if body && ref.LocationName != "" && ref.LocationName != mn {
		if sg.json {
			setTrait(tr, "smithy.api#jsonName", ref.LocationName)
		} else {
			setTrait(tr, "smithy.api#xmlName", ref.LocationName)
		}
	}
	if ref.QueryName != "" {
		setTrait(tr, "aws.protocols#ec2QueryName", ref.QueryName)
	}
	if ref.JSONValue {
		setTrait(tr, "smithy.api#mediaType", "application/json")
	}
	if ref.XMLAttribute {
		setTrait(tr, "smithy.api#xmlAttribute", struct{}{})
	}
	if ref.Flattened {
		setTrait(tr, "smithy.api#xmlFlattened", struct{}{})
	}
	setNamespace(tr, ref.XMLNamespace)
	if ref.Idempotency {
		setTrait(tr, "smithy.api#idempotencyToken", struct{}{})
	}
	if slices.Contains(parent.Required, mn) {
		setTrait(tr, "smithy.api#required", struct{}{})
	}
	return tr
}

// elemMember returns a list member or a map key or value.
func (sg *suiteGen) elemMember(name string, ref *shapeRef) *codegen.Member {
	if ref == nil {
		return nil
	}
	tr := codegen.Traits{}
	if ref.LocationName != "" {
		setTrait(tr, "smithy.api#xmlName", ref.LocationName)
	}
	setNamespace(tr, ref.XMLNamespace)
	return &codegen.Member{Name: name, Target: sg.shapeID(ref.Shape), Traits: tr}
}

// setNamespace sets smithy.api#xmlNamespace from botocore's xmlNamespace,
// a URI or an object with uri and prefix.
func setNamespace(tr codegen.Traits, raw json.RawMessage) {
	if len(raw) == 0 {
		return
	}
	var ns struct {
		URI    string `json:"uri"`
		Prefix string `json:"prefix,omitempty"`
	}
	if json.Unmarshal(raw, &ns.URI) != nil {
		if err := json.Unmarshal(raw, &ns); err != nil {
			log.Fatalf("gentest: xmlNamespace %s: %v", raw, err)
		}
	}
	setTrait(tr, "smithy.api#xmlNamespace", ns)
}

func setTrait(tr codegen.Traits, id string, v any) {
	raw, err := json.Marshal(v)
	if err != nil {
		panic(fmt.Sprintf("trait %s: %v", id, err))
	}
	tr[id] = raw
}
