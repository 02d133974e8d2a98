package batchops

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"slices"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/aws/smithy-go"
	"github.com/nimbus-sdk/nimbus/feature/s3/transfer"
	"github.com/nimbus-sdk/nimbus/internal/testenv"
	"github.com/nimbus-sdk/nimbus/middleware/waiter"
	"github.com/nimbus-sdk/nimbus/services/s3"
	"github.com/nimbus-sdk/nimbus/services/s3control"
	"github.com/nimbus-sdk/nimbus/services/s3control/types"
)

const (
	testAccount = "123456789012"
	testRole    = "arn:aws:iam::123456789012:role/batch-operations"
	testDelete  = "arn:aws:lambda:us-east-1:123456789012:function:delete-object"
)

// s3Client returns a client of the S3 server of the integration tests
// (versitygw in CI); the test is skipped without one, and fails in CI.
func s3Client(t *testing.T) *s3.Client {
	t.Helper()
	srv := testenv.S3(t)
	return s3.New(s3.Options{Region: srv.Region, BaseEndpoint: srv.Endpoint, UsePathStyle: true, Credentials: srv.Credentials()})
}

// testBucket creates a uniquely named bucket, emptied and deleted when
// the test ends.
func testBucket(t *testing.T, c *s3.Client, role string) string {
	t.Helper()
	var rnd [5]byte
	rand.Read(rnd[:])
	name := "nit-batchops-" + role + "-" + hex.EncodeToString(rnd[:])
	if _, err := c.CreateBucket(t.Context(), &s3.CreateBucketInput{Bucket: &name}); err != nil {
		t.Fatalf("CreateBucket(%s): %v", name, err)
	}
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
		defer cancel()
		for page, err := range s3.NewListObjectsV2Paginator(c, &s3.ListObjectsV2Input{Bucket: &name}).Pages(ctx) {
			if err != nil {
				break
			}
			for _, o := range page.Contents {
				c.DeleteObject(ctx, &s3.DeleteObjectInput{Bucket: &name, Key: o.Key})
			}
		}
		if _, err := c.DeleteBucket(ctx, &s3.DeleteBucketInput{Bucket: &name}); err != nil {
			t.Errorf("cleanup: DeleteBucket(%s): %v", name, err)
		}
	})
	return name
}

func putObjects(t *testing.T, c *s3.Client, bucket string, keys []string) {
	t.Helper()
	for _, k := range keys {
		if _, err := c.PutObject(t.Context(), &s3.PutObjectInput{Bucket: &bucket, Key: ptr(k), Body: strings.NewReader("data of " + k)}); err != nil {
			t.Fatalf("PutObject(%s): %v", k, err)
		}
	}
}

func listKeys(t *testing.T, c *s3.Client, bucket, prefix string) []string {
	t.Helper()
	var keys []string
	for page, err := range s3.NewListObjectsV2Paginator(c, &s3.ListObjectsV2Input{Bucket: &bucket, Prefix: ptr(prefix)}).Pages(t.Context()) {
		if err != nil {
			t.Fatal(err)
		}
		for _, o := range page.Contents {
			keys = append(keys, deref(o.Key))
		}
	}
	sort.Strings(keys)
	return keys
}

// statusLog records the statuses a job's progress reports went through,
// and calls on, if set, with each report.
type statusLog struct {
	mu       sync.Mutex
	statuses []types.JobStatus
	last     Progress
	on       func(Progress)
}

func (l *statusLog) progress(p Progress) {
	l.mu.Lock()
	if len(l.statuses) == 0 || l.statuses[len(l.statuses)-1] != p.Status {
		l.statuses = append(l.statuses, p.Status)
	}
	if p.Succeeded < l.last.Succeeded || p.Failed < l.last.Failed {
		l.statuses = append(l.statuses, "counts went down")
	}
	l.last = p
	fn := l.on
	l.mu.Unlock()
	if fn != nil {
		fn(p)
	}
}

// lifeCycle is the documented job life cycle: the statuses each status
// may move to.
var lifeCycle = map[types.JobStatus][]types.JobStatus{
	"":                        {types.JobStatusNew},
	types.JobStatusNew:        {types.JobStatusPreparing, types.JobStatusCancelling},
	types.JobStatusPreparing:  {types.JobStatusReady, types.JobStatusSuspended, types.JobStatusFailed, types.JobStatusCancelling},
	types.JobStatusSuspended:  {types.JobStatusReady, types.JobStatusCancelling},
	types.JobStatusReady:      {types.JobStatusActive, types.JobStatusCancelling},
	types.JobStatusActive:     {types.JobStatusCompleting, types.JobStatusFailing, types.JobStatusCancelling},
	types.JobStatusCompleting: {types.JobStatusComplete},
	types.JobStatusFailing:    {types.JobStatusFailed},
	types.JobStatusCancelling: {types.JobStatusCancelled},
}

