package batchops

// fakeControl is a fake S3 Control endpoint for S3 Batch Operations
// jobs. It checks every request against the service model (model_test.go)
// and every response it sends, and runs jobs through the life cycle AWS
// documents, one step per DescribeJob call:
//
//	New -> Preparing -> (Suspended ->) Ready -> Active -> Completing -> Complete
//	                                             Active -> Failing    -> Failed
//	                                             Active -> Cancelling -> Cancelled
//	Preparing -> Failed (the manifest cannot be read)
//
// The objects live in a real S3 server (versitygw): the fake reads CSV
// manifests from it (checking their ETag) or lists the source bucket for
// a generated manifest, runs each task there (CopyObject,
// PutObjectTagging, RestoreObject, or a Go function standing in for a
// Lambda function), and writes the completion report there (manifest.json
// and CSV results files with their MD5), which the code under test then
// parses.

import (
	"context"
	"crypto/md5"
	"crypto/sha1"
	"encoding/csv"
	"encoding/hex"
	"encoding/json"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/aws/smithy-go"
	"github.com/nimbus-sdk/nimbus/credentials"
	"github.com/nimbus-sdk/nimbus/services/s3"
	s3types "github.com/nimbus-sdk/nimbus/services/s3/types"
	"github.com/nimbus-sdk/nimbus/services/s3control"
)

// lambdaFunc stands in for a Lambda function invoked for one task; it
// returns "" on success, or the task's error code and message.
type lambdaFunc func(ctx context.Context, bucket, key, version string) (code, msg string)

// scenario changes how the fake runs a job.
type scenario struct {
	suspend      bool                 // wait in Suspended for an UpdateJobStatus to Ready
	failAfter    int                  // > 0: the job fails once this many tasks have failed
	failKeys     map[string][2]string // key -> error code and message: the task fails without running
	corruptMD5   bool                 // write a results file whose MD5 differs from manifest.json's
	tasksPerStep int                  // tasks run per DescribeJob while Active; 0 means 7
}

type fakeControl struct {
	t       *testing.T
	model   *smithyModel
	s3      *s3.Client
	account string
	srv     *httptest.Server

	mu        sync.Mutex
	jobs      map[string]*fakeJob
	tokens    map[string]string // ClientRequestToken -> job ID
	calls     map[string]int
	problems  []string
	scenario  scenario
	functions map[string]lambdaFunc
}

type fakeTask struct{ bucket, key, version string }

type taskResult struct {
	fakeTask
	failed      bool
	code, msg   string
	httpStatus  int
	resultValue string
}

type fakeJob struct {
	id      string
	req     *createJobRequest
	sc      scenario
	status  string
	reason  string
	created time.Time
	ended   time.Time

	tasks    []fakeTask
	results  []taskResult
	failures [][2]string // FailureCode, FailureReason
	cancel   bool
}

// newFakeControl starts the fake; objects live in the S3 server of client.
func newFakeControl(t *testing.T, client *s3.Client, account string) *fakeControl {
	t.Helper()
	m, err := loadModel()
	if err != nil {
		t.Fatalf("loading the S3 Control model: %v", err)
	}
	f := &fakeControl{t: t, model: m, s3: client, account: account,
		jobs: map[string]*fakeJob{}, tokens: map[string]string{}, calls: map[string]int{}, functions: map[string]lambdaFunc{}}
	f.srv = httptest.NewServer(f)
	t.Cleanup(func() {
		f.srv.Close()
		for _, p := range f.validationProblems() {
			t.Errorf("fake S3 Control: %s", p)
		}
	})
	return f
}

// client returns an S3 Control client of the fake. S3 Control sends to
// ACCOUNT.<endpoint>, which does not resolve, so the HTTP client dials the
// fake whatever the host.
func (f *fakeControl) client() *s3control.Client {
	addr := f.srv.Listener.Addr().String()
	hc := &http.Client{Transport: &http.Transport{DialContext: func(ctx context.Context, network, _ string) (net.Conn, error) {
		var d net.Dialer
		return d.DialContext(ctx, network, addr)
	}}}
	return s3control.New(s3control.Options{
		Region: "us-east-1", BaseEndpoint: f.srv.URL, HTTPClient: hc,
		Credentials: credentials.NewStaticProvider("AKIDFAKECONTROL", "fake-secret", ""),
	})
}

func (f *fakeControl) validationProblems() []string {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]string(nil), f.problems...)
}

func (f *fakeControl) callCount(op string) int {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.calls[op]
}

