package s3_test

import (
	"bytes"
	"io"
	"maps"
	"mime/multipart"
	"net/http"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/nimbus-sdk/nimbus/internal/testenv"
	"github.com/nimbus-sdk/nimbus/services/s3"
)

// postForm sends a multipart/form-data POST of fields (in sorted order,
// then the file last, as S3 requires) to url, and returns the status and
// body.
func postForm(t *testing.T, hc interface {
	Do(*http.Request) (*http.Response, error)
}, url string, fields map[string]string, filename, content string) (int, string) {
	t.Helper()
	var body bytes.Buffer
	mw := multipart.NewWriter(&body)
	for _, k := range slices.Sorted(maps.Keys(fields)) {
		if err := mw.WriteField(k, fields[k]); err != nil {
			t.Fatal(err)
		}
	}
	fw, err := mw.CreateFormFile("file", filename)
	if err != nil {
		t.Fatal(err)
	}
	io.WriteString(fw, content)
	if err := mw.Close(); err != nil {
		t.Fatal(err)
	}
	req, err := http.NewRequestWithContext(t.Context(), http.MethodPost, url, &body)
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Content-Type", mw.FormDataContentType())
	resp, err := hc.Do(req)
	if err != nil {
		t.Fatalf("POST %s: %v", url, err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b)
}

// TestIntegrationPresignPost uploads through presigned POST forms with
// net/http and reads the objects back with GetObject; a form that breaks
// its policy (too large a file, another key) is refused and stores
// nothing. versitygw and MinIO both implement POST uploads.
func TestIntegrationPresignPost(t *testing.T) {
	for _, srv := range allServers {
		t.Run(srv.name, func(t *testing.T) { testPresignPost(t, srv.name, srv.get(t)) })
	}
}

// testPresignPost runs TestIntegrationPresignPost's cases against e.
func testPresignPost(t *testing.T, server string, e testenv.Server) {
	c, _ := newClient(t, e)
	bucket := newBucket(t, c)
	hc := e.HTTPClient(t)
	p := s3.NewPresignClient(c)
	get := func(t *testing.T, key string) (string, bool) {
		t.Helper()
		out, err := c.GetObject(t.Context(), &s3.GetObjectInput{Bucket: &bucket, Key: &key})
		if err != nil {
			return err.Error(), false
		}
		return readAll(t, out.Body), true
	}

	// MinIO replaces ${filename} in the key before checking the policy,
	// so an exact key condition on "post/${filename}" (what
	// aws-sdk-go-v2 writes) fails there; versitygw stores the key as
	// sent.
	filenameKey, exactFilenameStatus, exactFilenameKey := "post/from-browser.txt", http.StatusForbidden, ""
	if strings.HasPrefix(server, "versitygw") {
		filenameKey, exactFilenameStatus, exactFilenameKey = "post/${filename}", http.StatusNoContent, "post/${filename}"
	}
	tests := []struct {
		name       string
		key        string
		filename   string
		content    string
		conditions []any // beyond content-length-range 1-64
		tamper     func(map[string]string)
		wantStatus int
		storedKey  string // the key the object should be stored under; "" if refused
	}{
		{"exact key", "post/é x+y.txt", "local.txt", "posted via a form", nil, nil, http.StatusNoContent, "post/é x+y.txt"},
		{"filename variable", "post/${filename}", "from-browser.txt", "named by the browser", nil, nil, http.StatusNoContent, filenameKey},
		{"filename variable, exact key condition", "post/${filename}", "exact.txt", "v2's condition",
			[]any{map[string]string{"key": "post/${filename}"}}, nil, exactFilenameStatus, exactFilenameKey},
		{"content-type condition met", "post/typed", "t.txt", "typed",
			[]any{[]any{"starts-with", "$Content-Type", "text/"}}, func(f map[string]string) { f["Content-Type"] = "text/plain" }, http.StatusNoContent, "post/typed"},
		{"content-type condition broken", "post/untyped", "t.txt", "typed",
			[]any{[]any{"starts-with", "$Content-Type", "text/"}}, func(f map[string]string) { f["Content-Type"] = "image/png" }, http.StatusForbidden, ""},
		{"over content-length-range", "post/big", "big.txt", strings.Repeat("x", 65), nil, nil, http.StatusBadRequest, ""},
		{"empty under content-length-range", "post/empty", "empty.txt", "", nil, nil, http.StatusBadRequest, ""},
		{"key outside the policy", "post/allowed", "f.txt", "data", nil, func(f map[string]string) { f["key"] = "post/other" }, http.StatusForbidden, ""},
		{"tampered policy", "post/tampered", "f.txt", "data", nil, func(f map[string]string) { f["X-Amz-Date"] = "20200101T000000Z" }, http.StatusForbidden, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			pr, err := p.PresignPostObject(t.Context(), &s3.PutObjectInput{Bucket: &bucket, Key: &tt.key}, func(o *s3.PresignPostOptions) {
				o.Expires = 5 * time.Minute
				o.Conditions = append([]any{[]any{"content-length-range", 1, 64}}, tt.conditions...)
			})
			if err != nil {
				t.Fatal(err)
			}
			if tt.tamper != nil {
				tt.tamper(pr.Values)
			}
			status, body := postForm(t, hc, pr.URL, pr.Values, tt.filename, tt.content)
			if status != tt.wantStatus {
				t.Fatalf("POST status = %d; want %d\n%s", status, tt.wantStatus, body)
			}
			if tt.storedKey == "" {
				if got, ok := get(t, pr.Values["key"]); ok {
					t.Errorf("GetObject(%q) after a refused POST = %q; want an error", pr.Values["key"], got)
				}
				return
			}
			if got, ok := get(t, tt.storedKey); !ok || got != tt.content {
				t.Errorf("GetObject(%q) = %q (ok %v); want %q", tt.storedKey, got, ok, tt.content)
			}
		})
	}
}
