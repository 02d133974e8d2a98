package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestTextBlock(t *testing.T) {
	tests := []struct{ name, raw, want string }{
		{"closing line sets the indent", "\n        <a>\n            <b/>\n        </a>\n        ", "<a>\n    <b/>\n</a>\n"},
		{"closing on the last line", "\n    Ensures that\n    it works", "Ensures that\nit works"},
		{"blank lines and trailing space", "\n    a  \n\n      b\n    ", "a\n\n  b\n"},
		{"escapes after indentation", "\n  a \\\"q\\\"\\n\\\n  b\n  ", "a \"q\"\nb\n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := textBlock(tt.raw)
			if err != nil || got != tt.want {
				t.Errorf("textBlock(%q) = %q, %v; want %q", tt.raw, got, err, tt.want)
			}
		})
	}
	if _, err := textBlock("text on the opening line\n"); err == nil {
		t.Error("textBlock without the opening line break: no error")
	}
}

const sharedIDL = `$version: "2.0"
metadata suppressions = [{ id: "X", namespace: "*" }]
namespace test.shared

@timestampFormat("epoch-seconds")
timestamp Epoch

list Names {
    @xmlName("item")
    member: String
}
`

const serviceIDL = `$version: "2.0"
namespace test.svc

use aws.protocols#ec2Query
use aws.protocols#ec2QueryName
use smithy.test#httpRequestTests
use test.shared#Names

/// Docs are dropped.
@ec2Query
service Svc {
    version: "2020-01-08",
    operations: [Op]
}

apply Op @httpRequestTests([{ id: "One", protocol: ec2Query, params: { n: 1.5 } }])

@endpoint(hostPrefix: "foo.")
@httpRequestTests([{ id: "Zero", protocol: ec2Query }])
operation Op {
    input: OpInput
    errors: [Oops]
}

structure OpInput {
    @ec2QueryName("When")
    when: test.shared#Epoch

    names: Names = []

    mode: Mode
}

enum Mode {
    ON
    OFF = "off"
}

@error("client")
structure Oops {}
`

