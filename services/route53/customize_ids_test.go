package route53

import (
	"context"
	"encoding/json"
	"errors"
	"go/ast"
	"go/parser"
	"go/token"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/aws/smithy-go"

	"github.com/nimbus-sdk/nimbus/credentials"
)

// seen is what the test server records of one request.
type seen struct {
	path, query, body string
}

// newRecordingClient returns a client whose requests go to a server that
// records them and answers each with status, header and body.
func newRecordingClient(t *testing.T, status int, header http.Header, body string) (*Client, func() []seen) {
	t.Helper()
	var mu sync.Mutex
	var reqs []seen
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		b, _ := io.ReadAll(r.Body)
		mu.Lock()
		reqs = append(reqs, seen{path: r.URL.EscapedPath(), query: r.URL.RawQuery, body: string(b)})
		mu.Unlock()
		for k, v := range header {
			w.Header()[k] = v
		}
		w.Header().Set("Content-Type", "text/xml")
		w.WriteHeader(status)
		_, _ = io.WriteString(w, body)
	}))
	t.Cleanup(srv.Close)
	c := New(Options{
		Region:       "us-east-1",
		BaseEndpoint: srv.URL,
		HTTPClient:   srv.Client(),
		Credentials:  credentials.NewStaticProvider("AKID", "SECRET", ""),
	})
	return c, func() []seen {
		mu.Lock()
		defer mu.Unlock()
		return append([]seen(nil), reqs...)
	}
}

// TestSanitizeIDs checks that IDs passed as Route 53 returns them, with
// their resource-type prefix, reach the server bare, in the URI path, the
// query string and the body alike, and that the caller's input keeps its
// value.
func TestSanitizeIDs(t *testing.T) {
	tests := []struct {
		name      string
		call      func(context.Context, *Client) (*string, error) // returns the input's ID member
		wantPath  string
		wantQuery string
		wantBody  string
	}{
		{"GetHostedZone", func(ctx context.Context, c *Client) (*string, error) {
			in := &GetHostedZoneInput{Id: ptr("/hostedzone/Z123")}
			_, err := c.GetHostedZone(ctx, in)
			return in.Id, err
		}, "/2013-04-01/hostedzone/Z123", "", ""},
		{"GetChange", func(ctx context.Context, c *Client) (*string, error) {
			in := &GetChangeInput{Id: ptr("/change/C123")}
			_, err := c.GetChange(ctx, in)
			return in.Id, err
		}, "/2013-04-01/change/C123", "", ""},
		{"GetReusableDelegationSet", func(ctx context.Context, c *Client) (*string, error) {
			in := &GetReusableDelegationSetInput{Id: ptr("/delegationset/N123")}
			_, err := c.GetReusableDelegationSet(ctx, in)
			return in.Id, err
		}, "/2013-04-01/delegationset/N123", "", ""},
		{"ListResourceRecordSets without slash", func(ctx context.Context, c *Client) (*string, error) {
			in := &ListResourceRecordSetsInput{HostedZoneId: ptr("hostedzone/Z9")}
			_, err := c.ListResourceRecordSets(ctx, in)
			return in.HostedZoneId, err
		}, "/2013-04-01/hostedzone/Z9/rrset", "", ""},
		{"ListHostedZones query", func(ctx context.Context, c *Client) (*string, error) {
			in := &ListHostedZonesInput{DelegationSetId: ptr("/delegationset/N1")}
			_, err := c.ListHostedZones(ctx, in)
			return in.DelegationSetId, err
		}, "/2013-04-01/hostedzone", "delegationsetid=N1", ""},
		{"CreateHostedZone body", func(ctx context.Context, c *Client) (*string, error) {
			in := &CreateHostedZoneInput{Name: ptr("example.com"), CallerReference: ptr("ref"), DelegationSetId: ptr("/delegationset/N2")}
			_, err := c.CreateHostedZone(ctx, in)
			return in.DelegationSetId, err
		}, "/2013-04-01/hostedzone", "", "<DelegationSetId>N2</DelegationSetId>"},
		{"bare ID unchanged", func(ctx context.Context, c *Client) (*string, error) {
			in := &GetHostedZoneInput{Id: ptr("Z123")}
			_, err := c.GetHostedZone(ctx, in)
			return in.Id, err
		}, "/2013-04-01/hostedzone/Z123", "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, requests := newRecordingClient(t, http.StatusOK, nil, "<R/>")
			id, err := tt.call(context.Background(), c)
			if err != nil {
				t.Fatal(err)
			}
			reqs := requests()
			if len(reqs) != 1 {
				t.Fatalf("server saw %d requests; want 1", len(reqs))
			}
			got := reqs[0]
			if got.path != tt.wantPath || got.query != tt.wantQuery {
				t.Errorf("request %s?%s; want %s?%s", got.path, got.query, tt.wantPath, tt.wantQuery)
			}
			if !strings.Contains(got.body, tt.wantBody) {
				t.Errorf("body %q does not contain %q", got.body, tt.wantBody)
			}
			if tt.name != "bare ID unchanged" && !strings.Contains(*id, "/") {
				t.Errorf("the caller's input was rewritten to %q", *id)
			}
		})
	}
}