// reachable reports whether the life cycle leads from a to b in one step
// or more (polling can miss the statuses between).
func reachable(a, b types.JobStatus) bool {
	seen := map[types.JobStatus]bool{}
	next := slices.Clone(lifeCycle[a])
	for len(next) > 0 {
		s := next[0]
		next = next[1:]
		if s == b {
			return true
		}
		if !seen[s] {
			seen[s] = true
			next = append(next, lifeCycle[s]...)
		}
	}
	return false
}

// check fails t unless the statuses follow the life cycle and end with
// final.
func (l *statusLog) check(t *testing.T, final types.JobStatus) {
	t.Helper()
	l.mu.Lock()
	defer l.mu.Unlock()
	prev := types.JobStatus("")
	for _, s := range l.statuses {
		if !reachable(prev, s) {
			t.Errorf("job statuses %v: %s cannot follow %q", l.statuses, s, prev)
			return
		}
		prev = s
	}
	if prev != final {
		t.Errorf("job statuses %v; want them to end with %s", l.statuses, final)
	}
}

// setup starts the fake S3 Control and returns it, the S3 client and a
// Client whose reports and manifests go to a new bucket.
func setup(t *testing.T, optFns ...func(*Options)) (*fakeControl, *s3.Client, *Client, *statusLog) {
	t.Helper()
	c := s3Client(t)
	f := newFakeControl(t, c, testAccount)
	reports := testBucket(t, c, "reports")
	log := &statusLog{}
	bc := New(f.client(), c, append([]func(*Options){func(o *Options) {
		o.AccountID, o.RoleARN, o.ReportBucket = testAccount, testRole, reports
		o.MinDelay, o.MaxDelay = time.Millisecond, 5*time.Millisecond
		o.Progress = log.progress
	}}, optFns...)...)
	return f, c, bc, log
}

func failedKeys(res *transfer.BatchResult) []string {
	var keys []string
	for _, f := range res.Failed {
		keys = append(keys, f.Key)
	}
	sort.Strings(keys)
	return keys
}

func TestIntegrationCopyJob(t *testing.T) {
	f, c, bc, log := setup(t)
	src, dst := testBucket(t, c, "src"), testBucket(t, c, "dst")
	keys := []string{"photos/a b.jpg", "photos/plus+sign", "photos/üñî/ç", "photos/100%", "photos/comma,quote\""}
	for i := range 25 {
		keys = append(keys, fmt.Sprintf("photos/%03d.jpg", i))
	}
	putObjects(t, c, src, append(keys, "other/not-copied"))
	f.setScenario(scenario{failKeys: map[string][2]string{
		"photos/a b.jpg": {"AccessDenied", "Access Denied"},
		"photos/üñî/ç":   {"SlowDown", "Please reduce your request rate."},
	}})

	out, err := bc.Run(t.Context(), &JobInput{
		Operation: &Copy{Bucket: dst, KeyPrefix: "copied/"},
		Manifest:  &Prefix{Bucket: src, Prefix: "photos/"},
	})
	if err != nil {
		t.Fatalf("Run: %v", err)
	}
	if out.Status != types.JobStatusComplete || out.Result.Succeeded != 28 {
		t.Errorf("job %s, %d succeeded; want Complete, 28", out.Status, out.Result.Succeeded)
	}
	if got, want := failedKeys(out.Result), []string{"photos/a b.jpg", "photos/üñî/ç"}; !slices.Equal(got, want) {
		t.Errorf("failed keys = %q; want %q", got, want)
	}
	for _, fe := range out.Result.Failed {
		var te *TaskError
		if !errors.As(fe, &te) || te.HTTPStatus != 400 || (te.Code != "AccessDenied" && te.Code != "SlowDown") || fe.Bucket != src {
			t.Errorf("failure %v: want a *TaskError with the report's code and HTTP status", fe)
		}
	}
	copied := listKeys(t, c, dst, "copied/")
	if len(copied) != 28 || !slices.Contains(copied, "copied/photos/plus+sign") || !slices.Contains(copied, "copied/photos/comma,quote\"") {
		t.Errorf("copied %d keys %q; want 28, special characters intact", len(copied), copied)
	}
	log.check(t, types.JobStatusComplete)
	if f.callCount("CreateJob") != 1 {
		t.Errorf("CreateJob calls = %d; want 1", f.callCount("CreateJob"))
	}
}

