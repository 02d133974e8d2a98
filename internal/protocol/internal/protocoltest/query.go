package protocoltest

import (
	"net/url"
	"reflect"
	"slices"
	"strings"
	"testing"

	smithyhttp "github.com/aws/smithy-go/transport/http"

	"github.com/nimbus-sdk/nimbus/internal/protocol"
	"github.com/nimbus-sdk/nimbus/internal/protocol/internal/query"
)

// RunQuery runs cases against codec, a query protocol codec (awsquery,
// ec2query), with [Run]; it skips server cases, as the codecs are
// clients only.
func RunQuery(t *testing.T, codec protocol.Codec, cases []Case) {
	t.Helper()
	Run(t, cases, func(t *testing.T, c Case) {
		switch {
		case c.AppliesTo == "server":
			t.Skip("a server test (appliesTo: server)")
		case c.Request:
			runQueryRequest(t, codec, c, ParseRequest(t, c))
		default:
			runQueryResponse(t, codec, c, ParseResponse(t, c))
		}
	})
}

func runQueryRequest(t *testing.T, codec protocol.Codec, c Case, want Request) {
	var input any
	if c.New != nil {
		input = c.New()
		Fill(t, reflect.ValueOf(input).Elem(), want.Params)
	}
	req := smithyhttp.NewStackRequest().(*smithyhttp.Request)
	req.URL, _ = url.Parse(want.Endpoint)
	if err := codec.SerializeRequest(c.Op, input, req); err != nil {
		t.Fatalf("SerializeRequest: %v", err)
	}
	if len(c.RequestCompression) > 0 {
		Compress(t, req, c.RequestCompression)
	}
	if req.Method != want.Method {
		t.Errorf("method = %q; want %q", req.Method, want.Method)
	}
	if got := req.URL.EscapedPath(); got != want.URI {
		t.Errorf("path = %q; want %q", got, want.URI)
	}
	if want.Host != "" && req.URL.Host != want.Host {
		t.Errorf("host = %q; want %q", req.URL.Host, want.Host)
	}
	body := CheckHeaders(t, req, want.Headers, want.ForbidHeaders, want.RequireHeaders)
	if want.Body == nil {
		return // not part of the case: the compression cases give none
	}
	if got, exp := formPairs(string(body)), formPairs(*want.Body); !slices.Equal(got, exp) {
		t.Errorf("body = %q\nwant   %q", body, *want.Body)
	}
}

// formPairs splits a form body into its sorted key=value pairs: Smithy
// compares form bodies without regard to parameter order.
func formPairs(body string) []string {
	if body == "" {
		return nil
	}
	pairs := strings.Split(body, "&")
	slices.Sort(pairs)
	return pairs
}

func runQueryResponse(t *testing.T, codec protocol.Codec, c Case, want Response) {
	resp := NewResponse(want.StatusCode, want.Headers, want.Body)
	if want.ErrorCode != "" {
		typ := query.ErrorType(c.Op, want.ErrorCode)
		if typ == nil {
			t.Fatalf("no modelled error of %s for code %q", c.Op.Name, want.ErrorCode)
		}
		CheckError(t, codec, c.Op, resp, typ, want.ErrorCode, want.Error)
		return
	}
	CheckOutput(t, codec, c.Op, c.New, resp, want.Result)
}
