package transfer

import (
	"errors"
	"fmt"
	"net/http"
	"slices"
	"strconv"
	"strings"

	"github.com/aws/smithy-go"
	smithyhttp "github.com/aws/smithy-go/transport/http"
)

// MultipartUploadError is returned when a multipart upload (or copy)
// fails after CreateMultipartUpload was sent. State holds what is needed
// to resume it with [UploadInput.Resume]; resuming only works when the
// parts were kept ([Options.LeavePartsOnError]), which Aborted reports.
//
// An upload that is not Aborted stays on the server, its parts billed,
// until it is resumed or aborted with AbortMultipartUpload: the caller
// kept it, or the abort failed (Err says why). The message names its
// UploadID either way.
type MultipartUploadError struct {
	UploadID string       // empty when CreateMultipartUpload itself failed
	Aborted  bool         // the upload was aborted and cannot be resumed
	State    *ResumeState // parts that completed before the failure
	Err      error        // the failure that stopped the upload

	// DuplicateUploadIDs lists uploads of the same key that the upload's
	// CreateMultipartUpload call may have created in attempts whose
	// response was lost, and that are left on the server: their abort
	// failed, or more of them started during the call than attempts were
	// lost, so they could not be told from another writer's uploads.
	// Check and abort them. See [Manager.Upload].
	DuplicateUploadIDs []string

	kept bool // the caller asked to keep the parts
}

// Error returns the error message.
func (e *MultipartUploadError) Error() string {
	var b strings.Builder
	switch {
	case e.UploadID == "":
		b.WriteString("creating the multipart upload failed")
	case e.Aborted:
		fmt.Fprintf(&b, "multipart upload %s failed and was aborted", e.UploadID)
	case e.kept:
		fmt.Fprintf(&b, "multipart upload %s failed; its parts are kept on the server for resume", e.UploadID)
	default:
		fmt.Fprintf(&b, "multipart upload %s failed and could not be aborted; it is left on the server", e.UploadID)
	}
	if len(e.DuplicateUploadIDs) > 0 {
		fmt.Fprintf(&b, "; other uploads of the key (%s), possibly created by CreateMultipartUpload attempts whose response was lost, are left on the server",
			strings.Join(e.DuplicateUploadIDs, ", "))
	}
	fmt.Fprintf(&b, ": %v", e.Err)
	return b.String()
}

// Unwrap returns the underlying error.
func (e *MultipartUploadError) Unwrap() error { return e.Err }

// InputError is returned, before any request is sent, for a field of an
// input that S3 would refuse or that contradicts another: an SSE-C key
// that is not 32 bytes, an algorithm other than AES256, a key MD5 that
// is not the key's, a resumed upload given another key than the one it
// was created with. Field names the field ("UploadInput.SSECustomerKey");
// the message never quotes the value of a secret field.
type InputError struct {
	Field  string // the input type and field, e.g. "CopyInput.CopySourceSSECustomerKey"
	Reason string // what is wrong with its value, worded to follow Field ("is missing...")
	Err    error  // a sentinel the error also matches, such as s3.ErrInvalidSSECustomerKey; may be nil
}

// Error returns the error message.
func (e *InputError) Error() string { return "transfer: " + e.Field + " " + e.Reason }

// Unwrap returns Err.
func (e *InputError) Unwrap() error { return e.Err }

// ObjectChangedError is returned by downloads when the object changed
// between two of the requests that fetch it (its ETag no longer matches),
// so the bytes written so far are from a different version.
type ObjectChangedError struct {
	Bucket, Key string // the object
	ETag        string // the ETag the download started with
	Err         error  // the failed If-Match request
}

// Error returns the error message.
func (e *ObjectChangedError) Error() string {
	return fmt.Sprintf("s3://%s/%s changed during download (ETag was %s): %v", e.Bucket, e.Key, e.ETag, e.Err)
}

// Unwrap returns the underlying error.
func (e *ObjectChangedError) Unwrap() error { return e.Err }

