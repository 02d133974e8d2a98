package clienttest

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/nimbus-sdk/nimbus/credentials"
	"github.com/nimbus-sdk/nimbus/internal/protocol"
	transporthttp "github.com/nimbus-sdk/nimbus/transport/http"
)

// EndpointOperationCase is one operationInputs entry of a Smithy
// endpointTests case, kept as the model's JSON.
type EndpointOperationCase struct {
	// Name is the test case's documentation.
	Name string
	// Operation is the operation called.
	Operation string
	// BuiltIns and ClientParams are JSON objects: the built-in parameters
	// (keyed "AWS::Region"...) and client context parameters the client
	// is configured with.
	BuiltIns, ClientParams string
	// Params is the operation's input as a JSON object of member values.
	Params string
	// Expect is the case's expectation: {"endpoint": {"url": ..., "headers":
	// ...}} or {"error": "..."}.
	Expect string
	// Skip, when set, says why the case cannot run.
	Skip string
}

// EndpointOperation calls one operation on a client made by the test's
// client function.
type EndpointOperation struct {
	// New returns a new, zero input.
	New func() any
	// Call calls the operation on client with in.
	Call func(ctx context.Context, client any, in any) error
}

// BuiltIns are the built-in parameters of one case, for the generated
// function that turns them into client options.
type BuiltIns map[string]any

// String returns the string built-in name, or "".
func (b BuiltIns) String(name string) string { s, _ := b[name].(string); return s }

// Bool returns the boolean built-in name, or false.
func (b BuiltIns) Bool(name string) bool { v, _ := b[name].(bool); return v }

// Credentials returns static test credentials whose AccountID is the
// AWS::Auth::AccountId built-in.
func (b BuiltIns) Credentials() credentials.Provider {
	p := credentials.NewStaticProvider("AKID", "SECRET", "")
	p.Value.AccountID = b.String("AWS::Auth::AccountId")
	return p
}

// errCaptured ends a call once its request is captured.
var errCaptured = errors.New("clienttest: request captured")

// capture is an HTTP client that records the first request and sends
// nothing.
type capture struct{ req *http.Request }

func (c *capture) Do(r *http.Request) (*http.Response, error) {
	if c.req == nil {
		c.req = r
	}
	if r.Body != nil {
		r.Body.Close()
	}
	return nil, errCaptured
}

// RunEndpointOperations runs each case through a real client: newClient
// builds the client from the case's built-ins and client parameters with
// doer as its HTTP client (and one attempt per call), ops[c.Operation]
// calls the operation with the case's params. The request the client
// sends must go to the expected endpoint: the same scheme and host, a path
// that starts with the endpoint's, and the endpoint's headers. A case that
// expects an error must fail with that message before anything is sent.
func RunEndpointOperations(t *testing.T, cases []EndpointOperationCase, ops map[string]EndpointOperation,
	newClient func(b BuiltIns, clientParams map[string]any, doer transporthttp.HTTPDoer) any) {
	t.Helper()
	for _, c := range cases {
		t.Run(c.Name+"/"+c.Operation, func(t *testing.T) {
			if c.Skip != "" {
				t.Skip(c.Skip)
			}
			var b BuiltIns
			var cp map[string]any
			var params map[string]any
			for _, x := range []struct {
				src string
				dst any
			}{{c.BuiltIns, &b}, {c.ClientParams, &cp}, {c.Params, &params}} {
				if x.src == "" {
					continue
				}
				if err := json.Unmarshal([]byte(x.src), x.dst); err != nil {
					t.Fatal(err)
				}
			}
			op, ok := ops[c.Operation]
			if !ok {
				t.Fatalf("no operation %s", c.Operation)
			}
			in := op.New()
			if err := FillInput(in, params); err != nil {
				t.Fatal(err)
			}
			doer := &capture{}
			ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
			defer cancel()
			err := op.Call(ctx, newClient(b, cp, doer), in)
			var want struct {
				Endpoint *struct {
					URL     string              `json:"url"`
					Headers map[string][]string `json:"headers"`
				} `json:"endpoint"`
				Error *string `json:"error"`
			}
			if err := json.Unmarshal([]byte(c.Expect), &want); err != nil {
				t.Fatal(err)
			}
			if want.Error != nil {
				if doer.req != nil {
					t.Fatalf("%s sent a request to %s; want error %q", c.Operation, doer.req.URL, *want.Error)
				}
				if err == nil || !strings.Contains(err.Error(), *want.Error) {
					t.Fatalf("%s error = %v; want one containing %q", c.Operation, err, *want.Error)
				}
				return
			}
			if doer.req == nil {
				t.Fatalf("%s sent nothing: %v; want a request to %s", c.Operation, err, want.Endpoint.URL)
			}
			checkEndpoint(t, doer.req, want.Endpoint.URL, want.Endpoint.Headers)
		})
	}
}

