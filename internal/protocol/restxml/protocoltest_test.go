package restxml

import (
	"bytes"
	"encoding/json"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"reflect"
	"slices"
	"sort"
	"strings"
	"testing"

	"github.com/nimbus-sdk/nimbus/internal/protocol/internal/protocoltest"

	smithyhttp "github.com/aws/smithy-go/transport/http"

	"github.com/nimbus-sdk/nimbus/internal/protocol"
)

// TestProtocolConformance runs the botocore restXml protocol tests (see
// zz_protocoltest_test.go) against Codec.
func TestProtocolConformance(t *testing.T) {
	var passReq, passResp, skipped int
	for _, c := range protocolTestCases {
		kind := "response"
		if c.Request {
			kind = "request"
		}
		t.Run(kind+"/"+c.ID, func(t *testing.T) {
			if c.Skip != "" {
				skipped++
				t.Skip(c.Skip)
			}
			if c.Request {
				runRequestCase(t, c)
			} else {
				runResponseCase(t, c)
			}
			if !t.Failed() {
				if c.Request {
					passReq++
				} else {
					passResp++
				}
			}
		})
	}
	t.Logf("passed %d request and %d response cases; skipped %d", passReq, passResp, skipped)
}

type requestCase struct {
	Params     map[string]any `json:"params"`
	Serialized struct {
		Method         string            `json:"method"`
		URI            string            `json:"uri"`
		Body           *string           `json:"body"`
		Host           string            `json:"host"`
		Headers        map[string]string `json:"headers"`
		ForbidHeaders  []string          `json:"forbidHeaders"`
		RequireHeaders []string          `json:"requireHeaders"`
	} `json:"serialized"`
}

func runRequestCase(t *testing.T, c protocolTestCase) {
	var tc requestCase
	if err := json.Unmarshal([]byte(c.JSON), &tc); err != nil {
		t.Fatal(err)
	}
	var input any
	if c.New != nil {
		input = c.New()
		protocoltest.Fill(t, reflect.ValueOf(input).Elem(), tc.Params)
	}
	req := smithyhttp.NewStackRequest().(*smithyhttp.Request)
	req.URL, _ = url.Parse("https://example.com")
	if err := (Codec{}).SerializeRequest(c.Op, input, req); err != nil {
		t.Fatalf("SerializeRequest: %v", err)
	}
	if len(c.RequestCompression) > 0 {
		protocoltest.Compress(t, req, c.RequestCompression)
	}
	want := tc.Serialized
	if req.Method != want.Method {
		t.Errorf("method = %q; want %q", req.Method, want.Method)
	}
	wantPath, wantQuery, _ := strings.Cut(want.URI, "?")
	if got := req.URL.EscapedPath(); got != wantPath {
		t.Errorf("path = %q; want %q", got, wantPath)
	}
	if got, want := protocoltest.SplitQuery(req.URL.RawQuery), protocoltest.SplitQuery(wantQuery); !slices.Equal(got, want) {
		t.Errorf("query = %q; want %q", got, want)
	}
	if want.Host != "" && req.URL.Host != want.Host {
		t.Errorf("host = %q; want %q", req.URL.Host, want.Host)
	}
	for k, v := range want.Headers {
		if got, ok := req.Header[http.CanonicalHeaderKey(k)]; !ok || strings.Join(got, ", ") != v {
			t.Errorf("header %s = %q; want %q", k, got, v)
		}
	}
	for _, k := range want.ForbidHeaders {
		if _, ok := req.Header[http.CanonicalHeaderKey(k)]; ok {
			t.Errorf("header %s is set; want it absent", k)
		}
	}
	var body []byte
	if s := req.GetStream(); s != nil {
		var err error
		if body, err = io.ReadAll(s); err != nil {
			t.Fatal(err)
		}
	}
	for _, k := range want.RequireHeaders {
		// Content-Length is computed from the stream by the transport;
		// the codec's part is a stream of known length.
		if strings.EqualFold(k, "Content-Length") {
			if req.ContentLength != int64(len(body)) {
				t.Errorf("ContentLength = %d; want %d", req.ContentLength, len(body))
			}
			continue
		}
		if _, ok := req.Header[http.CanonicalHeaderKey(k)]; !ok {
			t.Errorf("header %s is missing", k)
		}
	}
	if want.Body == nil {
		return // not part of the case: the compression cases give none
	}
	if strings.HasPrefix(strings.TrimSpace(*want.Body), "<") {
		got, err1 := canonicalXML(body)
		exp, err2 := canonicalXML([]byte(*want.Body))
		if err1 != nil || err2 != nil || got != exp {
			t.Errorf("body = %s\nwant  %s\n(%v, %v)", got, exp, err1, err2)
		}
	} else if string(body) != *want.Body {
		t.Errorf("body = %q; want %q", body, *want.Body)
	}
}

type responseCase struct {
	Result    map[string]any `json:"result"`
	Error     map[string]any `json:"error"`
	ErrorCode string         `json:"errorCode"`
	Response  struct {
		StatusCode int               `json:"status_code"`
		Headers    map[string]string `json:"headers"`
		Body       string            `json:"body"`
	} `json:"response"`
}