// ObjectError is the failure of one object of a batch or directory
// transfer. Path is the local file, if any.
type ObjectError struct {
	Bucket, Key string // the object
	Path        string // local file; empty for deletes and stream transfers
	Err         error  // the object's failure
}

// Error returns the error message.
func (e *ObjectError) Error() string {
	if e.Path != "" {
		return fmt.Sprintf("s3://%s/%s (%s): %v", e.Bucket, e.Key, e.Path, e.Err)
	}
	return fmt.Sprintf("s3://%s/%s: %v", e.Bucket, e.Key, e.Err)
}

// Unwrap returns the underlying error.
func (e *ObjectError) Unwrap() error { return e.Err }

// BatchError is returned by batch and directory operations when some
// objects failed or have an unknown outcome. Each of them is also in the
// operation's [BatchResult].
type BatchError struct {
	Failed         []*ObjectError // objects whose operation did not happen
	OutcomeUnknown []*ObjectError // see [BatchResult.OutcomeUnknown]
}

// Error returns the error message.
func (e *BatchError) Error() string {
	var b strings.Builder
	switch {
	case len(e.OutcomeUnknown) == 0:
		fmt.Fprintf(&b, "%d object(s) failed", len(e.Failed))
	case len(e.Failed) == 0:
		fmt.Fprintf(&b, "%d object(s) with an unknown outcome", len(e.OutcomeUnknown))
	default:
		fmt.Fprintf(&b, "%d object(s) failed, %d with an unknown outcome", len(e.Failed), len(e.OutcomeUnknown))
	}
	for i, f := range slices.Concat(e.Failed, e.OutcomeUnknown) {
		if i == 3 {
			fmt.Fprintf(&b, "; ...")
			break
		}
		fmt.Fprintf(&b, "; %v", f)
	}
	return b.String()
}

// Unwrap returns the failures and the objects with an unknown outcome, so
// errors.Is and errors.As look into them.
func (e *BatchError) Unwrap() []error {
	errs := make([]error, 0, len(e.Failed)+len(e.OutcomeUnknown))
	for _, f := range slices.Concat(e.Failed, e.OutcomeUnknown) {
		errs = append(errs, f)
	}
	return errs
}

// ErrOutcomeUnknown is wrapped by the error of an object whose operation
// may or may not have happened (see [BatchResult.OutcomeUnknown]).
var ErrOutcomeUnknown = errors.New("outcome unknown: the server may have carried out the request")

// DeleteError is the per-key error S3 reports inside a DeleteObjects
// response.
type DeleteError struct {
	Code, Message string // S3's error code (AccessDenied, say) and message
}

// Error returns the error message.
func (e *DeleteError) Error() string { return e.Code + ": " + e.Message }

// ErrUnsafePath is wrapped by the [ObjectError] of a key that would be
// written outside the target directory of a download (an absolute key, or
// one with ".." elements), and of a local path that cannot become a key.
var ErrUnsafePath = errors.New("path escapes the target directory")

// ErrTooLarge is returned for objects over the S3 limits: 5 TiB, or more
// than 10,000 parts of the part size for sources of unknown size.
var ErrTooLarge = errors.New("object too large for a multipart upload")

// isPreconditionFailed reports whether err is S3's answer to a failed
// If-Match condition.
func isPreconditionFailed(err error) bool {
	var api smithy.APIError
	if errors.As(err, &api) && api.ErrorCode() == "PreconditionFailed" {
		return true
	}
	var re *smithyhttp.ResponseError
	return errors.As(err, &re) && re.HTTPStatusCode() == http.StatusPreconditionFailed
}

// isInvalidRange reports whether err is S3's answer to a range request on
// an empty object.
func isInvalidRange(err error) bool {
	var api smithy.APIError
	if errors.As(err, &api) && api.ErrorCode() == "InvalidRange" {
		return true
	}
	var re *smithyhttp.ResponseError
	return errors.As(err, &re) && re.HTTPStatusCode() == http.StatusRequestedRangeNotSatisfiable
}