func (f *fakeControl) setScenario(sc scenario) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.scenario = sc
}

func (f *fakeControl) setFunction(arn string, fn lambdaFunc) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.functions[arn] = fn
}

// ServeHTTP validates the request against the model and serves it.
func (f *fakeControl) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	body, err := io.ReadAll(r.Body)
	if err != nil {
		http.Error(w, err.Error(), http.StatusBadRequest)
		return
	}
	op, probs := f.model.validateRequest(r, body)
	if auth := r.Header.Get("Authorization"); !strings.Contains(auth, "/s3/aws4_request") {
		probs = append(probs, fmt.Sprintf("%s: not signed for S3 (Authorization %q)", op, auth))
	}
	if acct := r.Header.Get("x-amz-account-id"); acct != "" && acct != f.account {
		probs = append(probs, fmt.Sprintf("%s: account %q; want %q", op, acct, f.account))
	}
	f.mu.Lock()
	f.calls[op]++
	f.problems = append(f.problems, probs...)
	f.mu.Unlock()
	if len(probs) > 0 {
		f.sendError(w, http.StatusBadRequest, "InvalidRequest", strings.Join(probs, "; "))
		return
	}
	var resp any
	var code int
	var apiErr [2]string
	switch op {
	case "CreateJob":
		resp, code, apiErr = f.createJob(body)
	case "DescribeJob":
		resp, code, apiErr = f.describeJob(r.Context(), pathLabel(r.URL.Path, 2))
	case "UpdateJobStatus":
		resp, code, apiErr = f.updateJobStatus(pathLabel(r.URL.Path, 2), r.URL.Query().Get("requestedJobStatus"), r.URL.Query().Get("statusUpdateReason"))
	default:
		code, apiErr = http.StatusNotImplemented, [2]string{"NotImplemented", op + " is not served by the fake"}
	}
	if apiErr[0] != "" {
		f.sendError(w, code, apiErr[0], apiErr[1])
		return
	}
	out, err := xml.Marshal(resp)
	if err != nil {
		f.sendError(w, http.StatusInternalServerError, "InternalError", err.Error())
		return
	}
	out = append([]byte(xml.Header), out...)
	if probs := f.model.validateResponse(op, out); len(probs) > 0 {
		f.mu.Lock()
		f.problems = append(f.problems, prefix("the fake's own "+op+" response", probs)...)
		f.mu.Unlock()
	}
	w.Header().Set("Content-Type", "application/xml")
	w.Write(out)
}

func pathLabel(path string, i int) string {
	segs := strings.Split(strings.Trim(path, "/"), "/")
	if i >= len(segs) {
		return ""
	}
	v, _ := url.PathUnescape(segs[i])
	return v
}

func (f *fakeControl) sendError(w http.ResponseWriter, status int, code, msg string) {
	w.Header().Set("Content-Type", "application/xml")
	w.WriteHeader(status)
	fmt.Fprintf(w, `<?xml version="1.0" encoding="UTF-8"?><ErrorResponse><Error><Type>Sender</Type><Code>%s</Code><Message>%s</Message></Error><RequestId>fake</RequestId></ErrorResponse>`,
		code, xmlEscape(msg))
}

func xmlEscape(s string) string {
	var b strings.Builder
	xml.EscapeText(&b, []byte(s))
	return b.String()
}

// members is an XML list of items in <member> elements.
type members struct {
	Items []string `xml:"member"`
}

type xmlTag struct{ Key, Value string }

// createJobRequest is what the fake reads of a CreateJob body (the model
// check has already vetted all of it).
type createJobRequest struct {
	ConfirmationRequired bool
	ClientRequestToken   string
	Description          string
	Priority             int
	RoleArn              string
	Operation            struct {
		LambdaInvoke *struct {
			FunctionArn             string
			InvocationSchemaVersion string
		}
		S3PutObjectCopy *struct {
			TargetResource   string
			TargetKeyPrefix  string
			StorageClass     string
			NewObjectTagging struct {
				Items []xmlTag `xml:"member"`
			}
		}
		S3PutObjectTagging *struct {
			TagSet struct {
				Items []xmlTag `xml:"member"`
			}
		}
		S3InitiateRestoreObject *struct {
			ExpirationInDays int32
			GlacierJobTier   string
		}
	}
	Report struct {
		Bucket      string
		Format      string
		Enabled     bool
		Prefix      string
		ReportScope string
	}
	Manifest *struct {
		Spec struct {
			Format string
			Fields members
		}
		Location struct {
			ObjectArn       string
			ObjectVersionId string
			ETag            string
		}
	}
	ManifestGenerator *struct {
		S3JobManifestGenerator struct {
			SourceBucket string
			Filter       *struct {
				KeyNameConstraint *struct {
					MatchAnyPrefix members
				}
			}
		}
	}
}

