package batchops

import (
	"context"
	"slices"
	"time"

	"github.com/aws/smithy-go"
	"github.com/nimbus-sdk/nimbus/feature/s3/transfer"
	"github.com/nimbus-sdk/nimbus/services/s3control"
	"github.com/nimbus-sdk/nimbus/services/s3control/types"
)

// S3ControlAPI is the part of [*s3control.Client] a [Client] calls. It
// must be safe for concurrent use.
type S3ControlAPI interface {
	CreateJob(ctx context.Context, in *s3control.CreateJobInput, optFns ...func(*s3control.Options)) (*s3control.CreateJobOutput, error)
	DescribeJob(ctx context.Context, in *s3control.DescribeJobInput, optFns ...func(*s3control.Options)) (*s3control.DescribeJobOutput, error)
	UpdateJobStatus(ctx context.Context, in *s3control.UpdateJobStatusInput, optFns ...func(*s3control.Options)) (*s3control.UpdateJobStatusOutput, error)
}

var _ S3ControlAPI = (*s3control.Client)(nil)

// Options configures a [Client]. AccountID, RoleARN and ReportBucket are
// required; every other field's zero value selects its documented
// default.
type Options struct {
	// AccountID is the account that creates and owns the jobs (the
	// x-amz-account-id of every S3 Control call).
	AccountID string

	// RoleARN is the IAM role S3 Batch Operations assumes to run each
	// job's operation on every object: it must be allowed to read the
	// manifest, to run the operation (or invoke the Lambda function) and
	// to write the report.
	RoleARN string

	// ReportBucket is the bucket (a name, not an ARN) that receives the
	// completion reports, under ReportPrefix. Reports are parsed into
	// each job's result and left in place.
	ReportBucket string

	// ReportPrefix is the key prefix of the reports; S3 writes each
	// job's report under ReportPrefix/job-ID/. Empty means
	// "batchops-reports".
	ReportPrefix string

	// ReportScope chooses the tasks the report lists: FailedTasksOnly
	// (the zero value), which is all a result needs, or AllTasks.
	ReportScope types.JobReportScope

	// ManifestBucket is the bucket that receives the CSV manifests the
	// Client writes from listings and object sequences. Empty means
	// ReportBucket. Manifests are left in place after the job.
	ManifestBucket string

	// ManifestPrefix is the key prefix of the manifests. Empty means
	// "batchops-manifests".
	ManifestPrefix string

	// GenerateManifests makes jobs over a prefix ([Prefix] manifests
	// without their own setting, and the prefixes a transfer Manager
	// hands over) use a manifest that S3 generates from the bucket
	// (S3JobManifestGenerator) instead of a CSV this process writes from
	// a listing. S3 then lists the bucket on its own fleet.
	GenerateManifests bool

	// DeleteFunctionARN is the Lambda function that deletes each object
	// of a delete job: S3 Batch Operations has no delete operation, so
	// deletes run as LambdaInvoke (see [Delete]). It is required for the
	// delete jobs of a transfer Manager and of [Delete] operations that
	// name no function.
	DeleteFunctionARN string

	// Priority is the jobs' priority; higher runs first. Zero means 10.
	Priority int32

	// Partition is the ARN partition of buckets and objects ("aws",
	// "aws-cn", "aws-us-gov"). Empty means "aws".
	Partition string

	// MinDelay and MaxDelay bound the wait between two DescribeJob calls
	// while a job runs; the delay grows from MinDelay to MaxDelay. Zero
	// means 5 seconds and 1 minute.
	MinDelay, MaxDelay time.Duration

	// MaxWait bounds the wait for one job to end. Zero means 7 days.
	// The wait also ends with the caller's context.
	MaxWait time.Duration

	// Progress, if not nil, receives the job's status and task counts
	// after every DescribeJob call of the wait, from the waiting
	// goroutine.
	Progress func(Progress)

	// ClientOptions are passed to every S3 Control call.
	ClientOptions []func(*s3control.Options)

	// Transfer configures the transfer Manager the Client writes
	// manifests with, and reads reports and listings through.
	Transfer []func(*transfer.Options)
}

