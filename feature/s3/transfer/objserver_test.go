package transfer

import (
	"bufio"
	"cmp"
	"crypto/md5"
	"encoding/base64"
	"encoding/hex"
	"encoding/xml"
	"fmt"
	"io"
	"maps"
	"net/http"
	"net/http/httptest"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/nimbus-sdk/nimbus/middleware/checksum"
)

// objServer is an S3 endpoint for bucket "b" that keeps objects and
// multipart uploads in memory and checks SSE-C and Requester Pays the way
// S3 does, for tests that need to see every request a transfer sends
// through a real *s3.Client: an object or upload created with a customer
// key can only be read, listed, continued or completed with the same key,
// and with payer set every request must carry x-amz-request-payer. It
// answers PutObject, CreateMultipartUpload, UploadPart, ListParts,
// CompleteMultipartUpload, AbortMultipartUpload, ListMultipartUploads,
// HeadObject and GetObject (whole, by Range or by partNumber, with
// If-Match and the response-* header overrides), CopyObject,
// UploadPartCopy, GetObjectTagging (one tag) and ListObjectsV2. It takes
// Range as S3 does: one range of any form, 416 InvalidRange for one that
// starts past the end (any range of an empty object), and the whole
// object for a Range it cannot parse or a list of ranges.
type objServer struct {
	payer    bool // refuse requests without x-amz-request-payer: requester
	maxParts int  // parts per ListParts page; 0 means 1000

	// fault, if not nil, chooses what happens to the nth request (from 1)
	// of op. It runs without the lock held.
	fault func(op string, r *http.Request, n int) objFault

	mu      sync.Mutex
	objects map[string]*srvObject
	uploads map[string]*srvUpload
	next    int
	calls   map[string]int
	reqs    []srvRequest
}

// What an objServer does with a request.
type objFault int

const (
	objServe objFault = iota // serve it
	objFail                  // 500 InternalError, not served: the client retries
	objDeny                  // 403 AccessDenied, not served
	objBreak                 // serve a GET, but break the connection halfway through the body
	objDrop                  // serve it, then reset the connection: the response is lost
	objWhole                 // serve a GET whole with 200, ignoring Range and partNumber, as some proxies do
)

type srvObject struct {
	data     []byte
	etag     string
	keyMD5   string // of the SSE-C key; "" without SSE-C
	partSize int64  // of a multipart object; 0 for one part
}

type srvUpload struct {
	key       string
	keyMD5    string
	alg, typ  string // x-amz-checksum-algorithm and x-amz-checksum-type of the creation
	parts     map[int][]byte
	initiated time.Time
}

// srvRequest is a request as the server received it.
type srvRequest struct {
	op     string
	key    string // object key, from the path
	header http.Header
	query  url.Values
}

func newObjServer(t *testing.T) (*objServer, *httptest.Server) {
	s := &objServer{objects: map[string]*srvObject{}, uploads: map[string]*srvUpload{}, calls: map[string]int{}}
	srv := httptest.NewServer(s)
	t.Cleanup(srv.Close)
	return s, srv
}

// put stores an object, as if uploaded in parts of partSize (0: one
// part) with the SSE-C key raw (base64; "" for none).
func (s *objServer) put(key string, data []byte, raw string, partSize int64) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.objects[key] = &srvObject{data: data, etag: etagOf(data), keyMD5: keyMD5(raw), partSize: partSize}
}

// object returns the content of key and the MD5 of its SSE-C key.
func (s *objServer) object(key string) ([]byte, string, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	o, ok := s.objects[key]
	if !ok {
		return nil, "", false
	}
	return o.data, o.keyMD5, true
}

// requests returns the requests received so far.
func (s *objServer) requests() []srvRequest {
	s.mu.Lock()
	defer s.mu.Unlock()
	return slices.Clone(s.reqs)
}

// keyMD5 returns the base64 MD5 of the bytes of a base64 SSE-C key, or ""
// for no key.
func keyMD5(b64 string) string {
	if b64 == "" {
		return ""
	}
	raw, _ := base64.StdEncoding.DecodeString(b64)
	sum := md5.Sum(raw)
	return base64.StdEncoding.EncodeToString(sum[:])
}

