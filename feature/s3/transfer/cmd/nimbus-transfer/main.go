// Command nimbus-transfer uploads, downloads, syncs and deletes S3 objects
// with the transfer package, drawing a progress bar on stderr. When stderr
// is not a terminal (a log file, a pipe, CI), it prints one progress line
// per update instead, at most one a second, so logs stay readable.
//
//	nimbus-transfer upload   FILE|DIR  s3://bucket/key-or-prefix
//	nimbus-transfer download s3://bucket/key-or-prefix  FILE|DIR
//	nimbus-transfer sync     DIR       s3://bucket/prefix   (uploads the tree)
//	nimbus-transfer rm       s3://bucket/prefix           (deletes the prefix)
//	nimbus-transfer mb       s3://bucket                  (creates the bucket)
//	nimbus-transfer rb       s3://bucket                  (deletes the empty bucket)
//
// With NIMBUS_S3_ENDPOINT set, the client uses it with path-style
// addressing and the NIMBUS_S3_ACCESS_KEY, NIMBUS_S3_SECRET_KEY and
// NIMBUS_S3_REGION variables; otherwise the standard AWS environment and
// shared config files are loaded with config.Load.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/nimbus-sdk/nimbus/config"
	"github.com/nimbus-sdk/nimbus/credentials"
	"github.com/nimbus-sdk/nimbus/feature/s3/transfer"
	"github.com/nimbus-sdk/nimbus/services/s3"
)

func main() {
	partMiB := flag.Int64("part-size", 8, "part size in MiB")
	conc := flag.Int("concurrency", 8, "parts or objects in flight")
	flag.Usage = func() {
		fmt.Fprintln(os.Stderr, "usage: nimbus-transfer [flags] upload|download|sync|rm ARGS...")
		flag.PrintDefaults()
	}
	flag.Parse()
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	if err := run(ctx, flag.Args(), *partMiB<<20, *conc, os.Stderr); err != nil {
		fmt.Fprintln(os.Stderr, "nimbus-transfer:", err)
		os.Exit(1)
	}
}

func newClient(ctx context.Context) (*s3.Client, error) {
	if ep := os.Getenv("NIMBUS_S3_ENDPOINT"); ep != "" {
		region := os.Getenv("NIMBUS_S3_REGION")
		if region == "" {
			region = "us-east-1"
		}
		return s3.New(s3.Options{
			Region: region, BaseEndpoint: ep, UsePathStyle: true,
			Credentials: credentials.NewStaticProvider(os.Getenv("NIMBUS_S3_ACCESS_KEY"), os.Getenv("NIMBUS_S3_SECRET_KEY"), ""),
		}), nil
	}
	cfg, err := config.Load(ctx)
	if err != nil {
		return nil, err
	}
	return s3.NewFromConfig(cfg), nil
}

// parseURL splits s3://bucket/key.
func parseURL(u string) (bucket, key string, err error) {
	rest, ok := strings.CutPrefix(u, "s3://")
	if !ok {
		return "", "", fmt.Errorf("%q is not an s3:// URL", u)
	}
	bucket, key, _ = strings.Cut(rest, "/")
	if bucket == "" {
		return "", "", fmt.Errorf("%q names no bucket", u)
	}
	return bucket, key, nil
}

// run runs the command of args, drawing progress on out.
func run(ctx context.Context, args []string, partSize int64, conc int, out *os.File) error {
	if len(args) < 2 {
		flag.Usage()
		return errors.New("missing arguments")
	}
	client, err := newClient(ctx)
	if err != nil {
		return err
	}
	if args[0] == "mb" || args[0] == "rb" {
		return bucketCommand(ctx, client, args[0], args[1])
	}
	bar := newBar(out, !isTerminal(out))
	defer bar.finish()
	m := transfer.New(client, func(o *transfer.Options) {
		o.PartSize, o.Concurrency, o.Progress = partSize, conc, bar
	})
	switch cmd := args[0]; cmd {
	case "upload", "sync":
		if len(args) != 3 {
			return fmt.Errorf("%s needs a local path and an s3:// URL", cmd)
		}
		bucket, key, err := parseURL(args[2])
		if err != nil {
			return err
		}
		fi, err := os.Stat(args[1])
		if err != nil {
			return err
		}
		if fi.IsDir() || cmd == "sync" {
			res, err := m.UploadDirectory(ctx, &transfer.UploadDirectoryInput{Dir: args[1], Bucket: bucket, Prefix: key})
			report(bar, res)
			return err
		}
		f, err := os.Open(args[1])
		if err != nil {
			return err
		}
		defer f.Close()
		_, err = m.Upload(ctx, &transfer.UploadInput{Bucket: bucket, Key: key, Body: f})
		return err
	case "download":
		if len(args) != 3 {
			return errors.New("download needs an s3:// URL and a local path")
		}
		bucket, key, err := parseURL(args[1])
		if err != nil {
			return err
		}
		if key == "" || strings.HasSuffix(key, "/") {
			res, err := m.DownloadDirectory(ctx, &transfer.DownloadDirectoryInput{Bucket: bucket, Prefix: key, Dir: args[2]})
			report(bar, res)
			return err
		}
		f, err := os.Create(args[2])
		if err != nil {
			return err
		}
		_, err = m.Download(ctx, f, &transfer.DownloadInput{Bucket: bucket, Key: key})
		if cerr := f.Close(); err == nil {
			err = cerr
		}
		return err
	case "rm":
		bucket, prefix, err := parseURL(args[1])
		if err != nil {
			return err
		}
		res, err := m.DeletePrefix(ctx, bucket, prefix)
		report(bar, res)
		return err
	default:
		return fmt.Errorf("unknown command %q", cmd)
	}
}