type createJobResult struct {
	XMLName xml.Name `xml:"http://awss3control.amazonaws.com/doc/2018-08-20/ CreateJobResult"`
	JobId   string
}

func (f *fakeControl) createJob(body []byte) (any, int, [2]string) {
	var req createJobRequest
	if err := xml.Unmarshal(body, &req); err != nil {
		return nil, http.StatusBadRequest, [2]string{"MalformedXML", err.Error()}
	}
	if req.Manifest == nil == (req.ManifestGenerator == nil) {
		return nil, http.StatusBadRequest, [2]string{"InvalidRequest", "a job needs a Manifest or a ManifestGenerator, not both"}
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	if id, ok := f.tokens[req.ClientRequestToken]; ok {
		return &createJobResult{JobId: id}, 0, [2]string{}
	}
	var rnd [16]byte
	for i := range rnd {
		rnd[i] = byte(len(f.jobs)*31 + i*7)
	}
	id := fmt.Sprintf("%x-%x-%x-%x-%x", rnd[0:4], rnd[4:6], rnd[6:8], rnd[8:10], rnd[10:16])
	f.jobs[id] = &fakeJob{id: id, req: &req, sc: f.scenario, status: "New", created: time.Now().UTC()}
	f.tokens[req.ClientRequestToken] = id
	return &createJobResult{JobId: id}, 0, [2]string{}
}

type describeJobResult struct {
	XMLName xml.Name `xml:"http://awss3control.amazonaws.com/doc/2018-08-20/ DescribeJobResult"`
	Job     jobDescriptor
}

type jobDescriptor struct {
	JobId                string
	ConfirmationRequired bool
	Description          string `xml:",omitempty"`
	JobArn               string
	Status               string
	Priority             int
	ProgressSummary      *struct {
		TotalNumberOfTasks     int64
		NumberOfTasksSucceeded int64
		NumberOfTasksFailed    int64
		Timers                 struct{ ElapsedTimeInActiveSeconds int64 }
	} `xml:",omitempty"`
	StatusUpdateReason string `xml:",omitempty"`
	FailureReasons     *struct {
		Items []struct{ FailureCode, FailureReason string } `xml:"member"`
	} `xml:",omitempty"`
	Report struct {
		Bucket      string
		Format      string
		Enabled     bool
		Prefix      string `xml:",omitempty"`
		ReportScope string `xml:",omitempty"`
	}
	CreationTime    string
	TerminationDate string `xml:",omitempty"`
	RoleArn         string
}

func (f *fakeControl) describeJob(ctx context.Context, id string) (any, int, [2]string) {
	f.mu.Lock()
	j := f.jobs[id]
	f.mu.Unlock()
	if j == nil {
		return nil, http.StatusNotFound, [2]string{"NotFoundException", "no job " + id}
	}
	f.step(ctx, j)
	f.mu.Lock()
	defer f.mu.Unlock()
	return &describeJobResult{Job: f.descriptor(j)}, 0, [2]string{}
}

func (f *fakeControl) descriptor(j *fakeJob) jobDescriptor {
	d := jobDescriptor{JobId: j.id, ConfirmationRequired: j.req.ConfirmationRequired, Description: j.req.Description,
		JobArn: "arn:aws:s3:us-east-1:" + f.account + ":job/" + j.id, Status: j.status, Priority: j.req.Priority,
		StatusUpdateReason: j.reason, CreationTime: j.created.Format(time.RFC3339), RoleArn: j.req.RoleArn}
	d.Report.Bucket, d.Report.Format, d.Report.Enabled = j.req.Report.Bucket, j.req.Report.Format, j.req.Report.Enabled
	d.Report.Prefix, d.Report.ReportScope = j.req.Report.Prefix, j.req.Report.ReportScope
	if !j.ended.IsZero() {
		d.TerminationDate = j.ended.Format(time.RFC3339)
	}
	if j.status != "New" && j.status != "Preparing" || len(j.tasks) > 0 {
		d.ProgressSummary = &struct {
			TotalNumberOfTasks     int64
			NumberOfTasksSucceeded int64
			NumberOfTasksFailed    int64
			Timers                 struct{ ElapsedTimeInActiveSeconds int64 }
		}{TotalNumberOfTasks: int64(len(j.tasks))}
		for _, r := range j.results {
			if r.failed {
				d.ProgressSummary.NumberOfTasksFailed++
			} else {
				d.ProgressSummary.NumberOfTasksSucceeded++
			}
		}
		d.ProgressSummary.Timers.ElapsedTimeInActiveSeconds = int64(len(j.results))
	}
	if len(j.failures) > 0 {
		d.FailureReasons = &struct {
			Items []struct{ FailureCode, FailureReason string } `xml:"member"`
		}{}
		for _, fr := range j.failures {
			d.FailureReasons.Items = append(d.FailureReasons.Items, struct{ FailureCode, FailureReason string }{fr[0], fr[1]})
		}
	}
	return d
}

type updateJobStatusResult struct {
	XMLName            xml.Name `xml:"http://awss3control.amazonaws.com/doc/2018-08-20/ UpdateJobStatusResult"`
	JobId              string
	Status             string
	StatusUpdateReason string `xml:",omitempty"`
}

func (f *fakeControl) updateJobStatus(id, requested, reason string) (any, int, [2]string) {
	f.mu.Lock()
	defer f.mu.Unlock()
	j := f.jobs[id]
	if j == nil {
		return nil, http.StatusNotFound, [2]string{"NotFoundException", "no job " + id}
	}
	switch {
	case requested == "Ready" && j.status == "Suspended":
		j.status, j.reason = "Ready", reason
	case requested == "Cancelled" && !terminal(j.status):
		j.cancel, j.reason = true, reason
		if j.status != "Active" {
			j.status = "Cancelling"
		}
	default:
		return nil, http.StatusBadRequest, [2]string{"JobStatusException", fmt.Sprintf("cannot move a %s job to %s", j.status, requested)}
	}
	return &updateJobStatusResult{JobId: j.id, Status: j.status, StatusUpdateReason: j.reason}, 0, [2]string{}
}

func terminal(status string) bool {
	return status == "Complete" || status == "Failed" || status == "Cancelled"
}

// step moves the job one step along its life cycle.
func (f *fakeControl) step(ctx context.Context, j *fakeJob) {
	f.mu.Lock()
	status := j.status
	f.mu.Unlock()
	switch status {
	case "New":
		f.setStatus(j, "Preparing")
	case "Preparing":
		tasks, err := f.readManifest(ctx, j.req)
		f.mu.Lock()
		defer f.mu.Unlock()
		if err != nil {
			j.failures = append(j.failures, [2]string{"ManifestNotReadable", err.Error()})
			j.status, j.ended = "Failed", time.Now().UTC()
			return
		}
		j.tasks = tasks
		switch {
		case j.cancel:
			j.status = "Cancelling"
		case j.req.ConfirmationRequired || j.sc.suspend:
			j.status, j.reason = "Suspended", "AwaitingConfirmation"
		default:
			j.status = "Ready"
		}
	case "Ready":
		f.setStatus(j, "Active")
	case "Active":
		f.runTasks(ctx, j)
	case "Completing", "Failing", "Cancelling":
		final := map[string]string{"Completing": "Complete", "Failing": "Failed", "Cancelling": "Cancelled"}[status]
		if err := f.writeReport(ctx, j); err != nil {
			f.t.Errorf("fake S3 Control: writing the report of job %s: %v", j.id, err)
		}
		f.mu.Lock()
		j.status, j.ended = final, time.Now().UTC()
		f.mu.Unlock()
	}
}

func (f *fakeControl) setStatus(j *fakeJob, s string) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if j.cancel && !terminal(j.status) {
		s = "Cancelling"
	}
	j.status = s
}

