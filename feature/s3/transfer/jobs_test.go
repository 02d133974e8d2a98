package transfer

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"sync/atomic"
	"testing"

	"github.com/nimbus-sdk/nimbus/feature/s3/transfer/transfertest"
	"github.com/nimbus-sdk/nimbus/services/s3"
)

// recordingRunner is a JobRunner that records the jobs it is given and
// the objects of iterator jobs, and reports them all as succeeded.
type recordingRunner struct {
	jobs    []Job
	objects []string
	iterErr error
}

func (r *recordingRunner) RunJob(ctx context.Context, job *Job) (*BatchResult, error) {
	r.jobs = append(r.jobs, *job)
	if job.Objects == nil {
		return &BatchResult{Succeeded: job.Seen}, nil
	}
	for obj, err := range job.Objects {
		if err != nil {
			r.iterErr = err
			return &BatchResult{}, err
		}
		r.objects = append(r.objects, obj.Bucket+"/"+obj.Key)
		if obj.After != nil {
			return nil, errors.New("runner got an object with an After hook")
		}
	}
	return &BatchResult{Succeeded: len(r.objects)}, nil
}

func TestDeletePrefixBatchJobThreshold(t *testing.T) {
	for _, tc := range []struct {
		objects, threshold int
		wantJob            bool
	}{
		{objects: 99, threshold: 100, wantJob: false},
		{objects: 100, threshold: 100, wantJob: true},
		{objects: 2500, threshold: 1200, wantJob: true},
	} {
		t.Run(fmt.Sprintf("%d objects, threshold %d", tc.objects, tc.threshold), func(t *testing.T) {
			f := transfertest.New()
			for i := range tc.objects {
				f.Put("b", fmt.Sprintf("logs/%04d", i), nil)
			}
			f.Put("b", "other", nil)
			r := &recordingRunner{}
			var batchDone atomic.Int32
			m := New(f, func(o *Options) {
				o.BatchJobs, o.BatchJobThreshold = r, tc.threshold
				o.Progress = ListenerFunc(func(e Event) {
					if e.Type == BatchDone {
						batchDone.Add(1)
					}
				})
			})
			res, err := m.DeletePrefix(t.Context(), "b", "logs/")
			if err != nil || res.Succeeded < min(tc.objects, tc.threshold) {
				t.Fatalf("DeletePrefix = %+v, %v", res, err)
			}
			if !tc.wantJob {
				if len(r.jobs) != 0 || len(f.Keys("b")) != 1 {
					t.Errorf("jobs %d, keys left %d; want no job and the prefix deleted here", len(r.jobs), len(f.Keys("b")))
				}
				return
			}
			if len(r.jobs) != 1 {
				t.Fatalf("jobs = %d; want 1", len(r.jobs))
			}
			j := r.jobs[0]
			if j.Op != OpDelete || j.Bucket != "b" || j.Prefix != "logs/" || j.Objects != nil || j.Seen < tc.threshold {
				t.Errorf("job = %+v; want a delete of b/logs/ seen >= %d", j, tc.threshold)
			}
			if f.Calls("DeleteObjects") != 0 || len(f.Keys("b")) != tc.objects+1 {
				t.Errorf("the Manager deleted objects itself (%d calls)", f.Calls("DeleteObjects"))
			}
			// Counting stops at the threshold: ceil(threshold/1000) pages.
			if got, want := f.Calls("ListObjectsV2"), (tc.threshold+999)/1000; got != want {
				t.Errorf("ListObjectsV2 calls = %d; want %d", got, want)
			}
			if batchDone.Load() != 1 {
				t.Errorf("BatchDone events = %d; want 1", batchDone.Load())
			}
		})
	}
}

func TestBatchDeleteBatchJob(t *testing.T) {
	keys := func(n int) []BatchDeleteObject {
		var objs []BatchDeleteObject
		for i := range n {
			objs = append(objs, BatchDeleteObject{Bucket: "b", Key: fmt.Sprintf("k%02d", i)})
		}
		return objs
	}
	t.Run("below the threshold", func(t *testing.T) {
		f := transfertest.New()
		for _, o := range keys(9) {
			f.Put("b", o.Key, nil)
		}
		r := &recordingRunner{}
		m := New(f, func(o *Options) { o.BatchJobs, o.BatchJobThreshold = r, 10 })
		res, err := m.BatchDelete(t.Context(), &DeleteObjectsIterator{Objects: keys(9)})
		if err != nil || res.Succeeded != 9 || len(r.jobs) != 0 || len(f.Keys("b")) != 0 {
			t.Errorf("BatchDelete = %+v, %v, jobs %d; want 9 deleted here", res, err, len(r.jobs))
		}
	})
	t.Run("above the threshold", func(t *testing.T) {
		f := transfertest.New()
		r := &recordingRunner{}
		var afters atomic.Int32
		objs := keys(25)
		for i := range objs {
			objs[i].After = func() error { afters.Add(1); return nil }
		}
		m := New(f, func(o *Options) { o.BatchJobs, o.BatchJobThreshold = r, 10 })
		res, err := m.BatchDelete(t.Context(), &DeleteObjectsIterator{Objects: objs})
		if err != nil || res.Succeeded != 25 || len(r.jobs) != 1 || r.jobs[0].Seen != 10 {
			t.Fatalf("BatchDelete = %+v, %v, jobs %+v; want one job of 25", res, err, r.jobs)
		}
		var want []string
		for _, o := range objs {
			want = append(want, "b/"+o.Key)
		}
		if !slices.Equal(r.objects, want) {
			t.Errorf("job objects = %v; want %v in order", r.objects, want)
		}
		if afters.Load() != 25 || f.Calls("DeleteObjects") != 0 {
			t.Errorf("After hooks %d, DeleteObjects calls %d; want 25 and 0", afters.Load(), f.Calls("DeleteObjects"))
		}
	})
	t.Run("iterator error", func(t *testing.T) {
		f := &pagedFake{Fake: transfertest.New(), failThird: true}
		for i := range 30 {
			f.Put("b", fmt.Sprintf("k%02d", i), nil)
		}
		r := &recordingRunner{}
		m := New(f, func(o *Options) { o.BatchJobs, o.BatchJobThreshold = r, 5 })
		_, err := m.BatchDelete(t.Context(), NewDeleteListIterator(f, &s3.ListObjectsV2Input{Bucket: str("b"), MaxKeys: &ten}))
		if !errors.Is(err, errListing) || !errors.Is(r.iterErr, errListing) {
			t.Errorf("BatchDelete error %v, runner saw %v; want the listing failure for both", err, r.iterErr)
		}
	})
}
