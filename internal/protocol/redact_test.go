package protocol

import (
	"reflect"
	"testing"
)

type bindingsInput struct {
	_         struct{}          `shape:"BindingsInput"`
	Bucket    *string           `location:"uri" locationName:"Bucket"`
	Key       *string           `location:"uri" locationName:"Key" sensitive:"true"`
	SSEKey    *string           `location:"header" locationName:"x-amz-server-side-encryption-customer-key" sensitive:"true"`
	KMSKeyID  *string           `location:"header" locationName:"x-amz-server-side-encryption-aws-kms-key-id" sensitive:"true"`
	Plain     *string           `location:"header" locationName:"x-amz-plain"`
	Meta      map[string]string `location:"headers" locationName:"x-amz-secret-meta-" sensitive:"true"`
	Code      *string           `location:"query" locationName:"code" sensitive:"true"`
	MaxKeys   *int32            `location:"query" locationName:"max-keys"`
	Body      *string           `sensitive:"true"`
	Structure *sensitiveShape
}

type sensitiveShape struct {
	_ struct{} `shape:"SensitiveShape" sensitive:"true"`
	A *string
}

type allSensitive struct {
	_     struct{} `shape:"AllSensitive" sensitive:"true"`
	Token *string  `location:"header" locationName:"x-token-value"`
}

func TestSensitivePlan(t *testing.T) {
	sp := PlanOf(reflect.TypeFor[bindingsInput]())
	for name, want := range map[string]bool{"Bucket": false, "Key": true, "SSEKey": true, "Plain": false, "Body": true, "Structure": false} {
		if got := sp.MemberByName(name).Sensitive; got != want {
			t.Errorf("member %s: Sensitive = %v; want %v", name, got, want)
		}
	}
	if m := sp.MemberByName("Structure"); !MaskedMember(m) {
		t.Errorf("MaskedMember(Structure) = false; want true (its structure is sensitive)")
	}
	if !PlanOf(reflect.TypeFor[allSensitive]()).Sensitive || sp.Sensitive {
		t.Errorf("Struct.Sensitive not read from the shape field's tag")
	}
}

func TestSensitiveBindings(t *testing.T) {
	b := SensitiveBindingsOf(reflect.TypeFor[*bindingsInput]())
	tests := []struct {
		kind, name string
		got, want  bool
	}{
		{"header", "X-Amz-Server-Side-Encryption-Customer-Key", b.Header("X-Amz-Server-Side-Encryption-Customer-Key"), true},
		{"header", "x-amz-server-side-encryption-aws-kms-key-id", b.Header("x-amz-server-side-encryption-aws-kms-key-id"), true},
		{"header", "X-Amz-Plain", b.Header("X-Amz-Plain"), false},
		{"header", "X-Amz-Secret-Meta-Color", b.Header("X-Amz-Secret-Meta-Color"), true},
		{"query", "code", b.Query("code"), true},
		{"query", "max-keys", b.Query("max-keys"), false},
		{"path", "", b.Path(), true},
	}
	for _, tt := range tests {
		if tt.got != tt.want {
			t.Errorf("%s %q sensitive = %v; want %v", tt.kind, tt.name, tt.got, tt.want)
		}
	}
	if all := SensitiveBindingsOf(reflect.TypeFor[allSensitive]()); !all.Header("X-Token-Value") {
		t.Errorf("a member of a sensitive structure bound to a header is not sensitive")
	}
	var none *SensitiveBindings
	if none.Header("a") || none.Query("a") || none.Path() || SensitiveBindingsOf(nil) != nil {
		t.Errorf("nil bindings report something sensitive")
	}
}

func TestMasker(t *testing.T) {
	m := NewMasker([]byte("0123456789"))
	m.Replace(1, 3, "ab")
	m.Replace(5, 5, "+")
	if got, want := string(m.Finish(8, "why")), "0ab34+567[2 more bytes not shown: why]"; got != want {
		t.Errorf("Finish = %q; want %q", got, want)
	}
	m = NewMasker([]byte("abc"))
	if got := string(m.Finish(3, "")); got != "abc" {
		t.Errorf("Finish without replacements = %q; want %q", got, "abc")
	}
	m = NewMasker([]byte("0123456789"))
	m.Replace(4, 6, "x")
	m.Replace(2, 3, "y") // out of order
	if got, want := string(m.Finish(10, "")), "0123x[4 more bytes not shown: the redactor lost its place]"; got != want {
		t.Errorf("Finish after an out-of-order span = %q; want %q", got, want)
	}
}