// readManifest returns the tasks of the job's manifest.
func (f *fakeControl) readManifest(ctx context.Context, req *createJobRequest) ([]fakeTask, error) {
	if g := req.ManifestGenerator; g != nil {
		gen := g.S3JobManifestGenerator
		bucket := bucketName(gen.SourceBucket)
		in := &s3.ListObjectsV2Input{Bucket: &bucket}
		var prefixes []string
		if gen.Filter != nil && gen.Filter.KeyNameConstraint != nil {
			prefixes = gen.Filter.KeyNameConstraint.MatchAnyPrefix.Items
		}
		var tasks []fakeTask
		for page, err := range s3.NewListObjectsV2Paginator(f.s3, in).Pages(ctx) {
			if err != nil {
				return nil, err
			}
			for _, o := range page.Contents {
				k := deref(o.Key)
				match := len(prefixes) == 0
				for _, p := range prefixes {
					match = match || strings.HasPrefix(k, p)
				}
				if match {
					tasks = append(tasks, fakeTask{bucket: bucket, key: k})
				}
			}
		}
		return tasks, nil
	}
	loc := req.Manifest.Location
	arn := strings.TrimPrefix(loc.ObjectArn, "arn:aws:s3:::")
	bucket, key, ok := strings.Cut(arn, "/")
	if !ok || arn == loc.ObjectArn {
		return nil, fmt.Errorf("manifest ARN %q is not an S3 object ARN", loc.ObjectArn)
	}
	out, err := f.s3.GetObject(ctx, &s3.GetObjectInput{Bucket: &bucket, Key: &key})
	if err != nil {
		return nil, err
	}
	defer out.Body.Close()
	if got := strings.Trim(deref(out.ETag), `"`); got != loc.ETag {
		return nil, fmt.Errorf("manifest ETag is %s; the job names %s", got, loc.ETag)
	}
	fields := req.Manifest.Spec.Fields.Items
	r := csv.NewReader(out.Body)
	r.FieldsPerRecord = len(fields)
	var tasks []fakeTask
	for {
		rec, err := r.Read()
		if err == io.EOF {
			return tasks, nil
		}
		if err != nil {
			return nil, err
		}
		var t fakeTask
		for i, fld := range fields {
			switch fld {
			case "Bucket":
				t.bucket = rec[i]
			case "Key":
				// Keys in a CSV manifest are URL-encoded; S3 decodes them.
				if t.key, err = url.QueryUnescape(rec[i]); err != nil {
					return nil, fmt.Errorf("manifest key %q: %w", rec[i], err)
				}
			case "VersionId":
				t.version = rec[i]
			}
		}
		tasks = append(tasks, t)
	}
}