func etagOf(data []byte) string {
	sum := md5.Sum(data)
	return `"` + hex.EncodeToString(sum[:]) + `"`
}

const (
	sseHeader     = "X-Amz-Server-Side-Encryption-Customer-"
	copySSEHeader = "X-Amz-Copy-Source-Server-Side-Encryption-Customer-"
)

// sseOf returns the key MD5 of the SSE-C headers of h under prefix ("" for
// none), after checking them as S3 does: AES256, a 32-byte key, and its
// MD5.
func sseOf(h http.Header, prefix string) (string, bool) {
	alg, key, sum := h.Get(prefix+"Algorithm"), h.Get(prefix+"Key"), h.Get(prefix+"Key-Md5")
	if alg == "" && key == "" && sum == "" {
		return "", true
	}
	raw, err := base64.StdEncoding.DecodeString(key)
	return sum, alg == "AES256" && err == nil && len(raw) == 32 && keyMD5(key) == sum
}

// s3Op names the S3 operation of a request to the test servers.
func s3Op(r *http.Request) string {
	q := r.URL.Query()
	copied := r.Header.Get("X-Amz-Copy-Source") != ""
	switch {
	case r.Method == http.MethodPost && q.Has("uploads"):
		return "CreateMultipartUpload"
	case r.Method == http.MethodPost && q.Has("delete"):
		return "DeleteObjects"
	case r.Method == http.MethodPut && q.Has("partNumber") && copied:
		return "UploadPartCopy"
	case r.Method == http.MethodPut && q.Has("partNumber"):
		return "UploadPart"
	case r.Method == http.MethodPost && q.Has("uploadId"):
		return "CompleteMultipartUpload"
	case r.Method == http.MethodDelete && q.Has("uploadId"):
		return "AbortMultipartUpload"
	case r.Method == http.MethodGet && q.Has("uploadId"):
		return "ListParts"
	case r.Method == http.MethodGet && q.Has("uploads"):
		return "ListMultipartUploads"
	case r.Method == http.MethodGet && q.Has("tagging"):
		return "GetObjectTagging"
	case r.Method == http.MethodGet && q.Get("list-type") == "2":
		return "ListObjectsV2"
	case r.Method == http.MethodPut && copied:
		return "CopyObject"
	case r.Method == http.MethodPut:
		return "PutObject"
	case r.Method == http.MethodHead:
		return "HeadObject"
	case r.Method == http.MethodGet:
		return "GetObject"
	}
	return r.Method
}

// objError is an S3 error response.
type objError struct {
	status int
	code   string
}

var (
	errNoSuchKey    = &objError{http.StatusNotFound, "NoSuchKey"}
	errNoSuchUpload = &objError{http.StatusNotFound, "NoSuchUpload"}
	errBadSSE       = &objError{http.StatusBadRequest, "InvalidArgument"} // incomplete or inconsistent SSE-C headers
	errSSEMismatch  = &objError{http.StatusBadRequest, "InvalidRequest"}  // another key (or none) than the object's
	errPrecondition = &objError{http.StatusPreconditionFailed, "PreconditionFailed"}
	errPayer        = &objError{http.StatusForbidden, "AccessDenied"} // Requester Pays without x-amz-request-payer
)

