package batchops

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"iter"
	"maps"
	"slices"

	"github.com/nimbus-sdk/nimbus/feature/s3/transfer"
	"github.com/nimbus-sdk/nimbus/middleware/waiter"
	"github.com/nimbus-sdk/nimbus/services/s3control"
	"github.com/nimbus-sdk/nimbus/services/s3control/types"
)

// JobInput describes a job.
type JobInput struct {
	Operation Operation // required: what to do to each object
	Manifest  Manifest  // required: which objects

	// Description of the job; empty means "nimbus batchops".
	Description string

	// ClientRequestToken makes CreateJob idempotent: a second call with
	// the same token returns the first job. Empty means a random token,
	// kept across the call's retries.
	ClientRequestToken string

	// Tags are the job's own tags (not the objects').
	Tags map[string]string
}

// JobOutput describes a job that ended.
type JobOutput struct {
	JobID  string          // the job
	Status types.JobStatus // Complete, Failed or Cancelled

	// Job is the job as the last DescribeJob described it, with its
	// progress summary (task counts) and failure reasons.
	Job *types.JobDescriptor

	// Result counts the tasks that succeeded (from the job's progress
	// summary) and lists the objects whose task failed (from the
	// completion report), each with a [*TaskError]. Objects a failed or
	// cancelled job never reached are in neither.
	Result *transfer.BatchResult
}

// Run creates a job, waits for it to end and reads its completion
// report. It returns a [*JobError] (inside a *waiter.Error) when the job
// failed or was cancelled, with the output of what ran. If ctx ends
// first, the job goes on in S3: the error names it, and [Client.Cancel]
// stops it.
func (c *Client) Run(ctx context.Context, in *JobInput, optFns ...func(*Options)) (*JobOutput, error) {
	id, err := c.Start(ctx, in, optFns...)
	if err != nil {
		return nil, err
	}
	out := &JobOutput{JobID: id}
	job, err := c.Wait(ctx, id, optFns...)
	if job == nil {
		return out, err
	}
	out.Job, out.Status = job, job.Status
	res, rerr := c.Result(ctx, job, optFns...)
	out.Result = res
	return out, errors.Join(err, rerr)
}

// Start writes or specifies the manifest of in and creates the job, which
// S3 runs without further calls (it is created without confirmation). It
// returns the job's ID. Nothing is sent when the options or in are
// invalid (a *smithy.InvalidParamsError).
func (c *Client) Start(ctx context.Context, in *JobInput, optFns ...func(*Options)) (string, error) {
	o := c.callOptions(optFns)
	if err := o.validate(); err != nil {
		return "", err
	}
	if in == nil || in.Operation == nil {
		return "", invalid("JobInput", "Operation")
	}
	if in.Manifest == nil {
		return "", invalid("JobInput", "Manifest")
	}
	op, err := in.Operation.jobOperation(&o)
	if err != nil {
		return "", err
	}
	token := in.ClientRequestToken
	if token == "" {
		var b [16]byte
		rand.Read(b[:])
		token = hex.EncodeToString(b[:])
	}
	manifest, generator, err := in.Manifest.jobManifest(ctx, c, &o, "job-"+token)
	if err != nil {
		return "", err
	}
	desc := in.Description
	if desc == "" {
		desc = "nimbus batchops"
	}
	create := &s3control.CreateJobInput{
		AccountId:            ptr(o.AccountID),
		ConfirmationRequired: ptr(false),
		Operation:            op,
		Report: &types.JobReport{
			Bucket: ptr(bucketARN(o.Partition, o.ReportBucket)), Prefix: ptr(o.ReportPrefix),
			Format: types.JobReportFormatReportCSV20180820, Enabled: true, ReportScope: o.ReportScope,
		},
		ClientRequestToken: ptr(token),
		Manifest:           manifest,
		ManifestGenerator:  generator,
		Description:        ptr(desc),
		Priority:           ptr(o.Priority),
		RoleArn:            ptr(o.RoleARN),
	}
	for _, k := range slices.Sorted(maps.Keys(in.Tags)) {
		create.Tags = append(create.Tags, types.S3Tag{Key: ptr(k), Value: ptr(in.Tags[k])})
	}
	out, err := c.control.CreateJob(ctx, create, o.ClientOptions...)
	if err != nil {
		return "", fmt.Errorf("batchops: CreateJob: %w", err)
	}
	if deref(out.JobId) == "" {
		return "", errors.New("batchops: CreateJob returned no job ID")
	}
	return *out.JobId, nil
}