func TestIntegrationTaggingJobGeneratedManifest(t *testing.T) {
	f, c, bc, log := setup(t, func(o *Options) { o.ReportScope = types.JobReportScopeAllTasks })
	src := testBucket(t, c, "src")
	putObjects(t, c, src, []string{"logs/1", "logs/2", "logs/3", "tmp/x"})

	out, err := bc.Run(t.Context(), &JobInput{
		Operation: &PutTagging{Tags: map[string]string{"retention": "short", "team": "data"}},
		Manifest:  &Prefix{Bucket: src, Prefix: "logs/", Generated: true},
	})
	if err != nil || out.Result.Succeeded != 3 || len(out.Result.Failed) != 0 {
		t.Fatalf("Run = %+v, %v; want 3 succeeded", out, err)
	}
	for _, k := range []string{"logs/1", "logs/3"} {
		tags, err := c.GetObjectTagging(t.Context(), &s3.GetObjectTaggingInput{Bucket: &src, Key: ptr(k)})
		if err != nil || len(tags.TagSet) != 2 {
			t.Errorf("tags of %s = %+v, %v; want retention and team", k, tags, err)
		}
	}
	tags, _ := c.GetObjectTagging(t.Context(), &s3.GetObjectTaggingInput{Bucket: &src, Key: ptr("tmp/x")})
	if tags != nil && len(tags.TagSet) != 0 {
		t.Errorf("tmp/x, outside the prefix, was tagged: %+v", tags.TagSet)
	}
	log.check(t, types.JobStatusComplete)
	if f.callCount("DescribeJob") < 5 {
		t.Errorf("DescribeJob calls = %d; want one per life cycle step", f.callCount("DescribeJob"))
	}
}

func TestIntegrationRestoreJobReportsFailures(t *testing.T) {
	_, c, bc, log := setup(t)
	src := testBucket(t, c, "src")
	putObjects(t, c, src, []string{"cold/1", "cold/2"})

	// The objects are not archived: S3 (here versitygw) refuses to restore
	// them, and the report lists each refusal.
	out, err := bc.Run(t.Context(), &JobInput{
		Operation: &Restore{Days: 3, Tier: types.S3GlacierJobTierBulk},
		Manifest:  &Prefix{Bucket: src, Prefix: "cold/"},
	})
	if err != nil {
		t.Fatalf("Run: %v", err)
	}
	if got := failedKeys(out.Result); !slices.Equal(got, []string{"cold/1", "cold/2"}) || out.Result.Succeeded != 0 {
		t.Fatalf("failed %q, %d succeeded; want both failed", got, out.Result.Succeeded)
	}
	var te *TaskError
	if !errors.As(out.Result.Failed[0], &te) || te.Code == "" || te.HTTPStatus < 400 {
		t.Errorf("failure %v; want the server's error code and status", out.Result.Failed[0])
	}
	log.check(t, types.JobStatusComplete)
}

// lambdaDeleter is the stand-in for a Lambda function that deletes each
// task's object.
func lambdaDeleter(c *s3.Client, refuse string) lambdaFunc {
	return func(ctx context.Context, bucket, key, version string) (string, string) {
		if key == refuse {
			return "PermanentFailure", "Lambda returned function error: object is under legal hold"
		}
		in := &s3.DeleteObjectInput{Bucket: &bucket, Key: &key}
		if version != "" {
			in.VersionId = &version
		}
		if _, err := c.DeleteObject(ctx, in); err != nil {
			return "PermanentFailure", err.Error()
		}
		return "", ""
	}
}

