package transfer

import (
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/nimbus-sdk/nimbus/services/s3"
	"github.com/nimbus-sdk/nimbus/services/s3/types"
)

// deleteCalls describes the DeleteObjects requests s received: for each,
// its settings headers and its number of keys, sorted.
func deleteCalls(s *objServer) []string {
	var calls []string
	for _, r := range s.requests() {
		if r.op != "DeleteObjects" {
			continue
		}
		h := r.header
		calls = append(calls, fmt.Sprintf("payer=%q mfa=%q bypass=%q owner=%q",
			h.Get("X-Amz-Request-Payer"), h.Get("X-Amz-Mfa"), h.Get("X-Amz-Bypass-Governance-Retention"),
			h.Get("X-Amz-Expected-Bucket-Owner")))
	}
	slices.Sort(calls)
	return calls
}

// TestBatchDeleteSettings: RequestPayer, MFA, BypassGovernanceRetention
// and ExpectedBucketOwner of a BatchDeleteObject go with the DeleteObjects
// call that carries it, and objects with different settings never share
// a call. The server is a Requester Pays bucket, so the deletes without
// RequestPayer are refused and the others succeed.
func TestBatchDeleteSettings(t *testing.T) {
	s, srv := newObjServer(t)
	s.payer = true
	for _, k := range []string{"a", "b", "c", "d", "e"} {
		s.put(k, []byte(k), "", 0)
	}
	payer := types.RequestPayerRequester
	objs := []BatchDeleteObject{
		{Bucket: "b", Key: "a"}, // no payer: refused
		{Bucket: "b", Key: "b", RequestPayer: payer},
		{Bucket: "b", Key: "c", RequestPayer: payer},
		{Bucket: "b", Key: "d", RequestPayer: payer, MFA: "arn:aws:iam::111122223333:mfa/root 123456",
			BypassGovernanceRetention: true, ExpectedBucketOwner: "111122223333"},
		{Bucket: "b", Key: "e", RequestPayer: payer, ExpectedBucketOwner: "111122223333"},
	}
	m := httpManager(t, srv)
	res, err := m.BatchDelete(t.Context(), &DeleteObjectsIterator{Objects: objs})
	if err == nil || res.Succeeded != 4 || len(res.Failed) != 1 || res.Failed[0].Key != "a" {
		t.Fatalf("BatchDelete = %+v, %v; want 4 deleted and a refused", res, err)
	}
	want := []string{
		`payer="" mfa="" bypass="" owner=""`,
		`payer="requester" mfa="" bypass="" owner=""`,
		`payer="requester" mfa="" bypass="" owner="111122223333"`,
		`payer="requester" mfa="arn:aws:iam::111122223333:mfa/root 123456" bypass="true" owner="111122223333"`,
	}
	if got := deleteCalls(s); !slices.Equal(got, want) {
		t.Errorf("DeleteObjects calls:\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	for _, k := range []string{"b", "c", "d", "e"} {
		if _, _, ok := s.object(k); ok {
			t.Errorf("%s was not deleted", k)
		}
	}
}

// TestDeleteListIteratorSettings: the objects of a delete list iterator
// take the listing's RequestPayer and ExpectedBucketOwner, so that a
// Requester Pays bucket listed with RequestPayer is also emptied with it.
func TestDeleteListIteratorSettings(t *testing.T) {
	s, srv := newObjServer(t)
	s.payer = true
	for i := range 3 {
		s.put(fmt.Sprintf("logs/%d", i), []byte("x"), "", 0)
	}
	m := httpManager(t, srv)
	owner := "111122223333"
	it := NewDeleteListIterator(m.client.(*s3.Client), &s3.ListObjectsV2Input{Bucket: str("b"), Prefix: str("logs/"),
		RequestPayer: types.RequestPayerRequester, ExpectedBucketOwner: &owner})
	res, err := m.BatchDelete(t.Context(), it)
	if err != nil || res.Succeeded != 3 {
		t.Fatalf("BatchDelete = %+v, %v; want 3 deleted", res, err)
	}
	want := []string{`payer="requester" mfa="" bypass="" owner="111122223333"`}
	if got := deleteCalls(s); !slices.Equal(got, want) {
		t.Errorf("DeleteObjects calls = %q; want %q", got, want)
	}
}
