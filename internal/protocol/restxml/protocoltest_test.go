package restxml

import (
	"bytes"
	"encoding/json"
	"encoding/xml"
	"fmt"
	"io"
	"net/url"
	"reflect"
	"slices"
	"sort"
	"strings"
	"testing"

	smithyhttp "github.com/aws/smithy-go/transport/http"

	"github.com/nimbus-sdk/nimbus/internal/protocol/internal/protocoltest"
)

// TestProtocolConformance runs the botocore restXml protocol tests (see
// zz_protocoltest_test.go) against Codec.
func TestProtocolConformance(t *testing.T) {
	protocoltest.Run(t, protocolTestCases, func(t *testing.T, c protocolTestCase) {
		if c.Request {
			runRequestCase(t, c)
		} else {
			runResponseCase(t, c)
		}
	})
}

func runRequestCase(t *testing.T, c protocolTestCase) {
	var tc protocoltest.BotocoreRequest
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
	body := protocoltest.CheckHeaders(t, req, want.Headers, want.ForbidHeaders, want.RequireHeaders)
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

func runResponseCase(t *testing.T, c protocolTestCase) {
	var tc protocoltest.BotocoreResponse
	if err := json.Unmarshal([]byte(c.JSON), &tc); err != nil {
		t.Fatal(err)
	}
	resp := protocoltest.NewResponse(tc.Response.StatusCode, tc.Response.Headers, tc.Response.Body)
	if tc.ErrorCode != "" {
		protocoltest.CheckError(t, Codec{}, c.Op, resp, c.Op.Errors[tc.ErrorCode], tc.ErrorCode, tc.Error)
		return
	}
	protocoltest.CheckOutput(t, Codec{}, c.Op, c.New, resp, tc.Result)
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