func (s *objServer) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	op := s3Op(r)
	key, _ := strings.CutPrefix(r.URL.Path, "/b/")
	s.mu.Lock()
	s.calls[op]++
	n := s.calls[op]
	s.reqs = append(s.reqs, srvRequest{op: op, key: key, header: r.Header.Clone(), query: r.URL.Query()})
	s.mu.Unlock()
	fault := objServe
	if s.fault != nil {
		fault = s.fault(op, r, n)
	}
	body, err := readObjBody(r)
	switch {
	case err != nil:
		writeObjError(w, &objError{http.StatusBadRequest, "IncompleteBody"})
		return
	case fault == objFail:
		writeObjError(w, &objError{http.StatusInternalServerError, "InternalError"})
		return
	case fault == objDeny:
		writeObjError(w, &objError{http.StatusForbidden, "AccessDenied"})
		return
	case s.payer && r.Header.Get("X-Amz-Request-Payer") != "requester":
		writeObjError(w, errPayer)
		return
	}
	sse, ok := sseOf(r.Header, sseHeader)
	srcSSE, srcOK := sseOf(r.Header, copySSEHeader)
	if !ok || !srcOK {
		writeObjError(w, errBadSSE)
		return
	}
	w.Header().Set("Date", time.Now().UTC().Format(http.TimeFormat))
	s.mu.Lock()
	defer s.mu.Unlock()
	if fault == objDrop {
		s.serve(httptest.NewRecorder(), r, op, key, body, sse, srcSSE, objServe)
		resetConn(w)
		return
	}
	if err := s.serve(w, r, op, key, body, sse, srcSSE, fault); err != nil {
		writeObjError(w, err)
	}
}

// readObjBody reads a request body, decoding aws-chunked bodies (the
// checksum trailer is not checked).
func readObjBody(r *http.Request) ([]byte, error) {
	if r.Header.Get("X-Amz-Decoded-Content-Length") == "" {
		return io.ReadAll(r.Body)
	}
	br := bufio.NewReader(r.Body)
	var out []byte
	for {
		line, err := br.ReadString('\n')
		if err != nil {
			return nil, err
		}
		hexSize, _, _ := strings.Cut(strings.TrimSpace(line), ";")
		size, err := strconv.ParseInt(hexSize, 16, 64)
		if err != nil {
			return nil, err
		}
		if size == 0 {
			_, err := io.Copy(io.Discard, br) // trailers
			return out, err
		}
		chunk := make([]byte, size+2) // with its CRLF
		if _, err := io.ReadFull(br, chunk); err != nil {
			return nil, err
		}
		out = append(out, chunk[:size]...)
	}
}

func writeObjError(w http.ResponseWriter, e *objError) {
	w.Header().Set("Content-Type", "application/xml")
	w.WriteHeader(e.status)
	fmt.Fprintf(w, "<Error><Code>%s</Code><Message>%s</Message></Error>", e.code, e.code)
}

func writeXML(w http.ResponseWriter, format string, args ...any) {
	w.Header().Set("Content-Type", "application/xml")
	fmt.Fprintf(w, format, args...)
}

