package transfer

import (
	"slices"
	"sync"

	"github.com/aws/smithy-go/metrics"
	"github.com/aws/smithy-go/tracing"

	"github.com/nimbus-sdk/nimbus/services/s3"
	"golang.org/x/sync/semaphore"
)

// Limits of S3 multipart uploads. The sizes are int64, like every size
// and offset in this package: objects and parts can exceed 2 GiB, which
// does not fit in int on 32-bit platforms, and a typed constant makes
// mixing them with int fail to compile on every platform, not only there.
const (
	MinPartSize   int64 = 5 << 20 // smallest part other than the last
	MaxPartSize   int64 = 5 << 30 // largest part
	MaxObjectSize int64 = 5 << 40 // largest object
	MaxPutSize    int64 = 5 << 30 // largest single PutObject / CopyObject

	MaxParts = 10000 // most parts in one upload
)

const (
	maxDeleteBatch       = 1000     // keys per DeleteObjects call
	defaultPart    int64 = 8 << 20  // Options.PartSize default
	defaultCopy    int64 = 64 << 20 // Options.CopyPartSize default
)

// Options configures a [Manager]. The zero value of every field selects
// its documented default. A Manager copies its Options; the optFns of each
// call change a copy and never the Manager.
type Options struct {
	// PartSize is the size of each part of a multipart upload or download
	// range. Zero means 8 MiB; values below 5 MiB are raised to 5 MiB.
	// Uploads of a known size raise it further so the object fits in
	// 10,000 parts.
	PartSize int64

	// Concurrency is the number of parts of one object transferred at once,
	// and the number of objects a batch or directory transfer runs at once.
	// Zero means 8.
	Concurrency int

	// MultipartThreshold is the size from which Upload uses a multipart
	// upload. Zero means PartSize. Objects larger than 5 GiB always use one.
	MultipartThreshold int64

	// CopyThreshold is the size from which Copy uses UploadPartCopy instead
	// of CopyObject. Zero or values above 5 GiB mean 5 GiB.
	CopyThreshold int64

	// CopyPartSize is the part size of multipart copies. Zero means 64 MiB;
	// it grows so the copy fits in 10,000 parts.
	CopyPartSize int64

	// MaxMemory caps the bytes of part buffers used for uploads from plain
	// io.Reader sources (sources that are not io.ReaderAt with a known
	// size). The cap is shared by every call of one Manager, so only the
	// value given to [New] counts; per-call changes are ignored. Zero means
	// 64 MiB. It is raised to PartSize when smaller.
	MaxMemory int64

	// LeavePartsOnError keeps the parts of a failed multipart upload on the
	// server, so the upload can be resumed from [MultipartUploadError.State].
	// When false (the default) a failed upload is aborted.
	LeavePartsOnError bool

	// DownloadRetries is how many times a download part whose body fails
	// mid-read is requested again from the offset it reached. Zero means 3;
	// negative means never. Errors returned by GetObject itself are retried
	// by the client's retryer, not here.
	DownloadRetries int

	// SkipChecksumValidation turns off the checksum validation of
	// downloads. When false (the default), each download first sends a
	// HeadObject with checksum mode enabled and, if the object has a
	// FULL_OBJECT CRC32, CRC32C or CRC64NVME checksum, checks the bytes
	// received against it (see the package documentation, "Checksums");
	// a ranged download is checked only when its range is the whole
	// object.
	SkipChecksumValidation bool

	// DownloadByPart makes downloads fetch an object uploaded in parts
	// part by part (GetObject PartNumber=N) instead of by ranges of
	// PartSize, so each GET returns one uploaded part and, for a
	// COMPOSITE checksum, its part checksum is validated. PartSize is
	// then ignored for downloads, and a DownloadStream buffers parts of
	// the uploaded part size. Objects whose parts (but the last) differ
	// in size fail; download them by range. Downloads with a
	// [DownloadInput.Range] are fetched by range whatever this says.
	DownloadByPart bool

	// Progress receives progress events. If nil, none are sent.
	Progress Listener

	// ClientOptions are passed to every S3 call the Manager makes.
	ClientOptions []func(*s3.Options)

	// BatchJobs, if not nil, runs deletes of BatchJobThreshold objects or
	// more as jobs on S3's own fleet (S3 Batch Operations, through the
	// batchops module) instead of from this process: [Manager.DeletePrefix]
	// first counts the prefix's objects up to the threshold, and
	// [Manager.BatchDelete] reads up to the threshold of objects ahead,
	// holding them in memory, before choosing. If nil (the default),
	// every batch runs here.
	BatchJobs JobRunner

	// BatchJobThreshold is the number of objects from which BatchJobs
	// takes a batch. Zero means 1,000,000.
	BatchJobThreshold int

	// TracerProvider traces each object transfer: a span
	// "transfer.Upload" (Download, DownloadStream, Copy) with a
	// "transfer.Part" span per part of a multipart transfer, under which
	// the S3 client traces its own calls (see [SpanTransferPrefix]). Nil
	// means the S3 client's Options.TracerProvider when the client is an
	// *s3.Client, so a traced client traces its transfers; set
	// smithy-go's tracing.NopTracerProvider{} to trace the S3 calls only.
	// With no provider at all nothing is traced, at no cost.
	TracerProvider tracing.TracerProvider

	// MeterProvider records the progress counters transfer.bytes,
	// transfer.parts and transfer.objects (see [MetricBytes]). Nil means
	// the S3 client's Options.MeterProvider, as for TracerProvider.
	MeterProvider metrics.MeterProvider
}

