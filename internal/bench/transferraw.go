package bench

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"

	"github.com/nimbus-sdk/nimbus/credentials"
	v4 "github.com/nimbus-sdk/nimbus/signer/v4"
)

// RawTransfer is the "raw worker pool" baseline of the transfer rows of
// DESIGN.md §8: Concurrency goroutines sending the same multipart upload
// and ranged download requests as the SDKs, built by hand, signed with
// Nimbus's SigV4 signer and sent with a plain *http.Client whose idle pool
// holds Concurrency connections. It does no retries and parses only what
// it needs.
//
// Payload signing matches what both SDKs do over plain HTTP: each
// UploadPart body is hashed with SHA-256 in a pass before it is sent
// (x-amz-content-sha256 set to the hex digest); GETs are signed with the
// empty-payload hash. Set UnsignedPayload to send UNSIGNED-PAYLOAD instead
// (what the SDKs send over HTTPS), to measure the hashing pass alone.
type RawTransfer struct {
	HTTPClient      *http.Client
	Endpoint        string
	Signer          *v4.Signer
	Creds           credentials.Credentials
	PartSize        int64
	Concurrency     int
	UnsignedPayload bool
}

// NewRawTransfer returns a RawTransfer for endpoint.
func NewRawTransfer(endpoint string, partSize int64, concurrency int) *RawTransfer {
	t := http.DefaultTransport.(*http.Transport).Clone()
	t.MaxIdleConnsPerHost = max(concurrency, 2)
	r := NewRaw(endpoint)
	return &RawTransfer{
		HTTPClient:  &http.Client{Transport: t},
		Endpoint:    endpoint,
		Signer:      r.Signer,
		Creds:       r.Creds,
		PartSize:    partSize,
		Concurrency: concurrency,
	}
}

func (r *RawTransfer) url(key, query string) string {
	u := r.Endpoint + "/" + Bucket + "/" + key
	if query != "" {
		u += "?" + query
	}
	return u
}

// do signs and sends req and returns the response, closing its body when
// the status is not 2xx.
func (r *RawTransfer) do(ctx context.Context, req *http.Request, payloadHash string) (*http.Response, error) {
	req.Header.Set("X-Amz-Content-Sha256", payloadHash)
	if _, err := r.Signer.SignHTTP(ctx, &v4.SignInput{
		Request: req, PayloadHash: payloadHash, Credentials: r.Creds, Service: "s3", Region: Region,
	}); err != nil {
		return nil, err
	}
	resp, err := r.HTTPClient.Do(req)
	if err != nil {
		return nil, err
	}
	if resp.StatusCode/100 != 2 {
		b, _ := io.ReadAll(io.LimitReader(resp.Body, 1<<10))
		resp.Body.Close()
		return nil, fmt.Errorf("raw %s %s: status %d: %s", req.Method, req.URL, resp.StatusCode, b)
	}
	return resp, nil
}

// Upload sends size bytes of src as a multipart upload to key and returns
// the number of parts.
func (r *RawTransfer) Upload(ctx context.Context, key string, src io.ReaderAt, size int64) (int, error) {
	ctx, cancel := context.WithCancelCause(ctx)
	defer cancel(nil)

	// CreateMultipartUpload
	req, _ := http.NewRequestWithContext(ctx, http.MethodPost, r.url(key, "uploads"), nil)
	resp, err := r.do(ctx, req, v4.EmptyPayloadHash)
	if err != nil {
		return 0, err
	}
	var created struct{ UploadId string }
	err = xml.NewDecoder(resp.Body).Decode(&created)
	resp.Body.Close()
	if err != nil || created.UploadId == "" {
		return 0, fmt.Errorf("raw CreateMultipartUpload: no UploadId (%v)", err)
	}
	idQuery := "uploadId=" + created.UploadId

	// UploadPart, Concurrency workers taking part numbers in order.
	count := int((size + r.PartSize - 1) / r.PartSize)
	etags := make([]string, count)
	var next atomic.Int64
	var wg sync.WaitGroup
	for range min(r.Concurrency, count) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			h := sha256.New()
			buf := make([]byte, 32<<10)
			for {
				i := next.Add(1) - 1
				if i >= int64(count) || ctx.Err() != nil {
					return
				}
				etag, err := r.uploadPart(ctx, key, idQuery, int(i+1), src, i*r.PartSize, min(r.PartSize, size-i*r.PartSize), h, buf)
				if err != nil {
					cancel(err)
					return
				}
				etags[i] = etag
			}
		}()
	}
	wg.Wait()
	if err := context.Cause(ctx); err != nil {
		return 0, err
	}

	// CompleteMultipartUpload
	var b bytes.Buffer
	b.WriteString(`<CompleteMultipartUpload xmlns="http://s3.amazonaws.com/doc/2006-03-01/">`)
	for i, etag := range etags {
		fmt.Fprintf(&b, "<Part><ETag>%s</ETag><PartNumber>%d</PartNumber></Part>", etag, i+1)
	}
	b.WriteString(`</CompleteMultipartUpload>`)
	sum := sha256.Sum256(b.Bytes())
	req, _ = http.NewRequestWithContext(ctx, http.MethodPost, r.url(key, idQuery), bytes.NewReader(b.Bytes()))
	resp, err = r.do(ctx, req, hex.EncodeToString(sum[:]))
	if err != nil {
		return 0, err
	}
	io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
	return count, nil
}

