package transfertest

import (
	"bytes"
	"context"
	"crypto/md5"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"maps"
	"net/http"
	"net/url"
	"reflect"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/aws/smithy-go"
	"github.com/nimbus-sdk/nimbus/middleware/checksum"
	"github.com/nimbus-sdk/nimbus/services/s3"
	"github.com/nimbus-sdk/nimbus/services/s3/types"
)

// Fake is an in-memory S3. The zero value is not usable; call [New].
// It is safe for concurrent use.
type Fake struct {
	// MinPartSize is the smallest size of a part other than the last that
	// CompleteMultipartUpload accepts. New sets 5 MiB, as S3 does.
	MinPartSize int64

	mu       sync.Mutex
	buckets  map[string]map[string]*object
	uploads  map[string]*upload
	faults   []*Fault
	calls    map[string]int
	inFlight map[string]int
	peak     map[string]int
	nextID   int
}

type object struct {
	data        []byte
	etag        string
	contentType string
	meta        map[string]string
	tags        string // URL-encoded
	modified    time.Time
	sums        objectSums
	sse         string // base64 MD5 of its SSE-C key; "" without SSE-C
}

// objectSums are the checksums of an object stored with one.
type objectSums struct {
	alg   types.ChecksumAlgorithm // empty: none
	typ   types.ChecksumType
	sum   string   // full-object or composite ("...-N") value
	sizes []int64  // part sizes of a multipart object
	parts []string // part checksums of a multipart object
}

type upload struct {
	bucket, key string
	contentType string
	meta        map[string]string
	tags        string
	alg         types.ChecksumAlgorithm
	typ         types.ChecksumType
	parts       map[int32]*part
	initiated   time.Time
	sse         string // base64 MD5 of its SSE-C key; "" without SSE-C
}

type part struct {
	data []byte
	etag string
	md5  []byte
	sum  string // of the upload's algorithm
}

// Fault makes one operation fail or misbehave. Fields that are zero match
// anything.
type Fault struct {
	Op         string // operation name, e.g. "UploadPart"; "DeleteObjects" faults fail single keys
	Key        string // object key
	PartNumber int32  // UploadPart and UploadPartCopy part number
	Times      int    // how many matching calls it affects; 0 means 1, negative means all

	Err        error  // returned instead of serving the call (for DeleteObjects: the key's error)
	ResetAfter int64  // GetObject: the body fails with ErrReset after this many bytes
	Corrupt    bool   // GetObject: the first byte of the body is flipped, headers unchanged
	Before     func() // runs before the call is served, without the Fake's lock held
}

// ErrReset is the error of a GET body broken by [Fault.ResetAfter].
var ErrReset = errors.New("transfertest: connection reset by fault injection")

// APIError is the error type the Fake returns. It implements
// smithy.APIError and reports an HTTP status code.
type APIError struct {
	Code, Message string // S3 error code (NoSuchKey, say) and message
	Status        int    // HTTP status of the error response
}

// Error returns the error message.
func (e *APIError) Error() string {
	return fmt.Sprintf("api error %s (%d): %s", e.Code, e.Status, e.Message)
}

// ErrorCode returns the error code.
func (e *APIError) ErrorCode() string { return e.Code }

// ErrorMessage returns the error message.
func (e *APIError) ErrorMessage() string { return e.Message }

// ErrorFault reports who is at fault.
func (e *APIError) ErrorFault() smithy.ErrorFault { return smithy.FaultUnknown }

// HTTPStatusCode returns the HTTP status of the error response.
func (e *APIError) HTTPStatusCode() int { return e.Status }

// Temporary reports whether the error is transient.
func (e *APIError) Temporary() bool { return e.Status >= 500 }

// ErrorResponse marks the type as an S3 error response.
func (e *APIError) ErrorResponse() string { return e.Message }

// ServerError returns a 500 InternalError, for faults.
func ServerError() error {
	return &APIError{Code: "InternalError", Message: "injected failure", Status: http.StatusInternalServerError}
}

var _ smithy.APIError = (*APIError)(nil)

func apiErr(code string, status int, format string, args ...any) error {
	return &APIError{Code: code, Message: fmt.Sprintf(format, args...), Status: status}
}

// New returns an empty Fake.
func New() *Fake {
	return &Fake{
		MinPartSize: 5 << 20,
		buckets:     map[string]map[string]*object{},
		uploads:     map[string]*upload{},
		calls:       map[string]int{},
		inFlight:    map[string]int{},
		peak:        map[string]int{},
	}
}

// CreateBucket adds an empty bucket.
func (f *Fake) CreateBucket(name string) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.buckets[name] == nil {
		f.buckets[name] = map[string]*object{}
	}
}

// Put stores data under bucket/key, creating the bucket if needed.
func (f *Fake) Put(bucket, key string, data []byte) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.buckets[bucket] == nil {
		f.buckets[bucket] = map[string]*object{}
	}
	f.buckets[bucket][key] = newObject(data, "", nil)
}

// Object returns a copy of the content of bucket/key.
func (f *Fake) Object(bucket, key string) ([]byte, bool) {
	f.mu.Lock()
	defer f.mu.Unlock()
	o, ok := f.buckets[bucket][key]
	if !ok {
		return nil, false
	}
	return slices.Clone(o.data), true
}