// TestLoadIDL reads a service and a shared file and checks the model:
// resolution through use, namespace and prelude, traits in both syntaxes,
// apply merged into a list trait, enum values and defaults.
func TestLoadIDL(t *testing.T) {
	root := t.TempDir()
	dir := filepath.Join(root, "svc")
	if err := os.Mkdir(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	for name, src := range map[string]string{filepath.Join(root, "shared.smithy"): sharedIDL, filepath.Join(dir, "main.smithy"): serviceIDL} {
		if err := os.WriteFile(name, []byte(src), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	m, err := loadIDL(root, dir)
	if err != nil {
		t.Fatal(err)
	}
	if svc := m.Shapes["test.svc#Svc"]; svc.ID != "test.svc#Svc" || svc.Version != "2020-01-08" || !svc.Traits.Has("aws.protocols#ec2Query") || strings.Join(svc.Operations, ",") != "test.svc#Op" {
		t.Errorf("service = %+v", svc)
	}
	op := m.Shapes["test.svc#Op"]
	if op.Input != "test.svc#OpInput" || strings.Join(op.Errors, ",") != "test.svc#Oops" || op.Traits.String("smithy.api#documentation") != "" {
		t.Errorf("operation = %+v", op)
	}
	var ep struct{ HostPrefix string }
	if !op.Traits.Decode("smithy.api#endpoint", &ep) || ep.HostPrefix != "foo." {
		t.Errorf("endpoint trait = %s", op.Traits["smithy.api#endpoint"])
	}
	var tests []map[string]any
	if !op.Traits.Decode("smithy.test#httpRequestTests", &tests) || len(tests) != 2 || tests[0]["id"] != "Zero" || tests[1]["id"] != "One" {
		t.Errorf("httpRequestTests = %s; want Zero then the applied One", op.Traits["smithy.test#httpRequestTests"])
	}
	in := m.Shapes["test.svc#OpInput"]
	got := map[string]string{}
	for _, mb := range in.Members {
		raw, _ := json.Marshal(mb.Traits)
		got[mb.Name] = mb.Target + " " + string(raw)
	}
	want := map[string]string{
		"when":  `test.shared#Epoch {"aws.protocols#ec2QueryName":"When"}`,
		"names": `test.shared#Names {"smithy.api#default":[]}`,
		"mode":  `test.svc#Mode {}`,
	}
	for k, w := range want {
		if got[k] != w {
			t.Errorf("member %s = %s; want %s", k, got[k], w)
		}
	}
	if l := m.Shapes["test.shared#Names"]; l.Member == nil || l.Member.Target != "smithy.api#String" || l.Member.Traits.String("smithy.api#xmlName") != "item" {
		t.Errorf("list member = %+v", l.Member)
	}
	var values []string
	for _, mb := range m.Shapes["test.svc#Mode"].Members {
		values = append(values, mb.Name+"="+mb.Traits.String("smithy.api#enumValue"))
	}
	if strings.Join(values, ",") != "ON=ON,OFF=off" {
		t.Errorf("enum values = %v", values)
	}
}

// idlFeatures uses the parts of the IDL the rpcv2Cbor models add: inline
// input and output, mixins and elided targets, block and member apply,
// structured trait values, text blocks in node values, intEnums and
// sparse maps.
const idlFeatures = `$version: "2.0"
namespace ex.test

use smithy.test#httpRequestTests
use other.ns#Shared
use aws.protocols#awsQueryError

service Svc {
    version: "2024-01-01"
    operations: [Op]
    errors: [Oops]
}

@httpRequestTests([
    {
        id: "First"
        protocol: proto
        documentation: """
            Two lines,
              indented."""
        params: { when: 1.5, list: ["a", null], nested: { x: -2 } }
    }
])
operation Op {
    input := with [Base] {
        @required
        name: String = "hi"
        shared: Shared
        @documentation("redeclared")
        $inherited
    }
    output: Out
}

apply Op @httpRequestTests([{ id: "Second", protocol: proto }])

apply Out$count @documentation("the count")

apply Out {
    @sensitive
    @deprecated
}

@mixin
@documentation("base")
structure Base {
    @range(min: 0)
    inherited: Integer = 0
}

structure Out with [Base] {
    count: Long
    level: Level
}

@error("client")
@awsQueryError(code: "Custom", httpResponseCode: 400)
structure Oops {}

intEnum Level {
    LOW = 1
    HIGH = 2
}

@sparse
map SparseMap {
    key: String
    value: StringList
}

list StringList {
    member: String
}
`

const otherIDL = `$version: "2"
namespace other.ns
string Shared
`

func TestLoadIDLFeatures(t *testing.T) {
	dir := t.TempDir()
	for name, src := range map[string]string{"a.smithy": idlFeatures, "b.smithy": otherIDL} {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(src), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	m, err := loadIDL(filepath.Join(dir, "a.smithy"), filepath.Join(dir, "b.smithy"))
	if err != nil {
		t.Fatal(err)
	}
	op := m.Shapes["ex.test#Op"]
	if op.Input != "ex.test#OpInput" || op.Output != "ex.test#Out" {
		t.Fatalf("operation input %q, output %q; want ex.test#OpInput, ex.test#Out", op.Input, op.Output)
	}
	var tests []map[string]any
	if err := json.Unmarshal(op.Traits["smithy.test#httpRequestTests"], &tests); err != nil || len(tests) != 2 || tests[1]["id"] != "Second" {
		t.Fatalf("httpRequestTests = %s (%v); want the trait's case and the applied one", op.Traits["smithy.test#httpRequestTests"], err)
	}
	if doc := tests[0]["documentation"]; doc != "Two lines,\n  indented." {
		t.Errorf("text block = %q; want %q", doc, "Two lines,\n  indented.")
	}
	if got, want := string(mustJSON(t, tests[0]["params"])), `{"list":["a",null],"nested":{"x":-2},"when":1.5}`; got != want {
		t.Errorf("params = %s; want %s", got, want)
	}

	in := m.Shapes["ex.test#OpInput"]
	var members []string
	for _, mb := range in.Members {
		members = append(members, mb.Name+"->"+mb.Target)
	}
	if got, want := strings.Join(members, " "), "inherited->smithy.api#Integer name->smithy.api#String shared->other.ns#Shared"; got != want {
		t.Errorf("inline input members = %s; want %s (the mixin's first)", got, want)
	}
	if !in.Traits.Has("smithy.api#input") || in.Traits.Has("smithy.api#mixin") || in.Traits.String("smithy.api#documentation") != "base" {
		t.Errorf("inline input traits = %v; want @input and the mixin's documentation, not @mixin", in.Traits)
	}
	inherited := in.Members[0].Traits
	if string(inherited["smithy.api#default"]) != "0" || !inherited.Has("smithy.api#range") || inherited.String("smithy.api#documentation") != "redeclared" {
		t.Errorf("redeclared $inherited traits = %v; want the mixin's default and range, and its own documentation", inherited)
	}
	if name := in.Members[1].Traits; string(name["smithy.api#default"]) != `"hi"` || !name.Has("smithy.api#required") {
		t.Errorf("name traits = %v", name)
	}

	out := m.Shapes["ex.test#Out"]
	if len(out.Members) != 3 || out.Members[1].Traits.String("smithy.api#documentation") != "the count" {
		t.Errorf("Out members = %+v; want inherited, count (with the applied documentation), level", out.Members)
	}
	if !out.Traits.Has("smithy.api#sensitive") || !out.Traits.Has("smithy.api#deprecated") || out.Traits.String("smithy.api#documentation") != "base" {
		t.Errorf("Out traits = %v; want the block apply's and the mixin's", out.Traits)
	}
	if m.Shapes["ex.test#Base"].Members[0].Traits.Has("smithy.api#documentation") {
		t.Error("redeclaring a mixin's member changed the mixin's")
	}

	var qe struct{ Code string }
	oops := m.Shapes["ex.test#Oops"]
	if !oops.Traits.Decode("aws.protocols#awsQueryError", &qe) || qe.Code != "Custom" || oops.Traits.String("smithy.api#error") != "client" {
		t.Errorf("Oops traits = %v", oops.Traits)
	}
	if svc := m.Shapes["ex.test#Svc"]; len(svc.Errors) != 1 || svc.Errors[0] != "ex.test#Oops" {
		t.Errorf("service errors = %v", svc.Errors)
	}
	if v := string(m.Shapes["ex.test#Level"].Members[1].Traits["smithy.api#enumValue"]); v != "2" {
		t.Errorf("intEnum HIGH = %s; want 2", v)
	}
	sm := m.Shapes["ex.test#SparseMap"]
	if !sm.Traits.Has("smithy.api#sparse") || sm.Key.Target != "smithy.api#String" || sm.Value.Target != "ex.test#StringList" {
		t.Errorf("map = %+v key %+v value %+v", sm, sm.Key, sm.Value)
	}
}

func mustJSON(t *testing.T, v any) []byte {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func TestLoadIDLErrors(t *testing.T) {
	tests := []struct{ name, src string }{
		{"resource binding", "namespace a\nstructure S for R {}"},
		{"resource", "namespace a\nresource R {}"},
		{"operation mixin", "namespace a\noperation O with [M] {}"},
		{"missing colon", "namespace a\nstructure S { a String }"},
		{"unterminated string", "namespace a\nstring \"unterminated"},
		{"unknown mixin", "namespace a\nstructure X with [Nope] {}"},
		{"elided without mixin", "namespace a\nstructure X { $a }"},
		{"mixin cycle", "namespace a\n@mixin\nstructure X with [Y] {}\n@mixin\nstructure Y with [X] {}"},
		{"defined twice", "namespace a\nstring X\nstring X"},
		{"apply to nothing", "namespace a\napply Nope @sparse"},
		{"apply to no member", "namespace a\nstructure X {}\napply X$y @sparse"},
		{"trait twice", "namespace a\n@sensitive\nstring X\napply X @sensitive"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "x.smithy")
			if err := os.WriteFile(path, []byte(tt.src), 0o644); err != nil {
				t.Fatal(err)
			}
			if _, err := loadIDL(path); err == nil {
				t.Errorf("loadIDL(%q): no error", tt.src)
			}
		})
	}
}
