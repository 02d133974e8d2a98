package manager

import (
	"context"
	"fmt"
	"io"
	"slices"

	"github.com/nimbus-sdk/nimbus/feature/s3/transfer"
	"github.com/nimbus-sdk/nimbus/services/s3"
	"github.com/nimbus-sdk/nimbus/services/s3/types"
)

// MaxUploadParts is the largest number of parts of a multipart upload
// on S3.
const MaxUploadParts int32 = 10000

// MinUploadPartSize is the smallest part size, other than the last part's,
// of a multipart upload on S3.
const MinUploadPartSize int64 = 5 << 20

// DefaultUploadPartSize is the part size NewUploader sets.
const DefaultUploadPartSize = MinUploadPartSize

// DefaultUploadConcurrency is the Concurrency NewUploader sets.
const DefaultUploadConcurrency = 5

// Uploader uploads objects to S3, in parts when they are larger than
// PartSize, through a [transfer.Manager]. Its fields are read at each
// Upload; the optFns of a call change a copy. It is safe for concurrent
// use when not modified.
type Uploader struct {
	// PartSize is the size of each part, and the size from which an
	// object is uploaded in parts. Zero means DefaultUploadPartSize (5
	// MiB); smaller values fail the Upload, as S3 refuses them. For a body
	// of known size it grows so that the object fits in MaxUploadParts.
	PartSize int64

	// Concurrency is the number of parts sent at once. Zero means
	// DefaultUploadConcurrency.
	Concurrency int

	// LeavePartsOnError keeps the parts of a failed multipart upload on
	// S3 instead of aborting it; the [MultiUploadFailure] names the
	// upload.
	LeavePartsOnError bool

	// MaxUploadParts is the most parts one upload may have. Zero means
	// MaxUploadParts (10,000); values above it are lowered to it. A body
	// of known size (an io.Seeker) gets a part size large enough; a body
	// of unknown size that needs more parts fails the upload, which is
	// then aborted (or kept, with LeavePartsOnError).
	MaxUploadParts int32

	// ClientOptions are passed to every S3 call of the upload.
	ClientOptions []func(*s3.Options)

	// S3 is the client the uploads are sent with.
	S3 UploadAPIClient
}

// NewUploader returns an Uploader for client with v2's defaults, changed
// by options.
//
//	u := manager.NewUploader(client, func(u *manager.Uploader) {
//		u.PartSize = 64 << 20
//	})
func NewUploader(client UploadAPIClient, options ...func(*Uploader)) *Uploader {
	u := &Uploader{
		S3:             client,
		PartSize:       DefaultUploadPartSize,
		Concurrency:    DefaultUploadConcurrency,
		MaxUploadParts: MaxUploadParts,
	}
	for _, fn := range options {
		fn(u)
	}
	return u
}

// UploadOutput is the result of an upload, with aws-sdk-go-v2's fields.
// The transfer manager returns the ETag, version, upload ID and checksum
// of the object; Location, CompletedParts, BucketKeyEnabled, Expiration,
// RequestCharged, SSEKMSKeyId and ServerSideEncryption are left empty.
type UploadOutput struct {
	// Location is always empty: the transfer manager does not report the
	// object's URL.
	Location string

	// UploadID is the multipart upload's ID; empty for a single PutObject.
	UploadID string

	// CompletedParts is always nil: the transfer manager does not report
	// the parts' ETags.
	CompletedParts []types.CompletedPart

	// BucketKeyEnabled is always false (not reported by the transfer).
	BucketKeyEnabled bool

	// The object's checksum, in the field of the upload's algorithm, as
	// S3 returned it; nil when S3 returned none.
	ChecksumCRC32     *string
	ChecksumCRC32C    *string
	ChecksumCRC64NVME *string
	ChecksumSHA1      *string
	ChecksumSHA256    *string

	// ETag is the object's ETag.
	ETag *string

	// Expiration is always nil (not reported by the transfer).
	Expiration *string

	// Key is the object's key, as given.
	Key *string

	// RequestCharged is always empty (not reported by the transfer).
	RequestCharged types.RequestCharged

	// SSEKMSKeyId is always nil (not reported by the transfer).
	SSEKMSKeyId *string

	// ServerSideEncryption is always empty (not reported by the transfer).
	ServerSideEncryption types.ServerSideEncryption

	// VersionID is the object's version, when the bucket is versioned.
	VersionID *string

	// ChecksumType is FULL_OBJECT or COMPOSITE, when S3 returned a
	// checksum.
	ChecksumType types.ChecksumType
}

// Upload uploads input.Body to input.Bucket and input.Key: with one
// PutObject when it is smaller than PartSize, else with a multipart
// upload of Concurrency parts at once. The options change a copy of u
// for this call. Every field of input reaches the requests S3 wants it
// on; a field the transfer manager cannot honour (see the package
// documentation) fails with a [*FieldError] before anything is sent. A
// multipart upload that fails after it was created returns a
// [MultiUploadFailure].
func (u Uploader) Upload(ctx context.Context, input *s3.PutObjectInput, opts ...func(*Uploader)) (*UploadOutput, error) {
	u.ClientOptions = slices.Clone(u.ClientOptions)
	for _, fn := range opts {
		fn(&u)
	}
	if u.S3 == nil {
		return nil, &FieldError{Field: "Uploader.S3", Reason: "is nil"}
	}
	in, err := uploadInput(input)
	if err != nil {
		return nil, err
	}
	o, err := u.options(in)
	if err != nil {
		return nil, err
	}
	out, err := transfer.New(transferClient(u.S3), func(opt *transfer.Options) { *opt = o }).Upload(ctx, in)
	if err != nil {
		return nil, uploadError(err)
	}
	return uploadOutput(input, out), nil
}

