// Package clienttest runs the checks that generated tests make over every
// operation of a service: properties that must hold for all operations
// are tested for all of them, from tables the generator writes.
package clienttest

import (
	"context"
	"errors"
	"net/http"
	"reflect"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/aws/smithy-go"

	awsmw "github.com/nimbus-sdk/nimbus/middleware"
)

// ResourceCase is one member of one operation that names a resource (an
// HTTP label, a host label or an endpoint-bound member).
type ResourceCase struct {
	Operation string
	// Member is the Go field name of the member.
	Member string
	// Input returns a new, zero input of the operation.
	Input func() any
	// Call calls the operation with in on the client under test.
	Call func(ctx context.Context, in any) error
}

// NoSend is an HTTP client that sends nothing and counts the requests it
// was asked to send.
type NoSend struct{ calls atomic.Int64 }

// Do implements transport/http.HTTPDoer.
func (n *NoSend) Do(r *http.Request) (*http.Response, error) {
	n.calls.Add(1)
	if r.Body != nil {
		r.Body.Close()
	}
	return nil, errors.New("clienttest: nothing may be sent")
}

// Calls returns how many requests reached the client.
func (n *NoSend) Calls() int64 { return n.calls.Load() }

// RunResourceCases checks, for each case, that a call whose resource
// member is set to "" (and whose other required members are set to
// valid values) sends nothing and fails with a smithy.InvalidParamsError
// holding a *middleware.ParamValueError for that member. doer must be the
// HTTP client of the client the cases call.
func RunResourceCases(t *testing.T, doer *NoSend, cases []ResourceCase) {
	t.Helper()
	for _, tc := range cases {
		t.Run(tc.Operation+"/"+tc.Member, func(t *testing.T) {
			in := tc.Input()
			FillRequired(in)
			f := reflect.ValueOf(in).Elem().FieldByName(tc.Member)
			if !f.IsValid() {
				t.Fatalf("%T has no field %s", in, tc.Member)
			}
			empty := ""
			switch {
			case f.Type() == reflect.TypeFor[*string]():
				f.Set(reflect.ValueOf(&empty))
			case f.Kind() == reflect.Pointer && f.Type().Elem().Kind() == reflect.String:
				f.Set(reflect.New(f.Type().Elem()))
			case f.Kind() == reflect.String: // an enum
				f.SetString("")
			default:
				t.Fatalf("%T.%s is a %s, not a string pointer", in, tc.Member, f.Type())
			}
			before := doer.Calls()
			err := tc.Call(context.Background(), in)
			if sent := doer.Calls() - before; sent != 0 {
				t.Errorf("%s with empty %s sent %d request(s); want none", tc.Operation, tc.Member, sent)
			}
			var invalid smithy.InvalidParamsError
			if !errors.As(err, &invalid) {
				t.Fatalf("%s with empty %s: err = %v; want smithy.InvalidParamsError", tc.Operation, tc.Member, err)
			}
			for _, e := range invalid.Errs() {
				var pv *awsmw.ParamValueError
				if errors.As(e, &pv) && pv.Member == tc.Member && pv.Value == "" {
					return
				}
			}
			t.Errorf("%s with empty %s: errors %v; want a *middleware.ParamValueError naming %s", tc.Operation, tc.Member, invalid.Errs(), tc.Member)
		})
	}
}

// FillRequired sets every unset required member of the structure in (a
// pointer) to a valid placeholder value, descending into required
// structures, lists and maps. Unions are left unset.
func FillRequired(in any) {
	fillStruct(reflect.ValueOf(in).Elem(), 0)
}

func fillStruct(s reflect.Value, depth int) {
	if depth > 8 {
		return
	}
	t := s.Type()
	for i := 0; i < t.NumField(); i++ {
		if f := t.Field(i); f.IsExported() && f.Tag.Get("required") == "true" {
			fill(s.Field(i), depth)
		}
	}
}

func fill(f reflect.Value, depth int) {
	switch f.Kind() {
	case reflect.Pointer:
		if f.IsNil() {
			f.Set(reflect.New(f.Type().Elem()))
		}
		fill(f.Elem(), depth)
	case reflect.String:
		if f.Len() == 0 {
			f.SetString("x")
		}
	case reflect.Bool:
	case reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64, reflect.Int:
		if f.Int() == 0 {
			f.SetInt(1)
		}
	case reflect.Float32, reflect.Float64:
		if f.Float() == 0 {
			f.SetFloat(1)
		}
	case reflect.Slice:
		if f.Len() > 0 {
			return
		}
		if f.Type().Elem().Kind() == reflect.Uint8 {
			f.SetBytes([]byte("x"))
			return
		}
		s := reflect.MakeSlice(f.Type(), 1, 1)
		fill(s.Index(0), depth+1)
		f.Set(s)
	case reflect.Map:
		if f.Len() > 0 || f.Type().Key().Kind() != reflect.String {
			return
		}
		m := reflect.MakeMap(f.Type())
		v := reflect.New(f.Type().Elem()).Elem()
		fill(v, depth+1)
		m.SetMapIndex(reflect.ValueOf("x").Convert(f.Type().Key()), v)
		f.Set(m)
	case reflect.Struct:
		if f.Type() == reflect.TypeFor[time.Time]() {
			f.Set(reflect.ValueOf(time.Unix(1700000000, 0)))
			return
		}
		fillStruct(f, depth+1)
	case reflect.Interface:
		if f.IsNil() && reflect.TypeFor[*strings.Reader]().Implements(f.Type()) {
			f.Set(reflect.ValueOf(strings.NewReader("x")))
		}
	}
}
