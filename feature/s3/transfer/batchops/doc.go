// Package batchops runs S3 Batch Operations jobs: batches too large for
// one process, such as copying, tagging, restoring or deleting every
// object under a prefix of a billion, run by S3 on its own fleet.
//
// A [Client] builds each job's manifest, creates the job with S3
// Control's CreateJob, waits for it with DescribeJob, and reads its
// completion report into a [transfer.BatchResult] that lists the objects
// whose task failed, each with a [*TaskError]. [Client.Run] does all of
// it; [Client.Start], [Client.Wait], [Client.Result] and [Client.Cancel]
// do it step by step, for a job that outlives the process that created
// it.
//
// It is its own module, so that programs using the transfer module
// without it do not depend on the S3 Control client.
//
// # Manifests
//
// A job's objects are a [*Prefix] of a bucket, listed by this process
// into a CSV manifest (the objects are fixed when the job is created) or,
// with Generated, listed by S3 when the job starts (an
// S3JobManifestGenerator); the objects of an [*Objects] sequence, written
// into a CSV manifest; or a [*ManifestFile] already in S3 (a CSV, or an
// S3 Inventory report). CSV manifests are streamed to
// [Options.ManifestBucket] through a multipart upload, with memory that
// does not grow with their size, and their keys URL-encoded as S3
// requires.
//
// # Operations
//
// [*Copy] (S3PutObjectCopy), [*PutTagging] (S3PutObjectTagging) and
// [*Restore] (S3InitiateRestoreObject) are S3 Batch Operations' own.
// S3 Batch Operations cannot delete objects: [*Delete] invokes a Lambda
// function of yours for each object (LambdaInvoke), the way AWS
// documents it; the function deletes the object and reports the task's
// result.
//
// # Waiting, progress and results
//
// A job moves from New through Preparing (and Suspended, if it waits for
// confirmation) to Ready, Active and Complete, or to Failed or
// Cancelled. [JobCompleteWaiter] polls DescribeJob with a growing delay
// and reports each [Progress] (status, task counts) to
// [Options.Progress]. A job that fails or is cancelled returns a
// [*JobError], with the result of the tasks that ran. The completion
// report, a manifest.json and CSV results files under
// [Options.ReportPrefix], is checked against the MD5s its manifest gives;
// a report that cannot be read or parsed is a [*ReportError].
//
// # Handing batches over from a transfer Manager
//
// A Client is a [transfer.JobRunner]: set it as a Manager's
// [transfer.Options.BatchJobs], with a [transfer.Options.BatchJobThreshold],
// and the Manager's DeletePrefix and BatchDelete hand batches of at least
// that many objects to S3 Batch Operations (through
// [Options.DeleteFunctionARN]) instead of deleting them one
// DeleteObjects call at a time.
//
// # How this package is verified
//
// No local server implements S3 Control jobs, and the tests do not run
// against AWS. This package is verified only against a fake S3 Control
// endpoint (fake_test.go) that checks every request against the S3
// Control Smithy model copied into the repository (operation, headers,
// labels, query parameters, body members, required members, enums,
// unions, lengths, ranges and patterns) and replays the job life cycle
// AWS documents, step by step, including confirmation, failure and
// cancellation. The fake reads the manifests from, runs the tasks in,
// and writes the completion reports to a real S3 server (versitygw in
// CI), in the report format AWS documents, which this package then
// parses. What the fake cannot show is how AWS itself behaves beyond its
// documentation: the IAM permissions a job needs, the failure threshold
// S3 applies, report details the documentation leaves out. Try a job on
// a small prefix before handing it a large one.
package batchops