func TestIntegrationManagerDeletesThroughJobs(t *testing.T) {
	for _, tc := range []struct {
		name      string
		generated bool
		iterator  bool
	}{
		{"DeletePrefix, CSV manifest", false, false},
		{"DeletePrefix, generated manifest", true, false},
		{"BatchDelete iterator", false, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			f, c, bc, log := setup(t, func(o *Options) {
				o.DeleteFunctionARN, o.GenerateManifests = testDelete, tc.generated
			})
			f.setFunction(testDelete, lambdaDeleter(c, "big/013"))
			src := testBucket(t, c, "src")
			var keys []string
			for i := range 25 {
				keys = append(keys, fmt.Sprintf("big/%03d", i))
			}
			putObjects(t, c, src, append(keys, "keep/me"))
			m := transfer.New(c, func(o *transfer.Options) { o.BatchJobs, o.BatchJobThreshold = bc, 20 })

			var res *transfer.BatchResult
			var err error
			if tc.iterator {
				var objs []transfer.BatchDeleteObject
				for _, k := range keys {
					objs = append(objs, transfer.BatchDeleteObject{Bucket: src, Key: k})
				}
				res, err = m.BatchDelete(t.Context(), &transfer.DeleteObjectsIterator{Objects: objs})
			} else {
				res, err = m.DeletePrefix(t.Context(), src, "big/")
			}
			if err != nil {
				t.Fatalf("delete: %v", err)
			}
			if res.Succeeded != 24 || !slices.Equal(failedKeys(res), []string{"big/013"}) {
				t.Errorf("result %d succeeded, failed %q; want 24 and big/013", res.Succeeded, failedKeys(res))
			}
			if left := listKeys(t, c, src, ""); !slices.Equal(left, []string{"big/013", "keep/me"}) {
				t.Errorf("keys left %q; want big/013 and keep/me", left)
			}
			if f.callCount("CreateJob") != 1 {
				t.Errorf("CreateJob calls = %d; want 1", f.callCount("CreateJob"))
			}
			log.check(t, types.JobStatusComplete)
		})
	}
}

func TestIntegrationSuspendedJobConfirmed(t *testing.T) {
	f, c, bc, log := setup(t)
	src, dst := testBucket(t, c, "src"), testBucket(t, c, "dst")
	putObjects(t, c, src, []string{"a", "b"})
	f.setScenario(scenario{suspend: true})
	control := f.client()
	confirmed := false
	log.on = func(p Progress) {
		if p.Status == types.JobStatusSuspended && !confirmed {
			_, err := control.UpdateJobStatus(t.Context(), &s3control.UpdateJobStatusInput{AccountId: ptr(testAccount), JobId: ptr(p.JobID),
				RequestedJobStatus: types.RequestedJobStatusReady, StatusUpdateReason: ptr("confirmed by the test")})
			confirmed = err == nil
			if err != nil {
				t.Errorf("UpdateJobStatus(Ready): %v", err)
			}
		}
	}
	out, err := bc.Run(t.Context(), &JobInput{Operation: &Copy{Bucket: dst}, Manifest: &Prefix{Bucket: src}})
	if err != nil || !confirmed || out.Result.Succeeded != 2 {
		t.Fatalf("Run = %+v, %v (confirmed %v); want 2 copies after confirmation", out, err, confirmed)
	}
	log.check(t, types.JobStatusComplete)
	if !slices.Contains(log.statuses, types.JobStatusSuspended) {
		t.Errorf("statuses %v; want Suspended among them", log.statuses)
	}
}

func TestIntegrationFailedJob(t *testing.T) {
	f, c, bc, log := setup(t)
	src, dst := testBucket(t, c, "src"), testBucket(t, c, "dst")
	var keys []string
	fail := map[string][2]string{}
	for i := range 20 {
		k := fmt.Sprintf("k%02d", i)
		keys = append(keys, k)
		if i%2 == 1 {
			fail[k] = [2]string{"AccessDenied", "Access Denied"}
		}
	}
	putObjects(t, c, src, keys)
	f.setScenario(scenario{failKeys: fail, failAfter: 4, tasksPerStep: 3})

	out, err := bc.Run(t.Context(), &JobInput{Operation: &Copy{Bucket: dst}, Manifest: &Prefix{Bucket: src}})
	var je *JobError
	var we *waiter.Error
	if !errors.As(err, &je) || !errors.As(err, &we) || we.Reason != waiter.FailureState {
		t.Fatalf("Run error = %v; want a *JobError in a *waiter.Error (FailureState)", err)
	}
	if je.Status != types.JobStatusFailed || len(je.Reasons) != 1 || deref(je.Reasons[0].FailureCode) != "JobFailureThresholdExceeded" {
		t.Errorf("JobError = %+v; want Failed with the threshold reason", je)
	}
	// Tasks ran three at a time until four had failed: 9 tasks, 5 copied.
	if out == nil || out.Status != types.JobStatusFailed || out.Result.Succeeded != 5 || len(out.Result.Failed) != 4 {
		t.Fatalf("output %+v; want Failed with 5 succeeded and 4 failed from the report", out)
	}
	log.check(t, types.JobStatusFailed)
}

