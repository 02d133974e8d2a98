package manager

import (
	"context"
	"io"
	"math"
	"slices"

	"github.com/nimbus-sdk/nimbus/feature/s3/transfer"
	"github.com/nimbus-sdk/nimbus/services/s3"
)

// DefaultDownloadPartSize is the PartSize NewDownloader sets.
const DefaultDownloadPartSize = 5 << 20

// DefaultDownloadConcurrency is the Concurrency NewDownloader sets.
const DefaultDownloadConcurrency = 5

// DefaultPartBodyMaxRetries is the PartBodyMaxRetries NewDownloader sets.
const DefaultPartBodyMaxRetries = 3

// Downloader downloads objects from S3 with parallel ranged GETs through
// a [transfer.Manager]. Its fields are read at each Download; the optFns
// of a call change a copy. It is safe for concurrent use when not
// modified.
type Downloader struct {
	// PartSize is the size of each ranged GET. Zero means
	// DefaultDownloadPartSize. Values below 5 MiB are raised to 5 MiB
	// by the transfer manager (v2 takes smaller ones).
	PartSize int64

	// PartBodyMaxRetries is how many times a part whose body fails
	// mid-read is requested again, from the offset it reached. Zero means
	// none.
	PartBodyMaxRetries int

	// Concurrency is the number of GETs in flight at once. Zero means
	// DefaultDownloadConcurrency.
	Concurrency int

	// ClientOptions are passed to every S3 call of the download.
	ClientOptions []func(*s3.Options)

	// S3 is the client the downloads are sent with.
	S3 DownloadAPIClient
}

// NewDownloader returns a Downloader for c with v2's defaults, changed by
// options.
func NewDownloader(c DownloadAPIClient, options ...func(*Downloader)) *Downloader {
	d := &Downloader{
		S3:                 c,
		PartSize:           DefaultDownloadPartSize,
		PartBodyMaxRetries: DefaultPartBodyMaxRetries,
		Concurrency:        DefaultDownloadConcurrency,
	}
	for _, fn := range options {
		fn(d)
	}
	return d
}

// Download writes the object input names into w with parallel ranged
// GETs and returns the number of bytes written. The options change a copy
// of d for this call. Bucket, Key, VersionId, the SSE-C fields,
// RequestPayer, ExpectedBucketOwner, the If* conditions and the
// Response* header overrides go with every GET; PartNumber fails with a
// [*FieldError] before anything is sent. The object is pinned by its
// ETag for the whole download, and its full-object CRC checksum, when
// it has one, is validated (see the package documentation).
//
// With Range set, Download sends one GET for the range, whatever
// PartSize and Concurrency say, and writes its bytes from offset 0 of w,
// as v2 does. Unlike v2, it checks that the response is the range asked
// for: a server that ignores Range and sends the whole object fails the
// download with a [*transfer.RangeMismatchError] instead of writing the
// object in place of the range; and a Range that is not one range of S3's
// syntax ("bytes=first-last", "bytes=first-", "bytes=-count") fails with
// a [*transfer.InputError] before anything is sent, where v2 sends it and
// S3 answers with the whole object.
func (d Downloader) Download(ctx context.Context, w io.WriterAt, input *s3.GetObjectInput, options ...func(*Downloader)) (int64, error) {
	d.ClientOptions = slices.Clone(d.ClientOptions)
	for _, fn := range options {
		fn(&d)
	}
	if d.S3 == nil {
		return 0, &FieldError{Field: "Downloader.S3", Reason: "is nil"}
	}
	in, err := downloadInput(input)
	if err != nil {
		return 0, err
	}
	client := transferClient(d.S3)
	_, full := d.S3.(transfer.S3API)
	_, head := d.S3.(headObjecter)
	o := transfer.Options{
		PartSize:      d.PartSize,
		Concurrency:   d.Concurrency,
		ClientOptions: d.ClientOptions,
		// The validation needs HeadObject, which v2's client interface
		// lacks.
		SkipChecksumValidation: !full && !head,
		DownloadRetries:        d.PartBodyMaxRetries,
	}
	if o.PartSize <= 0 {
		o.PartSize = DefaultDownloadPartSize
	}
	if o.Concurrency <= 0 {
		o.Concurrency = DefaultDownloadConcurrency
	}
	if o.DownloadRetries <= 0 {
		o.DownloadRetries = -1 // the transfer's "never"
	}
	if in.Range != "" {
		// As in v2, a range is one GET, whatever PartSize and
		// Concurrency say, and nothing else: no HeadObject, since a
		// range has no checksum to validate.
		o.PartSize = math.MaxInt64
		o.SkipChecksumValidation = true
	}
	return transfer.New(client, func(opt *transfer.Options) { *opt = o }).Download(ctx, w, in)
}

// WithDownloaderClientOptions appends opts to the options of every S3 call
// a download makes ([Downloader.ClientOptions]), as in v2.
func WithDownloaderClientOptions(opts ...func(*s3.Options)) func(*Downloader) {
	return func(d *Downloader) { d.ClientOptions = append(d.ClientOptions, opts...) }
}