// PartError is the failure of one part of a download: its GET failed,
// its response was not the bytes asked for ([*RangeMismatchError]), its
// body broke more often than [Options.DownloadRetries] allows, or the
// destination refused its bytes. Start and End (inclusive) are the
// part's bytes in the object; End is below Start when they were not
// known yet (the first part-number GET of an object of unknown size, or
// the first GET of a suffix range, "bytes=-N", of one).
type PartError struct {
	Bucket, Key string // the object
	PartNumber  int32  // from 1
	Start, End  int64  // bytes of the part, inclusive
	Err         error  // the part's failure
}

// Error returns the error message.
func (e *PartError) Error() string {
	if e.End < e.Start {
		return fmt.Sprintf("transfer: s3://%s/%s part %d: %v", e.Bucket, e.Key, e.PartNumber, e.Err)
	}
	return fmt.Sprintf("transfer: s3://%s/%s part %d (bytes %d-%d): %v", e.Bucket, e.Key, e.PartNumber, e.Start, e.End, e.Err)
}

// Unwrap returns the underlying error.
func (e *PartError) Unwrap() error { return e.Err }

// RangeMismatchError reports a GET response that is not the bytes a
// download asked for: a server that ignored Range or PartNumber and sent
// the whole object with status 200, or that answered with another range,
// another object size or another number of parts, or with bytes of a
// range that starts past the end of the object it reports. No byte of
// such a response is written. The [*PartError] that wraps it names the object
// and the part.
type RangeMismatchError struct {
	// What was asked: bytes Start through End (inclusive) of an object of
	// Size bytes, and for a part-number GET, part PartNumber of Parts.
	// Size is -1 when the response did not say, and End is below Start
	// and Parts 0 when they were not known yet (the first part-number
	// GET of an object of unknown size).
	Start, End, Size int64
	PartNumber       int32 // 0 for a ranged GET
	Parts            int32 // number of parts, for a part-number GET

	// Suffix is N for a GET of the last N bytes ("bytes=-N", the first
	// GET of a [DownloadInput.Range] of that form); 0 otherwise. When the
	// object's size was not known, Start and End are then too (End is
	// below Start).
	Suffix int64

	// What arrived. StatusCode is 0 when the [S3API] implementation does
	// not report it (only an *s3.Client does); ContentRange is empty when
	// the response had none; ContentLength is -1 when unknown; PartsCount
	// is 0 when the response did not report one.
	StatusCode    int
	ContentRange  string
	ContentLength int64
	PartsCount    int32
}

// Error returns the error message.
func (e *RangeMismatchError) Error() string {
	var b strings.Builder
	size := "*"
	if e.Size >= 0 {
		size = strconv.FormatInt(e.Size, 10)
	}
	b.WriteString("asked for ")
	if e.PartNumber != 0 {
		fmt.Fprintf(&b, "part %d", e.PartNumber)
		if e.Parts > 0 {
			fmt.Fprintf(&b, " of %d", e.Parts)
		}
		if e.End >= e.Start {
			b.WriteString(", ")
		}
	}
	switch {
	case e.End >= e.Start:
		fmt.Fprintf(&b, "bytes %d-%d/%s", e.Start, e.End, size)
	case e.Suffix > 0:
		fmt.Fprintf(&b, "the last %d bytes of %s", e.Suffix, size)
	}
	var got []string
	if e.StatusCode != 0 {
		got = append(got, "status "+strconv.Itoa(e.StatusCode))
	}
	if e.ContentRange != "" {
		got = append(got, fmt.Sprintf("Content-Range %q", e.ContentRange))
	} else {
		got = append(got, "no Content-Range")
	}
	if e.ContentLength >= 0 {
		got = append(got, fmt.Sprintf("%d bytes", e.ContentLength))
	}
	if e.PartsCount != 0 {
		got = append(got, fmt.Sprintf("%d parts", e.PartsCount))
	}
	b.WriteString("; got ")
	b.WriteString(strings.Join(got, ", "))
	return b.String()
}