// options returns the transfer options of u for in, whose Body it may
// wrap to enforce MaxUploadParts.
func (u *Uploader) options(in *transfer.UploadInput) (transfer.Options, error) {
	ps := u.PartSize
	if ps == 0 {
		ps = DefaultUploadPartSize
	}
	if ps < MinUploadPartSize {
		return transfer.Options{}, &FieldError{Field: "Uploader.PartSize", Reason: fmt.Sprintf("is %d; it must be at least %d (5 MiB)", ps, MinUploadPartSize)}
	}
	conc := u.Concurrency
	if conc <= 0 {
		conc = DefaultUploadConcurrency
	}
	maxParts := int64(u.MaxUploadParts)
	if maxParts <= 0 || maxParts > int64(MaxUploadParts) {
		maxParts = int64(MaxUploadParts)
	}
	if maxParts < int64(MaxUploadParts) {
		size, known, err := bodySize(in)
		if err != nil {
			return transfer.Options{}, err
		}
		switch {
		case known:
			ps = max(ps, (size+maxParts-1)/maxParts)
		case in.Body != nil:
			in.Body = &partLimitReader{r: in.Body, left: maxParts * ps, maxParts: maxParts, partSize: ps}
		}
	}
	return transfer.Options{
		PartSize:           ps,
		MultipartThreshold: ps,
		Concurrency:        conc,
		// Part buffers of plain readers: enough for Concurrency parts in
		// flight and one being filled, as v2 keeps.
		MaxMemory:         int64(conc+1) * ps,
		LeavePartsOnError: u.LeavePartsOnError,
		ClientOptions:     u.ClientOptions,
	}, nil
}

// bodySize returns the size of in.Body from its current offset when it is
// an io.Seeker (restoring the offset) or in.Size is set.
func bodySize(in *transfer.UploadInput) (int64, bool, error) {
	if in.Size > 0 {
		return in.Size, true, nil
	}
	s, ok := in.Body.(io.Seeker)
	if !ok {
		return 0, false, nil
	}
	cur, err := s.Seek(0, io.SeekCurrent)
	if err != nil {
		return 0, false, nil // not seekable after all, e.g. a pipe
	}
	end, err := s.Seek(0, io.SeekEnd)
	if err != nil {
		return 0, false, fmt.Errorf("manager: upload body: %w", err)
	}
	if _, err := s.Seek(cur, io.SeekStart); err != nil {
		return 0, false, fmt.Errorf("manager: upload body: %w", err)
	}
	return max(end-cur, 0), true, nil
}

// partLimitReader fails a body of unknown size once it is longer than
// maxParts parts of partSize, so the upload fails instead of exceeding
// Uploader.MaxUploadParts.
type partLimitReader struct {
	r                  io.Reader
	left               int64
	maxParts, partSize int64
}

func (p *partLimitReader) Read(b []byte) (int, error) {
	if p.left <= 0 {
		// One byte more than the limit allows fails the upload.
		var one [1]byte
		n, err := io.ReadFull(p.r, one[:])
		if n == 0 && (err == io.EOF || err == io.ErrUnexpectedEOF) {
			return 0, io.EOF
		}
		if n == 0 {
			return 0, err
		}
		return 0, fmt.Errorf("manager: upload body is larger than Uploader.MaxUploadParts (%d) parts of %d bytes", p.maxParts, p.partSize)
	}
	if int64(len(b)) > p.left {
		b = b[:p.left]
	}
	n, err := p.r.Read(b)
	p.left -= int64(n)
	return n, err
}

// uploadOutput maps the transfer's result to v2's UploadOutput.
func uploadOutput(in *s3.PutObjectInput, out *transfer.UploadOutput) *UploadOutput {
	r := &UploadOutput{
		UploadID:  out.UploadID,
		ETag:      strPtr(out.ETag),
		VersionID: strPtr(out.VersionID),
		Key:       in.Key,
	}
	if out.Checksum != "" {
		r.ChecksumType = out.ChecksumType
		sum := strPtr(out.Checksum)
		switch out.ChecksumAlgorithm {
		case types.ChecksumAlgorithmCrc32:
			r.ChecksumCRC32 = sum
		case types.ChecksumAlgorithmCrc32c:
			r.ChecksumCRC32C = sum
		case types.ChecksumAlgorithmCrc64nvme:
			r.ChecksumCRC64NVME = sum
		case types.ChecksumAlgorithmSha1:
			r.ChecksumSHA1 = sum
		case types.ChecksumAlgorithmSha256:
			r.ChecksumSHA256 = sum
		}
	}
	return r
}

func strPtr(s string) *string {
	if s == "" {
		return nil
	}
	return &s
}

// WithUploaderRequestOptions appends opts to the options of every S3 call
// an upload makes ([Uploader.ClientOptions]), as in v2.
func WithUploaderRequestOptions(opts ...func(*s3.Options)) func(*Uploader) {
	return func(u *Uploader) { u.ClientOptions = append(u.ClientOptions, opts...) }
}