// serve runs op with s.mu held; fault is objBreak or objWhole for a GET
// to answer that way.
func (s *objServer) serve(w http.ResponseWriter, r *http.Request, op, key string, body []byte, sse, srcSSE string, fault objFault) *objError {
	q := r.URL.Query()
	switch op {
	case "PutObject":
		if r.Header.Get("If-None-Match") == "*" && s.objects[key] != nil {
			return errPrecondition
		}
		if err := checkBodyDigests(r.Header, body); err != nil {
			return err
		}
		o := &srvObject{data: body, etag: etagOf(body), keyMD5: sse}
		s.objects[key] = o
		w.Header().Set("ETag", o.etag)
		return nil
	case "CreateMultipartUpload":
		s.next++
		id := fmt.Sprintf("u%d", s.next)
		s.uploads[id] = &srvUpload{key: key, keyMD5: sse, parts: map[int][]byte{}, initiated: time.Now(),
			alg: r.Header.Get("X-Amz-Checksum-Algorithm"), typ: r.Header.Get("X-Amz-Checksum-Type")}
		writeXML(w, "<InitiateMultipartUploadResult><Bucket>b</Bucket><Key>%s</Key><UploadId>%s</UploadId></InitiateMultipartUploadResult>", key, id)
		return nil
	case "ListObjectsV2":
		return s.list(w, q.Get("prefix"))
	case "DeleteObjects":
		var req struct {
			Objects []struct{ Key string } `xml:"Object"`
		}
		if xml.Unmarshal(body, &req) != nil {
			return errInvalidRequest
		}
		for _, o := range req.Objects {
			delete(s.objects, o.Key)
		}
		writeXML(w, "<DeleteResult></DeleteResult>")
		return nil
	case "ListMultipartUploads":
		var b strings.Builder
		b.WriteString("<ListMultipartUploadsResult><Bucket>b</Bucket><IsTruncated>false</IsTruncated>")
		for _, id := range slices.Sorted(maps.Keys(s.uploads)) {
			if u := s.uploads[id]; strings.HasPrefix(u.key, q.Get("prefix")) {
				fmt.Fprintf(&b, "<Upload><Key>%s</Key><UploadId>%s</UploadId><Initiated>%s</Initiated><Initiator><ID>me</ID></Initiator></Upload>",
					u.key, id, u.initiated.UTC().Format("2006-01-02T15:04:05.000Z"))
			}
		}
		b.WriteString("</ListMultipartUploadsResult>")
		writeXML(w, "%s", b.String())
		return nil
	case "GetObjectTagging":
		if s.objects[key] == nil {
			return errNoSuchKey
		}
		writeXML(w, "<Tagging><TagSet><Tag><Key>t</Key><Value>1</Value></Tag></TagSet></Tagging>")
		return nil
	case "HeadObject", "GetObject":
		o := s.objects[key]
		if o == nil {
			return errNoSuchKey
		}
		if sse != o.keyMD5 {
			return errSSEMismatch
		}
		if m := r.Header.Get("If-Match"); m != "" && m != o.etag {
			return errPrecondition
		}
		if m := r.Header.Get("If-None-Match"); m == o.etag || m == "*" {
			w.Header().Set("ETag", o.etag)
			w.WriteHeader(http.StatusNotModified)
			return nil
		}
		return s.get(w, r, o, fault)
	case "CopyObject":
		src, err := s.copySource(r, srcSSE)
		if err != nil {
			return err
		}
		o := &srvObject{data: slices.Clone(src.data), keyMD5: sse}
		o.etag = etagOf(o.data)
		s.objects[key] = o
		writeXML(w, "<CopyObjectResult><ETag>%s</ETag></CopyObjectResult>", o.etag)
		return nil
	}
	// The operations of an upload.
	id := q.Get("uploadId")
	up := s.uploads[id]
	if up == nil || up.key != key {
		return errNoSuchUpload
	}
	if op != "AbortMultipartUpload" && sse != up.keyMD5 {
		return errSSEMismatch
	}
	num, _ := strconv.Atoi(q.Get("partNumber"))
	switch op {
	case "UploadPart":
		up.parts[num] = body
		w.Header().Set("ETag", etagOf(body))
	case "UploadPartCopy":
		src, err := s.copySource(r, srcSSE)
		if err != nil {
			return err
		}
		var start, end int64
		fmt.Sscanf(r.Header.Get("X-Amz-Copy-Source-Range"), "bytes=%d-%d", &start, &end)
		part := slices.Clone(src.data[start : end+1])
		up.parts[num] = part
		writeXML(w, "<CopyPartResult><ETag>%s</ETag></CopyPartResult>", etagOf(part))
	case "ListParts":
		// Pages of max-parts parts after part-number-marker, each with a
		// NextPartNumberMarker (the last part listed), as S3 sends.
		marker, _ := strconv.Atoi(q.Get("part-number-marker"))
		maxParts := cmp.Or(s.maxParts, 1000)
		var b strings.Builder
		listed, last := 0, marker
		for _, n := range slices.Sorted(maps.Keys(up.parts)) {
			if n <= marker || listed == maxParts {
				continue
			}
			fmt.Fprintf(&b, "<Part><PartNumber>%d</PartNumber><ETag>%s</ETag><Size>%d</Size></Part>", n, etagOf(up.parts[n]), len(up.parts[n]))
			listed, last = listed+1, n
		}
		truncated := false
		for n := range up.parts {
			truncated = truncated || n > last
		}
		writeXML(w, "<ListPartsResult><Bucket>b</Bucket><IsTruncated>%t</IsTruncated><NextPartNumberMarker>%d</NextPartNumberMarker>%s</ListPartsResult>",
			truncated, last, b.String())
	case "CompleteMultipartUpload":
		if r.Header.Get("If-None-Match") == "*" && s.objects[key] != nil {
			return errPrecondition
		}
		nums := slices.Sorted(maps.Keys(up.parts))
		o := &srvObject{keyMD5: up.keyMD5, partSize: int64(len(up.parts[1]))}
		for _, n := range nums {
			o.data = append(o.data, up.parts[n]...)
		}
		if err := checkCompleteDigest(r.Header, up, o.data); err != nil {
			return err
		}
		o.etag = fmt.Sprintf(`"%s-%d"`, strings.Trim(etagOf(o.data), `"`), len(nums))
		s.objects[key] = o
		delete(s.uploads, id)
		writeXML(w, `<CompleteMultipartUploadResult><Bucket>b</Bucket><Key>%s</Key><ETag>%s</ETag></CompleteMultipartUploadResult>`, key, o.etag)
	case "AbortMultipartUpload":
		delete(s.uploads, id)
		w.WriteHeader(http.StatusNoContent)
	}
	return nil
}

