package batchops

import (
	"context"
	"crypto/md5"
	"encoding/csv"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/url"
	"strconv"
	"strings"

	"github.com/nimbus-sdk/nimbus/feature/s3/transfer"
	"github.com/nimbus-sdk/nimbus/services/s3"
	"github.com/nimbus-sdk/nimbus/services/s3control/types"
)

// The completion report of a job is written by S3 under the report
// prefix: job-ID/manifest.json lists the results files (CSV, with their
// MD5), one per task status, and each row of a results file is
//
//	Bucket, Key, VersionId, TaskStatus, ErrorCode, HTTPStatusCode, ResultMessage
//
// with the key URL-encoded. AWS's own examples of report rows put the
// HTTP status before the error code ("failed,200,PermanentFailure"), so
// the two columns are told apart by which one is a number.

// reportManifest is the manifest.json of a completion report.
type reportManifest struct {
	Format  string
	Results []struct {
		TaskExecutionStatus string
		Bucket              string
		MD5Checksum         string
		Key                 string
	}
}

// maxReportManifest bounds the manifest.json read into memory.
const maxReportManifest = 16 << 20

// reportFailures reads the completion report of job and returns its
// failed tasks. A job that ended without running a task may have no
// report: then it returns none, unless the job counted failed tasks.
func (c *Client) reportFailures(ctx context.Context, job *types.JobDescriptor) ([]*transfer.ObjectError, error) {
	rep := job.Report
	if rep == nil || !rep.Enabled {
		return nil, nil
	}
	bucket := bucketName(deref(rep.Bucket))
	key := "job-" + deref(job.JobId) + "/manifest.json"
	if p := strings.TrimSuffix(deref(rep.Prefix), "/"); p != "" {
		key = p + "/" + key
	}
	failedTasks := int64(0)
	if job.ProgressSummary != nil {
		failedTasks = deref(job.ProgressSummary.NumberOfTasksFailed)
	}
	body, err := c.getObject(ctx, bucket, key)
	if err != nil {
		var nsk interface{ ErrorCode() string }
		if errors.As(err, &nsk) && nsk.ErrorCode() == "NoSuchKey" && failedTasks == 0 && job.Status != types.JobStatusComplete {
			return nil, nil
		}
		return nil, &ReportError{Bucket: bucket, Key: key, Err: err}
	}
	data, err := io.ReadAll(io.LimitReader(body, maxReportManifest+1))
	body.Close()
	if err == nil && len(data) > maxReportManifest {
		err = fmt.Errorf("larger than %d bytes", maxReportManifest)
	}
	var m reportManifest
	if err == nil {
		err = json.Unmarshal(data, &m)
	}
	if err == nil && m.Format != string(types.JobReportFormatReportCSV20180820) {
		err = fmt.Errorf("format %q, want %s", m.Format, types.JobReportFormatReportCSV20180820)
	}
	if err != nil {
		return nil, &ReportError{Bucket: bucket, Key: key, Err: err}
	}
	var failed []*transfer.ObjectError
	for _, r := range m.Results {
		if r.TaskExecutionStatus != "failed" {
			continue // succeeded tasks are counted by the job
		}
		f, err := c.readResults(ctx, r.Bucket, r.Key, r.MD5Checksum)
		if err != nil {
			return failed, err
		}
		failed = append(failed, f...)
	}
	if int64(len(failed)) != failedTasks {
		return failed, &ReportError{Bucket: bucket, Key: key,
			Err: fmt.Errorf("the report lists %d failed tasks; the job counted %d", len(failed), failedTasks)}
	}
	return failed, nil
}

// readResults reads one results file, checking its MD5, and returns its
// failed rows.
func (c *Client) readResults(ctx context.Context, bucket, key, md5Hex string) ([]*transfer.ObjectError, error) {
	fail := func(err error) error { return &ReportError{Bucket: bucket, Key: key, Err: err} }
	body, err := c.getObject(ctx, bucket, key)
	if err != nil {
		return nil, fail(err)
	}
	defer body.Close()
	sum := md5.New()
	r := csv.NewReader(io.TeeReader(body, sum))
	r.FieldsPerRecord = 7
	r.ReuseRecord = true
	var failed []*transfer.ObjectError
	for line := 1; ; line++ {
		rec, err := r.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, fail(err)
		}
		obj, err := parseRow(rec)
		if err != nil {
			return nil, fail(fmt.Errorf("line %d: %w", line, err))
		}
		if obj != nil {
			failed = append(failed, obj)
		}
	}
	if md5Hex != "" && !strings.EqualFold(hex.EncodeToString(sum.Sum(nil)), md5Hex) {
		return nil, fail(fmt.Errorf("MD5 %x differs from the report manifest's %s", sum.Sum(nil), md5Hex))
	}
	return failed, nil
}

// parseRow returns the failure of a report row, or nil for a row of a
// task that succeeded.
func parseRow(rec []string) (*transfer.ObjectError, error) {
	bucket, rawKey, status := rec[0], rec[1], rec[3]
	key, err := url.QueryUnescape(rawKey)
	if err != nil {
		return nil, fmt.Errorf("key %q: %w", rawKey, err)
	}
	switch status {
	case "succeeded":
		return nil, nil
	case "failed":
	default:
		return nil, fmt.Errorf("task status %q, want succeeded or failed", status)
	}
	te := &TaskError{VersionID: rec[2], Message: rec[6]}
	code, httpStatus := rec[4], rec[5]
	if !numeric(httpStatus) && numeric(code) { // AWS's examples: status, then code
		code, httpStatus = httpStatus, code
	}
	te.Code = code
	if httpStatus != "" {
		n, err := strconv.Atoi(httpStatus)
		if err != nil {
			return nil, fmt.Errorf("HTTP status %q is not a number", httpStatus)
		}
		te.HTTPStatus = n
	}
	return &transfer.ObjectError{Bucket: bucket, Key: key, Err: te}, nil
}

// getObject returns the body of an object.
func (c *Client) getObject(ctx context.Context, bucket, key string) (io.ReadCloser, error) {
	out, err := c.s3.GetObject(ctx, &s3.GetObjectInput{Bucket: &bucket, Key: &key})
	if err != nil {
		return nil, err
	}
	return out.Body, nil
}

// bucketName returns the name of a bucket given as a name or an ARN
// (arn:PARTITION:s3:::NAME).
func bucketName(s string) string {
	if i := strings.LastIndex(s, ":::"); strings.HasPrefix(s, "arn:") && i >= 0 {
		return s[i+3:]
	}
	return s
}

// numeric reports whether s is empty or a number: the HTTP status column.
func numeric(s string) bool {
	_, err := strconv.Atoi(s)
	return s == "" || err == nil
}
