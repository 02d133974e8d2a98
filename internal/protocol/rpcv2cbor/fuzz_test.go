package rpcv2cbor

import (
	"encoding/base64"
	"reflect"
	"runtime"
	"slices"
	"testing"

	"github.com/nimbus-sdk/nimbus/internal/protocol"
	"github.com/nimbus-sdk/nimbus/internal/protocol/internal/protocoltest"
)

// FuzzUnmarshal feeds arbitrary bodies to the decoder, the error scanner
// and the redactor: they must return a value or an error, never panic or
// hang; whatever decodes must encode and decode again; and what a decode
// allocates must follow the size of the input, whatever its heads claim.
// Seeds are every body of the protocol tests plus the corpus in
// testdata/fuzz/FuzzUnmarshal.
func FuzzUnmarshal(f *testing.F) {
	for _, c := range slices.Concat(protocolTestCases, smithyTestCases) {
		var s string
		if !c.Request {
			s = protocoltest.ParseResponse(f, c).Body
		} else if b := protocoltest.ParseRequest(f, c).Body; b != nil {
			s = *b
		}
		if b, err := base64.StdEncoding.DecodeString(s); err == nil && len(b) > 0 {
			f.Add(b)
		}
	}
	full, err := AppendStruct(nil, sinkPlan, reflect.ValueOf(fullSink()))
	if err != nil {
		f.Fatal(err)
	}
	f.Add(full)
	op := &protocol.Operation{Name: "Op", Errors: map[string]reflect.Type{"TestError": reflect.TypeFor[testError]()}}
	f.Fuzz(func(t *testing.T, data []byte) {
		var before, after runtime.MemStats
		runtime.ReadMemStats(&before)
		var v kitchenSink
		err := Unmarshal(data, sinkPlan, reflect.ValueOf(&v).Elem())
		runtime.ReadMemStats(&after)
		// An element of a list of structures is the largest value one
		// input byte (an empty map) can make; lists start at 64 elements.
		limit := 64<<10 + uint64(len(data))*4*uint64(reflect.TypeFor[kitchenSink]().Size())
		if n := after.TotalAlloc - before.TotalAlloc; n > limit {
			t.Fatalf("decoding %d bytes allocated %d bytes", len(data), n)
		}
		_ = scanErrorBody(data)
		_ = Codec{}.Redact(&protocol.LoggedBody{Op: op, Type: reflect.TypeFor[*kitchenSink](), Data: data, Complete: true})
		if err != nil {
			return
		}
		out, err := AppendStruct(nil, sinkPlan, reflect.ValueOf(v))
		if err != nil {
			return // e.g. an unknown union member cannot be sent
		}
		var again kitchenSink
		if err := Unmarshal(out, sinkPlan, reflect.ValueOf(&again).Elem()); err != nil {
			t.Fatalf("re-decoding %x: %v", out, err)
		}
	})
}
