package transfer

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/aws/smithy-go"
	"github.com/nimbus-sdk/nimbus/feature/s3/transfer/transfertest"
	"github.com/nimbus-sdk/nimbus/services/s3"
)

// pagedFake is the transfertest Fake with its ListObjectsV2 calls
// counted, the third of them failing when failThird is set, and the
// context of each call checked for ctxKey.
type pagedFake struct {
	*transfertest.Fake
	lists     atomic.Int32
	failThird bool
	ctxValue  atomic.Value
}

type ctxKey struct{}

var errListing = errors.New("listing broke")

var ten int32 = 10

func (p *pagedFake) ListObjectsV2(ctx context.Context, in *s3.ListObjectsV2Input, optFns ...func(*s3.Options)) (*s3.ListObjectsV2Output, error) {
	n := p.lists.Add(1)
	if v := ctx.Value(ctxKey{}); v != nil {
		p.ctxValue.Store(v)
	}
	if p.failThird && n == 3 {
		return nil, errListing
	}
	return p.Fake.ListObjectsV2(ctx, in, optFns...)
}

func TestDeleteListIteratorPages(t *testing.T) {
	const n = 250
	for _, tc := range []struct {
		maxKeys   int32 // 0: unset
		wantLists int32
	}{
		{0, 1}, {1, 250}, {7, 36}, {100, 3}, {250, 1}, {1000, 1},
	} {
		t.Run(fmt.Sprintf("MaxKeys=%d", tc.maxKeys), func(t *testing.T) {
			f := &pagedFake{Fake: transfertest.New()}
			for i := range n {
				f.Put("b", fmt.Sprintf("logs/%03d", i), nil)
			}
			f.Put("b", "keep/me", nil)
			in := &s3.ListObjectsV2Input{Bucket: str("b"), Prefix: str("logs/")}
			if tc.maxKeys != 0 {
				in.MaxKeys = &tc.maxKeys
			}
			it := NewDeleteListIterator(f, in)
			if got := f.lists.Load(); got != 0 {
				t.Fatalf("NewDeleteListIterator listed %d pages; want none before Next", got)
			}
			res, err := New(f).BatchDelete(context.WithValue(t.Context(), ctxKey{}, "batch"), it)
			if err != nil || res.Succeeded != n {
				t.Fatalf("BatchDelete = %+v, %v; want %d deleted", res, err, n)
			}
			if got := f.Keys("b"); !slices.Equal(got, []string{"keep/me"}) {
				t.Errorf("keys left = %v; want [keep/me]", got)
			}
			if got := f.lists.Load(); got != tc.wantLists {
				t.Errorf("ListObjectsV2 calls = %d; want %d", got, tc.wantLists)
			}
			if got := f.Calls("DeleteObjects"); got != 1 {
				t.Errorf("DeleteObjects calls = %d; want 1 (250 keys fit in one)", got)
			}
			if got := f.ctxValue.Load(); got != "batch" {
				t.Errorf("ListObjectsV2 context value = %v; want the BatchDelete call's context", got)
			}
		})
	}
}

func TestDeleteListIteratorIsLazy(t *testing.T) {
	f := &pagedFake{Fake: transfertest.New()}
	for i := range 25 {
		f.Put("b", fmt.Sprintf("k%02d", i), nil)
	}
	it := NewDeleteListIterator(f, &s3.ListObjectsV2Input{Bucket: str("b"), MaxKeys: &ten})
	var keys []string
	for i := 0; it.Next(); i++ {
		// Page p (from 1) is fetched when object 10(p-1) is asked for.
		if want := int32(i/10 + 1); f.lists.Load() != want {
			t.Fatalf("after %d objects, %d pages listed; want %d", i+1, f.lists.Load(), want)
		}
		obj := it.DeleteObject()
		if obj.Bucket != "b" {
			t.Fatalf("object bucket = %q; want b", obj.Bucket)
		}
		keys = append(keys, obj.Key)
	}
	if it.Err() != nil || len(keys) != 25 || keys[0] != "k00" || keys[24] != "k24" {
		t.Errorf("iterated %v, Err %v; want k00..k24 and nil", keys, it.Err())
	}
	if it.Next() {
		t.Error("Next after the end = true")
	}
}

