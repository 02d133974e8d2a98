package batchops

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"iter"
	"strings"

	"github.com/nimbus-sdk/nimbus/feature/s3/transfer"
	"github.com/nimbus-sdk/nimbus/services/s3"
	s3types "github.com/nimbus-sdk/nimbus/services/s3/types"
	"github.com/nimbus-sdk/nimbus/services/s3control/types"
)

// Manifest says which objects a job runs on: a [*Prefix], [*Objects] or
// [*ManifestFile]. Other packages cannot implement it.
type Manifest interface {
	// jobManifest returns the manifest as CreateJob takes it: a manifest
	// object (written here if needed) or a manifest generator.
	jobManifest(ctx context.Context, c *Client, o *Options, name string) (*types.JobManifest, types.JobManifestGenerator, error)
}

// Prefix is every object of Bucket whose key starts with Prefix (the
// whole bucket when Prefix is empty).
type Prefix struct {
	Bucket string // required
	Prefix string // key prefix

	// Generated has S3 list the objects on its own fleet when the job
	// starts (an S3JobManifestGenerator filtered by the prefix). When
	// false, this process lists them with ListObjectsV2 and writes a CSV
	// manifest, which fixes the objects when the job is created.
	Generated bool
}

func (p *Prefix) jobManifest(ctx context.Context, c *Client, o *Options, name string) (*types.JobManifest, types.JobManifestGenerator, error) {
	if p.Bucket == "" {
		return nil, nil, invalid("Prefix", "Bucket")
	}
	if p.Generated {
		gen := types.S3JobManifestGenerator{SourceBucket: ptr(bucketARN(o.Partition, p.Bucket)), EnableManifestOutput: false}
		if p.Prefix != "" {
			gen.Filter = &types.JobManifestGeneratorFilter{KeyNameConstraint: &types.KeyNameConstraint{MatchAnyPrefix: []string{p.Prefix}}}
		}
		return nil, &types.JobManifestGeneratorMemberS3JobManifestGenerator{Value: gen}, nil
	}
	listing := func(yield func(Object, error) bool) {
		in := &s3.ListObjectsV2Input{Bucket: ptr(p.Bucket)}
		if p.Prefix != "" {
			in.Prefix = ptr(p.Prefix)
		}
		for page, err := range s3.NewListObjectsV2Paginator(c.s3, in).Pages(ctx) {
			if err != nil {
				yield(Object{}, err)
				return
			}
			for _, obj := range page.Contents {
				if !yield(Object{Bucket: p.Bucket, Key: deref(obj.Key)}, nil) {
					return
				}
			}
		}
	}
	m, err := c.writeManifest(ctx, o, name, listing, false)
	return m, nil, err
}

// Object is one object of an [Objects] manifest.
type Object struct {
	Bucket, Key string // required
	VersionID   string // only in a Versioned manifest: the version to act on
}

// Objects is the objects Seq yields, written as a CSV manifest before
// the job is created. Seq may yield a non-nil error, last: the manifest
// is then abandoned and no job is created.
type Objects struct {
	Seq iter.Seq2[Object, error] // required

	// Versioned writes a VersionId column: every object must then have
	// a VersionID. When false, objects must have none.
	Versioned bool
}

func (m *Objects) jobManifest(ctx context.Context, c *Client, o *Options, name string) (*types.JobManifest, types.JobManifestGenerator, error) {
	if m.Seq == nil {
		return nil, nil, invalid("Objects", "Seq")
	}
	jm, err := c.writeManifest(ctx, o, name, m.Seq, m.Versioned)
	return jm, nil, err
}

// ManifestFile is a manifest already in S3: a CSV in the S3 Batch
// Operations format, or the manifest.json of an S3 Inventory report.
type ManifestFile struct {
	Bucket, Key string // required
	VersionID   string // the manifest object's version, if versioned

	// ETag is the manifest object's ETag; empty means it is read with
	// HeadObject.
	ETag string

	// Format is the manifest's format; empty means
	// S3BatchOperations_CSV_20180820.
	Format types.JobManifestFormat

	// Fields are the CSV's columns; nil means Bucket, Key.
	Fields []types.JobManifestFieldName
}

func (f *ManifestFile) jobManifest(ctx context.Context, c *Client, o *Options, _ string) (*types.JobManifest, types.JobManifestGenerator, error) {
	if f.Bucket == "" || f.Key == "" {
		return nil, nil, invalid("ManifestFile", missing(f.Bucket, f.Key))
	}
	etag := f.ETag
	if etag == "" {
		in := &s3.HeadObjectInput{Bucket: &f.Bucket, Key: &f.Key}
		if f.VersionID != "" {
			in.VersionId = &f.VersionID
		}
		out, err := c.s3.HeadObject(ctx, in)
		if err != nil {
			return nil, nil, fmt.Errorf("batchops: reading the manifest's ETag: %w", err)
		}
		etag = deref(out.ETag)
	}
	etag = strings.Trim(etag, `"`)
	format, fields := f.Format, f.Fields
	if format == "" {
		format = types.JobManifestFormatS3BatchOperationsCSV20180820
	}
	if fields == nil && format == types.JobManifestFormatS3BatchOperationsCSV20180820 {
		fields = []types.JobManifestFieldName{types.JobManifestFieldNameBucket, types.JobManifestFieldNameKey}
	}
	loc := &types.JobManifestLocation{ObjectArn: ptr(objectARN(o.Partition, f.Bucket, f.Key)), ETag: ptr(etag)}
	if f.VersionID != "" {
		loc.ObjectVersionId = &f.VersionID
	}
	return &types.JobManifest{Spec: &types.JobManifestSpec{Format: format, Fields: fields}, Location: loc}, nil, nil
}

