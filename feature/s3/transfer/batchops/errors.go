package batchops

import (
	"fmt"
	"strings"

	"github.com/nimbus-sdk/nimbus/services/s3control/types"
)

// JobError is returned when a job ended without completing: S3 failed it
// (its failure threshold was crossed, or its manifest or role did not
// work) or it was cancelled. The result returned beside it holds what
// the job's completion report says about the tasks that ran.
type JobError struct {
	JobID  string          // the job
	Status types.JobStatus // Failed or Cancelled

	// Reasons are the job's FailureReasons, as DescribeJob reported them.
	Reasons []types.JobFailure

	// StatusUpdateReason is the reason S3 gave for the job's last status
	// change, if any.
	StatusUpdateReason string

	// Job is the job as the last DescribeJob described it.
	Job *types.JobDescriptor
}

// Error returns the error message.
func (e *JobError) Error() string {
	var b strings.Builder
	fmt.Fprintf(&b, "batchops: job %s ended %s", e.JobID, e.Status)
	for _, r := range e.Reasons {
		fmt.Fprintf(&b, "; %s: %s", deref(r.FailureCode), deref(r.FailureReason))
	}
	if e.StatusUpdateReason != "" {
		fmt.Fprintf(&b, " (%s)", e.StatusUpdateReason)
	}
	return b.String()
}

// TaskError is the failure of one object's task, as the job's completion
// report gives it.
type TaskError struct {
	// Code is the report's error code, e.g. "AccessDenied", or
	// "PermanentFailure" for a Lambda function that failed the task.
	Code string

	// HTTPStatus is the HTTP status of the task's request, or of the
	// Lambda invocation; 0 when the report has none.
	HTTPStatus int

	// Message is the report's result message.
	Message string

	// VersionID is the version of the object the task ran on, when the
	// manifest named one.
	VersionID string
}

// Error returns the error message.
func (e *TaskError) Error() string {
	msg := e.Code
	if e.HTTPStatus != 0 {
		msg += fmt.Sprintf(" (HTTP %d)", e.HTTPStatus)
	}
	if e.Message != "" {
		msg += ": " + e.Message
	}
	return "batch operations task failed: " + msg
}

// ReportError is returned when a job's completion report cannot be read
// or does not have the documented form: a missing or malformed
// manifest.json, a results file whose MD5 differs from the one the
// manifest gives, or a row that is not Bucket, Key, VersionId,
// TaskStatus, ErrorCode, HTTPStatusCode, ResultMessage.
type ReportError struct {
	Bucket, Key string // the report object
	Err         error  // what was wrong
}

// Error returns the error message.
func (e *ReportError) Error() string {
	return fmt.Sprintf("batchops: completion report s3://%s/%s: %v", e.Bucket, e.Key, e.Err)
}

// Unwrap returns the underlying error.
func (e *ReportError) Unwrap() error { return e.Err }

func deref[T any](p *T) T {
	var zero T
	if p == nil {
		return zero
	}
	return *p
}
