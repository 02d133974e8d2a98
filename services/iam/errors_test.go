package iam_test

import (
	"context"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"sync/atomic"
	"testing"
	"time"

	"github.com/nimbus-sdk/nimbus/credentials"
	"github.com/nimbus-sdk/nimbus/services/iam"
	"github.com/nimbus-sdk/nimbus/services/iam/types"
)

const noSuchEntity = `<ErrorResponse xmlns="https://iam.amazonaws.com/doc/2010-05-08/">
  <Error><Type>Sender</Type><Code>NoSuchEntity</Code><Message>not there yet</Message></Error>
  <RequestId>req-1</RequestId>
</ErrorResponse>`

// notYetServer answers the first call with IAM's NoSuchEntity error and
// later calls with body, counting the calls.
func notYetServer(t *testing.T, body string) (*iam.Client, *atomic.Int32) {
	t.Helper()
	var calls atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/xml")
		if calls.Add(1) == 1 {
			w.WriteHeader(http.StatusNotFound)
			io.WriteString(w, noSuchEntity)
			return
		}
		io.WriteString(w, body)
	}))
	t.Cleanup(srv.Close)
	c := iam.New(iam.Options{Region: "us-east-1", BaseEndpoint: srv.URL, Credentials: credentials.NewStaticProvider("AKID", "SECRET", "")})
	return c, &calls
}

// TestQueryErrorCode checks that an awsQuery error reports the code it
// is sent with (its awsQueryError code, NoSuchEntity), not its shape name
// (NoSuchEntityException), as aws-sdk-go-v2 does.
func TestQueryErrorCode(t *testing.T) {
	c, _ := notYetServer(t, "")
	_, err := c.GetRole(context.Background(), &iam.GetRoleInput{RoleName: ptr("r")})
	var nse *types.NoSuchEntityException
	if !errors.As(err, &nse) {
		t.Fatalf("GetRole error = %v; want *types.NoSuchEntityException", err)
	}
	if got := nse.ErrorCode(); got != "NoSuchEntity" {
		t.Errorf("ErrorCode() = %q; want NoSuchEntity", got)
	}
	if got := (&types.NoSuchEntityException{}).ErrorCode(); got != "NoSuchEntity" {
		t.Errorf("ErrorCode() of a zero NoSuchEntityException = %q; want NoSuchEntity", got)
	}
}

// TestWaiterErrorTypes runs two waiters whose models name the same error
// differently: RoleExists by its code (NoSuchEntity), InstanceProfileExists
// by its shape (NoSuchEntityException). Both must retry on it.
func TestWaiterErrorTypes(t *testing.T) {
	fast := func(min, max *time.Duration) { *min, *max = time.Millisecond, time.Millisecond }
	t.Run("RoleExists", func(t *testing.T) {
		c, calls := notYetServer(t, `<GetRoleResponse><GetRoleResult><Role><Path>/</Path><RoleName>r</RoleName>
<RoleId>AROA</RoleId><Arn>arn:aws:iam::123456789012:role/r</Arn><CreateDate>2026-01-02T03:04:05Z</CreateDate></Role></GetRoleResult></GetRoleResponse>`)
		err := iam.NewRoleExistsWaiter(c, func(o *iam.RoleExistsWaiterOptions) { fast(&o.MinDelay, &o.MaxDelay) }).
			Wait(context.Background(), &iam.GetRoleInput{RoleName: ptr("r")}, 10*time.Second)
		if err != nil || calls.Load() != 2 {
			t.Errorf("Wait = %v after %d calls; want success after 2", err, calls.Load())
		}
	})
	t.Run("InstanceProfileExists", func(t *testing.T) {
		c, calls := notYetServer(t, `<GetInstanceProfileResponse><GetInstanceProfileResult><InstanceProfile><Path>/</Path>
<InstanceProfileName>p</InstanceProfileName><InstanceProfileId>AIPA</InstanceProfileId><Arn>arn:aws:iam::123456789012:instance-profile/p</Arn>
<CreateDate>2026-01-02T03:04:05Z</CreateDate><Roles></Roles></InstanceProfile></GetInstanceProfileResult></GetInstanceProfileResponse>`)
		err := iam.NewInstanceProfileExistsWaiter(c, func(o *iam.InstanceProfileExistsWaiterOptions) { fast(&o.MinDelay, &o.MaxDelay) }).
			Wait(context.Background(), &iam.GetInstanceProfileInput{InstanceProfileName: ptr("p")}, 10*time.Second)
		if err != nil || calls.Load() != 2 {
			t.Errorf("Wait = %v after %d calls; want success after 2", err, calls.Load())
		}
	})
}
