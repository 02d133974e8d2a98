package rpcv2cbor

import (
	"net/http"
	"reflect"
	"strings"
	"testing"

	"github.com/nimbus-sdk/nimbus/internal/protocol"
	"github.com/nimbus-sdk/nimbus/internal/protocol/cbor"
	"github.com/nimbus-sdk/nimbus/internal/protocol/redacttest"
)

// TestRedactConformance runs the checks every generated service runs on
// its codec (a marker of every sensitive member is hidden, every other
// one shown) over the kitchen sink.
func TestRedactConformance(t *testing.T) {
	op := &protocol.Operation{Name: "Sink", Service: "S"}
	redacttest.Run(t, Codec{}, []redacttest.Case{{Op: op, Input: new(kitchenSink), Output: new(kitchenSink)}})
}

func TestRedact(t *testing.T) {
	op := &protocol.Operation{Name: "Op", Errors: map[string]reflect.Type{"TestError": reflect.TypeFor[testError]()}}
	sink := reflect.TypeFor[*kitchenSink]()
	enc := func(v map[string]any) []byte {
		b, err := cbor.AppendValue(nil, v)
		if err != nil {
			t.Fatal(err)
		}
		return b
	}
	full := enc(map[string]any{"String": "shown", "Secret": "hunter2", "Blob": []byte("bytes"), "Time": cbor.Tag{Number: 1, Content: int64(5)}})
	tests := []struct {
		name string
		b    protocol.LoggedBody
		want string
	}{
		{"sensitive member", protocol.LoggedBody{Op: op, Type: sink, Data: full, Complete: true},
			`{"Blob": 'bytes', "Secret": "REDACTED", "String": "shown", "Time": 1(5)}`},
		{"sensitive union member", protocol.LoggedBody{Op: op, Type: sink, Data: enc(map[string]any{"Union": map[string]any{"password": "pw"}}), Complete: true},
			`{"Union": {"password": "REDACTED"}}`},
		{"unknown member", protocol.LoggedBody{Op: op, Type: sink, Response: true, Status: 200, Data: enc(map[string]any{"Extra": []any{"x"}}), Complete: true},
			`{"Extra": "REDACTED"}`},
		{"error body", protocol.LoggedBody{Op: op, Response: true, Status: 400, Header: http.Header{"Smithy-Protocol": {"rpc-v2-cbor"}},
			Data: enc(map[string]any{"__type": "ns#TestError", "message": "m", "Reason": "r", "Token": "t"}), Complete: true},
			`{"Reason": "r", "Token": "REDACTED", "__type": "ns#TestError", "message": "m"}`},
		{"malformed error", protocol.LoggedBody{Op: op, Response: true, Status: 400, Header: http.Header{},
			Data: enc(map[string]any{"__type": "ns#TestError", "Reason": "r"}), Complete: true},
			`{"Reason": "REDACTED", "__type": "ns#TestError"}`},
		{"unmodelled error", protocol.LoggedBody{Op: op, Response: true, Status: 500, Header: http.Header{"Smithy-Protocol": {"rpc-v2-cbor"}},
			Data: enc(map[string]any{"__type": "ns#Boom", "message": "m", "Reason": "r"}), Complete: true},
			`{"Reason": "REDACTED", "__type": "ns#Boom", "message": "m"}`},
		{"cut by the cap", protocol.LoggedBody{Op: op, Type: sink, Data: full[:len(full)-3], Complete: false},
			`{"Blob": 'bytes', "Secret": "REDACTED", "String": "shown", [4 more bytes not shown: ` + protocol.WhyCut + `]`},
		{"cut inside a secret", protocol.LoggedBody{Op: op, Type: sink, Data: enc(map[string]any{"Secret": "hunter2"})[:12], Complete: false},
			`{"Secret": [4 more bytes not shown: ` + protocol.WhyCut + `]`},
		{"not CBOR", protocol.LoggedBody{Op: op, Type: sink, Data: []byte("<html>"), Complete: true},
			`[6 more bytes not shown: ` + protocol.WhyInvalid("CBOR") + `]`},
		{"no input", protocol.LoggedBody{Op: op, Data: enc(map[string]any{}), Complete: true}, `{}`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := string(Codec{}.Redact(&tt.b))
			if got != tt.want {
				t.Errorf("Redact = %s\n want   %s", got, tt.want)
			}
			if strings.Contains(got, "hunter2") {
				t.Errorf("Redact shows the secret: %s", got)
			}
		})
	}
}