// Wait waits for job id to end, reporting progress to
// [Options.Progress]. It returns the job as the last DescribeJob
// described it when it ended, with an error wrapping a [*JobError] when
// it failed or was cancelled; and a nil job, with the error, when the
// wait itself failed or ended first (the job then goes on in S3).
func (c *Client) Wait(ctx context.Context, id string, optFns ...func(*Options)) (*types.JobDescriptor, error) {
	o := c.callOptions(optFns)
	w := NewJobCompleteWaiter(c.control, func(wo *JobCompleteWaiterOptions) {
		wo.ClientOptions, wo.MinDelay, wo.MaxDelay, wo.Progress = o.ClientOptions, o.MinDelay, o.MaxDelay, o.Progress
	})
	out, err := w.WaitForOutput(ctx, &s3control.DescribeJobInput{AccountId: ptr(o.AccountID), JobId: ptr(id)}, o.MaxWait)
	var je *JobError
	switch {
	case err == nil:
		return out.Job, nil
	case errors.As(err, &je):
		return je.Job, err
	}
	var we *waiter.Error
	if errors.As(err, &we) && (we.Reason == waiter.Canceled || we.Reason == waiter.MaxWaitExceeded) {
		return nil, fmt.Errorf("batchops: job %s is still running in S3 (cancel it with Client.Cancel): %w", id, err)
	}
	return nil, fmt.Errorf("batchops: job %s: %w", id, err)
}

// Result returns the result of a job that ended: the tasks that
// succeeded, from its progress summary, and the objects whose task
// failed, from its completion report (read from S3, a [*ReportError] if
// it cannot be). The result's Failed lists each object with a
// [*TaskError].
func (c *Client) Result(ctx context.Context, job *types.JobDescriptor, optFns ...func(*Options)) (*transfer.BatchResult, error) {
	if job == nil {
		return nil, invalid("Result", "job")
	}
	res := &transfer.BatchResult{}
	if s := job.ProgressSummary; s != nil {
		res.Succeeded = int(deref(s.NumberOfTasksSucceeded))
	}
	failed, err := c.reportFailures(ctx, job)
	res.Failed = failed
	return res, err
}

// Cancel asks S3 to cancel job id (UpdateJobStatus to Cancelled); the
// job moves to Cancelling, then Cancelled, and tasks already running
// finish.
func (c *Client) Cancel(ctx context.Context, id string, optFns ...func(*Options)) error {
	o := c.callOptions(optFns)
	if err := o.validate(); err != nil {
		return err
	}
	_, err := c.control.UpdateJobStatus(ctx, &s3control.UpdateJobStatusInput{
		AccountId: ptr(o.AccountID), JobId: ptr(id), RequestedJobStatus: types.RequestedJobStatusCancelled,
		StatusUpdateReason: ptr("cancelled by nimbus batchops"),
	}, o.ClientOptions...)
	if err != nil {
		return fmt.Errorf("batchops: cancelling job %s: %w", id, err)
	}
	return nil
}

// RunJob runs a batch a transfer Manager hands over (see
// [transfer.Options.BatchJobs]): deletes, through [Options.DeleteFunctionARN]
// (required), of a prefix (listed into a CSV manifest, or generated by S3
// with [Options.GenerateManifests]) or of the objects of an iterator
// (written into a CSV manifest, with a VersionId column if the first
// object has a version). It returns the job's result, and an error if the
// job did not complete.
func (c *Client) RunJob(ctx context.Context, job *transfer.Job) (*transfer.BatchResult, error) {
	if job == nil || job.Op != transfer.OpDelete {
		return nil, fmt.Errorf("batchops: RunJob runs deletes only, not %v", job)
	}
	var manifest Manifest
	if job.Objects != nil {
		m := &Objects{}
		next, stop := iter.Pull2(job.Objects)
		defer stop()
		first, err, ok := next()
		if ok && err != nil {
			return nil, err
		}
		m.Versioned = ok && first.VersionID != ""
		m.Seq = func(yield func(Object, error) bool) {
			for obj, err := first, error(nil); ok; obj, err, ok = next() {
				if !yield(Object{Bucket: obj.Bucket, Key: obj.Key, VersionID: obj.VersionID}, err) || err != nil {
					return
				}
			}
		}
		manifest = m
	} else {
		manifest = &Prefix{Bucket: job.Bucket, Prefix: job.Prefix, Generated: c.options.GenerateManifests}
	}
	out, err := c.Run(ctx, &JobInput{Operation: &Delete{}, Manifest: manifest, Description: "nimbus transfer delete"})
	if out == nil || out.Result == nil {
		return nil, err
	}
	return out.Result, err
}
