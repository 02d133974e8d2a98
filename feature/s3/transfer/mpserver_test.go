package transfer

import (
	"encoding/xml"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"
)

// mpServer is an S3 endpoint for the multipart uploads of bucket "b", for
// tests that need a real *s3.Client (its retries and attempt records)
// in front of a server that misbehaves. It answers CreateMultipartUpload,
// UploadPart, CompleteMultipartUpload, AbortMultipartUpload,
// ListMultipartUploads and DeleteObjects, and keeps uploads in memory.
type mpServer struct {
	// act, if not nil, chooses what happens to the nth call (from 1) of
	// op; see the mpAct constants. It runs on the request's goroutine
	// without the lock held.
	act func(op string, r *http.Request, n int) mpAct
	// clock is the server's clock, for Initiated and Date; nil is
	// time.Now.
	clock func() time.Time

	mu      sync.Mutex
	next    int
	uploads map[string]*mpUpload
	calls   map[string]int
	aborted []string
	deleted []string
}

type mpUpload struct {
	key       string
	initiated time.Time
	initiator string
}

// What an mpServer does with a request.
type mpAct int

const (
	mpServe mpAct = iota // serve it
	mpDrop               // serve it, then reset the connection: the response is lost
	mpDeny               // 403 AccessDenied, not served
	mpFail               // 500 InternalError, not served
	mpBusy               // 503 SlowDown, not served
	mpHang               // no answer until the client gives up (at most 10 s)
)

func newMPServer(t *testing.T, act func(op string, r *http.Request, n int) mpAct) (*mpServer, *httptest.Server) {
	s := &mpServer{act: act, uploads: map[string]*mpUpload{}, calls: map[string]int{}}
	srv := httptest.NewServer(s)
	t.Cleanup(srv.Close)
	return s, srv
}

func (s *mpServer) now() time.Time {
	if s.clock != nil {
		return s.clock()
	}
	return time.Now()
}

// addUpload records an upload created by another writer.
func (s *mpServer) addUpload(id, key, initiator string, at time.Time) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.uploads[id] = &mpUpload{key: key, initiated: at, initiator: initiator}
}

// open returns the IDs of the uploads in progress, sorted.
func (s *mpServer) open() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	var ids []string
	for id := range s.uploads {
		ids = append(ids, id)
	}
	slices.Sort(ids)
	return ids
}

func (s *mpServer) count(op string) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.calls[op]
}

func (s *mpServer) abortedIDs() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return slices.Sorted(slices.Values(s.aborted))
}

func (s *mpServer) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	op := s3Op(r)
	s.mu.Lock()
	s.calls[op]++
	n := s.calls[op]
	s.mu.Unlock()
	act := mpServe
	if s.act != nil {
		act = s.act(op, r, n)
	}
	body, _ := io.ReadAll(r.Body)
	w.Header().Set("Date", s.now().UTC().Format(http.TimeFormat))
	switch act {
	case mpDeny:
		mpError(w, http.StatusForbidden, "AccessDenied")
		return
	case mpFail:
		mpError(w, http.StatusInternalServerError, "InternalError")
		return
	case mpBusy:
		mpError(w, http.StatusServiceUnavailable, "SlowDown")
		return
	case mpHang:
		select {
		case <-r.Context().Done():
		case <-time.After(10 * time.Second):
		}
		return
	}
	status, out := s.serve(op, r, body)
	if act == mpDrop {
		resetConn(w)
		return
	}
	if status != http.StatusOK {
		mpError(w, status, out)
		return
	}
	if out != "" {
		w.Header().Set("Content-Type", "application/xml")
	}
	io.WriteString(w, out)
}

func mpError(w http.ResponseWriter, status int, code string) {
	w.Header().Set("Content-Type", "application/xml")
	w.WriteHeader(status)
	fmt.Fprintf(w, "<Error><Code>%s</Code><Message>%s</Message></Error>", code, code)
}

// resetConn closes the client's connection with a TCP RST.
func resetConn(w http.ResponseWriter) {
	conn, _, err := w.(http.Hijacker).Hijack()
	if err != nil {
		return
	}
	if tc, ok := conn.(*net.TCPConn); ok {
		tc.SetLinger(0)
	}
	conn.Close()
}

// serve runs op and returns 200 and the XML body, or an error status and
// code.
func (s *mpServer) serve(op string, r *http.Request, body []byte) (int, string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	q := r.URL.Query()
	key := strings.TrimPrefix(r.URL.Path, "/b/")
	id := q.Get("uploadId")
	if _, ok := s.uploads[id]; !ok && id != "" {
		return http.StatusNotFound, "NoSuchUpload"
	}
	switch op {
	case "CreateMultipartUpload":
		s.next++
		id = fmt.Sprintf("u%d", s.next)
		s.uploads[id] = &mpUpload{key: key, initiated: s.now(), initiator: "me"}
		return http.StatusOK, fmt.Sprintf("<InitiateMultipartUploadResult><Bucket>b</Bucket><Key>%s</Key><UploadId>%s</UploadId></InitiateMultipartUploadResult>", key, id)
	case "UploadPart":
		return http.StatusOK, ""
	case "CompleteMultipartUpload":
		delete(s.uploads, id)
		return http.StatusOK, fmt.Sprintf(`<CompleteMultipartUploadResult><Bucket>b</Bucket><Key>%s</Key><ETag>"done"</ETag></CompleteMultipartUploadResult>`, key)
	case "AbortMultipartUpload":
		delete(s.uploads, id)
		s.aborted = append(s.aborted, id)
		return http.StatusOK, ""
	case "ListMultipartUploads":
		return http.StatusOK, s.listLocked(q.Get("prefix"))
	case "DeleteObjects":
		return http.StatusOK, s.deleteLocked(body)
	}
	return http.StatusNotImplemented, "NotImplemented"
}

func (s *mpServer) listLocked(prefix string) string {
	var b strings.Builder
	b.WriteString("<ListMultipartUploadsResult><Bucket>b</Bucket><IsTruncated>false</IsTruncated>")
	ids := make([]string, 0, len(s.uploads))
	for id := range s.uploads {
		ids = append(ids, id)
	}
	slices.SortFunc(ids, func(a, b string) int { return strings.Compare(s.uploads[a].key+"\x00"+a, s.uploads[b].key+"\x00"+b) })
	for _, id := range ids {
		u := s.uploads[id]
		if !strings.HasPrefix(u.key, prefix) {
			continue
		}
		fmt.Fprintf(&b, "<Upload><Key>%s</Key><UploadId>%s</UploadId><Initiated>%s</Initiated>"+
			"<Initiator><ID>%s</ID></Initiator><Owner><ID>%s</ID></Owner></Upload>",
			u.key, id, u.initiated.UTC().Format("2006-01-02T15:04:05.000Z"), u.initiator, u.initiator)
	}
	b.WriteString("</ListMultipartUploadsResult>")
	return b.String()
}

// deleteLocked deletes nothing but records the keys of a DeleteObjects
// request, and answers in quiet mode (no errors).
func (s *mpServer) deleteLocked(body []byte) string {
	var req struct {
		Objects []struct{ Key string } `xml:"Object"`
	}
	xml.Unmarshal(body, &req)
	for _, o := range req.Objects {
		s.deleted = append(s.deleted, o.Key)
	}
	return "<DeleteResult></DeleteResult>"
}
