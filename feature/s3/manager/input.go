package manager

import (
	"fmt"
	"io"
	"net/http"
	"time"

	"github.com/nimbus-sdk/nimbus/feature/s3/transfer"
	"github.com/nimbus-sdk/nimbus/services/s3"
)

// unsupported is a field of an input set to a non-zero value that the
// transfer manager cannot honour, and why.
type unsupported struct {
	set    bool
	field  string
	reason string
}

func firstUnsupported(input string, fields []unsupported) error {
	for _, f := range fields {
		if f.set {
			return &FieldError{Field: input + "." + f.field, Reason: "is not supported by the manager: " + f.reason}
		}
	}
	return nil
}

const precomputed = "the transfer manager takes precomputed ContentMD5, CRC32, CRC32C, CRC64NVME, SHA1 and SHA256 values, as aws-sdk-go-v2's does; set ChecksumAlgorithm to have it compute this one"

// uploadInput maps a PutObjectInput to the transfer's UploadInput, or
// returns a *FieldError for the first field it cannot honour.
func uploadInput(p *s3.PutObjectInput) (*transfer.UploadInput, error) {
	if p == nil {
		return nil, &FieldError{Field: "PutObjectInput", Reason: "is nil"}
	}
	if deref(p.Bucket) == "" {
		return nil, &FieldError{Field: "PutObjectInput.Bucket", Reason: "is missing"}
	}
	if deref(p.Key) == "" {
		return nil, &FieldError{Field: "PutObjectInput.Key", Reason: "is missing"}
	}
	if err := firstUnsupported("PutObjectInput", []unsupported{
		{p.ChecksumSHA512 != nil, "ChecksumSHA512", precomputed},
		{p.ChecksumMD5 != nil, "ChecksumMD5", precomputed},
		{p.ChecksumXXHASH64 != nil, "ChecksumXXHASH64", precomputed},
		{p.ChecksumXXHASH3 != nil, "ChecksumXXHASH3", precomputed},
		{p.ChecksumXXHASH128 != nil, "ChecksumXXHASH128", precomputed},
		{p.WriteOffsetBytes != nil, "WriteOffsetBytes", "appending to an object is a single PutObject; call the client's PutObject"},
	}); err != nil {
		return nil, err
	}
	in := &transfer.UploadInput{
		Bucket:                    *p.Bucket,
		Key:                       *p.Key,
		Body:                      p.Body,
		ContentType:               deref(p.ContentType),
		ContentEncoding:           deref(p.ContentEncoding),
		ContentDisposition:        deref(p.ContentDisposition),
		ContentLanguage:           deref(p.ContentLanguage),
		CacheControl:              deref(p.CacheControl),
		WebsiteRedirectLocation:   deref(p.WebsiteRedirectLocation),
		Metadata:                  p.Metadata,
		Tagging:                   deref(p.Tagging),
		ACL:                       p.ACL,
		GrantFullControl:          deref(p.GrantFullControl),
		GrantRead:                 deref(p.GrantRead),
		GrantReadACP:              deref(p.GrantReadACP),
		GrantWriteACP:             deref(p.GrantWriteACP),
		StorageClass:              p.StorageClass,
		ServerSideEncryption:      p.ServerSideEncryption,
		SSEKMSKeyID:               deref(p.SSEKMSKeyId),
		SSEKMSEncryptionContext:   deref(p.SSEKMSEncryptionContext),
		BucketKeyEnabled:          p.BucketKeyEnabled,
		ObjectLockMode:            p.ObjectLockMode,
		ObjectLockRetainUntilDate: deref(p.ObjectLockRetainUntilDate),
		ObjectLockLegalHoldStatus: p.ObjectLockLegalHoldStatus,
		SSECustomerAlgorithm:      deref(p.SSECustomerAlgorithm),
		SSECustomerKey:            deref(p.SSECustomerKey),
		SSECustomerKeyMD5:         deref(p.SSECustomerKeyMD5),
		IfMatch:                   deref(p.IfMatch),
		IfNoneMatch:               deref(p.IfNoneMatch),
		RequestPayer:              p.RequestPayer,
		ExpectedBucketOwner:       deref(p.ExpectedBucketOwner),
		ChecksumAlgorithm:         p.ChecksumAlgorithm,
		ContentMD5:                deref(p.ContentMD5),
		ChecksumCRC32:             deref(p.ChecksumCRC32),
		ChecksumCRC32C:            deref(p.ChecksumCRC32C),
		ChecksumCRC64NVME:         deref(p.ChecksumCRC64NVME),
		ChecksumSHA1:              deref(p.ChecksumSHA1),
		ChecksumSHA256:            deref(p.ChecksumSHA256),
	}
	if p.Expires != nil {
		t, err := http.ParseTime(*p.Expires)
		if err != nil {
			return nil, &FieldError{Field: "PutObjectInput.Expires", Reason: fmt.Sprintf("is %q, not an HTTP date such as %q", *p.Expires, time.Unix(0, 0).UTC().Format(http.TimeFormat))}
		}
		in.Expires = t
	}
	if p.ContentLength != nil {
		n := *p.ContentLength
		if n < 0 {
			return nil, &FieldError{Field: "PutObjectInput.ContentLength", Reason: fmt.Sprintf("is %d", n)}
		}
		if _, ok := p.Body.(io.ReaderAt); ok && n > 0 {
			in.Size = n // read in place, n bytes from the current offset
		} else if p.Body != nil {
			in.Body = &exactReader{r: p.Body, left: n, want: n}
		}
	}
	return in, nil
}