var (
	errBadDigest      = &objError{http.StatusBadRequest, "BadDigest"}      // a Content-MD5 or checksum the data does not have
	errInvalidRequest = &objError{http.StatusBadRequest, "InvalidRequest"} // a checksum or size S3 does not take
)

// checkBodyDigests checks, as S3 does, a request body against its
// Content-MD5 and x-amz-checksum-* headers (not the aws-chunked trailer).
func checkBodyDigests(h http.Header, body []byte) *objError {
	if v := h.Get("Content-Md5"); v != "" && v != checksum.MD5.Sum(body) {
		return errBadDigest
	}
	for _, a := range checksum.Algorithms {
		if v := h.Get(a.HeaderName()); v != "" && v != a.Sum(body) {
			return errBadDigest
		}
	}
	return nil
}

// checkCompleteDigest checks, as S3 does, the full-object checksum and
// x-amz-mp-object-size of a CompleteMultipartUpload against the object
// assembled: a checksum needs x-amz-checksum-type FULL_OBJECT and an
// upload created with that type and algorithm (S3 refuses mixing types).
func checkCompleteDigest(h http.Header, up *srvUpload, data []byte) *objError {
	if v := h.Get("X-Amz-Mp-Object-Size"); v != "" && v != strconv.Itoa(len(data)) {
		return errInvalidRequest
	}
	for _, a := range checksum.Algorithms {
		v := h.Get(a.HeaderName())
		if v == "" {
			continue
		}
		if h.Get("X-Amz-Checksum-Type") != "FULL_OBJECT" || up.typ != "FULL_OBJECT" || !strings.EqualFold(up.alg, string(a)) {
			return errInvalidRequest
		}
		if v != a.Sum(data) {
			return errBadDigest
		}
	}
	return nil
}

// copySource returns the object an x-amz-copy-source names, checking its
// SSE-C key (srcSSE) and x-amz-copy-source-if-match.
func (s *objServer) copySource(r *http.Request, srcSSE string) (*srvObject, *objError) {
	name, err := url.PathUnescape(strings.TrimPrefix(r.Header.Get("X-Amz-Copy-Source"), "/"))
	if err != nil {
		return nil, errNoSuchKey
	}
	key, ok := strings.CutPrefix(name, "b/")
	o := s.objects[key]
	if !ok || o == nil {
		return nil, errNoSuchKey
	}
	if srcSSE != o.keyMD5 {
		return nil, errSSEMismatch
	}
	if m := r.Header.Get("X-Amz-Copy-Source-If-Match"); m != "" && m != o.etag {
		return nil, errPrecondition
	}
	return o, nil
}