func TestIntegrationCancelledJob(t *testing.T) {
	f, c, bc, log := setup(t)
	src, dst := testBucket(t, c, "src"), testBucket(t, c, "dst")
	var keys []string
	for i := range 30 {
		keys = append(keys, fmt.Sprintf("k%02d", i))
	}
	putObjects(t, c, src, keys)
	f.setScenario(scenario{tasksPerStep: 4})
	cancelled := false
	log.on = func(p Progress) {
		if p.Status == types.JobStatusActive && p.Succeeded > 0 && !cancelled {
			cancelled = true
			if err := bc.Cancel(t.Context(), p.JobID); err != nil {
				t.Errorf("Cancel: %v", err)
			}
		}
	}
	out, err := bc.Run(t.Context(), &JobInput{Operation: &Copy{Bucket: dst}, Manifest: &Prefix{Bucket: src}})
	var je *JobError
	if !errors.As(err, &je) || je.Status != types.JobStatusCancelled {
		t.Fatalf("Run error = %v; want a *JobError, Cancelled", err)
	}
	// Cancelled on the first report of tasks done: four, one step's.
	if out.Result.Succeeded != 4 || len(out.Result.Failed) != 0 || len(listKeys(t, c, dst, "")) != 4 {
		t.Errorf("result %+v; want the 4 tasks that ran before the cancellation", out.Result)
	}
	log.check(t, types.JobStatusCancelled)
}

func TestIntegrationManifestProblems(t *testing.T) {
	f, c, bc, _ := setup(t)
	src, dst := testBucket(t, c, "src"), testBucket(t, c, "dst")
	putObjects(t, c, src, []string{"manifest.csv"})
	if _, err := c.PutObject(t.Context(), &s3.PutObjectInput{Bucket: &src, Key: ptr("list.csv"), Body: strings.NewReader(src + ",manifest.csv\n")}); err != nil {
		t.Fatal(err)
	}

	t.Run("stale ETag", func(t *testing.T) {
		_, err := bc.Run(t.Context(), &JobInput{Operation: &Copy{Bucket: dst},
			Manifest: &ManifestFile{Bucket: src, Key: "list.csv", ETag: "0123456789abcdef0123456789abcdef"}})
		var je *JobError
		if !errors.As(err, &je) || je.Status != types.JobStatusFailed || deref(je.Reasons[0].FailureCode) != "ManifestNotReadable" {
			t.Errorf("Run error = %v; want a failed job whose manifest could not be read", err)
		}
	})
	t.Run("existing manifest", func(t *testing.T) {
		out, err := bc.Run(t.Context(), &JobInput{Operation: &Copy{Bucket: dst}, Manifest: &ManifestFile{Bucket: src, Key: "list.csv"}})
		if err != nil || out.Result.Succeeded != 1 {
			t.Errorf("Run = %+v, %v; want 1 copy", out, err)
		}
	})
	t.Run("corrupt report", func(t *testing.T) {
		f.setScenario(scenario{failKeys: map[string][2]string{"manifest.csv": {"AccessDenied", "no"}}, corruptMD5: true})
		defer f.setScenario(scenario{})
		out, err := bc.Run(t.Context(), &JobInput{Operation: &Copy{Bucket: dst}, Manifest: &Prefix{Bucket: src, Prefix: "manifest"}})
		var re *ReportError
		if !errors.As(err, &re) || !strings.Contains(err.Error(), "MD5") || out.Status != types.JobStatusComplete {
			t.Errorf("Run = %+v, %v; want a completed job and a *ReportError about the MD5", out, err)
		}
	})
	t.Run("idempotent token", func(t *testing.T) {
		in := &JobInput{Operation: &Copy{Bucket: dst}, Manifest: &ManifestFile{Bucket: src, Key: "list.csv"}, ClientRequestToken: "same-token"}
		id1, err1 := bc.Start(t.Context(), in)
		id2, err2 := bc.Start(t.Context(), in)
		if err1 != nil || err2 != nil || id1 != id2 {
			t.Errorf("Start twice with one token = %q, %v and %q, %v; want one job", id1, err1, id2, err2)
		}
	})
}

