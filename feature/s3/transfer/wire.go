package transfer

import (
	"context"
	"net/http"
	"sync"
	"time"

	"github.com/nimbus-sdk/nimbus/services/s3"
	transporthttp "github.com/nimbus-sdk/nimbus/transport/http"
)

// wireInfo is what the HTTP layer saw of one S3 call: the status and Date
// header of the last response, and how many attempts got no response at
// all. Only an *s3.Client fills it in (through wireOption), since other
// S3API implementations have no HTTP layer; for them it stays zero, and
// its users fall back to what the output says.
type wireInfo struct {
	mu     sync.Mutex
	status int       // of the last response; 0 when none arrived
	date   time.Time // its Date header; zero when absent
	local  time.Time // the local time it arrived
	lost   int       // attempts sent that got no response
}

type wireKey struct{}

// withWireInfo returns ctx under which the calls of an *s3.Client record
// what they see in w.
func withWireInfo(ctx context.Context, w *wireInfo) context.Context {
	return context.WithValue(ctx, wireKey{}, w)
}

func (w *wireInfo) record(resp *http.Response, err error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	if err != nil || resp == nil {
		if !neverSent(err) {
			w.lost++
		}
		return
	}
	w.status, w.local = resp.StatusCode, time.Now()
	w.date, _ = http.ParseTime(resp.Header.Get("Date")) // zero when absent or malformed
}

// get returns the status and server clock of the last response.
func (w *wireInfo) get() (status int, date, local time.Time, lost int) {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.status, w.date, w.local, w.lost
}

// wireDoer is the HTTP client of the S3 calls of a Manager: before a
// request is sent it arms the progress meter of the request's context,
// so the bytes the transport reads from the body are counted, and after
// it records the response in the context's wireInfo.
type wireDoer struct{ next transporthttp.HTTPDoer }

func (d wireDoer) Do(req *http.Request) (*http.Response, error) {
	ctx := req.Context()
	if m, ok := ctx.Value(meterKey{}).(*meter); ok {
		m.armed.Store(true)
	}
	resp, err := d.next.Do(req)
	if w, ok := ctx.Value(wireKey{}).(*wireInfo); ok {
		w.record(resp, err)
	}
	return resp, err
}

// wireOption wraps the client's HTTP client with a wireDoer. The client
// reads the HTTP client per call, so this does not rebuild its middleware.
func wireOption(o *s3.Options) {
	if _, ok := o.HTTPClient.(wireDoer); ok || o.HTTPClient == nil {
		return
	}
	o.HTTPClient = wireDoer{next: o.HTTPClient}
}
