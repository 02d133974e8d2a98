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
	if svc := serviceIn(m, dir); svc.ID != "test.svc#Svc" || svc.Version != "2020-01-08" || !svc.Traits.Has("aws.protocols#ec2Query") || strings.Join(svc.Operations, ",") != "test.svc#Op" {
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

func TestParseIDLErrors(t *testing.T) {
	for _, src := range []string{
		"namespace a\nstructure S with [M] {}",
		"namespace a\noperation O { input := { a: String } }",
		"namespace a\nstructure S { a String }",
		"namespace a\nresource R {}",
		`namespace a
string "unterminated`,
	} {
		if _, err := parseIDL("x.smithy", src); err == nil {
			t.Errorf("parseIDL(%q): no error", src)
		}
	}
}