// Keys returns the keys of bucket, sorted.
func (f *Fake) Keys(bucket string) []string {
	f.mu.Lock()
	defer f.mu.Unlock()
	return slices.Sorted(maps.Keys(f.buckets[bucket]))
}

// Uploads returns the ids of the multipart uploads in progress.
func (f *Fake) Uploads() []string {
	f.mu.Lock()
	defer f.mu.Unlock()
	return slices.Sorted(maps.Keys(f.uploads))
}

// Calls returns how many times op was called.
func (f *Fake) Calls(op string) int {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.calls[op]
}

// MaxInFlight returns the largest number of concurrent calls of op seen.
func (f *Fake) MaxInFlight(op string) int {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.peak[op]
}

// Inject adds a fault.
func (f *Fake) Inject(fl Fault) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if fl.Times == 0 {
		fl.Times = 1
	}
	f.faults = append(f.faults, &fl)
}

// beginLocked is begin for operations that hold f.mu throughout (no
// fault of theirs needs the Fault value): it returns with f.mu held, and
// release unlocks it and ends the call.
func (f *Fake) beginLocked(ctx context.Context, op, key string, partNum int32) (release func(), err error) {
	_, done, err := f.begin(ctx, op, key, partNum)
	if err != nil {
		return nil, err
	}
	f.mu.Lock()
	return func() { f.mu.Unlock(); done() }, nil
}

// begin counts a call and returns the fault that matches it, if any. The
// caller must call the returned done function when the call ends.
func (f *Fake) begin(ctx context.Context, op, key string, partNum int32) (*Fault, func(), error) {
	f.mu.Lock()
	f.calls[op]++
	f.inFlight[op]++
	f.peak[op] = max(f.peak[op], f.inFlight[op])
	var hit *Fault
	for _, fl := range f.faults {
		if fl.Times != 0 && (fl.Op == "" || fl.Op == op) && (fl.Key == "" || fl.Key == key) &&
			(fl.PartNumber == 0 || fl.PartNumber == partNum) && op != "DeleteObjects" {
			if fl.Times > 0 {
				fl.Times--
			}
			hit = fl
			break
		}
	}
	f.mu.Unlock()
	done := func() {
		f.mu.Lock()
		f.inFlight[op]--
		f.mu.Unlock()
	}
	if err := ctx.Err(); err != nil {
		done()
		return nil, nil, err
	}
	if hit != nil && hit.Before != nil {
		hit.Before()
	}
	if hit != nil && hit.Err != nil {
		done()
		return nil, nil, hit.Err
	}
	return hit, done, nil
}

func newObject(data []byte, contentType string, meta map[string]string) *object {
	sum := md5.Sum(data)
	return &object{data: data, etag: `"` + hex.EncodeToString(sum[:]) + `"`,
		contentType: contentType, meta: maps.Clone(meta), modified: time.Now()}
}

func (f *Fake) bucket(name string) (map[string]*object, error) {
	b := f.buckets[name]
	if b == nil {
		return nil, &types.NoSuchBucket{Message: ptr("no such bucket " + name)}
	}
	return b, nil
}

func (f *Fake) objectLocked(bucket, key string) (*object, error) {
	b, err := f.bucket(bucket)
	if err != nil {
		return nil, err
	}
	o := b[key]
	if o == nil {
		return nil, &types.NoSuchKey{Message: ptr("no such key " + key)}
	}
	return o, nil
}

func readBody(r io.Reader, length *int64) ([]byte, error) {
	if r == nil {
		return nil, nil
	}
	data, err := io.ReadAll(r)
	if err != nil {
		return nil, err
	}
	if length != nil && int64(len(data)) != *length {
		return nil, apiErr("IncompleteBody", 400, "read %d bytes, Content-Length is %d", len(data), *length)
	}
	return data, nil
}

