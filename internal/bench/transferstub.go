package bench

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"sync/atomic"
	"time"
)

// TransferETag is the ETag of the virtual object a [TransferStub] serves.
const TransferETag = `"7472616e73666572737475626574616701"`

// patternPeriod is the period of the virtual object's bytes: the byte at
// offset i is byte(i % patternPeriod). A prime, so a part written at the
// wrong offset shows.
const patternPeriod = 251

// patternBuf holds whole periods of the pattern plus one more, so any
// offset's bytes are a sub-slice of it.
var patternBuf = func() []byte {
	b := make([]byte, patternPeriod*1025) // ~251 KiB
	for i := range b {
		b[i] = byte(i % patternPeriod)
	}
	return b
}()

// PatternByte returns the byte at offset off of a [TransferStub]'s object.
func PatternByte(off int64) byte { return byte(off % patternPeriod) }

// TransferStats counts what a [TransferStub] received.
type TransferStats struct {
	Creates        int64 // CreateMultipartUpload calls
	Parts          int64 // UploadPart calls
	PartBytes      int64 // body bytes of UploadPart calls
	Completes      int64 // CompleteMultipartUpload calls
	CompletedParts int64 // <Part> elements in CompleteMultipartUpload bodies
	Aborts         int64 // AbortMultipartUpload calls
	Puts           int64 // PutObject calls
	PutBytes       int64 // body bytes of PutObject calls
	Heads          int64 // HeadObject calls
	Gets           int64 // GetObject calls
	GetBytes       int64 // body bytes served by GetObject
	Errors         int64 // requests answered with a 4xx
}

// TransferStub is a loopback S3 stand-in for transfer benchmarks. It
// implements just enough of S3 for multipart uploads and ranged downloads:
//
//   - POST /{bucket}/{key}?uploads: CreateMultipartUpload
//   - PUT /{bucket}/{key}?partNumber=n&uploadId=id: UploadPart; the body
//     is read, counted and discarded
//   - POST /{bucket}/{key}?uploadId=id: CompleteMultipartUpload; the parts
//     listed are counted
//   - DELETE /{bucket}/{key}?uploadId=id: AbortMultipartUpload
//   - PUT /{bucket}/{key}: PutObject, body counted and discarded
//   - HEAD and GET /{bucket}/{key}, with or without Range: a virtual
//     object of Size bytes, byte i being [PatternByte](i), generated as it
//     is sent and never stored. If-Match other than [TransferETag] gets 412.
//
// It does not check signatures. GET /_stats returns [TransferStats] as
// JSON, POST /_reset zeroes them, and POST /_latency?d=5ms delays every
// later S3 request by d before it is answered (to model a remote
// server's first-byte latency). The same handler runs in process
// ([NewTransferStub]) or in a child process, so that the client's CPU
// time can be measured alone.
type TransferStub struct {
	*httptest.Server
	Size int64

	latency atomic.Int64 // time.Duration
	nextID  atomic.Int64
	c       struct {
		creates, parts, partBytes, completes, completedParts, aborts atomic.Int64
		puts, putBytes, heads, gets, getBytes, errors                atomic.Int64
	}
}

// NewTransferStub starts a TransferStub on 127.0.0.1 whose virtual object
// has size bytes. Call Close when done.
func NewTransferStub(size int64) *TransferStub {
	s := &TransferStub{Size: size}
	s.Server = httptest.NewServer(s)
	return s
}

// Stats returns the counters.
func (s *TransferStub) Stats() TransferStats {
	c := &s.c
	return TransferStats{
		Creates: c.creates.Load(), Parts: c.parts.Load(), PartBytes: c.partBytes.Load(),
		Completes: c.completes.Load(), CompletedParts: c.completedParts.Load(), Aborts: c.aborts.Load(),
		Puts: c.puts.Load(), PutBytes: c.putBytes.Load(), Heads: c.heads.Load(),
		Gets: c.gets.Load(), GetBytes: c.getBytes.Load(), Errors: c.errors.Load(),
	}
}

func (s *TransferStub) reset() {
	c := &s.c
	for _, v := range []*atomic.Int64{&c.creates, &c.parts, &c.partBytes, &c.completes, &c.completedParts,
		&c.aborts, &c.puts, &c.putBytes, &c.heads, &c.gets, &c.getBytes, &c.errors} {
		v.Store(0)
	}
}

