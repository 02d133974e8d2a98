package batchops

import (
	"context"
	"errors"
	"slices"
	"time"

	"github.com/nimbus-sdk/nimbus/internal/client"
	"github.com/nimbus-sdk/nimbus/middleware/waiter"
	"github.com/nimbus-sdk/nimbus/services/s3control"
	"github.com/nimbus-sdk/nimbus/services/s3control/types"
)

// DescribeJobAPIClient is the part of [*s3control.Client] that
// [JobCompleteWaiter] uses.
type DescribeJobAPIClient interface {
	DescribeJob(ctx context.Context, in *s3control.DescribeJobInput, optFns ...func(*s3control.Options)) (*s3control.DescribeJobOutput, error)
}

// JobCompleteWaiterOptions are the options of a [JobCompleteWaiter]: set
// them for every wait with [NewJobCompleteWaiter], or for one wait with
// the option functions of [JobCompleteWaiter.Wait]. The fields are those
// of the generated waiters, plus Progress.
type JobCompleteWaiterOptions struct {
	// ClientOptions are applied, in order, to the client's Options for
	// each DescribeJob call the waiter makes.
	ClientOptions []func(*s3control.Options)

	// MinDelay is the shortest delay between two calls. Zero means 5
	// seconds. It must not be greater than MaxDelay.
	MinDelay time.Duration

	// MaxDelay is the longest delay between two calls. Zero means 1
	// minute.
	MaxDelay time.Duration

	// LogWaitAttempts logs each call the waiter makes through the Logger
	// of the Options the call runs with.
	LogWaitAttempts bool

	// Progress, if not nil, is called with the job's state after every
	// DescribeJob call that returned one, from the waiting goroutine.
	Progress func(Progress)
}

// JobCompleteWaiter calls DescribeJob until the job ends. S3 has no
// waiter for jobs in its model, so this one is written by hand in the
// generated waiters' form and on the same loop:
//
//   - success when the job's Status is Complete
//   - failure when it is Failed or Cancelled: the *waiter.Error's Err is
//     a [*JobError]
//   - retry for every other status (New, Preparing, Suspended, Ready,
//     Active, Pausing, Paused, Completing, Failing, Cancelling)
//
// A failed call ends the wait (the client's retryer has already retried
// what can be retried). A job that waits for confirmation (Suspended)
// keeps the waiter waiting: confirm it with UpdateJobStatus.
type JobCompleteWaiter struct {
	client  DescribeJobAPIClient
	options JobCompleteWaiterOptions
}

// NewJobCompleteWaiter returns a waiter that calls client, with options
// set by optFns.
func NewJobCompleteWaiter(client DescribeJobAPIClient, optFns ...func(*JobCompleteWaiterOptions)) *JobCompleteWaiter {
	o := JobCompleteWaiterOptions{MinDelay: defaultMinDelay, MaxDelay: defaultMaxDelay}
	for _, fn := range optFns {
		fn(&o)
	}
	return &JobCompleteWaiter{client: client, options: o}
}

// Wait waits up to maxWaitDur for the job of params to complete.
func (w *JobCompleteWaiter) Wait(ctx context.Context, params *s3control.DescribeJobInput, maxWaitDur time.Duration, optFns ...func(*JobCompleteWaiterOptions)) error {
	_, err := w.WaitForOutput(ctx, params, maxWaitDur, optFns...)
	return err
}

// WaitForOutput is [JobCompleteWaiter.Wait], also returning the output of
// the last call when the job completed. When it failed or was cancelled,
// the [*JobError] in the returned *waiter.Error holds the job.
func (w *JobCompleteWaiter) WaitForOutput(ctx context.Context, params *s3control.DescribeJobInput, maxWaitDur time.Duration, optFns ...func(*JobCompleteWaiterOptions)) (*s3control.DescribeJobOutput, error) {
	if params == nil {
		params = &s3control.DescribeJobInput{}
	}
	o := w.options
	o.ClientOptions = slices.Clip(o.ClientOptions)
	for _, fn := range optFns {
		fn(&o)
	}
	return client.Wait(ctx, &client.WaitSpec[*s3control.DescribeJobInput, *s3control.DescribeJobOutput]{
		Name:             "JobComplete",
		MinDelay:         o.MinDelay,
		MaxDelay:         o.MaxDelay,
		DefaultMinDelay:  defaultMinDelay,
		DefaultMaxDelay:  defaultMaxDelay,
		MaxWait:          maxWaitDur,
		LogAttempts:      o.LogWaitAttempts,
		DefaultRetryable: jobCompleteRetryable(o.Progress),
		Call: func(ctx context.Context, attempt *client.WaitAttempt) (*s3control.DescribeJobOutput, error) {
			return w.client.DescribeJob(ctx, params, func(co *s3control.Options) {
				for _, fn := range o.ClientOptions {
					fn(co)
				}
				attempt.Log(co.Logger)
			})
		},
	}, params)
}

// errNoJob is the failure of a DescribeJob response without a job.
var errNoJob = errors.New("batchops: DescribeJob returned no job")

// jobCompleteRetryable applies the waiter's acceptors, reporting progress
// first.
func jobCompleteRetryable(progress func(Progress)) func(context.Context, *s3control.DescribeJobInput, *s3control.DescribeJobOutput, error) (bool, error) {
	return func(_ context.Context, _ *s3control.DescribeJobInput, out *s3control.DescribeJobOutput, err error) (bool, error) {
		if err != nil {
			return false, &waiter.Error{Reason: waiter.UnmatchedError, Err: err}
		}
		if out == nil || out.Job == nil {
			return false, &waiter.Error{Reason: waiter.UnmatchedError, Err: errNoJob}
		}
		j := out.Job
		if progress != nil {
			progress(progressOf(j))
		}
		switch j.Status {
		case types.JobStatusComplete:
			return false, nil
		case types.JobStatusFailed, types.JobStatusCancelled:
			return false, &waiter.Error{Reason: waiter.FailureState, Acceptor: `Job.Status of the output is "` + string(j.Status) + `"`,
				Err: &JobError{JobID: deref(j.JobId), Status: j.Status, Reasons: j.FailureReasons, StatusUpdateReason: deref(j.StatusUpdateReason), Job: j}}
		}
		return true, nil
	}
}