// get answers a HEAD or GET of o: whole, by Range or by partNumber,
// with the response-* overrides in place of the object's headers. A
// broken GET sends half the body it announces and drops the connection;
// a whole one ignores Range and partNumber.
func (s *objServer) get(w http.ResponseWriter, r *http.Request, o *srvObject, fault objFault) *objError {
	size := int64(len(o.data))
	h := w.Header()
	q := r.URL.Query()
	for param, header := range responseOverrides {
		if v := q.Get(param); v != "" {
			h.Set(header, v)
		}
	}
	start, end, status := int64(0), size-1, http.StatusOK
	switch pn, rng := q.Get("partNumber"), r.Header.Get("Range"); {
	case fault == objWhole:
	case pn != "":
		n, _ := strconv.ParseInt(pn, 10, 64)
		ps := cmp.Or(o.partSize, size)
		parts := max((size+ps-1)/ps, 1)
		start, end, status = (n-1)*ps, min(n*ps, size)-1, http.StatusPartialContent
		h.Set("X-Amz-Mp-Parts-Count", strconv.FormatInt(parts, 10))
	case rng != "":
		a, b, ok, valid := srvRange(rng, size)
		if valid && !ok {
			return errInvalidRange
		}
		if valid {
			start, end, status = a, b, http.StatusPartialContent
		}
	}
	h.Set("ETag", o.etag)
	if o.keyMD5 != "" {
		h.Set(sseHeader+"Algorithm", "AES256")
		h.Set(sseHeader+"Key-Md5", o.keyMD5)
	}
	if status == http.StatusPartialContent {
		h.Set("Content-Range", fmt.Sprintf("bytes %d-%d/%d", start, end, size))
	}
	h.Set("Content-Length", strconv.FormatInt(end-start+1, 10))
	w.WriteHeader(status)
	if r.Method == http.MethodHead {
		return nil
	}
	part := o.data[start : end+1]
	if fault == objBreak {
		w.Write(part[:len(part)/2])
		w.(http.Flusher).Flush()
		panic(http.ErrAbortHandler) // the connection closes short of Content-Length
	}
	w.Write(part)
	return nil
}

// responseOverrides maps the response-* query parameters of GetObject to
// the headers S3 answers with.
var responseOverrides = map[string]string{
	"response-cache-control":       "Cache-Control",
	"response-content-disposition": "Content-Disposition",
	"response-content-encoding":    "Content-Encoding",
	"response-content-language":    "Content-Language",
	"response-content-type":        "Content-Type",
	"response-expires":             "Expires",
}

var errInvalidRange = &objError{http.StatusRequestedRangeNotSatisfiable, "InvalidRange"}

// srvRange resolves a Range header against size as S3 does. valid is
// false for a header S3 ignores (not one range of bytes); ok is false for
// a valid range S3 refuses with 416.
func srvRange(rng string, size int64) (start, end int64, ok, valid bool) {
	spec, found := strings.CutPrefix(rng, "bytes=")
	a, b, dash := strings.Cut(spec, "-")
	if !found || !dash || strings.Contains(spec, ",") {
		return 0, 0, false, false
	}
	first, errA := strconv.ParseUint(a, 10, 63)
	last, errB := strconv.ParseUint(b, 10, 63)
	switch {
	case a == "" && errB == nil && last > 0: // the last bytes
		return max(size-int64(last), 0), size - 1, size > 0, true
	case errA == nil && b == "":
		return int64(first), size - 1, int64(first) < size, true
	case errA == nil && errB == nil && first <= last:
		return int64(first), min(int64(last), size-1), int64(first) < size, true
	}
	return 0, 0, false, false
}

func (s *objServer) list(w http.ResponseWriter, prefix string) *objError {
	var b strings.Builder
	b.WriteString("<ListBucketResult><Name>b</Name><IsTruncated>false</IsTruncated>")
	keys := slices.Sorted(maps.Keys(s.objects))
	for _, k := range keys {
		if strings.HasPrefix(k, prefix) {
			fmt.Fprintf(&b, "<Contents><Key>%s</Key><Size>%d</Size><ETag>%s</ETag></Contents>", k, len(s.objects[k].data), s.objects[k].etag)
		}
	}
	b.WriteString("</ListBucketResult>")
	writeXML(w, "%s", b.String())
	return nil
}

// patternBytes returns n deterministic bytes that differ from part to
// part.
func patternBytes(n int) []byte {
	b := make([]byte, n)
	for i := range b {
		b[i] = byte(i*7 + i/4093)
	}
	return b
}