// PutObject stores an object.
func (f *Fake) PutObject(ctx context.Context, in *s3.PutObjectInput, _ ...func(*s3.Options)) (*s3.PutObjectOutput, error) {
	_, done, err := f.begin(ctx, "PutObject", deref(in.Key), 0)
	if err != nil {
		return nil, err
	}
	defer done()
	data, err := readBody(in.Body, in.ContentLength)
	if err != nil {
		return nil, err
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	b, err := f.bucket(deref(in.Bucket))
	if err != nil {
		return nil, err
	}
	alg := in.ChecksumAlgorithm
	sum, err := checkSupplied(alg, getSum(checksumMember(alg, in)), data)
	if err != nil {
		return nil, err
	}
	sse, err := sseKey(in.SSECustomerAlgorithm, in.SSECustomerKey, in.SSECustomerKeyMD5)
	if err != nil {
		return nil, err
	}
	o := newObject(data, deref(in.ContentType), in.Metadata)
	o.tags, o.sse = deref(in.Tagging), sse
	out := &s3.PutObjectOutput{ETag: ptr(o.etag), Size: ptr(int64(len(data)))}
	if alg != "" {
		o.sums = objectSums{alg: alg, typ: types.ChecksumTypeFullObject, sum: sum}
		out.ChecksumType = types.ChecksumTypeFullObject
		setSum(checksumMember(alg, out), sum)
	}
	b[deref(in.Key)] = o
	return out, nil
}

// CreateMultipartUpload starts a multipart upload.
func (f *Fake) CreateMultipartUpload(ctx context.Context, in *s3.CreateMultipartUploadInput, _ ...func(*s3.Options)) (*s3.CreateMultipartUploadOutput, error) {
	release, err := f.beginLocked(ctx, "CreateMultipartUpload", deref(in.Key), 0)
	if err != nil {
		return nil, err
	}
	defer release()
	if _, err := f.bucket(deref(in.Bucket)); err != nil {
		return nil, err
	}
	alg, typ := in.ChecksumAlgorithm, in.ChecksumType
	if alg != "" {
		if _, err := checksum.Parse(string(alg)); err != nil {
			return nil, apiErr("InvalidRequest", 400, "unsupported checksum algorithm %s", alg)
		}
		isCRC := alg == types.ChecksumAlgorithmCrc32 || alg == types.ChecksumAlgorithmCrc32c || alg == types.ChecksumAlgorithmCrc64nvme
		switch {
		case typ == "" && alg == types.ChecksumAlgorithmCrc64nvme:
			typ = types.ChecksumTypeFullObject
		case typ == "":
			typ = types.ChecksumTypeComposite
		case typ == types.ChecksumTypeFullObject && !isCRC,
			typ == types.ChecksumTypeComposite && alg == types.ChecksumAlgorithmCrc64nvme:
			return nil, apiErr("InvalidRequest", 400, "checksum type %s is not supported for %s", typ, alg)
		}
	} else if typ != "" {
		return nil, apiErr("InvalidRequest", 400, "checksum type without an algorithm")
	}
	sse, err := sseKey(in.SSECustomerAlgorithm, in.SSECustomerKey, in.SSECustomerKeyMD5)
	if err != nil {
		return nil, err
	}
	f.nextID++
	id := fmt.Sprintf("upload-%d", f.nextID)
	f.uploads[id] = &upload{bucket: deref(in.Bucket), key: deref(in.Key), contentType: deref(in.ContentType),
		meta: maps.Clone(in.Metadata), tags: deref(in.Tagging), alg: alg, typ: typ, parts: map[int32]*part{},
		initiated: time.Now(), sse: sse}
	return &s3.CreateMultipartUploadOutput{Bucket: in.Bucket, Key: in.Key, UploadId: &id,
		ChecksumAlgorithm: alg, ChecksumType: typ}, nil
}

func (f *Fake) uploadLocked(id, bucket, key string) (*upload, error) {
	u := f.uploads[id]
	if u == nil || u.bucket != bucket || u.key != key {
		return nil, &types.NoSuchUpload{Message: ptr("no such upload " + id)}
	}
	return u, nil
}

func newPart(data []byte) *part {
	sum := md5.Sum(data)
	return &part{data: data, md5: sum[:], etag: `"` + hex.EncodeToString(sum[:]) + `"`}
}

// UploadPart stores one part.
func (f *Fake) UploadPart(ctx context.Context, in *s3.UploadPartInput, _ ...func(*s3.Options)) (*s3.UploadPartOutput, error) {
	num := deref(in.PartNumber)
	_, done, err := f.begin(ctx, "UploadPart", deref(in.Key), num)
	if err != nil {
		return nil, err
	}
	defer done()
	if num < 1 || num > 10000 {
		return nil, apiErr("InvalidArgument", 400, "part number %d out of range", num)
	}
	data, err := readBody(in.Body, in.ContentLength)
	if err != nil {
		return nil, err
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	u, err := f.uploadLocked(deref(in.UploadId), deref(in.Bucket), deref(in.Key))
	if err != nil {
		return nil, err
	}
	if a := in.ChecksumAlgorithm; a != "" && a != u.alg {
		return nil, apiErr("InvalidRequest", 400, "part checksum %s differs from the upload's %q", a, u.alg)
	}
	if err := sseOf(in.SSECustomerAlgorithm, in.SSECustomerKey, in.SSECustomerKeyMD5, u.sse); err != nil {
		return nil, err
	}
	sum, err := checkSupplied(u.alg, getSum(checksumMember(u.alg, in)), data)
	if err != nil {
		return nil, err
	}
	p := newPart(data)
	p.sum = sum
	u.parts[num] = p
	out := &s3.UploadPartOutput{ETag: ptr(p.etag)}
	setSum(checksumMember(u.alg, out), sum)
	return out, nil
}

// UploadPartCopy stores a part copied from a range of an object.
func (f *Fake) UploadPartCopy(ctx context.Context, in *s3.UploadPartCopyInput, _ ...func(*s3.Options)) (*s3.UploadPartCopyOutput, error) {
	num := deref(in.PartNumber)
	release, err := f.beginLocked(ctx, "UploadPartCopy", deref(in.Key), num)
	if err != nil {
		return nil, err
	}
	defer release()
	src, err := f.copySourceLocked(deref(in.CopySource), deref(in.CopySourceIfMatch))
	if err != nil {
		return nil, err
	}
	if err := sseOf(in.CopySourceSSECustomerAlgorithm, in.CopySourceSSECustomerKey, in.CopySourceSSECustomerKeyMD5, src.sse); err != nil {
		return nil, err
	}
	data := src.data
	if r := deref(in.CopySourceRange); r != "" {
		start, end, ok := parseRange(r, int64(len(data)))
		if !ok {
			return nil, apiErr("InvalidRange", 416, "bad copy range %q", r)
		}
		data = data[start : end+1]
	}
	u, err := f.uploadLocked(deref(in.UploadId), deref(in.Bucket), deref(in.Key))
	if err != nil {
		return nil, err
	}
	if err := sseOf(in.SSECustomerAlgorithm, in.SSECustomerKey, in.SSECustomerKeyMD5, u.sse); err != nil {
		return nil, err
	}
	p := newPart(slices.Clone(data))
	if u.alg != "" {
		p.sum = checksumOf(u.alg, p.data)
	}
	u.parts[num] = p
	return &s3.UploadPartCopyOutput{CopyPartResult: &types.CopyPartResult{ETag: ptr(p.etag)}}, nil
}

// ListParts lists the parts of an upload, in one page.
func (f *Fake) ListParts(ctx context.Context, in *s3.ListPartsInput, _ ...func(*s3.Options)) (*s3.ListPartsOutput, error) {
	release, err := f.beginLocked(ctx, "ListParts", deref(in.Key), 0)
	if err != nil {
		return nil, err
	}
	defer release()
	u, err := f.uploadLocked(deref(in.UploadId), deref(in.Bucket), deref(in.Key))
	if err != nil {
		return nil, err
	}
	if err := u.checkSSE(in.SSECustomerAlgorithm, in.SSECustomerKey, in.SSECustomerKeyMD5); err != nil {
		return nil, err
	}
	out := &s3.ListPartsOutput{Bucket: in.Bucket, Key: in.Key, UploadId: in.UploadId, IsTruncated: ptr(false),
		ChecksumAlgorithm: u.alg, ChecksumType: u.typ}
	for _, n := range slices.Sorted(maps.Keys(u.parts)) {
		p := u.parts[n]
		tp := types.Part{PartNumber: ptr(n), ETag: ptr(p.etag), Size: ptr(int64(len(p.data)))}
		setSum(checksumMember(u.alg, &tp), p.sum)
		out.Parts = append(out.Parts, tp)
	}
	return out, nil
}

// CompleteMultipartUpload assembles the listed parts into the object.
func (f *Fake) CompleteMultipartUpload(ctx context.Context, in *s3.CompleteMultipartUploadInput, _ ...func(*s3.Options)) (*s3.CompleteMultipartUploadOutput, error) {
	release, err := f.beginLocked(ctx, "CompleteMultipartUpload", deref(in.Key), 0)
	if err != nil {
		return nil, err
	}
	defer release()
	id := deref(in.UploadId)
	u, err := f.uploadLocked(id, deref(in.Bucket), deref(in.Key))
	if err != nil {
		return nil, err
	}
	if in.MultipartUpload == nil || len(in.MultipartUpload.Parts) == 0 {
		return nil, apiErr("MalformedXML", 400, "no parts")
	}
	if err := u.checkSSE(in.SSECustomerAlgorithm, in.SSECustomerKey, in.SSECustomerKeyMD5); err != nil {
		return nil, err
	}
	var data, sums, rawSums []byte
	var sizes []int64
	var partSums []string
	last := int32(0)
	parts := in.MultipartUpload.Parts
	for i, cp := range parts {
		n := deref(cp.PartNumber)
		if n <= last {
			return nil, apiErr("InvalidPartOrder", 400, "part %d after %d", n, last)
		}
		last = n
		p := u.parts[n]
		if p == nil || p.etag != deref(cp.ETag) {
			return nil, apiErr("InvalidPart", 400, "part %d missing or ETag mismatch", n)
		}
		if i < len(parts)-1 && int64(len(p.data)) < f.MinPartSize {
			return nil, apiErr("EntityTooSmall", 400, "part %d is %d bytes", n, len(p.data))
		}
		if u.alg != "" {
			// S3 checks the part checksums listed, and needs them
			// for a composite checksum.
			given := getSum(checksumMember(u.alg, &cp))
			if given == nil && u.typ == types.ChecksumTypeComposite {
				return nil, apiErr("InvalidRequest", 400, "part %d: the %s checksum is missing", n, u.alg)
			}
			if given != nil && *given != p.sum {
				return nil, apiErr("InvalidPart", 400, "part %d: %s checksum %s is not %s", n, u.alg, *given, p.sum)
			}
			raw, _ := base64.StdEncoding.DecodeString(p.sum)
			rawSums = append(rawSums, raw...)
		}
		data = append(data, p.data...)
		sums = append(sums, p.md5...)
		sizes = append(sizes, int64(len(p.data)))
		partSums = append(partSums, p.sum)
	}
	out := &s3.CompleteMultipartUploadOutput{Bucket: in.Bucket, Key: in.Key}
	var ob objectSums
	if u.alg != "" {
		ob = objectSums{alg: u.alg, typ: u.typ, sizes: sizes, parts: partSums}
		if u.typ == types.ChecksumTypeFullObject {
			ob.sum = checksumOf(u.alg, data)
		} else {
			ob.sum = fmt.Sprintf("%s-%d", checksumOf(u.alg, rawSums), len(parts))
		}
		if t := in.ChecksumType; t != "" && t != u.typ {
			return nil, apiErr("InvalidRequest", 400, "checksum type %s differs from the upload's %s", t, u.typ)
		}
		given := getSum(checksumMember(u.alg, in))
		if given != nil && *given != ob.sum {
			return nil, apiErr("BadDigest", 400, "the object's %s checksum is %s, not %s", u.alg, ob.sum, *given)
		}
		out.ChecksumType = u.typ
		setSum(checksumMember(u.alg, out), ob.sum)
	}
	sum := md5.Sum(sums)
	o := newObject(data, u.contentType, u.meta)
	o.tags, o.sums, o.sse = u.tags, ob, u.sse
	o.sums.sizes = sizes
	o.etag = fmt.Sprintf(`"%s-%d"`, hex.EncodeToString(sum[:]), len(parts))
	b, err := f.bucket(u.bucket)
	if err != nil {
		return nil, err
	}
	b[u.key] = o
	delete(f.uploads, id)
	out.ETag = ptr(o.etag)
	return out, nil
}

// AbortMultipartUpload discards an upload and its parts.
func (f *Fake) AbortMultipartUpload(ctx context.Context, in *s3.AbortMultipartUploadInput, _ ...func(*s3.Options)) (*s3.AbortMultipartUploadOutput, error) {
	release, err := f.beginLocked(ctx, "AbortMultipartUpload", deref(in.Key), 0)
	if err != nil {
		return nil, err
	}
	defer release()
	id := deref(in.UploadId)
	if _, err := f.uploadLocked(id, deref(in.Bucket), deref(in.Key)); err != nil {
		return nil, err
	}
	delete(f.uploads, id)
	return &s3.AbortMultipartUploadOutput{}, nil
}

// fakeOwner is the initiator and owner of every upload of a Fake.
const fakeOwner = "transfertest"

// ListMultipartUploads lists the uploads in progress in a bucket whose
// key starts with Prefix, ordered by key and then by initiation, from
// KeyMarker and UploadIdMarker, up to MaxUploads (1000 when unset).
func (f *Fake) ListMultipartUploads(ctx context.Context, in *s3.ListMultipartUploadsInput, _ ...func(*s3.Options)) (*s3.ListMultipartUploadsOutput, error) {
	release, err := f.beginLocked(ctx, "ListMultipartUploads", "", 0)
	if err != nil {
		return nil, err
	}
	defer release()
	if _, err := f.bucket(deref(in.Bucket)); err != nil {
		return nil, err
	}
	var ids []string
	for id, u := range f.uploads {
		if u.bucket == deref(in.Bucket) && strings.HasPrefix(u.key, deref(in.Prefix)) {
			ids = append(ids, id)
		}
	}
	slices.SortFunc(ids, func(a, b string) int {
		ua, ub := f.uploads[a], f.uploads[b]
		if c := strings.Compare(ua.key, ub.key); c != 0 {
			return c
		}
		return ua.initiated.Compare(ub.initiated)
	})
	out := &s3.ListMultipartUploadsOutput{Bucket: in.Bucket, Prefix: in.Prefix, IsTruncated: ptr(false)}
	limit := int(deref(in.MaxUploads))
	if limit <= 0 || limit > 1000 {
		limit = 1000
	}
	marker, idMarker := deref(in.KeyMarker), deref(in.UploadIdMarker)
	for i, id := range ids {
		u := f.uploads[id]
		if u.key < marker || (u.key == marker && (idMarker == "" || slices.Index(ids, idMarker) >= i)) {
			continue
		}
		if len(out.Uploads) == limit {
			last := out.Uploads[limit-1]
			out.IsTruncated, out.NextKeyMarker, out.NextUploadIdMarker = ptr(true), last.Key, last.UploadId
			break
		}
		out.Uploads = append(out.Uploads, types.MultipartUpload{Key: ptr(u.key), UploadId: ptr(id),
			Initiated: ptr(u.initiated), Initiator: &types.Initiator{ID: ptr(fakeOwner)}, Owner: &types.Owner{ID: ptr(fakeOwner)},
			ChecksumAlgorithm: u.alg, ChecksumType: u.typ})
	}
	return out, nil
}

// parseRange parses "bytes=a-b", "bytes=a-" and "bytes=-n" against size.
func parseRange(r string, size int64) (start, end int64, ok bool) {
	spec, found := strings.CutPrefix(r, "bytes=")
	if !found {
		return 0, 0, false
	}
	a, b, found := strings.Cut(spec, "-")
	if !found {
		return 0, 0, false
	}
	var err error
	switch {
	case a == "":
		n, err := strconv.ParseInt(b, 10, 64)
		if err != nil || n <= 0 {
			return 0, 0, false
		}
		start, end = max(size-n, 0), size-1
	default:
		if start, err = strconv.ParseInt(a, 10, 64); err != nil {
			return 0, 0, false
		}
		end = size - 1
		if b != "" {
			if end, err = strconv.ParseInt(b, 10, 64); err != nil {
				return 0, 0, false
			}
			end = min(end, size-1)
		}
	}
	return start, end, start <= end && start < size
}

// GetObject returns an object, a range of it (Range) or one part of a
// multipart object (PartNumber), checking IfMatch. With ChecksumMode
// ENABLED, whole-object GETs report the object's checksum, and part GETs
// of a COMPOSITE object the part's.
func (f *Fake) GetObject(ctx context.Context, in *s3.GetObjectInput, _ ...func(*s3.Options)) (*s3.GetObjectOutput, error) {
	fl, done, err := f.begin(ctx, "GetObject", deref(in.Key), 0)
	if err != nil {
		return nil, err
	}
	defer done()
	f.mu.Lock()
	o, err := f.objectLocked(deref(in.Bucket), deref(in.Key))
	f.mu.Unlock()
	if err != nil {
		return nil, err
	}
	if err := sseOf(in.SSECustomerAlgorithm, in.SSECustomerKey, in.SSECustomerKeyMD5, o.sse); err != nil {
		return nil, err
	}
	if m := deref(in.IfMatch); m != "" && m != o.etag {
		return nil, apiErr("PreconditionFailed", http.StatusPreconditionFailed, "ETag is %s, not %s", o.etag, m)
	}
	size := int64(len(o.data))
	out := &s3.GetObjectOutput{ETag: ptr(o.etag), ContentType: str(o.contentType), Metadata: maps.Clone(o.meta),
		LastModified: ptr(o.modified), AcceptRanges: ptr("bytes")}
	data := o.data
	mode := in.ChecksumMode == types.ChecksumModeEnabled
	sumOut := checksumMember(o.sums.alg, out)
	switch r, pn := deref(in.Range), deref(in.PartNumber); {
	case r != "" && pn != 0:
		return nil, apiErr("InvalidRequest", 400, "Range and PartNumber cannot both be set")
	case r != "":
		start, end, ok := parseRange(r, size)
		if !ok {
			return nil, apiErr("InvalidRange", http.StatusRequestedRangeNotSatisfiable, "range %q of %d bytes", r, size)
		}
		data = data[start : end+1]
		out.ContentRange = ptr(fmt.Sprintf("bytes %d-%d/%d", start, end, size))
	case pn != 0:
		start, end, err := o.partRange(pn)
		if err != nil {
			return nil, err
		}
		data = data[start:end]
		if end > start {
			out.ContentRange = ptr(fmt.Sprintf("bytes %d-%d/%d", start, end-1, size))
		}
		if len(o.sums.sizes) > 0 {
			out.PartsCount = ptr(int32(len(o.sums.sizes)))
			if mode && o.sums.typ == types.ChecksumTypeComposite {
				setSum(sumOut, o.sums.parts[pn-1])
				out.ChecksumType = o.sums.typ
			}
		} else if mode && o.sums.alg != "" {
			setSum(sumOut, o.sums.sum)
			out.ChecksumType = o.sums.typ
		}
	default:
		if mode && o.sums.alg != "" {
			setSum(sumOut, o.sums.sum)
			out.ChecksumType = o.sums.typ
		}
	}
	out.ContentLength = ptr(int64(len(data)))
	if fl != nil && fl.Corrupt && len(data) > 0 {
		data = slices.Clone(data)
		data[0] ^= 0xff
	}
	var body io.Reader = bytes.NewReader(data) // o.data is never modified in place
	if fl != nil && fl.ResetAfter > 0 {
		body = io.MultiReader(io.LimitReader(body, fl.ResetAfter), errReader{})
	}
	out.Body = io.NopCloser(body)
	return out, nil
}

// partRange returns the byte range [start, end) of part pn: the parts of a
// multipart object, or the whole object as part 1 of any other.
func (o *object) partRange(pn int32) (start, end int64, err error) {
	if len(o.sums.sizes) == 0 {
		if pn != 1 {
			return 0, 0, apiErr("InvalidPartNumber", http.StatusRequestedRangeNotSatisfiable, "part %d of a single-part object", pn)
		}
		return 0, int64(len(o.data)), nil
	}
	if pn < 1 || int(pn) > len(o.sums.sizes) {
		return 0, 0, apiErr("InvalidPartNumber", http.StatusRequestedRangeNotSatisfiable, "part %d of %d", pn, len(o.sums.sizes))
	}
	for _, n := range o.sums.sizes[:pn-1] {
		start += n
	}
	return start, start + o.sums.sizes[pn-1], nil
}

type errReader struct{}

func (errReader) Read([]byte) (int, error) { return 0, ErrReset }

// HeadObject returns an object's metadata.
func (f *Fake) HeadObject(ctx context.Context, in *s3.HeadObjectInput, _ ...func(*s3.Options)) (*s3.HeadObjectOutput, error) {
	release, err := f.beginLocked(ctx, "HeadObject", deref(in.Key), 0)
	if err != nil {
		return nil, err
	}
	defer release()
	o, err := f.objectLocked(deref(in.Bucket), deref(in.Key))
	if err != nil {
		return nil, &types.NotFound{Message: ptr(err.Error())}
	}
	if err := sseOf(in.SSECustomerAlgorithm, in.SSECustomerKey, in.SSECustomerKeyMD5, o.sse); err != nil {
		return nil, err
	}
	out := &s3.HeadObjectOutput{ETag: ptr(o.etag), ContentLength: ptr(int64(len(o.data))),
		ContentType: str(o.contentType), Metadata: maps.Clone(o.meta), LastModified: ptr(o.modified)}
	if in.ChecksumMode == types.ChecksumModeEnabled && o.sums.alg != "" {
		out.ChecksumType = o.sums.typ
		setSum(checksumMember(o.sums.alg, out), o.sums.sum)
	}
	if q, _ := url.ParseQuery(o.tags); len(q) > 0 {
		out.TagCount = ptr(int32(len(q)))
	}
	return out, nil
}

// copySourceLocked resolves "bucket/key" (URL-escaped, optionally with a
// leading slash and ?versionId=).
func (f *Fake) copySourceLocked(src, ifMatch string) (*object, error) {
	src, _, _ = strings.Cut(src, "?")
	src = strings.TrimPrefix(src, "/")
	b, k, ok := strings.Cut(src, "/")
	if !ok {
		return nil, apiErr("InvalidArgument", 400, "bad copy source %q", src)
	}
	key, err := url.PathUnescape(k)
	if err != nil {
		return nil, apiErr("InvalidArgument", 400, "bad copy source %q", src)
	}
	o, err := f.objectLocked(b, key)
	if err != nil {
		return nil, err
	}
	if ifMatch != "" && ifMatch != o.etag {
		return nil, apiErr("PreconditionFailed", http.StatusPreconditionFailed, "copy source ETag is %s", o.etag)
	}
	return o, nil
}

// maxCopyObjectSize is S3's limit on a CopyObject source (5 GiB).
const maxCopyObjectSize int64 = 5 << 30

// CopyObject copies an object, with its metadata unless the directive is
// REPLACE.
func (f *Fake) CopyObject(ctx context.Context, in *s3.CopyObjectInput, _ ...func(*s3.Options)) (*s3.CopyObjectOutput, error) {
	release, err := f.beginLocked(ctx, "CopyObject", deref(in.Key), 0)
	if err != nil {
		return nil, err
	}
	defer release()
	src, err := f.copySourceLocked(deref(in.CopySource), deref(in.CopySourceIfMatch))
	if err != nil {
		return nil, err
	}
	// int64: 5 GiB does not fit in int on 32-bit platforms.
	if int64(len(src.data)) > maxCopyObjectSize {
		return nil, apiErr("InvalidRequest", 400, "copy source larger than 5 GiB")
	}
	if err := sseOf(in.CopySourceSSECustomerAlgorithm, in.CopySourceSSECustomerKey, in.CopySourceSSECustomerKeyMD5, src.sse); err != nil {
		return nil, err
	}
	sse, err := sseKey(in.SSECustomerAlgorithm, in.SSECustomerKey, in.SSECustomerKeyMD5)
	if err != nil {
		return nil, err
	}
	ct, meta := src.contentType, src.meta
	if in.MetadataDirective == types.MetadataDirectiveReplace {
		ct, meta = deref(in.ContentType), in.Metadata
	}
	b, err := f.bucket(deref(in.Bucket))
	if err != nil {
		return nil, err
	}
	o := newObject(src.data, ct, meta)
	o.tags, o.sse = src.tags, sse
	if in.TaggingDirective == types.TaggingDirectiveReplace {
		o.tags = deref(in.Tagging)
	}
	o.sums = objectSums{alg: src.sums.alg, typ: types.ChecksumTypeFullObject}
	if o.sums.alg != "" {
		o.sums.sum = checksumOf(o.sums.alg, o.data)
	}
	b[deref(in.Key)] = o
	return &s3.CopyObjectOutput{CopyObjectResult: &types.CopyObjectResult{ETag: ptr(o.etag)}}, nil
}

// ListObjectsV2 lists keys in order, with prefix, delimiter, StartAfter
// and continuation tokens (the last key returned).
func (f *Fake) ListObjectsV2(ctx context.Context, in *s3.ListObjectsV2Input, _ ...func(*s3.Options)) (*s3.ListObjectsV2Output, error) {
	release, err := f.beginLocked(ctx, "ListObjectsV2", "", 0)
	if err != nil {
		return nil, err
	}
	defer release()
	b, err := f.bucket(deref(in.Bucket))
	if err != nil {
		return nil, err
	}
	prefix, delim := deref(in.Prefix), deref(in.Delimiter)
	maxKeys := int(deref(in.MaxKeys))
	if maxKeys <= 0 || maxKeys > 1000 {
		maxKeys = 1000
	}
	after := max(deref(in.StartAfter), deref(in.ContinuationToken))
	keys := slices.Sorted(maps.Keys(b))
	i := sort.SearchStrings(keys, after)
	if i < len(keys) && keys[i] == after {
		i++
	}
	out := &s3.ListObjectsV2Output{Name: in.Bucket, Prefix: in.Prefix, Delimiter: in.Delimiter}
	seen := map[string]bool{}
	n := 0
	for ; i < len(keys) && n < maxKeys; i++ {
		k := keys[i]
		if !strings.HasPrefix(k, prefix) {
			if k > prefix {
				break
			}
			continue
		}
		if delim != "" {
			if j := strings.Index(k[len(prefix):], delim); j >= 0 {
				cp := k[:len(prefix)+j+len(delim)]
				if !seen[cp] {
					seen[cp] = true
					out.CommonPrefixes = append(out.CommonPrefixes, types.CommonPrefix{Prefix: ptr(cp)})
					n++
				}
				continue
			}
		}
		o := b[k]
		out.Contents = append(out.Contents, types.Object{Key: ptr(k), ETag: ptr(o.etag),
			Size: ptr(int64(len(o.data))), LastModified: ptr(o.modified)})
		n++
	}
	truncated := false
	for ; i < len(keys); i++ { // anything left under the prefix?
		if strings.HasPrefix(keys[i], prefix) {
			truncated = true
			break
		}
		if keys[i] > prefix {
			break
		}
	}
	out.IsTruncated = ptr(truncated)
	out.KeyCount = ptr(int32(n))
	if truncated && n > 0 {
		last := ""
		if len(out.Contents) > 0 {
			last = deref(out.Contents[len(out.Contents)-1].Key)
		}
		if len(out.CommonPrefixes) > 0 {
			cp := deref(out.CommonPrefixes[len(out.CommonPrefixes)-1].Prefix)
			// skip everything under the last common prefix
			last = max(last, cp+"\U0010FFFF")
		}
		out.NextContinuationToken = ptr(last)
	}
	return out, nil
}

// DeleteObjects deletes up to 1000 keys. Keys matched by a "DeleteObjects"
// fault are reported in Errors with the fault's error code.
func (f *Fake) DeleteObjects(ctx context.Context, in *s3.DeleteObjectsInput, _ ...func(*s3.Options)) (*s3.DeleteObjectsOutput, error) {
	_, done, err := f.begin(ctx, "DeleteObjects", "", 0)
	if err != nil {
		return nil, err
	}
	defer done()
	if in.Delete == nil || len(in.Delete.Objects) == 0 || len(in.Delete.Objects) > 1000 {
		return nil, apiErr("MalformedXML", 400, "DeleteObjects needs 1 to 1000 keys")
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	b, err := f.bucket(deref(in.Bucket))
	if err != nil {
		return nil, err
	}
	out := &s3.DeleteObjectsOutput{}
	for _, id := range in.Delete.Objects {
		k := deref(id.Key)
		if fl := f.keyFaultLocked(k); fl != nil {
			code, msg := "InternalError", "injected"
			var ae *APIError
			if errors.As(fl.Err, &ae) {
				code, msg = ae.Code, ae.Message
			}
			out.Errors = append(out.Errors, types.Error{Key: ptr(k), Code: ptr(code), Message: ptr(msg)})
			continue
		}
		delete(b, k)
		if !deref(in.Delete.Quiet) {
			out.Deleted = append(out.Deleted, types.DeletedObject{Key: ptr(k)})
		}
	}
	return out, nil
}

func (f *Fake) keyFaultLocked(key string) *Fault {
	for _, fl := range f.faults {
		if fl.Times != 0 && fl.Op == "DeleteObjects" && (fl.Key == "" || fl.Key == key) {
			if fl.Times > 0 {
				fl.Times--
			}
			return fl
		}
	}
	return nil
}

func ptr[T any](v T) *T { return &v }

func str(s string) *string {
	if s == "" {
		return nil
	}
	return &s
}

func deref[T any](p *T) T {
	var zero T
	if p == nil {
		return zero
	}
	return *p
}

// checksumOf returns alg's base64 checksum of data.
func checksumOf(alg types.ChecksumAlgorithm, data []byte) string {
	return checksum.Algorithm(alg).Sum(data)
}

// checksumMember points at the Checksum* member for alg of shape, a
// pointer to an S3 input or output, or returns nil when alg is empty. The
// generated members are named after the algorithms (ChecksumCRC64NVME,
// ChecksumXXHASH128...); a shape without one panics, a bug of the Fake.
func checksumMember(alg types.ChecksumAlgorithm, shape any) **string {
	if alg == "" {
		return nil
	}
	f := reflect.ValueOf(shape).Elem().FieldByName("Checksum" + string(alg))
	if !f.IsValid() {
		panic(fmt.Sprintf("transfertest: %T has no Checksum%s member", shape, alg))
	}
	return f.Addr().Interface().(**string)
}

// checkSupplied verifies a checksum the caller supplied for data, and
// returns the checksum of alg the Fake stores.
func checkSupplied(alg types.ChecksumAlgorithm, supplied *string, data []byte) (string, error) {
	if alg == "" {
		return "", nil
	}
	if _, err := checksum.Parse(string(alg)); err != nil {
		return "", apiErr("InvalidRequest", 400, "unsupported checksum algorithm %s", alg)
	}
	sum := checksumOf(alg, data)
	if supplied != nil && *supplied != sum {
		return "", apiErr("BadDigest", 400, "%s checksum %s does not match the data's %s", alg, *supplied, sum)
	}
	return sum, nil
}

func setSum(p **string, v string) {
	if p != nil && v != "" {
		*p = &v
	}
}

func getSum(p **string) *string {
	if p == nil {
		return nil
	}
	return *p
}

// GetObjectTagging returns an object's tags.
func (f *Fake) GetObjectTagging(ctx context.Context, in *s3.GetObjectTaggingInput, _ ...func(*s3.Options)) (*s3.GetObjectTaggingOutput, error) {
	release, err := f.beginLocked(ctx, "GetObjectTagging", deref(in.Key), 0)
	if err != nil {
		return nil, err
	}
	defer release()
	o, err := f.objectLocked(deref(in.Bucket), deref(in.Key))
	if err != nil {
		return nil, err
	}
	q, _ := url.ParseQuery(o.tags)
	out := &s3.GetObjectTaggingOutput{TagSet: []types.Tag{}}
	for _, k := range slices.Sorted(maps.Keys(q)) {
		out.TagSet = append(out.TagSet, types.Tag{Key: ptr(k), Value: ptr(q.Get(k))})
	}
	return out, nil
}

// Tags returns the URL-encoded tags of bucket/key.
func (f *Fake) Tags(bucket, key string) string {
	f.mu.Lock()
	defer f.mu.Unlock()
	if o, ok := f.buckets[bucket][key]; ok {
		return o.tags
	}
	return ""
}

// Checksum returns the checksum S3 would report for bucket/key with
// checksum mode enabled: its algorithm, type and value.
func (f *Fake) Checksum(bucket, key string) (types.ChecksumAlgorithm, types.ChecksumType, string) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if o, ok := f.buckets[bucket][key]; ok {
		return o.sums.alg, o.sums.typ, o.sums.sum
	}
	return "", "", ""
}
