package client

import (
	"context"
	"crypto/rand"
	"fmt"
	"reflect"
	"sync"

	"github.com/aws/smithy-go"
	"github.com/aws/smithy-go/middleware"

	awsmw "github.com/nimbus-sdk/nimbus/middleware"
)

type validateMiddleware struct{}

func (validateMiddleware) ID() string { return awsmw.IDOperationInputValidation }

// HandleInitialize rejects input with missing required members or with
// resource-naming members the client refuses to send (see
// [resourceMembers]), before anything is sent. The error is a
// smithy.InvalidParamsError, as in aws-sdk-go-v2, holding a
// *smithy.ParamRequiredError per missing member and a
// *middleware.ParamValueError per refused value.
func (validateMiddleware) HandleInitialize(ctx context.Context, in middleware.InitializeInput, next middleware.InitializeHandler) (middleware.InitializeOutput, middleware.Metadata, error) {
	c := callFrom(ctx)
	v := reflect.ValueOf(in.Parameters)
	res := resourcesOf(c.op, v.Type())
	if anyMissing(v) || !res.valid(c.rt.svc, v) {
		return middleware.InitializeOutput{}, middleware.Metadata{}, invalidParams(c.rt.svc, res, v)
	}
	return next.HandleInitialize(ctx, in)
}

// invalidParams builds the validation error of input v.
func invalidParams(svc *Service, res *resourceInfo, v reflect.Value) error {
	t := v.Type()
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	e := smithy.InvalidParamsError{Context: t.Name()}
	for _, path := range missingRequired(v, "", nil) {
		e.Add(smithy.NewErrParamRequired(path))
	}
	for _, pe := range res.check(svc, v) {
		e.Add(pe)
	}
	return e
}

// fieldInfo caches, per struct type, which fields are required and which
// hold nested structures worth descending into.
type fieldInfo struct {
	required []int
	nested   []int
	tokens   []int // *string fields with idempotencyToken
	names    []string
}

var fieldInfos sync.Map // reflect.Type -> *fieldInfo

func infoOf(t reflect.Type) *fieldInfo {
	if fi, ok := fieldInfos.Load(t); ok {
		return fi.(*fieldInfo)
	}
	fi := &fieldInfo{names: make([]string, t.NumField())}
	for i := 0; i < t.NumField(); i++ {
		f := t.Field(i)
		if !f.IsExported() {
			continue
		}
		fi.names[i] = f.Name
		if f.Tag.Get("required") == "true" {
			fi.required = append(fi.required, i)
		}
		if f.Tag.Get("idempotencyToken") == "true" && f.Type == reflect.TypeFor[*string]() {
			fi.tokens = append(fi.tokens, i)
		}
		switch elem := f.Type; elem.Kind() {
		case reflect.Pointer, reflect.Slice:
			if e := elem.Elem(); e.Kind() == reflect.Struct || (e.Kind() == reflect.Pointer && e.Elem().Kind() == reflect.Struct) {
				fi.nested = append(fi.nested, i)
			}
		}
	}
	actual, _ := fieldInfos.LoadOrStore(t, fi)
	return actual.(*fieldInfo)
}

// anyMissing reports whether missingRequired would find anything, without
// building the member paths, so that valid input costs no allocation.
func anyMissing(v reflect.Value) bool {
	for v.Kind() == reflect.Pointer {
		if v.IsNil() {
			return false
		}
		v = v.Elem()
	}
	if v.Kind() != reflect.Struct {
		return false
	}
	fi := infoOf(v.Type())
	for _, i := range fi.required {
		switch f := v.Field(i); f.Kind() {
		case reflect.Pointer, reflect.Interface, reflect.Slice, reflect.Map:
			if f.IsNil() {
				return true
			}
		}
	}
	for _, i := range fi.nested {
		f := v.Field(i)
		if f.Kind() == reflect.Slice {
			for j := 0; j < f.Len(); j++ {
				if anyMissing(f.Index(j)) {
					return true
				}
			}
			continue
		}
		if anyMissing(f) {
			return true
		}
	}
	return false
}

// missingRequired lists the paths of unset required members of v.
func missingRequired(v reflect.Value, path string, out []string) []string {
	for v.Kind() == reflect.Pointer {
		if v.IsNil() {
			return out
		}
		v = v.Elem()
	}
	if v.Kind() != reflect.Struct {
		return out
	}
	fi := infoOf(v.Type())
	for _, i := range fi.required {
		f := v.Field(i)
		switch f.Kind() {
		case reflect.Pointer, reflect.Interface, reflect.Slice, reflect.Map:
			if f.IsNil() {
				out = append(out, path+fi.names[i])
			}
		}
	}
	for _, i := range fi.nested {
		f := v.Field(i)
		if f.Kind() == reflect.Slice {
			for j := 0; j < f.Len(); j++ {
				out = missingRequired(f.Index(j), fmt.Sprintf("%s%s[%d].", path, fi.names[i], j), out)
			}
			continue
		}
		out = missingRequired(f, path+fi.names[i]+".", out)
	}
	return out
}

type idempotencyMiddleware struct{}

func (idempotencyMiddleware) ID() string { return awsmw.IDOperationIdempotencyTokenAutoFill }

// HandleInitialize fills unset idempotency tokens with a random UUID, so a
// retried call is recognised by the service as the same request.
func (idempotencyMiddleware) HandleInitialize(ctx context.Context, in middleware.InitializeInput, next middleware.InitializeHandler) (middleware.InitializeOutput, middleware.Metadata, error) {
	v := reflect.ValueOf(in.Parameters)
	if v.Kind() == reflect.Pointer && !v.IsNil() && v.Elem().Kind() == reflect.Struct {
		s := v.Elem()
		for _, i := range infoOf(s.Type()).tokens {
			if f := s.Field(i); f.IsNil() {
				tok := newUUID()
				f.Set(reflect.ValueOf(&tok))
			}
		}
	}
	return next.HandleInitialize(ctx, in)
}

func newUUID() string {
	var b [16]byte
	_, _ = rand.Read(b[:])
	b[6] = b[6]&0x0f | 0x40
	b[8] = b[8]&0x3f | 0x80
	return fmt.Sprintf("%x-%x-%x-%x-%x", b[0:4], b[4:6], b[6:8], b[8:10], b[10:16])
}
