package manager

import (
	"errors"

	"github.com/nimbus-sdk/nimbus/feature/s3/transfer"
)

// FieldError reports an input field the manager cannot honour, or whose
// value is wrong, before any request is sent. Field names the input type
// and field, such as "PutObjectInput.ContentMD5".
type FieldError struct {
	Field  string
	Reason string // worded to follow Field ("is not supported: ...")
}

// Error returns "manager: " followed by the field and the reason.
func (e *FieldError) Error() string { return "manager: " + e.Field + " " + e.Reason }

// MultiUploadFailure is the error of a multipart upload that failed after
// S3 created it, as in aws-sdk-go-v2: UploadID names the upload, whose
// parts are on the server when [Uploader.LeavePartsOnError] kept them (or
// an abort failed). The error also unwraps to the transfer's
// [*transfer.MultipartUploadError], which says whether it was aborted.
type MultiUploadFailure interface {
	error

	// UploadID returns the ID of the multipart upload that failed.
	UploadID() string
}

// multiUploadError implements MultiUploadFailure over the transfer's
// error.
type multiUploadError struct {
	err *transfer.MultipartUploadError
}

func (e *multiUploadError) Error() string {
	return "upload multipart failed, upload id: " + e.err.UploadID + ", cause: " + e.err.Error()
}
func (e *multiUploadError) Unwrap() error    { return e.err }
func (e *multiUploadError) UploadID() string { return e.err.UploadID }

// uploadError maps a transfer error to the manager's: a multipart failure
// with an upload ID becomes a MultiUploadFailure.
func uploadError(err error) error {
	var mp *transfer.MultipartUploadError
	if errors.As(err, &mp) && mp.UploadID != "" {
		return &multiUploadError{err: mp}
	}
	return err
}