// runTasks runs the next tasks of an Active job.
func (f *fakeControl) runTasks(ctx context.Context, j *fakeJob) {
	f.mu.Lock()
	n := j.sc.tasksPerStep
	if n == 0 {
		n = 7
	}
	start := len(j.results)
	end := min(start+n, len(j.tasks))
	if j.cancel {
		end = start
	}
	todo := j.tasks[start:end]
	f.mu.Unlock()
	for _, t := range todo {
		r := f.runTask(ctx, j, t)
		f.mu.Lock()
		j.results = append(j.results, r)
		f.mu.Unlock()
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	failed := 0
	for _, r := range j.results {
		if r.failed {
			failed++
		}
	}
	switch {
	case j.cancel:
		j.status = "Cancelling"
	case j.sc.failAfter > 0 && failed >= j.sc.failAfter:
		j.status = "Failing"
		j.failures = append(j.failures, [2]string{"JobFailureThresholdExceeded", fmt.Sprintf("%d of %d tasks failed", failed, len(j.results))})
	case len(j.results) == len(j.tasks):
		j.status = "Completing"
	}
}

// runTask runs one task in the S3 server.
func (f *fakeControl) runTask(ctx context.Context, j *fakeJob, t fakeTask) taskResult {
	r := taskResult{fakeTask: t, httpStatus: 200}
	if e, ok := j.sc.failKeys[t.key]; ok {
		r.failed, r.code, r.msg, r.httpStatus = true, e[0], e[1], 400
		return r
	}
	op := j.req.Operation
	var err error
	switch {
	case op.S3PutObjectCopy != nil:
		c := op.S3PutObjectCopy
		dst := bucketName(c.TargetResource)
		src := t.bucket + "/" + escapeKey(t.key)
		in := &s3.CopyObjectInput{Bucket: &dst, Key: ptr(c.TargetKeyPrefix + t.key), CopySource: &src}
		if len(c.NewObjectTagging.Items) > 0 {
			v := url.Values{}
			for _, tg := range c.NewObjectTagging.Items {
				v.Set(tg.Key, tg.Value)
			}
			in.Tagging, in.TaggingDirective = ptr(v.Encode()), s3types.TaggingDirectiveReplace
		}
		_, err = f.s3.CopyObject(ctx, in)
	case op.S3PutObjectTagging != nil:
		var set []s3types.Tag
		for _, tg := range op.S3PutObjectTagging.TagSet.Items {
			set = append(set, s3types.Tag{Key: ptr(tg.Key), Value: ptr(tg.Value)})
		}
		_, err = f.s3.PutObjectTagging(ctx, &s3.PutObjectTaggingInput{Bucket: &t.bucket, Key: &t.key, Tagging: &s3types.Tagging{TagSet: set}})
	case op.S3InitiateRestoreObject != nil:
		ro := op.S3InitiateRestoreObject
		rr := &s3types.RestoreRequest{Days: &ro.ExpirationInDays}
		if tier := map[string]s3types.Tier{"BULK": s3types.TierBulk, "STANDARD": s3types.TierStandard}[ro.GlacierJobTier]; tier != "" {
			rr.GlacierJobParameters = &s3types.GlacierJobParameters{Tier: tier}
		}
		_, err = f.s3.RestoreObject(ctx, &s3.RestoreObjectInput{Bucket: &t.bucket, Key: &t.key, RestoreRequest: rr})
	case op.LambdaInvoke != nil:
		f.mu.Lock()
		fn := f.functions[op.LambdaInvoke.FunctionArn]
		f.mu.Unlock()
		if fn == nil {
			r.failed, r.code, r.msg = true, "PermanentFailure", "Lambda function "+op.LambdaInvoke.FunctionArn+" not found"
			return r
		}
		if code, msg := fn(ctx, t.bucket, t.key, t.version); code != "" {
			r.failed, r.code, r.msg = true, code, msg
		}
		return r
	}
	if err != nil {
		r.failed = true
		r.code, r.msg, r.httpStatus = "InternalError", err.Error(), 500
		var api smithy.APIError
		if errors.As(err, &api) {
			r.code, r.msg = api.ErrorCode(), api.ErrorMessage()
		}
		var hs interface{ HTTPStatusCode() int }
		if errors.As(err, &hs) {
			r.httpStatus = hs.HTTPStatusCode()
		}
	}
	return r
}

// writeReport writes the job's completion report, if it has one and a
// task ran: a results file per task status (only failed tasks for
// FailedTasksOnly) and manifest.json.
func (f *fakeControl) writeReport(ctx context.Context, j *fakeJob) error {
	f.mu.Lock()
	rep := j.req.Report
	results := append([]taskResult(nil), j.results...)
	sc := j.sc
	f.mu.Unlock()
	if !rep.Enabled || len(results) == 0 {
		return nil
	}
	bucket := bucketName(rep.Bucket)
	base := "job-" + j.id
	if rep.Prefix != "" {
		base = strings.TrimSuffix(rep.Prefix, "/") + "/" + base
	}
	type result struct {
		TaskExecutionStatus, Bucket, MD5Checksum, Key string
	}
	var manifest struct {
		Format, ReportCreationDate string
		Results                    []result
		ReportSchema               string
	}
	manifest.Format, manifest.ReportCreationDate = "Report_CSV_20180820", time.Now().UTC().Format("2006-01-02T15:04:05.000Z")
	manifest.ReportSchema = "Bucket, Key, VersionId, TaskStatus, ErrorCode, HTTPStatusCode, ResultMessage"
	for _, status := range []string{"succeeded", "failed"} {
		if status == "succeeded" && rep.ReportScope == "FailedTasksOnly" {
			continue
		}
		var b strings.Builder
		w := csv.NewWriter(&b)
		for _, r := range results {
			if r.failed != (status == "failed") {
				continue
			}
			// As in AWS's examples: the HTTP status before the error code.
			w.Write([]string{r.bucket, escapeKey(r.key), r.version, status, strconv.Itoa(r.httpStatus), r.code, r.msg})
		}
		w.Flush()
		if b.Len() == 0 {
			continue
		}
		sum := sha1.Sum([]byte(b.String()))
		key := base + "/results/" + hex.EncodeToString(sum[:]) + ".csv"
		if _, err := f.s3.PutObject(ctx, &s3.PutObjectInput{Bucket: &bucket, Key: &key, Body: strings.NewReader(b.String())}); err != nil {
			return err
		}
		md := md5.Sum([]byte(b.String()))
		if sc.corruptMD5 {
			md[0] ^= 0xff
		}
		manifest.Results = append(manifest.Results, result{status, bucket, hex.EncodeToString(md[:]), key})
	}
	data, _ := json.MarshalIndent(manifest, "", "  ")
	key := base + "/manifest.json"
	_, err := f.s3.PutObject(ctx, &s3.PutObjectInput{Bucket: &bucket, Key: &key, Body: strings.NewReader(string(data))})
	return err
}
