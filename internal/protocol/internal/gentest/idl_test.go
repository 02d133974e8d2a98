package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

const idlSource = `$version: "2.0"

metadata suppressions = [{ id: "X", namespace: "*" }]

namespace ex.test

use smithy.test#httpRequestTests
use other.ns#Shared
use aws.protocols#awsQueryError

/// A service.
@title("Test")
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
        $inherited
    }
    output: Out
}

apply Op @httpRequestTests([{ id: "Second", protocol: proto }])

apply Out$count @documentation("the count")

@mixin
structure Base {
    inherited: Integer = 0
}

structure Out {
    count: Long
    color: Color
    level: Level
}

@error("client")
@awsQueryError(code: "Custom", httpResponseCode: 400)
structure Oops {}

enum Color {
    RED
    @deprecated
    GREEN = "green"
}

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

const otherSource = `$version: "2"
namespace other.ns
string Shared
`

func TestParseIDL(t *testing.T) {
	dir := t.TempDir()
	for name, src := range map[string]string{"a.smithy": idlSource, "b.smithy": otherSource} {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(src), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	m, err := parseIDL([]string{dir})
	if err != nil {
		t.Fatal(err)
	}
	svc := m.Shapes["ex.test#Svc"]
	if svc == nil || svc.Version != "2024-01-01" || len(svc.Operations) != 1 || svc.Operations[0] != "ex.test#Op" || svc.Errors[0] != "ex.test#Oops" {
		t.Fatalf("service = %+v", svc)
	}
	op := m.Shapes["ex.test#Op"]
	if op.Input != "ex.test#OpInput" || op.Output != "ex.test#Out" {
		t.Fatalf("operation input %q, output %q", op.Input, op.Output)
	}
	var tests []map[string]any
	if err := json.Unmarshal(op.Traits["smithy.test#httpRequestTests"], &tests); err != nil || len(tests) != 2 || tests[1]["id"] != "Second" {
		t.Fatalf("httpRequestTests = %s (%v); want the trait's case and the applied one", op.Traits["smithy.test#httpRequestTests"], err)
	}
	if doc := tests[0]["documentation"]; doc != "Two lines,\n  indented." {
		t.Errorf("text block = %q", doc)
	}
	if got := string(mustJSON(t, tests[0]["params"])); got != `{"list":["a",null],"nested":{"x":-2},"when":1.5}` {
		t.Errorf("params = %s", got)
	}
	in := m.Shapes["ex.test#OpInput"]
	var names []string
	for _, mem := range in.Members {
		names = append(names, mem.Name+"->"+mem.Target)
	}
	if got := strings.Join(names, " "); got != "name->smithy.api#String shared->other.ns#Shared inherited->smithy.api#Integer" {
		t.Errorf("input members = %s", got)
	}
	if !in.Traits.Has("smithy.api#input") || in.Traits.Has("smithy.api#mixin") {
		t.Errorf("input traits = %v", in.Traits)
	}
	if d := string(in.Members[0].Traits["smithy.api#default"]); d != `"hi"` || !in.Members[0].Traits.Has("smithy.api#required") {
		t.Errorf("name traits = %v", in.Members[0].Traits)
	}
	if d := string(in.Members[2].Traits["smithy.api#default"]); d != "0" {
		t.Errorf("inherited default = %s", d)
	}
	if doc := m.Shapes["ex.test#Out"].Members[0].Traits.String("smithy.api#documentation"); doc != "the count" {
		t.Errorf("applied member trait = %q", doc)
	}
	var qe struct{ Code string }
	if !m.Shapes["ex.test#Oops"].Traits.Decode("aws.protocols#awsQueryError", &qe) || qe.Code != "Custom" || m.Shapes["ex.test#Oops"].Traits.String("smithy.api#error") != "client" {
		t.Errorf("Oops traits = %v", m.Shapes["ex.test#Oops"].Traits)
	}
	color := m.Shapes["ex.test#Color"]
	if color.Members[0].Traits.String("smithy.api#enumValue") != "RED" || color.Members[1].Traits.String("smithy.api#enumValue") != "green" {
		t.Errorf("enum values = %v, %v", color.Members[0].Traits, color.Members[1].Traits)
	}
	if v := string(m.Shapes["ex.test#Level"].Members[1].Traits["smithy.api#enumValue"]); v != "2" {
		t.Errorf("intEnum HIGH = %s", v)
	}
	sm := m.Shapes["ex.test#SparseMap"]
	if !sm.Traits.Has("smithy.api#sparse") || sm.Key.Target != "smithy.api#String" || sm.Value.Target != "ex.test#StringList" {
		t.Errorf("map = %+v key %+v value %+v", sm, sm.Key, sm.Value)
	}
	if l := m.Shapes["ex.test#StringList"]; l.Member == nil || l.Member.Target != "smithy.api#String" {
		t.Errorf("list member = %+v", l.Member)
	}
}

func TestParseIDLErrors(t *testing.T) {
	for name, src := range map[string]string{
		"unterminated string": "namespace a\nstring X @documentation(\"oops)\n",
		"unknown mixin":       "namespace a\nstructure X with [Nope] {}\n",
		"missing colon":       "namespace a\nstructure X { a String }\n",
		"apply to nothing":    "namespace a\napply Nope @sparse\n",
	} {
		t.Run(name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "x.smithy")
			if err := os.WriteFile(path, []byte(src), 0o644); err != nil {
				t.Fatal(err)
			}
			if _, err := parseIDL([]string{path}); err == nil {
				t.Errorf("parseIDL succeeded")
			}
		})
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