func runResponseCase(t *testing.T, c protocolTestCase) {
	var tc responseCase
	if err := json.Unmarshal([]byte(c.JSON), &tc); err != nil {
		t.Fatal(err)
	}
	resp := &smithyhttp.Response{Response: &http.Response{
		StatusCode:    tc.Response.StatusCode,
		Header:        http.Header{},
		Body:          io.NopCloser(strings.NewReader(tc.Response.Body)),
		ContentLength: int64(len(tc.Response.Body)),
	}}
	for k, v := range tc.Response.Headers {
		resp.Header.Add(k, v)
	}
	if tc.ErrorCode != "" {
		err := (Codec{}).DeserializeError(c.Op, resp)
		var re *protocol.ResponseError
		if !errors.As(err, &re) {
			t.Fatalf("DeserializeError = %T %v; want *protocol.ResponseError", err, err)
		}
		if re.HTTPStatusCode() != tc.Response.StatusCode {
			t.Errorf("StatusCode = %d; want %d", re.HTTPStatusCode(), tc.Response.StatusCode)
		}
		typ := c.Op.Errors[tc.ErrorCode]
		if reflect.TypeOf(re.Err) != reflect.PointerTo(typ) {
			t.Fatalf("error = %T (%v); want *%v", re.Err, re.Err, typ)
		}
		want := reflect.New(typ)
		protocoltest.Fill(t, want.Elem(), tc.Error)
		protocoltest.ClearUnmodelled(re.Err, tc.Error)
		if got, exp := protocoltest.Normalize(reflect.ValueOf(re.Err)), protocoltest.Normalize(want); !reflect.DeepEqual(got, exp) {
			t.Errorf("error = %s\nwant    %s", protocoltest.Dump(got), protocoltest.Dump(exp))
		}
		return
	}
	if c.New == nil {
		if err := (Codec{}).DeserializeResponse(c.Op, resp, nil); err != nil {
			t.Fatal(err)
		}
		return
	}
	out := c.New()
	if err := (Codec{}).DeserializeResponse(c.Op, resp, out); err != nil {
		t.Fatalf("DeserializeResponse: %v", err)
	}
	want := c.New()
	protocoltest.Fill(t, reflect.ValueOf(want).Elem(), tc.Result)
	if got, exp := protocoltest.Normalize(reflect.ValueOf(out)), protocoltest.Normalize(reflect.ValueOf(want)); !reflect.DeepEqual(got, exp) {
		t.Errorf("output = %s\nwant     %s", protocoltest.Dump(got), protocoltest.Dump(exp))
	}
}

// canonicalXML renders an XML document with insignificant whitespace
// removed and attributes sorted, for semantic comparison. Map entries
// are sorted too: Smithy maps are unordered and Go's are randomized, while
// the expected bodies follow the params' JSON order. A map entry is an
// element named "entry", or (flattened maps) one of a run of same-named
// siblings that each hold exactly a key and a value element whose first
// is named like a key.
func canonicalXML(doc []byte) (string, error) {
	d := xml.NewDecoder(bytes.NewReader(doc))
	root := &xmlNode{}
	stack := []*xmlNode{root}
	for {
		tok, err := d.RawToken()
		if err == io.EOF {
			break
		}
		if err != nil {
			return "", err
		}
		top := stack[len(stack)-1]
		switch tk := tok.(type) {
		case xml.StartElement:
			n := &xmlNode{name: qname(tk.Name)}
			for _, a := range tk.Attr {
				n.attrs = append(n.attrs, fmt.Sprintf(" %s=%q", qname(a.Name), a.Value))
			}
			sort.Strings(n.attrs)
			top.children = append(top.children, n)
			stack = append(stack, n)
		case xml.EndElement:
			stack = stack[:len(stack)-1]
		case xml.CharData:
			top.text += string(tk)
		}
	}
	var b strings.Builder
	for _, c := range root.children {
		c.render(&b)
	}
	return b.String(), nil
}

type xmlNode struct {
	name     string
	attrs    []string
	text     string
	children []*xmlNode
}

func (n *xmlNode) render(b *strings.Builder) {
	b.WriteString("<" + n.name + strings.Join(n.attrs, "") + ">")
	if len(n.children) == 0 {
		xml.EscapeText(b, []byte(n.text))
	} else {
		var parts []string
		var names []string
		for _, c := range n.children {
			var cb strings.Builder
			c.render(&cb)
			parts = append(parts, cb.String())
			names = append(names, c.name)
		}
		for i := 0; i < len(parts); {
			j := i
			for j < len(parts) && names[j] == names[i] {
				j++
			}
			if n.children[i].name == "entry" || isFlatEntry(n.children[i]) {
				sort.Strings(parts[i:j])
			}
			i = j
		}
		b.WriteString(strings.Join(parts, ""))
	}
	b.WriteString("</" + n.name + ">")
}

func isFlatEntry(n *xmlNode) bool {
	if len(n.children) != 2 {
		return false
	}
	k := strings.ToLower(n.children[0].name)
	return k == "k" || strings.HasSuffix(k, "key")
}

func qname(n xml.Name) string {
	if n.Space != "" {
		return n.Space + ":" + n.Local
	}
	return n.Local
}
