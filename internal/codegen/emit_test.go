package codegen

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// emitModel is a small model with what EmitTypes must declare the way a
// service's types package does.
const emitModel = `{"shapes": {
  "ex#Thing": {"type": "structure", "members": {
    "Times": {"target": "ex#TimeList"},
    "Nested": {"target": "ex#NestedMap"},
    "Doc": {"target": "ex#JSONString", "traits": {"smithy.api#httpHeader": "X-Doc"}},
    "Body": {"target": "ex#Stream", "traits": {"smithy.api#httpPayload": {}}},
    "Sparse": {"target": "ex#SparseLists"}
  }},
  "ex#SparseLists": {"type": "map", "key": {"target": "smithy.api#String"}, "value": {"target": "ex#SparseNames"},
    "traits": {"smithy.api#sparse": {}}},
  "ex#SparseNames": {"type": "list", "member": {"target": "smithy.api#String"}, "traits": {"smithy.api#sparse": {}}},
  "ex#Out": {"type": "structure", "members": {
    "Body": {"target": "ex#Stream", "traits": {"smithy.api#httpPayload": {}}}
  }},
  "ex#TimeList": {"type": "list", "member": {"target": "ex#Epoch", "traits": {"smithy.api#xmlName": "T"}}},
  "ex#Epoch": {"type": "timestamp", "traits": {"smithy.api#timestampFormat": "epoch-seconds"}},
  "ex#NestedMap": {"type": "map", "key": {"target": "smithy.api#String", "traits": {"smithy.api#xmlName": "K"}},
    "value": {"target": "ex#NameList"}},
  "ex#NameList": {"type": "list", "member": {"target": "smithy.api#String", "traits": {"smithy.api#xmlName": "V",
    "smithy.api#xmlNamespace": {"uri": "https://example.com/", "prefix": "ex"}}}},
  "ex#JSONString": {"type": "string", "traits": {"smithy.api#mediaType": "application/json"}},
  "ex#Stream": {"type": "blob", "traits": {"smithy.api#streaming": {}}},
  "ex#Oops": {"type": "structure", "members": {}, "traits": {"smithy.api#error": "client",
    "aws.protocols#awsQueryError": {"code": "Oops.Custom", "httpResponseCode": 400}}}
}}`

func TestEmitTypes(t *testing.T) {
	path := filepath.Join(t.TempDir(), "model.json")
	if err := os.WriteFile(path, []byte(emitModel), 0o644); err != nil {
		t.Fatal(err)
	}
	m, err := LoadModel(path)
	if err != nil {
		t.Fatal(err)
	}
	src, err := EmitTypes("ex", "// header", TypeSet{
		Model:   m,
		Roots:   []string{"ex#Thing", "ex#Out", "ex#Oops"},
		Outputs: map[string]bool{"ex#Out": true},
		GoName:  func(id string) string { return "x_" + exported(shapeName(id)) },
		API:     "example",
	})
	if err != nil {
		t.Fatalf("EmitTypes: %v\n%s", err, src)
	}
	got := string(src)
	for _, want := range []string{
		"// header\n\npackage ex\n",
		"type x_Thing struct {",
		// A list member's name and its target's timestamp format.
		"Times []time.Time `memberXmlName:\"T\" member.timestampFormat:\"epoch-seconds\"`",
		// The traits of the members of a map's list values.
		"Nested map[string][]string `keyXmlName:\"K\" value.member.xmlName:\"V\" value.member.xmlNamespace:\"https://example.com/ ex\"`",
		// A header whose target has a media type.
		"Doc *string `location:\"header\" locationName:\"X-Doc\" mediaType:\"application/json\"`",
		// Streaming blobs: io.Reader in requests, io.ReadCloser in responses.
		"Body io.Reader `location:\"payload\" streaming:\"true\"`",
		"Body io.ReadCloser `location:\"payload\" streaming:\"true\"`",
		// An error with an awsQueryError code that is not its name.
		"_ struct{} `shape:\"Oops\" error:\"client\" queryErrorCode:\"Oops.Custom\"`",
		"func (e *x_Oops) ErrorCode() string {",
		"protocol.RegisterMap[map[string][]string]()",
		// Sparse collections, and a sparse list inside one.
		"Sparse map[string][]*string `sparse:\"true\" value.sparse:\"true\"`",
	} {
		if !strings.Contains(got, want) {
			t.Errorf("EmitTypes output lacks %q:\n%s", want, got)
		}
	}

	if _, err := EmitTypes("ex", "// header", TypeSet{Model: m, Roots: []string{"ex#Missing"}}); err == nil {
		t.Errorf("EmitTypes with an unknown root = nil error; want one")
	}
}