func TestDeleteListIteratorError(t *testing.T) {
	f := &pagedFake{Fake: transfertest.New(), failThird: true}
	for i := range 50 {
		f.Put("b", fmt.Sprintf("k%02d", i), nil)
	}
	it := NewDeleteListIterator(f, &s3.ListObjectsV2Input{Bucket: str("b"), MaxKeys: &ten})
	res, err := New(f).BatchDelete(t.Context(), it)
	if !errors.Is(err, errListing) || !errors.Is(it.Err(), errListing) {
		t.Fatalf("BatchDelete error = %v, Err() = %v; want both to wrap the listing failure", err, it.Err())
	}
	if res.Succeeded != 20 || len(f.Keys("b")) != 30 {
		t.Errorf("deleted %d, %d left; want the 20 keys of the first two pages deleted and 30 left", res.Succeeded, len(f.Keys("b")))
	}
}

func TestDeleteListIteratorInvalidInput(t *testing.T) {
	for name, in := range map[string]*s3.ListObjectsV2Input{
		"nil":       nil,
		"no bucket": {Prefix: str("p/")},
		"empty":     {Bucket: str("")},
	} {
		t.Run(name, func(t *testing.T) {
			f := &pagedFake{Fake: transfertest.New()}
			it := NewDeleteListIterator(f, in)
			res, err := New(f).BatchDelete(t.Context(), it)
			var ip *smithy.InvalidParamsError
			if !errors.As(err, &ip) || !strings.Contains(err.Error(), "Bucket") {
				t.Errorf("BatchDelete error = %v; want a *smithy.InvalidParamsError naming Bucket", err)
			}
			if res.Succeeded != 0 || f.lists.Load() != 0 || f.Calls("DeleteObjects") != 0 {
				t.Errorf("sent %d lists and %d deletes; want nothing sent", f.lists.Load(), f.Calls("DeleteObjects"))
			}
		})
	}
}

func TestSliceIterators(t *testing.T) {
	f, m := newFake(t)
	var afters atomic.Int32
	after := func() error { afters.Add(1); return nil }

	up := &UploadObjectsIterator{Objects: []BatchUploadObject{
		{Object: &UploadInput{Bucket: "b", Key: "one", Body: strings.NewReader("1")}, After: after},
		{Object: nil, After: after}, // fails: no bucket or key
		{Object: &UploadInput{Bucket: "b", Key: "two", Body: strings.NewReader("22")}, After: after},
	}}
	res, err := m.BatchUpload(t.Context(), up)
	if res.Succeeded != 2 || len(res.Failed) != 1 || err == nil {
		t.Errorf("BatchUpload = %+v, %v; want 2 succeeded and 1 failed", res, err)
	}

	w1, w2 := &memWriterAt{}, &memWriterAt{}
	down := &DownloadObjectsIterator{Objects: []BatchDownloadObject{
		{Object: &DownloadInput{Bucket: "b", Key: "one"}, Writer: w1, After: after},
		{Object: &DownloadInput{Bucket: "b", Key: "two"}, Writer: w2, After: after},
		{Object: &DownloadInput{Bucket: "b", Key: "two"}, After: after}, // fails: no Writer
	}}
	res, err = m.BatchDownload(t.Context(), down)
	if res.Succeeded != 2 || len(res.Failed) != 1 || err == nil || string(w1.b) != "1" || string(w2.b) != "22" {
		t.Errorf("BatchDownload = %+v, %v, %q %q; want 2 succeeded (1, 22), 1 failed", res, err, w1.b, w2.b)
	}

	del := &DeleteObjectsIterator{Objects: []BatchDeleteObject{
		{Bucket: "b", Key: "one", After: after},
		{Bucket: "b", Key: "two", After: after},
	}}
	res, err = m.BatchDelete(t.Context(), del)
	if err != nil || res.Succeeded != 2 || len(f.Keys("b")) != 0 {
		t.Errorf("BatchDelete = %+v, %v, keys left %v; want 2 deleted, none left", res, err, f.Keys("b"))
	}
	if got := afters.Load(); got != 8 {
		t.Errorf("After hooks ran %d times; want 8, once per object", got)
	}
	for _, it := range []interface{ Next() bool }{up, down, del} {
		if it.Next() {
			t.Errorf("%T: Next after the end = true", it)
		}
	}
	var empty DeleteObjectsIterator
	if empty.Next() || empty.Err() != nil {
		t.Error("zero DeleteObjectsIterator: Next = true or Err != nil")
	}
}

func TestEventTypeString(t *testing.T) {
	for _, tc := range []struct {
		t    EventType
		want string
	}{
		{ObjectStarted, "ObjectStarted"}, {Bytes, "Bytes"}, {PartDone, "PartDone"},
		{ObjectDone, "ObjectDone"}, {BatchDone, "BatchDone"}, {EventType(42), "EventType(42)"},
	} {
		if got := tc.t.String(); got != tc.want {
			t.Errorf("EventType(%d).String() = %q; want %q", int(tc.t), got, tc.want)
		}
	}
}
