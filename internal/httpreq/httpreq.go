// Package httpreq makes and copies the *smithyhttp.Request that an
// operation's middleware stack builds, in fewer allocations than
// smithyhttp.NewStackRequest and smithyhttp.(*Request).Clone.
//
// Both place the smithyhttp.Request, its *http.Request and its *url.URL in
// one allocation (they live and die together: the stack holds the
// smithyhttp.Request for one call or one attempt), and size the header map
// for the headers a signed AWS request carries, so that signing does not
// grow it (growing a Go map past eight entries costs three allocations). The results are equal to what smithy-go's functions return.
package httpreq

import (
	"context"
	"net/http"
	"net/url"

	smithyhttp "github.com/aws/smithy-go/transport/http"
)

// headerRoom is the header map's size hint: the headers a signed SigV4
// request carries after its operation's own (amz-sdk-request, X-Amz-Date,
// X-Amz-Security-Token, X-Amz-Content-Sha256, Authorization, the two user
// agents, amz-sdk-invocation-id, Accept-Encoding) and a few bound members.
const headerRoom = 16

// block is the one allocation holding a request's three parts.
type block struct {
	sr smithyhttp.Request
	hr http.Request
	u  url.URL
}

// New returns an empty request as smithyhttp.NewStackRequest does: a
// zero URL, an empty header and an unknown ContentLength (-1). Its result
// has the same signature, so it can be a middleware.Stack's request
// constructor.
func New() interface{} {
	b := &block{}
	b.hr.URL = &b.u
	// Room for the headers added before an attempt copies the request
	// (user agents, invocation ID, Accept-Encoding and a few bound
	// members); a map of up to eight entries is a single group.
	b.hr.Header = make(http.Header, 8)
	b.hr.ContentLength = -1
	b.sr.Request = &b.hr
	return &b.sr
}

// Clone returns a deep copy of r as r.Clone does: the URL (and its User),
// header, trailer and transfer encodings are copied, the body stream is
// shared, and the *http.Request's context is context.TODO(). The header
// map has room for the headers signing adds. A request carrying parsed
// forms (never one the SDK builds) is copied by r.Clone itself.
func Clone(r *smithyhttp.Request) *smithyhttp.Request {
	hr := r.Request
	if hr == nil || hr.Form != nil || hr.PostForm != nil || hr.MultipartForm != nil {
		return r.Clone()
	}
	b := &block{}
	b.sr = *r
	// WithContext is a shallow copy with the new context; it is inlined
	// and its copy does not escape, so it costs no allocation.
	b.hr = *hr.WithContext(context.TODO())
	if hr.URL != nil {
		b.u = *hr.URL
		if hr.URL.User != nil {
			u := *hr.URL.User
			b.u.User = &u
		}
		b.hr.URL = &b.u
	}
	b.hr.Header = cloneHeader(hr.Header)
	b.hr.Trailer = hr.Trailer.Clone()
	if s := hr.TransferEncoding; s != nil {
		b.hr.TransferEncoding = append([]string(nil), s...)
	}
	b.sr.Request = &b.hr
	return &b.sr
}

// cloneHeader copies h into a map with room for signing's headers, all
// values in one backing array, as http.Header.Clone does.
func cloneHeader(h http.Header) http.Header {
	if h == nil {
		return nil
	}
	n := 0
	for _, vv := range h {
		n += len(vv)
	}
	sv := make([]string, n)
	h2 := make(http.Header, max(len(h), headerRoom))
	for k, vv := range h {
		if vv == nil {
			h2[k] = nil
			continue
		}
		n = copy(sv, vv)
		h2[k] = sv[:n:n]
		sv = sv[n:]
	}
	return h2
}