// exactReader passes on the first want bytes of r and fails when r ends
// before them or has more, so a ContentLength that is not the body's size
// fails the upload instead of storing a different object.
type exactReader struct {
	r          io.Reader
	left, want int64
}

func (e *exactReader) Read(b []byte) (int, error) {
	if e.left == 0 {
		var one [1]byte
		if n, _ := io.ReadFull(e.r, one[:]); n > 0 {
			return 0, fmt.Errorf("manager: upload body is longer than PutObjectInput.ContentLength (%d)", e.want)
		}
		return 0, io.EOF
	}
	if int64(len(b)) > e.left {
		b = b[:e.left]
	}
	n, err := e.r.Read(b)
	e.left -= int64(n)
	if err == io.EOF && e.left > 0 {
		return n, fmt.Errorf("manager: upload body ended %d bytes short of PutObjectInput.ContentLength (%d)", e.left, e.want)
	}
	return n, err
}

// downloadInput maps a GetObjectInput to the transfer's DownloadInput, or
// returns a *FieldError for the first field it cannot honour.
func downloadInput(g *s3.GetObjectInput) (*transfer.DownloadInput, error) {
	if g == nil {
		return nil, &FieldError{Field: "GetObjectInput", Reason: "is nil"}
	}
	if deref(g.Bucket) == "" {
		return nil, &FieldError{Field: "GetObjectInput.Bucket", Reason: "is missing"}
	}
	if deref(g.Key) == "" {
		return nil, &FieldError{Field: "GetObjectInput.Key", Reason: "is missing"}
	}
	if err := firstUnsupported("GetObjectInput", []unsupported{
		{g.PartNumber != nil, "PartNumber", "Download writes the whole object or a Range of it; call the client's GetObject for one part"},
	}); err != nil {
		return nil, err
	}
	// ChecksumMode needs no mapping: the transfer validates checksums
	// unless told not to (see the package documentation).
	in := &transfer.DownloadInput{
		Bucket:                     *g.Bucket,
		Key:                        *g.Key,
		VersionID:                  deref(g.VersionId),
		SSECustomerAlgorithm:       deref(g.SSECustomerAlgorithm),
		SSECustomerKey:             deref(g.SSECustomerKey),
		SSECustomerKeyMD5:          deref(g.SSECustomerKeyMD5),
		IfMatch:                    deref(g.IfMatch),
		IfNoneMatch:                deref(g.IfNoneMatch),
		IfModifiedSince:            deref(g.IfModifiedSince),
		IfUnmodifiedSince:          deref(g.IfUnmodifiedSince),
		RequestPayer:               g.RequestPayer,
		ExpectedBucketOwner:        deref(g.ExpectedBucketOwner),
		Range:                      deref(g.Range),
		ResponseCacheControl:       deref(g.ResponseCacheControl),
		ResponseContentDisposition: deref(g.ResponseContentDisposition),
		ResponseContentEncoding:    deref(g.ResponseContentEncoding),
		ResponseContentLanguage:    deref(g.ResponseContentLanguage),
		ResponseContentType:        deref(g.ResponseContentType),
		ResponseExpires:            deref(g.ResponseExpires),
	}
	return in, nil
}

func deref[T any](p *T) T {
	var zero T
	if p == nil {
		return zero
	}
	return *p
}