// bucketCommand runs mb and rb, which move no data and draw no progress bar.
func bucketCommand(ctx context.Context, client *s3.Client, cmd, url string) error {
	bucket, key, err := parseURL(url)
	if err != nil {
		return err
	}
	if key != "" {
		return fmt.Errorf("%s takes a bucket URL (s3://bucket), not a key", cmd)
	}
	if cmd == "mb" {
		_, err = client.CreateBucket(ctx, &s3.CreateBucketInput{Bucket: &bucket})
	} else {
		_, err = client.DeleteBucket(ctx, &s3.DeleteBucketInput{Bucket: &bucket})
	}
	return err
}

func report(b *bar, res *transfer.BatchResult) {
	if res == nil {
		return
	}
	b.finish()
	fmt.Fprintf(b.w, "%d succeeded, %d failed, %d outcome unknown, %d skipped\n",
		res.Succeeded, len(res.Failed), len(res.OutcomeUnknown), len(res.Skipped))
	for _, f := range res.Failed {
		fmt.Fprintln(b.w, "  failed:", f)
	}
	for _, f := range res.OutcomeUnknown {
		fmt.Fprintln(b.w, "  outcome unknown:", f)
	}
}

// bar is a Listener that shows progress: on a terminal, a one-line bar
// redrawn a few times a second; elsewhere (lines), one line per update.
type bar struct {
	bytes, total  atomic.Int64
	objects, done atomic.Int64
	w             io.Writer
	lines         bool
	last          snapshot // lines: what the last line showed
	stop          chan struct{}
	wg            sync.WaitGroup
	once          sync.Once
	start         time.Time
}

// snapshot is the state a progress line shows.
type snapshot struct{ bytes, total, done, objects int64 }

// isTerminal reports whether f is a terminal (a character device).
func isTerminal(f *os.File) bool {
	fi, err := f.Stat()
	return err == nil && fi.Mode()&os.ModeCharDevice != 0
}

// newBar starts a bar drawing on w: a redrawn bar, or with lines one line
// per update.
func newBar(w io.Writer, lines bool) *bar {
	b := makeBar(w, lines)
	interval := 200 * time.Millisecond
	if lines {
		interval = time.Second
	}
	b.wg.Add(1)
	go func() {
		defer b.wg.Done()
		t := time.NewTicker(interval)
		defer t.Stop()
		for {
			select {
			case <-t.C:
				b.update()
			case <-b.stop:
				b.update()
				if !b.lines {
					fmt.Fprintln(b.w)
				}
				return
			}
		}
	}()
	return b
}

// makeBar returns a bar that is not drawn yet.
func makeBar(w io.Writer, lines bool) *bar {
	return &bar{w: w, lines: lines, stop: make(chan struct{}), start: time.Now(), last: snapshot{bytes: -1}}
}

// OnEvent counts objects and bytes.
func (b *bar) OnEvent(e transfer.Event) {
	switch e.Type {
	case transfer.ObjectStarted:
		b.objects.Add(1)
		if e.Size > 0 {
			b.total.Add(e.Size)
		}
	case transfer.Bytes:
		b.bytes.Add(e.Bytes)
	case transfer.ObjectDone:
		if e.Op == transfer.OpDelete { // deletes report no start
			b.objects.Add(1)
		}
		b.done.Add(1)
	}
}

func (b *bar) snapshot() snapshot {
	return snapshot{bytes: b.bytes.Load(), total: b.total.Load(), done: b.done.Load(), objects: b.objects.Load()}
}

// update redraws the bar, or prints a line if anything changed since the
// last one.
func (b *bar) update() {
	s := b.snapshot()
	rate := float64(s.bytes) / time.Since(b.start).Seconds() / (1 << 20)
	if b.lines {
		if s == b.last {
			return
		}
		b.last = s
		fmt.Fprintf(b.w, "%.1f / %.1f MiB  %.1f MiB/s  objects %d/%d\n",
			float64(s.bytes)/(1<<20), float64(s.total)/(1<<20), rate, s.done, s.objects)
		return
	}
	const width = 30
	filled := 0
	if s.total > 0 {
		filled = int(min(s.bytes*width/s.total, width))
	}
	fmt.Fprintf(b.w, "\r[%s%s] %7.1f / %7.1f MiB  %6.1f MiB/s  objects %d/%d ",
		strings.Repeat("#", filled), strings.Repeat(".", width-filled),
		float64(s.bytes)/(1<<20), float64(s.total)/(1<<20), rate, s.done, s.objects)
}

func (b *bar) finish() {
	b.once.Do(func() { close(b.stop); b.wg.Wait() })
}