func (o Options) copy() Options {
	o.ClientOptions = slices.Clone(o.ClientOptions)
	return o
}

func (o *Options) resolve() {
	if o.PartSize == 0 {
		o.PartSize = defaultPart
	}
	o.PartSize = max(o.PartSize, MinPartSize)
	if o.Concurrency <= 0 {
		o.Concurrency = 8
	}
	if o.MultipartThreshold <= 0 {
		o.MultipartThreshold = o.PartSize
	}
	if o.CopyThreshold <= 0 || o.CopyThreshold > MaxPutSize {
		o.CopyThreshold = MaxPutSize
	}
	if o.CopyPartSize <= 0 {
		o.CopyPartSize = defaultCopy
	}
	o.CopyPartSize = min(max(o.CopyPartSize, MinPartSize), MaxPartSize)
	if o.MaxMemory <= 0 {
		o.MaxMemory = 64 << 20
	}
	o.MaxMemory = max(o.MaxMemory, o.PartSize)
	if o.DownloadRetries == 0 {
		o.DownloadRetries = 3
	}
}

// Manager transfers objects, directories and batches between S3 and local
// sources. It is safe for concurrent use; build one per client and share
// it, so that all its calls share one memory cap.
type Manager struct {
	client  S3API
	options Options
	wire    bool // client is an *s3.Client: meter bytes at the HTTP layer

	mem     *semaphore.Weighted // MaxMemory bytes of part buffers
	buffers bufferPool
	tel     *telemetry // nil without providers
}

// New returns a Manager that calls client, configured by optFns.
func New(client S3API, optFns ...func(*Options)) *Manager {
	var o Options
	for _, fn := range optFns {
		fn(&o)
	}
	o.resolve()
	resolveProviders(client, &o)
	_, wire := client.(*s3.Client)
	return &Manager{client: client, options: o, wire: wire, mem: semaphore.NewWeighted(o.MaxMemory), tel: newTelemetry(&o)}
}

// Options returns a copy of the Manager's resolved options.
func (m *Manager) Options() Options { return m.options.copy() }

// callOptions returns the options of one call.
func (m *Manager) callOptions(optFns []func(*Options)) Options {
	o := m.options.copy()
	for _, fn := range optFns {
		fn(&o)
	}
	o.MaxMemory = m.options.MaxMemory
	o.resolve()
	return o
}

// bufferPool recycles part buffers by size, and counts the bytes in use
// so tests can check the memory cap.
type bufferPool struct {
	mu    sync.Mutex
	pools map[int64]*sync.Pool
	inUse int64
	peak  int64
	limit int64 // largest buffer; 0 means maxBuffer (tests lower it)
}

func (p *bufferPool) get(size int64) *[]byte {
	p.mu.Lock()
	if p.pools == nil {
		p.pools = make(map[int64]*sync.Pool)
	}
	pool := p.pools[size]
	if pool == nil {
		pool = &sync.Pool{New: func() any { b := make([]byte, size); return &b }}
		p.pools[size] = pool
	}
	p.inUse += size
	p.peak = max(p.peak, p.inUse)
	p.mu.Unlock()
	return pool.Get().(*[]byte)
}

func (p *bufferPool) put(b *[]byte) {
	size := int64(cap(*b))
	*b = (*b)[:size]
	p.mu.Lock()
	p.inUse -= size
	pool := p.pools[size]
	p.mu.Unlock()
	pool.Put(b)
}

func (p *bufferPool) stats() (inUse, peak int64) {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.inUse, p.peak
}
