package attributevalue_test

import (
	"errors"
	"fmt"
	"strconv"
	"sync"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/nimbus-sdk/nimbus/feature/dynamodb/attributevalue"
	"github.com/nimbus-sdk/nimbus/services/dynamodb/types"
)

// sparse has ten fields that omitempty can leave out, an embedded pointer
// whose fields are absent when it is nil, and a nested struct of the same
// kind, so that encoding it builds maps with every count of fields left
// out (structs build their maps from a template of their field names
// when at least half are in, and field by field otherwise).
type sparse struct {
	A string            `dynamodbav:"a,omitempty"`
	B int               `dynamodbav:"b,omitempty"`
	C bool              `dynamodbav:"c,omitempty"`
	D float64           `dynamodbav:"d,omitempty"`
	E []string          `dynamodbav:"e,omitempty"`
	F map[string]string `dynamodbav:"f,omitempty"`
	G *string           `dynamodbav:"g,omitempty"`
	H uint16            `dynamodbav:"h,omitempty"`
	I string            `dynamodbav:"i,omitempty"`
	J *sparseInner      `dynamodbav:"j,omitempty"`
	*sparseEmbedded
}

type sparseInner struct {
	X string `dynamodbav:"x,omitempty"`
	Y int    `dynamodbav:"y,omitempty"`
	Z []sparseInner
}

type sparseEmbedded struct {
	K string `dynamodbav:"k"`
	L int    `dynamodbav:"l"`
}

// sparseValue sets the fields whose bits are set in mask, and returns the
// item v2 writes for it.
func sparseValue(mask int) (sparse, map[string]types.AttributeValue) {
	var v sparse
	want := map[string]types.AttributeValue{}
	set := func(bit int) bool { return mask&(1<<bit) != 0 }
	if set(0) {
		v.A, want["a"] = "a", S("a")
	}
	if set(1) {
		v.B, want["b"] = mask, N(strconv.Itoa(mask))
	}
	if set(2) {
		v.C, want["c"] = true, TRUE
	}
	if set(3) {
		v.D, want["d"] = 0.5, N("0.5")
	}
	if set(4) {
		v.E, want["e"] = []string{"x"}, L(S("x"))
	}
	if set(5) {
		v.F, want["f"] = map[string]string{"k": "v"}, M("k", S("v"))
	}
	if set(6) {
		v.G, want["g"] = ptr("g"), S("g")
	}
	if set(7) {
		v.H, want["h"] = 7, N("7")
	}
	if set(8) {
		v.I, want["i"] = "i", S("i")
	}
	if set(9) {
		v.J = &sparseInner{Y: mask, Z: []sparseInner{{X: "z"}, {}}}
		want["j"] = M("y", N(strconv.Itoa(mask)), "Z", L(M("x", S("z"), "Z", NULL), M("Z", NULL)))
	}
	if set(10) {
		v.sparseEmbedded = &sparseEmbedded{K: "k"}
		want["k"], want["l"] = S("k"), N("0")
	}
	return v, want
}

// TestMarshalEveryFieldSubset encodes the struct with each subset of its
// fields set, through a value and a pointer, and compares the item.
func TestMarshalEveryFieldSubset(t *testing.T) {
	for mask := range 1 << 11 {
		v, want := sparseValue(mask)
		for _, in := range []any{v, &v} {
			got, err := attributevalue.MarshalMap(in)
			if err != nil {
				t.Fatalf("mask %#x: %v", mask, err)
			}
			if diff := cmp.Diff(want, got, avOpts); diff != "" {
				t.Fatalf("mask %#x (-want +got):\n%s", mask, diff)
			}
		}
	}
}

// TestMarshalStructMapsConcurrently encodes one type from several
// goroutines at once (the field-name templates are shared); run with
// -race.
func TestMarshalStructMapsConcurrently(t *testing.T) {
	var wg sync.WaitGroup
	errs := make(chan error, 4)
	for g := range 4 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range 300 {
				mask := (i*37 + g*511) % (1 << 11)
				v, want := sparseValue(mask)
				got, err := attributevalue.MarshalMap(v)
				if err == nil && !cmp.Equal(want, got, avOpts) {
					err = fmt.Errorf("mask %#x: %s", mask, cmp.Diff(want, got, avOpts))
				}
				if err != nil {
					errs <- err
					return
				}
			}
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Fatal(err)
	}
}

type failingField struct{}

var errFailingField = errors.New("field refused")

func (failingField) MarshalDynamoDBAttributeValue() (types.AttributeValue, error) {
	return nil, errFailingField
}

type panickingField struct{}

func (panickingField) MarshalDynamoDBAttributeValue() (types.AttributeValue, error) {
	panic("field panicked")
}

// TestMarshalAfterFailedStruct checks that an encoding that fails or
// panics deep inside nested structs leaves nothing behind for the next
// one, which reuses the encoder's state.
func TestMarshalAfterFailedStruct(t *testing.T) {
	type inner struct {
		A, B string
		Bad  any
	}
	type outer struct {
		X, Y  string
		Inner []inner
	}
	bad := outer{X: "x", Y: "y", Inner: []inner{{A: "a"}, {A: "a", B: "b", Bad: failingField{}}}}
	_, err := attributevalue.MarshalMap(bad)
	if !errors.Is(err, errFailingField) {
		t.Fatalf("error %v, want the field's", err)
	}
	if want := ".Inner[1].Bad"; !containsPath(err, want) {
		t.Errorf("error %q does not name %s", err, want)
	}
	func() {
		defer func() { _ = recover() }()
		bad.Inner[1].Bad = panickingField{}
		_, _ = attributevalue.MarshalMap(bad)
		t.Error("the field's panic did not reach the caller")
	}()
	for mask := range 1 << 11 {
		v, want := sparseValue(mask)
		got, err := attributevalue.MarshalMap(v)
		if err != nil || !cmp.Equal(want, got, avOpts) {
			t.Fatalf("after the failures, mask %#x: %v\n%s", mask, err, cmp.Diff(want, got, avOpts))
		}
	}
}

func containsPath(err error, path string) bool {
	var me *attributevalue.MarshalError
	return errors.As(err, &me) && me.Path == path
}