func (r *RawTransfer) uploadPart(ctx context.Context, key, idQuery string, num int, src io.ReaderAt, off, n int64, h hashWriter, buf []byte) (string, error) {
	body := io.NewSectionReader(src, off, n)
	hash := v4.UnsignedPayload
	if !r.UnsignedPayload {
		h.Reset()
		if _, err := io.CopyBuffer(h, body, buf); err != nil {
			return "", err
		}
		var sum [sha256.Size]byte
		hash = hex.EncodeToString(h.Sum(sum[:0]))
		body.Seek(0, io.SeekStart)
	}
	req, _ := http.NewRequestWithContext(ctx, http.MethodPut,
		r.url(key, "partNumber="+strconv.Itoa(num)+"&"+idQuery), body)
	req.ContentLength = n
	resp, err := r.do(ctx, req, hash)
	if err != nil {
		return "", err
	}
	io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
	etag := resp.Header.Get("Etag")
	if etag == "" {
		return "", errors.New("raw UploadPart: no ETag")
	}
	return etag, nil
}

type hashWriter interface {
	io.Writer
	Reset()
	Sum([]byte) []byte
}

// Download fetches key into w with ranged GETs of PartSize bytes: the
// first range alone (to learn the size, as the SDKs do), then the rest
// from Concurrency workers. It returns the object size.
func (r *RawTransfer) Download(ctx context.Context, key string, w io.WriterAt) (int64, error) {
	ctx, cancel := context.WithCancelCause(ctx)
	defer cancel(nil)
	buf := make([]byte, 256<<10)
	total, err := r.getRange(ctx, key, 0, r.PartSize-1, w, buf)
	if err != nil {
		return 0, err
	}
	count := (total + r.PartSize - 1) / r.PartSize
	var next atomic.Int64
	next.Store(1)
	var wg sync.WaitGroup
	for range min(int64(r.Concurrency), count-1) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			buf := make([]byte, 256<<10)
			for {
				i := next.Add(1) - 1
				if i >= count || ctx.Err() != nil {
					return
				}
				start := i * r.PartSize
				if _, err := r.getRange(ctx, key, start, min(start+r.PartSize, total)-1, w, buf); err != nil {
					cancel(err)
					return
				}
			}
		}()
	}
	wg.Wait()
	if err := context.Cause(ctx); err != nil {
		return 0, err
	}
	return total, nil
}

// getRange writes bytes [start, end] of key to w at start and returns the
// object's total size from Content-Range.
func (r *RawTransfer) getRange(ctx context.Context, key string, start, end int64, w io.WriterAt, buf []byte) (int64, error) {
	req, _ := http.NewRequestWithContext(ctx, http.MethodGet, r.url(key, ""), nil)
	req.Header.Set("Range", "bytes="+strconv.FormatInt(start, 10)+"-"+strconv.FormatInt(end, 10))
	resp, err := r.do(ctx, req, v4.EmptyPayloadHash)
	if err != nil {
		return 0, err
	}
	defer resp.Body.Close()
	_, totalStr, _ := strings.Cut(resp.Header.Get("Content-Range"), "/")
	total, err := strconv.ParseInt(totalStr, 10, 64)
	if err != nil {
		return 0, fmt.Errorf("raw GetObject: Content-Range %q", resp.Header.Get("Content-Range"))
	}
	n, err := io.CopyBuffer(io.NewOffsetWriter(w, start), resp.Body, buf)
	if err != nil {
		return 0, err
	}
	if want := min(end, total-1) - start + 1; n != want {
		return 0, fmt.Errorf("raw GetObject: %d bytes for range %d-%d; want %d", n, start, end, want)
	}
	return total, nil
}
