package httpreq

import (
	"bytes"
	"net/http"
	"net/url"
	"reflect"
	"testing"

	smithyhttp "github.com/aws/smithy-go/transport/http"
)

func TestNewMatchesSmithy(t *testing.T) {
	got := New().(*smithyhttp.Request)
	want := smithyhttp.NewStackRequest().(*smithyhttp.Request)
	if !reflect.DeepEqual(got.Request, want.Request) {
		t.Fatalf("New() = %+v, want %+v", got.Request, want.Request)
	}
	if got.GetStream() != nil || got.ContentLength != -1 {
		t.Fatalf("New(): stream %v, ContentLength %d", got.GetStream(), got.ContentLength)
	}
}

func newTestRequest(t *testing.T) *smithyhttp.Request {
	t.Helper()
	r := New().(*smithyhttp.Request)
	u, err := url.Parse("https://user:pw@example.com/a%2Fb/c?x=1")
	if err != nil {
		t.Fatal(err)
	}
	*r.URL = *u
	r.Method = http.MethodPut
	for i, k := range []string{"A", "B", "C", "D", "E", "F", "G", "H", "I", "J"} {
		r.Header[k] = []string{k, string(rune('0' + i))}
	}
	r.Header["Nil"] = nil
	r.Trailer = http.Header{"T": {"1"}}
	r.TransferEncoding = []string{"chunked"}
	r2, err := r.SetStream(bytes.NewReader([]byte("body")))
	if err != nil {
		t.Fatal(err)
	}
	return r2
}

func TestCloneMatchesSmithy(t *testing.T) {
	r := newTestRequest(t)
	got, want := Clone(r), r.Clone()
	if !reflect.DeepEqual(got.Request, want.Request) {
		t.Fatalf("Clone = %+v\nwant %+v", got.Request, want.Request)
	}
	if got.Context() != want.Context() {
		t.Fatalf("Clone context %v, want %v", got.Context(), want.Context())
	}
	if got.GetStream() != r.GetStream() || got.IsStreamSeekable() != r.IsStreamSeekable() {
		t.Fatal("Clone does not share the stream")
	}
}

func TestCloneIsDeep(t *testing.T) {
	r := newTestRequest(t)
	c := Clone(r)
	c.URL.Path = "/changed"
	c.URL.User = url.User("other")
	c.Header["A"][0] = "changed"
	c.Header["A"] = append(c.Header["A"], "more")
	c.Header["B"] = append(c.Header["B"], "more")
	c.Header["New"] = []string{"x"}
	c.Trailer["T"][0] = "changed"
	c.TransferEncoding[0] = "changed"
	c.Method = http.MethodGet

	want := newTestRequest(t)
	if !reflect.DeepEqual(r.Request.Header, want.Request.Header) ||
		!reflect.DeepEqual(r.URL, want.URL) ||
		!reflect.DeepEqual(r.Trailer, want.Trailer) ||
		!reflect.DeepEqual(r.TransferEncoding, want.TransferEncoding) ||
		r.Method != want.Method {
		t.Fatalf("changing the clone changed the original: %+v", r.Request)
	}
	if got := c.Header["C"]; len(got) != 2 || got[0] != "C" {
		t.Fatalf("clone header C = %q", got)
	}
}

func TestCloneWithFormFallsBack(t *testing.T) {
	r := newTestRequest(t)
	r.Form = url.Values{"a": {"1"}}
	c := Clone(r)
	c.Form["a"][0] = "2"
	if r.Form["a"][0] != "1" {
		t.Fatal("clone shares Form")
	}
}

func TestCloneAllocations(t *testing.T) {
	r := New().(*smithyhttp.Request)
	r.URL.Scheme, r.URL.Host, r.URL.Path = "https", "example.com", "/k"
	for _, k := range []string{"User-Agent", "X-Amz-User-Agent", "Amz-Sdk-Invocation-Id", "Accept-Encoding", "X-Amz-Content-Sha256"} {
		r.Header[k] = []string{"v"}
	}
	// The copy and the four headers signing adds after it, without the
	// map growing: one block, one value array, the map.
	n := testing.AllocsPerRun(100, func() {
		c := Clone(r)
		for _, k := range []string{"Amz-Sdk-Request", "X-Amz-Date", "X-Amz-Security-Token", "Authorization"} {
			c.Header[k] = nil
		}
	})
	if n > 6 {
		t.Fatalf("Clone and four header sets: %v allocations, want <= 6", n)
	}
}
