package table

import (
	"errors"
	"strings"
	"testing"

	"github.com/nimbus-sdk/nimbus/feature/dynamodb/attributevalue"
)

func TestNewRefusesBadSchemas(t *testing.T) {
	type noHash struct {
		A string `dynamodbav:"a"`
	}
	type twoHash struct {
		A string `table:"hash"`
		B string `table:"hash"`
	}
	type badVersion struct {
		A string `table:"hash"`
		V string `table:"version"`
	}
	type unknownRole struct {
		A string `table:"primary"`
	}
	type skipped struct {
		A string `dynamodbav:"-" table:"hash"`
	}
	tests := []struct {
		name string
		err  func() error
		want string
	}{
		{"no hash", func() error { _, err := New[noHash](&flakyStore{}, "t"); return err }, `no field is tagged table:"hash"`},
		{"two hash", func() error { _, err := New[twoHash](&flakyStore{}, "t"); return err }, "fields A and B are both tagged"},
		{"string version", func() error { _, err := New[badVersion](&flakyStore{}, "t"); return err }, "version field V must be an integer"},
		{"unknown role", func() error { _, err := New[unknownRole](&flakyStore{}, "t"); return err }, `unknown table tag "primary"`},
		{"not stored", func() error { _, err := New[skipped](&flakyStore{}, "t"); return err }, "is not stored"},
		{"not a struct", func() error { _, err := New[string](&flakyStore{}, "t"); return err }, "must be a struct"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := tt.err()
			var se *SchemaError
			if !errors.As(err, &se) || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("err = %v, want *SchemaError containing %q", err, tt.want)
			}
		})
	}
}

func TestSchemaNamesFromTags(t *testing.T) {
	type Base struct {
		Tenant string `json:"tenant" dynamodbav:"tenant_id" table:"hash"`
	}
	type item struct {
		Base
		When int64 `json:"when" table:"range"`
		Rev  uint8 `json:"rev" table:"version"`
	}
	tbl, err := New[item](&flakyStore{}, "t")
	if err != nil {
		t.Fatal(err)
	}
	if s := tbl.schema; s.hash.name != "tenant_id" || s.rng.name != "When" || s.version.name != "Rev" {
		t.Errorf("dynamodbav names: %+v", s)
	}
	tbl, err = New[item](&flakyStore{}, "t", func(o *Options) {
		o.EncoderOptions = func(eo *attributevalue.EncoderOptions) { eo.TagKey = "json" }
	})
	if err != nil {
		t.Fatal(err)
	}
	if s := tbl.schema; s.hash.name != "tenant" || s.rng.name != "when" || s.version.name != "rev" {
		t.Errorf("json names: %+v", s)
	}
}
