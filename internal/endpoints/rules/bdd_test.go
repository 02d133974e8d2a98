package rules

import (
	"encoding/base64"
	"encoding/binary"
	"errors"
	"fmt"
	"strings"
	"testing"
)

// bddDoc builds an endpointBdd document over two conditions and three
// results, with the given root and nodes (triples; node 0 is the terminal).
func bddDoc(root int32, nodes ...int32) string {
	raw := make([]byte, 4*len(nodes))
	for i, n := range nodes {
		binary.BigEndian.PutUint32(raw[4*i:], uint32(n))
	}
	return fmt.Sprintf(`{"version": "1.1",
		"parameters": {"Endpoint": {"type": "string"}, "UseFIPS": {"type": "boolean", "required": true, "default": false}},
		"conditions": [
			{"fn": "isSet", "argv": [{"ref": "Endpoint"}]},
			{"fn": "booleanEquals", "argv": [{"ref": "UseFIPS"}, true]}
		],
		"results": [
			{"type": "error", "conditions": [], "error": "FIPS with a custom endpoint"},
			{"type": "endpoint", "conditions": [], "endpoint": {"url": {"ref": "Endpoint"}}},
			{"type": "endpoint", "conditions": [], "endpoint": {"url": "https://default{{}}"}}
		],
		"root": %d, "nodeCount": %d, "nodes": %q}`, root, len(nodes)/3, base64.StdEncoding.EncodeToString(raw))
}

const r0 = resultOffset

func TestBDD(t *testing.T) {
	// node1 (ref 2): isSet(Endpoint) ? node2 : default
	// node2 (ref 3): UseFIPS ? error : custom endpoint
	nodes := []int32{-1, 1, -1, 0, 3, r0 + 3, 1, r0 + 1, r0 + 2}
	tests := []struct {
		root   int32
		params Params
		want   string
	}{
		{2, Params{}, "https://default{}"},
		{2, Params{"Endpoint": "https://custom"}, "https://custom"},
		{2, Params{"Endpoint": "https://custom", "UseFIPS": true}, "error: FIPS with a custom endpoint"},
		// A complemented root takes the other branch of node1 only: node2
		// is reached through a plain reference.
		{-2, Params{"UseFIPS": true}, "error: FIPS with a custom endpoint"},
		{-2, Params{"Endpoint": "https://custom"}, "https://default{}"},
		{-1, Params{}, "nomatch"},
		{1, Params{}, "nomatch"},
		{r0, Params{}, "nomatch"},
		{r0 + 3, Params{}, "https://default{}"},
	}
	for _, tt := range tests {
		rs := mustParse(t, bddDoc(tt.root, nodes...))
		ep, err := rs.Resolve(tt.params)
		got := ep.URL
		var nm *NoMatchError
		var re *RuleError
		switch {
		case errors.As(err, &nm):
			got = "nomatch"
		case errors.As(err, &re):
			got = "error: " + re.Message
		case err != nil:
			got = "unexpected: " + err.Error()
		}
		if got != tt.want {
			t.Errorf("root %d: Resolve(%v) = %q; want %q", tt.root, tt.params, got, tt.want)
		}
	}
}

func TestBDDParseErrors(t *testing.T) {
	tests := []struct {
		name string
		doc  string
		want string
	}{
		{"cycle", bddDoc(2, -1, 1, -1, 0, 3, r0+3, 1, 2, r0+2), "cycle"},
		{"node out of range", bddDoc(2, -1, 1, -1, 0, 9, r0+3), "out of range"},
		{"result out of range", bddDoc(2, -1, 1, -1, 0, r0+4, r0+3), "result reference"},
		{"condition out of range", bddDoc(2, -1, 1, -1, 5, r0+1, r0+3), "condition 5 out of range"},
		{"root out of range", bddDoc(7, -1, 1, -1), "out of range"},
		{"zero reference", bddDoc(2, -1, 1, -1, 0, 0, r0+3), "invalid reference"},
		{"node count", strings.Replace(bddDoc(2, -1, 1, -1, 0, r0+1, r0+3), `"nodeCount": 2`, `"nodeCount": 3`, 1), "nodeCount=3"},
		{"bad base64", strings.Replace(bddDoc(2, -1, 1, -1), `"nodes": "`, `"nodes": "!`, 1), "illegal base64"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Parse([]byte(tt.doc))
			var pe *ParseError
			if !errors.As(err, &pe) || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("Parse error = %v; want a *ParseError containing %q", err, tt.want)
			}
		})
	}
}