// Defaults of Options.
const (
	defaultReportPrefix   = "batchops-reports"
	defaultManifestPrefix = "batchops-manifests"
	defaultPriority       = 10
	defaultPartition      = "aws"
	defaultMinDelay       = 5 * time.Second
	defaultMaxDelay       = time.Minute
	defaultMaxWait        = 7 * 24 * time.Hour
)

func (o Options) copy() Options {
	o.ClientOptions = slices.Clone(o.ClientOptions)
	o.Transfer = slices.Clone(o.Transfer)
	return o
}

func (o *Options) resolve() {
	if o.ReportPrefix == "" {
		o.ReportPrefix = defaultReportPrefix
	}
	if o.ReportScope == "" {
		o.ReportScope = types.JobReportScopeFailedTasksOnly
	}
	if o.ManifestBucket == "" {
		o.ManifestBucket = o.ReportBucket
	}
	if o.ManifestPrefix == "" {
		o.ManifestPrefix = defaultManifestPrefix
	}
	if o.Priority == 0 {
		o.Priority = defaultPriority
	}
	if o.Partition == "" {
		o.Partition = defaultPartition
	}
	if o.MinDelay == 0 {
		o.MinDelay = defaultMinDelay
	}
	if o.MaxDelay == 0 {
		o.MaxDelay = max(defaultMaxDelay, o.MinDelay)
	}
	if o.MaxWait == 0 {
		o.MaxWait = defaultMaxWait
	}
}

// validate returns a *smithy.InvalidParamsError naming the required
// options that are missing.
func (o *Options) validate() error {
	e := smithy.InvalidParamsError{Context: "batchops.Options"}
	for _, f := range []struct{ name, v string }{
		{"AccountID", o.AccountID}, {"RoleARN", o.RoleARN}, {"ReportBucket", o.ReportBucket},
	} {
		if f.v == "" {
			e.Add(smithy.NewErrParamRequired(f.name))
		}
	}
	if e.Len() > 0 {
		return &e
	}
	return nil
}

// Client runs S3 Batch Operations jobs: it writes or specifies their
// manifests, creates them with S3 Control's CreateJob, waits for them
// with DescribeJob, and reads their completion reports. It is safe for
// concurrent use. It implements [transfer.JobRunner], so a transfer
// Manager can hand it large deletes (see [transfer.Options.BatchJobs]).
type Client struct {
	control S3ControlAPI
	s3      transfer.S3API
	tm      *transfer.Manager
	options Options
}

var _ transfer.JobRunner = (*Client)(nil)

// New returns a Client that calls S3 Control through control and S3
// through client (for manifests, listings and reports), configured by
// optFns.
func New(control S3ControlAPI, client transfer.S3API, optFns ...func(*Options)) *Client {
	var o Options
	for _, fn := range optFns {
		fn(&o)
	}
	o.resolve()
	return &Client{control: control, s3: client, tm: transfer.New(client, o.Transfer...), options: o}
}

// Options returns a copy of the Client's resolved options.
func (c *Client) Options() Options { return c.options.copy() }

// callOptions returns the options of one call.
func (c *Client) callOptions(optFns []func(*Options)) Options {
	o := c.options.copy()
	for _, fn := range optFns {
		fn(&o)
	}
	o.resolve()
	return o
}

// Progress is the state of a running job, as one DescribeJob call saw it.
type Progress struct {
	JobID  string          // the job
	Status types.JobStatus // New, Preparing, Suspended, Ready, Active, Completing, Complete...

	// Task counts: Total is known once the manifest has been read (0
	// before); Succeeded and Failed grow while the job is Active.
	Total, Succeeded, Failed int64

	// Active is the time the job has spent running tasks.
	Active time.Duration
}

func progressOf(j *types.JobDescriptor) Progress {
	p := Progress{JobID: deref(j.JobId), Status: j.Status}
	if s := j.ProgressSummary; s != nil {
		p.Total, p.Succeeded, p.Failed = deref(s.TotalNumberOfTasks), deref(s.NumberOfTasksSucceeded), deref(s.NumberOfTasksFailed)
		if s.Timers != nil {
			p.Active = time.Duration(deref(s.Timers.ElapsedTimeInActiveSeconds)) * time.Second
		}
	}
	return p
}