// ErrEmptyManifest is returned when a manifest written from a listing or
// a sequence lists no objects: no job is created.
var ErrEmptyManifest = errors.New("batchops: the manifest lists no objects; no job was created")

// writeManifest streams rows into a CSV manifest object named name under
// the manifest prefix, through a multipart upload of bounded memory, and
// returns its location.
func (c *Client) writeManifest(ctx context.Context, o *Options, name string, rows iter.Seq2[Object, error], versioned bool) (*types.JobManifest, error) {
	key := strings.TrimSuffix(o.ManifestPrefix, "/") + "/" + name + ".csv"
	pr, pw := io.Pipe()
	count := 0
	done := make(chan struct{})
	go func() {
		defer close(done)
		w := bufio.NewWriterSize(pw, 64<<10)
		for obj, err := range rows {
			if err == nil {
				err = checkObject(obj, versioned)
			}
			if err != nil {
				pw.CloseWithError(err)
				return
			}
			w.WriteString(obj.Bucket)
			w.WriteByte(',')
			w.WriteString(escapeKey(obj.Key))
			if versioned {
				w.WriteByte(',')
				w.WriteString(obj.VersionID)
			}
			if err := w.WriteByte('\n'); err != nil {
				return // the upload stopped: stop reading rows
			}
			count++
		}
		pw.CloseWithError(w.Flush())
	}()
	out, err := c.tm.Upload(ctx, &transfer.UploadInput{Bucket: o.ManifestBucket, Key: key, Body: pr, ContentType: "text/csv"}, o.Transfer...)
	pr.CloseWithError(errors.New("batchops: manifest upload ended")) // unblocks the writer if the upload stopped early
	<-done
	if err != nil {
		return nil, fmt.Errorf("batchops: writing the manifest s3://%s/%s: %w", o.ManifestBucket, key, err)
	}
	if count == 0 {
		// Nothing refers to the empty manifest: remove it (a failure to
		// only leaves an empty object behind).
		c.s3.DeleteObjects(ctx, &s3.DeleteObjectsInput{Bucket: &o.ManifestBucket,
			Delete: &s3types.Delete{Objects: []s3types.ObjectIdentifier{{Key: &key}}, Quiet: ptr(true)}})
		return nil, ErrEmptyManifest
	}
	fields := []types.JobManifestFieldName{types.JobManifestFieldNameBucket, types.JobManifestFieldNameKey}
	if versioned {
		fields = append(fields, types.JobManifestFieldNameVersionId)
	}
	loc := &types.JobManifestLocation{ObjectArn: ptr(objectARN(o.Partition, o.ManifestBucket, key)), ETag: ptr(strings.Trim(out.ETag, `"`))}
	if out.VersionID != "" {
		loc.ObjectVersionId = ptr(out.VersionID)
	}
	return &types.JobManifest{
		Spec:     &types.JobManifestSpec{Format: types.JobManifestFormatS3BatchOperationsCSV20180820, Fields: fields},
		Location: loc,
	}, nil
}

// checkObject refuses an object that cannot be a row of the manifest.
func checkObject(obj Object, versioned bool) error {
	switch {
	case obj.Bucket == "" || obj.Key == "":
		return fmt.Errorf("batchops: manifest object %q in bucket %q: %w", obj.Key, obj.Bucket, invalid("Object", missing(obj.Bucket, obj.Key)))
	case strings.ContainsAny(obj.Bucket, ",\r\n"):
		return fmt.Errorf("batchops: manifest object %q: bucket name %q is not valid", obj.Key, obj.Bucket)
	case versioned && obj.VersionID == "":
		return fmt.Errorf("batchops: manifest object s3://%s/%s has no VersionID in a versioned manifest", obj.Bucket, obj.Key)
	case !versioned && obj.VersionID != "":
		return fmt.Errorf("batchops: manifest object s3://%s/%s has a VersionID in a manifest without versions (set Objects.Versioned)", obj.Bucket, obj.Key)
	}
	return nil
}

// escapeKey URL-encodes a key for a CSV manifest, as S3 Batch Operations
// requires: every byte but unreserved characters and "/" is
// percent-encoded, so that the result reads the same whether it is
// decoded as a path or as a form value ("+" and " " never appear).
func escapeKey(key string) string {
	const hex = "0123456789ABCDEF"
	var b strings.Builder
	b.Grow(len(key))
	for i := 0; i < len(key); i++ {
		c := key[i]
		if 'A' <= c && c <= 'Z' || 'a' <= c && c <= 'z' || '0' <= c && c <= '9' || strings.IndexByte("-_.~/", c) >= 0 {
			b.WriteByte(c)
			continue
		}
		b.WriteByte('%')
		b.WriteByte(hex[c>>4])
		b.WriteByte(hex[c&15])
	}
	return b.String()
}

// missing names the member of a bucket and key that is empty.
func missing(bucket, key string) string {
	if bucket == "" {
		return "Bucket"
	}
	return "Key"
}
