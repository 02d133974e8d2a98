package batchops

import (
	"errors"
	"net/url"
	"testing"
)

func TestEscapeKey(t *testing.T) {
	for _, key := range []string{"plain/key.txt", "a b", "plus+sign", "100%", "comma,quote\"", "üñî/ç", "new\nline", "~tilde_-."} {
		esc := escapeKey(key)
		for _, dec := range []func(string) (string, error){url.QueryUnescape, url.PathUnescape} {
			if got, err := dec(esc); err != nil || got != key {
				t.Errorf("escapeKey(%q) = %q, which decodes to %q, %v", key, esc, got, err)
			}
		}
	}
	if got := escapeKey("dir/a b+c"); got != "dir/a%20b%2Bc" {
		t.Errorf(`escapeKey("dir/a b+c") = %q; want "dir/a%%20b%%2Bc"`, got)
	}
}

func TestParseRow(t *testing.T) {
	for _, tc := range []struct {
		name       string
		row        []string
		wantNil    bool
		code       string
		httpStatus int
		wantErr    bool
	}{
		{"succeeded", []string{"b", "k", "", "succeeded", "200", "", "ok"}, true, "", 0, false},
		{"status then code, as AWS's examples", []string{"b", "a%20b", "v1", "failed", "403", "AccessDenied", "Access Denied"}, false, "AccessDenied", 403, false},
		{"code then status, as the schema line", []string{"b", "a%20b", "v1", "failed", "AccessDenied", "403", "Access Denied"}, false, "AccessDenied", 403, false},
		{"no status", []string{"b", "k", "", "failed", "", "PermanentFailure", "Lambda returned function error"}, false, "PermanentFailure", 0, false},
		{"unknown task status", []string{"b", "k", "", "skipped", "200", "", ""}, false, "", 0, true},
		{"bad key", []string{"b", "%zz", "", "failed", "400", "X", ""}, false, "", 0, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			obj, err := parseRow(tc.row)
			if tc.wantErr {
				if err == nil {
					t.Errorf("parseRow(%q) = %v; want an error", tc.row, obj)
				}
				return
			}
			if err != nil || (obj == nil) != tc.wantNil {
				t.Fatalf("parseRow(%q) = %v, %v", tc.row, obj, err)
			}
			if obj == nil {
				return
			}
			var te *TaskError
			if !errors.As(obj, &te) || te.Code != tc.code || te.HTTPStatus != tc.httpStatus || obj.Key != "a b" && obj.Key != "k" {
				t.Errorf("parseRow(%q) = %v (%+v); want code %s, HTTP %d", tc.row, obj, te, tc.code, tc.httpStatus)
			}
		})
	}
}