func TestInvalidInputSendsNothing(t *testing.T) {
	c := s3.New(s3.Options{Region: "us-east-1", BaseEndpoint: "http://127.0.0.1:1"}) // never called
	f := &countingControl{}
	for _, tc := range []struct {
		name   string
		optFns []func(*Options)
		in     *JobInput
		want   string
	}{
		{"no options", nil, &JobInput{Operation: &PutTagging{}, Manifest: &Prefix{Bucket: "b"}}, "AccountID"},
		{"no role", []func(*Options){func(o *Options) { o.AccountID, o.ReportBucket = testAccount, "r" }},
			&JobInput{Operation: &PutTagging{}, Manifest: &Prefix{Bucket: "b"}}, "RoleARN"},
		{"no operation", nil, &JobInput{Manifest: &Prefix{Bucket: "b"}}, "Operation"},
		{"no manifest", nil, &JobInput{Operation: &PutTagging{}}, "Manifest"},
		{"copy without bucket", nil, &JobInput{Operation: &Copy{}, Manifest: &Prefix{Bucket: "b"}}, "Bucket"},
		{"delete without function", nil, &JobInput{Operation: &Delete{}, Manifest: &Prefix{Bucket: "b"}}, "FunctionARN"},
		{"restore for 0 days", nil, &JobInput{Operation: &Restore{}, Manifest: &Prefix{Bucket: "b"}}, "Days"},
		{"prefix without bucket", nil, &JobInput{Operation: &PutTagging{}, Manifest: &Prefix{}}, "Bucket"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			opts := tc.optFns
			if opts == nil && tc.want != "AccountID" {
				opts = []func(*Options){func(o *Options) { o.AccountID, o.RoleARN, o.ReportBucket = testAccount, testRole, "r" }}
			}
			_, err := New(f, c, opts...).Start(t.Context(), tc.in)
			var ip *smithy.InvalidParamsError
			if !errors.As(err, &ip) || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("Start error = %v; want a *smithy.InvalidParamsError naming %s", err, tc.want)
			}
		})
	}
	if f.calls != 0 {
		t.Errorf("S3 Control calls = %d; want none", f.calls)
	}
}

// countingControl is an S3ControlAPI that counts calls and fails them.
type countingControl struct{ calls int }

func (c *countingControl) CreateJob(context.Context, *s3control.CreateJobInput, ...func(*s3control.Options)) (*s3control.CreateJobOutput, error) {
	c.calls++
	return nil, errors.New("not expected")
}

func (c *countingControl) DescribeJob(context.Context, *s3control.DescribeJobInput, ...func(*s3control.Options)) (*s3control.DescribeJobOutput, error) {
	c.calls++
	return nil, errors.New("not expected")
}

func (c *countingControl) UpdateJobStatus(context.Context, *s3control.UpdateJobStatusInput, ...func(*s3control.Options)) (*s3control.UpdateJobStatusOutput, error) {
	c.calls++
	return nil, errors.New("not expected")
}

func TestIntegrationObjectsManifestIteratorError(t *testing.T) {
	f, c, bc, _ := setup(t)
	src := testBucket(t, c, "src")
	errStop := errors.New("the source of keys broke")
	objects := func(yield func(Object, error) bool) {
		for i := range 3 {
			if !yield(Object{Bucket: src, Key: fmt.Sprintf("k%d", i)}, nil) {
				return
			}
		}
		yield(Object{}, errStop)
	}
	_, err := bc.Run(t.Context(), &JobInput{Operation: &PutTagging{}, Manifest: &Objects{Seq: objects}})
	if !errors.Is(err, errStop) {
		t.Errorf("Run error = %v; want the sequence's error", err)
	}
	if f.callCount("CreateJob") != 0 {
		t.Errorf("CreateJob calls = %d; want none after a failed manifest", f.callCount("CreateJob"))
	}
	reports := bc.Options().ManifestBucket
	if keys := listKeys(t, c, reports, ""); len(keys) != 0 {
		t.Errorf("objects left in the manifest bucket: %q; want none", keys)
	}
	_, err = bc.Run(t.Context(), &JobInput{Operation: &PutTagging{}, Manifest: &Objects{Seq: func(func(Object, error) bool) {}}})
	if !errors.Is(err, ErrEmptyManifest) {
		t.Errorf("Run with no objects: error = %v; want ErrEmptyManifest", err)
	}
	if keys := listKeys(t, c, reports, ""); len(keys) != 0 || f.callCount("CreateJob") != 0 {
		t.Errorf("after an empty manifest: objects %q, %d jobs; want none", keys, f.callCount("CreateJob"))
	}
}
