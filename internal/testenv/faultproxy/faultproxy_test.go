package faultproxy

import (
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"syscall"
	"testing"
)

func upstream(t *testing.T, hits *atomic.Int32) string {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		hits.Add(1)
		w.Header().Set("X-Host-Seen", r.Host)
		io.WriteString(w, "0123456789")
	}))
	t.Cleanup(srv.Close)
	return srv.URL
}

func TestFaults(t *testing.T) {
	tests := []struct {
		name      string
		fault     Fault
		wantHits  int32
		wantErr   bool
		wantState int
		wantBody  string
	}{
		{name: "forward", fault: Fault{}, wantHits: 1, wantState: 200, wantBody: "0123456789"},
		{name: "status", fault: Fault{Status: 503}, wantHits: 0, wantState: 503},
		{name: "drop response", fault: Fault{DropResponse: true}, wantHits: 1, wantErr: true},
		{name: "reset mid body", fault: Fault{Reset: true, ResetAfter: 4}, wantHits: 1, wantState: 200, wantErr: true, wantBody: "0123"},
		{name: "rewrite", fault: Fault{Rewrite: func(r *Response) { r.Status = 206; r.Body = r.Body[:3] }}, wantHits: 1, wantState: 206, wantBody: "012"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var hits atomic.Int32
			p := Start(t, upstream(t, &hits), Times(1, nil, tt.fault))
			resp, err := http.Get(p.URL + "/b/k")
			var body []byte
			if err == nil {
				body, err = io.ReadAll(resp.Body)
				resp.Body.Close()
				if resp.StatusCode != tt.wantState {
					t.Errorf("status = %d; want %d", resp.StatusCode, tt.wantState)
				}
				if tt.wantState == 200 && !strings.HasPrefix(resp.Header.Get("X-Host-Seen"), "127.0.0.1:") {
					t.Errorf("upstream saw Host %q; want the proxy's", resp.Header.Get("X-Host-Seen"))
				}
			}
			if (err != nil) != tt.wantErr {
				t.Fatalf("err = %v; want error %v", err, tt.wantErr)
			}
			if tt.wantBody != "" && string(body) != tt.wantBody {
				t.Errorf("body = %q; want %q", body, tt.wantBody)
			}
			if got := hits.Load(); got != tt.wantHits {
				t.Errorf("upstream hits = %d; want %d", got, tt.wantHits)
			}
			if tt.name == "drop response" && !errors.Is(err, syscall.ECONNRESET) && !errors.Is(err, io.EOF) {
				t.Errorf("err = %v; want a reset", err)
			}
			// The rule fires once: the next request passes.
			resp, err = http.Get(p.URL + "/b/k")
			if err != nil {
				t.Fatalf("second request: %v", err)
			}
			resp.Body.Close()
			wantInjected := 1
			if tt.name == "forward" {
				wantInjected = 0
			}
			if resp.StatusCode != 200 || p.Injected() != wantInjected || len(p.Records()) != 2 {
				t.Errorf("second request: status %d, injected %d, records %d; want 200, %d, 2", resp.StatusCode, p.Injected(), len(p.Records()), wantInjected)
			}
		})
	}
}