func checkEndpoint(t *testing.T, req *http.Request, url string, headers map[string][]string) {
	t.Helper()
	scheme, rest, _ := strings.Cut(url, "://")
	host, path, _ := strings.Cut(rest, "/")
	path = "/" + path
	if req.URL.Scheme != scheme || req.URL.Host != host || !strings.HasPrefix(req.URL.EscapedPath(), strings.TrimSuffix(path, "/")) {
		t.Errorf("request sent to %s://%s%s; want %s", req.URL.Scheme, req.URL.Host, req.URL.EscapedPath(), url)
	}
	for k, vs := range headers {
		if got := req.Header.Values(k); !reflect.DeepEqual(got, vs) {
			t.Errorf("request header %s = %q; want %q", k, got, vs)
		}
	}
}

// FillInput sets the members of in, a pointer to a generated structure,
// from params: member names to JSON values as the endpoint tests and the
// Smithy protocol tests write them (blobs as strings, timestamps as epoch
// seconds, unions as one-member objects).
func FillInput(in any, params map[string]any) error {
	return fillPlan(reflect.ValueOf(in).Elem(), params)
}

func fillPlan(v reflect.Value, params map[string]any) error {
	sp := protocol.PlanOf(v.Type())
	for name, js := range params {
		m := sp.MemberByName(name)
		if m == nil {
			return fmt.Errorf("%s has no member %q", sp.Shape, name)
		}
		if js == nil {
			continue
		}
		if err := fillValue(&m.Value, v.Field(m.Index), js); err != nil {
			return fmt.Errorf("%s.%s: %w", sp.Shape, name, err)
		}
	}
	return nil
}

func fillValue(pv *protocol.Value, fv reflect.Value, js any) error {
	if pv.Kind == protocol.KindUnion {
		obj, ok := js.(map[string]any)
		if !ok || len(obj) != 1 {
			return fmt.Errorf("a union needs a one-member object, not %v", js)
		}
		for name, val := range obj {
			uv := protocol.UnionVariantByName(pv.Type, name)
			if uv == nil {
				return fmt.Errorf("union %v has no member %q", pv.Type, name)
			}
			iv, field := uv.NewUnionValue()
			if val != nil {
				if err := fillValue(&uv.Value.Value, field, val); err != nil {
					return err
				}
			}
			fv.Set(iv)
		}
		return nil
	}
	target := protocol.Settable(fv, pv)
	var ok bool
	switch pv.Kind {
	case protocol.KindString, protocol.KindEnum:
		var s string
		if s, ok = js.(string); ok {
			target.SetString(s)
		}
	case protocol.KindBool:
		var b bool
		if b, ok = js.(bool); ok {
			target.SetBool(b)
		}
	case protocol.KindInt8, protocol.KindInt16, protocol.KindInt32, protocol.KindInt64, protocol.KindIntEnum:
		var f float64
		if f, ok = js.(float64); ok {
			target.SetInt(int64(f))
		}
	case protocol.KindFloat32, protocol.KindFloat64:
		var f float64
		if f, ok = js.(float64); ok {
			target.SetFloat(f)
		}
	case protocol.KindTimestamp:
		var f float64
		if f, ok = js.(float64); ok {
			target.Set(reflect.ValueOf(time.Unix(0, int64(f*1e9)).UTC()))
		}
	case protocol.KindBlob:
		var s string
		if s, ok = js.(string); ok {
			target.SetBytes([]byte(s))
		}
	case protocol.KindList:
		var arr []any
		if arr, ok = js.([]any); ok {
			list := reflect.MakeSlice(fv.Type(), len(arr), len(arr))
			for i, e := range arr {
				if e == nil {
					continue
				}
				if err := fillValue(pv.Elem, list.Index(i), e); err != nil {
					return err
				}
			}
			fv.Set(list)
		}
	case protocol.KindMap:
		var obj map[string]any
		if obj, ok = js.(map[string]any); ok {
			mv := reflect.MakeMap(fv.Type())
			for k, e := range obj {
				ev := reflect.New(fv.Type().Elem()).Elem()
				if e != nil {
					if err := fillValue(pv.Elem, ev, e); err != nil {
						return err
					}
				}
				mv.SetMapIndex(reflect.ValueOf(k).Convert(fv.Type().Key()), ev)
			}
			fv.Set(mv)
		}
	case protocol.KindStruct:
		var obj map[string]any
		if obj, ok = js.(map[string]any); ok {
			return fillPlan(target, obj)
		}
	default:
		return fmt.Errorf("cannot fill a member of kind %d", pv.Kind)
	}
	if !ok {
		return fmt.Errorf("value %v does not fit the member", js)
	}
	return nil
}