func (s *TransferStub) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	switch r.URL.Path {
	case "/_stats":
		w.Header().Set("Content-Type", "application/json")
		json.NewEncoder(w).Encode(s.Stats())
		return
	case "/_reset":
		s.reset()
		return
	case "/_latency":
		d, err := time.ParseDuration(r.URL.Query().Get("d"))
		if err != nil {
			http.Error(w, err.Error(), http.StatusBadRequest)
			return
		}
		s.latency.Store(int64(d))
		return
	}
	const prefix = "/" + Bucket + "/"
	if !strings.HasPrefix(r.URL.Path, prefix) || len(r.URL.Path) == len(prefix) {
		s.fail(w, http.StatusBadRequest, "InvalidURI")
		return
	}
	key := r.URL.Path[len(prefix):]
	q := r.URL.Query()
	_, uploads := q["uploads"]
	uploadID, partNumber := q.Get("uploadId"), q.Get("partNumber")

	// Read the request body before the modelled latency, as a server does.
	var body []byte
	var n int64
	switch {
	case r.Method == http.MethodPost && uploadID != "":
		body, _ = io.ReadAll(r.Body)
	case r.Method == http.MethodPut:
		n, _ = io.Copy(io.Discard, r.Body)
	}
	if d := s.latency.Load(); d > 0 {
		time.Sleep(time.Duration(d))
	}

	h := w.Header()
	h["X-Amz-Request-Id"] = []string{"TRANSFERSTUB0001"}
	switch {
	case r.Method == http.MethodPost && uploads:
		s.c.creates.Add(1)
		id := "upload-" + strconv.FormatInt(s.nextID.Add(1), 10)
		h["Content-Type"] = []string{"application/xml"}
		fmt.Fprintf(w, `<?xml version="1.0" encoding="UTF-8"?>`+"\n"+
			`<InitiateMultipartUploadResult xmlns="http://s3.amazonaws.com/doc/2006-03-01/"><Bucket>%s</Bucket><Key>%s</Key><UploadId>%s</UploadId></InitiateMultipartUploadResult>`,
			Bucket, key, id)
	case r.Method == http.MethodPost && uploadID != "":
		parts := int64(bytes.Count(body, []byte("<Part>")))
		s.c.completes.Add(1)
		s.c.completedParts.Add(parts)
		h["Content-Type"] = []string{"application/xml"}
		fmt.Fprintf(w, `<?xml version="1.0" encoding="UTF-8"?>`+"\n"+
			`<CompleteMultipartUploadResult xmlns="http://s3.amazonaws.com/doc/2006-03-01/"><Location>http://%s/%s/%s</Location><Bucket>%s</Bucket><Key>%s</Key><ETag>"%s-%d"</ETag></CompleteMultipartUploadResult>`,
			r.Host, Bucket, key, Bucket, key, strings.Repeat("c", 32), parts)
	case r.Method == http.MethodPut && partNumber != "":
		s.c.parts.Add(1)
		s.c.partBytes.Add(n)
		h["Etag"] = []string{`"` + fmt.Sprintf("%032s", "part"+partNumber) + `"`}
		w.WriteHeader(http.StatusOK)
	case r.Method == http.MethodPut:
		s.c.puts.Add(1)
		s.c.putBytes.Add(n)
		h["Etag"] = []string{PutETag}
		w.WriteHeader(http.StatusOK)
	case r.Method == http.MethodDelete && uploadID != "":
		s.c.aborts.Add(1)
		w.WriteHeader(http.StatusNoContent)
	case r.Method == http.MethodHead:
		s.c.heads.Add(1)
		s.objectHeaders(h)
		h["Content-Length"] = []string{strconv.FormatInt(s.Size, 10)}
		w.WriteHeader(http.StatusOK)
	case r.Method == http.MethodGet:
		s.get(w, r)
	default:
		s.fail(w, http.StatusMethodNotAllowed, "MethodNotAllowed")
	}
}

func (s *TransferStub) objectHeaders(h http.Header) {
	h["Etag"] = []string{TransferETag}
	h["Last-Modified"] = []string{lastModified}
	h["Accept-Ranges"] = []string{"bytes"}
	h["Content-Type"] = []string{"application/octet-stream"}
}

func (s *TransferStub) get(w http.ResponseWriter, r *http.Request) {
	s.c.gets.Add(1)
	if m := r.Header.Get("If-Match"); m != "" && m != TransferETag {
		s.fail(w, http.StatusPreconditionFailed, "PreconditionFailed")
		return
	}
	h := w.Header()
	s.objectHeaders(h)
	start, end := int64(0), s.Size-1
	status := http.StatusOK
	if rng := r.Header.Get("Range"); rng != "" {
		a, b, ok := parseRange(rng, s.Size)
		if !ok {
			h["Content-Range"] = []string{"bytes */" + strconv.FormatInt(s.Size, 10)}
			s.fail(w, http.StatusRequestedRangeNotSatisfiable, "InvalidRange")
			return
		}
		start, end, status = a, b, http.StatusPartialContent
		h["Content-Range"] = []string{fmt.Sprintf("bytes %d-%d/%d", start, end, s.Size)}
	}
	h["Content-Length"] = []string{strconv.FormatInt(end-start+1, 10)}
	w.WriteHeader(status)
	for off := start; off <= end; {
		p := off % patternPeriod
		chunk := min(end-off+1, int64(len(patternBuf))-patternPeriod)
		// Count before writing: the client may see the last byte (and the
		// test read the stats) before Write returns.
		s.c.getBytes.Add(chunk)
		n, err := w.Write(patternBuf[p : p+chunk])
		if err != nil {
			s.c.getBytes.Add(int64(n) - chunk)
			return
		}
		off += int64(n)
	}
}

// parseRange parses "bytes=a-b" or "bytes=a-" against size.
func parseRange(rng string, size int64) (start, end int64, ok bool) {
	spec, found := strings.CutPrefix(rng, "bytes=")
	if !found {
		return 0, 0, false
	}
	a, b, found := strings.Cut(spec, "-")
	if !found {
		return 0, 0, false
	}
	start, err := strconv.ParseInt(a, 10, 64)
	if err != nil || start >= size {
		return 0, 0, false
	}
	end = size - 1
	if b != "" {
		e, err := strconv.ParseInt(b, 10, 64)
		if err != nil || e < start {
			return 0, 0, false
		}
		end = min(e, size-1)
	}
	return start, end, true
}

func (s *TransferStub) fail(w http.ResponseWriter, status int, code string) {
	s.c.errors.Add(1)
	w.Header()["Content-Type"] = []string{"application/xml"}
	w.WriteHeader(status)
	fmt.Fprintf(w, `<?xml version="1.0" encoding="UTF-8"?>`+"\n"+`<Error><Code>%s</Code><Message>%s</Message></Error>`, code, code)
}