// TestSanitizeIDOnlyPrefix checks that an ID that is nothing but a prefix
// is refused as empty before anything is sent.
func TestSanitizeIDOnlyPrefix(t *testing.T) {
	c, requests := newRecordingClient(t, http.StatusOK, nil, "<R/>")
	_, err := c.GetHostedZone(context.Background(), &GetHostedZoneInput{Id: ptr("/hostedzone/")})
	var invalid smithy.InvalidParamsError
	if !errors.As(err, &invalid) || !strings.Contains(err.Error(), "Id") {
		t.Errorf("GetHostedZone(/hostedzone/) error = %v; want an InvalidParamsError naming Id", err)
	}
	if n := len(requests()); n != 0 {
		t.Errorf("server saw %d requests; want none", n)
	}
}

// TestIDMembersMatchModel checks idMembers against the Route 53 model: it
// lists exactly the top-level input members targeting ResourceId,
// DelegationSetId or ChangeId, and each is a *string field of the
// operation's generated input struct.
func TestIDMembersMatchModel(t *testing.T) {
	raw, err := os.ReadFile(filepath.Join("..", "..", "internal", "codegen", "models", "route-53.json"))
	if err != nil {
		t.Fatal(err)
	}
	var model struct {
		Shapes map[string]struct {
			Type       string `json:"type"`
			Operations []struct {
				Target string `json:"target"`
			} `json:"operations"`
			Input *struct {
				Target string `json:"target"`
			} `json:"input"`
			Members map[string]struct {
				Target string `json:"target"`
			} `json:"members"`
		} `json:"shapes"`
	}
	if err := json.Unmarshal(raw, &model); err != nil {
		t.Fatal(err)
	}
	want := map[string]string{}
	for _, s := range model.Shapes {
		for _, op := range s.Operations {
			o := model.Shapes[op.Target]
			if o.Input == nil {
				continue
			}
			name := op.Target[strings.IndexByte(op.Target, '#')+1:]
			for member, m := range model.Shapes[o.Input.Target].Members {
				switch m.Target[strings.IndexByte(m.Target, '#')+1:] {
				case "ResourceId", "DelegationSetId", "ChangeId":
					if prev, dup := want[name]; dup {
						t.Errorf("%s has two ID members, %s and %s; idMembers holds one", name, prev, member)
					}
					want[name] = member
				}
			}
		}
	}
	if len(want) < 30 {
		t.Fatalf("found %d operations with ID members in the model; want the ~34 Route 53 has", len(want))
	}
	for op, member := range want {
		if got := idMembers[op]; got != member {
			t.Errorf("idMembers[%q] = %q; want %q", op, got, member)
		}
	}
	for op, field := range idMembers {
		if _, ok := want[op]; !ok {
			t.Errorf("idMembers[%q] is not an ID member in the model", op)
		}
		if typ := inputFieldType(t, op, field); typ != "*string" {
			t.Errorf("%sInput.%s has type %q; want *string", op, field, typ)
		}
	}
}

// inputFieldType returns the type of field in the generated <op>Input
// struct, as source text, or "" if there is no such field.
func inputFieldType(t *testing.T, op, field string) string {
	t.Helper()
	f, err := parser.ParseFile(token.NewFileSet(), "api_op_"+op+".go", nil, 0)
	if err != nil {
		t.Fatal(err)
	}
	typ := ""
	ast.Inspect(f, func(n ast.Node) bool {
		ts, ok := n.(*ast.TypeSpec)
		if !ok || ts.Name.Name != op+"Input" {
			return true
		}
		for _, fl := range ts.Type.(*ast.StructType).Fields.List {
			for _, n := range fl.Names {
				if n.Name != field {
					continue
				}
				if star, ok := fl.Type.(*ast.StarExpr); ok {
					if id, ok := star.X.(*ast.Ident); ok {
						typ = "*" + id.Name
					}
				}
			}
		}
		return false
	})
	return typ
}

func ptr[T any](v T) *T { return &v }
