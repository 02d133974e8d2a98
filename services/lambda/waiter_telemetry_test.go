package lambda_test

import (
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"sync/atomic"
	"testing"
	"time"

	"github.com/aws/smithy-go/tracing"

	"github.com/nimbus-sdk/nimbus/credentials"
	"github.com/nimbus-sdk/nimbus/internal/testenv/obstest"
	"github.com/nimbus-sdk/nimbus/middleware/waiter"
	"github.com/nimbus-sdk/nimbus/services/lambda"
)

// TestFunctionActiveV2WaiterSpanFailure runs the generated
// FunctionActiveV2 waiter against an httptest server whose GetFunction
// answers State "Pending" twice, then "Failed": the model's failure
// acceptor ends the wait, and its span, Lambda.FunctionActiveV2Waiter,
// over the three GetFunction calls, has waiter.attempts 3,
// waiter.outcome "failure_state" and the error status.
func TestFunctionActiveV2WaiterSpanFailure(t *testing.T) {
	var calls atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method != http.MethodGet || r.URL.Path != "/2015-03-31/functions/fn" {
			http.Error(w, "unexpected request "+r.Method+" "+r.URL.Path, http.StatusBadRequest)
			return
		}
		state := "Pending"
		if calls.Add(1) >= 3 {
			state = "Failed"
		}
		w.Header().Set("Content-Type", "application/json")
		fmt.Fprintf(w, `{"Configuration":{"FunctionName":"fn","State":%q}}`, state)
	}))
	defer srv.Close()
	tp := &obstest.TracerProvider{}
	c := lambda.New(lambda.Options{
		Region: "us-east-1", BaseEndpoint: srv.URL, HTTPClient: srv.Client(),
		Credentials:    credentials.NewStaticProvider("AKID", "SECRET", ""),
		TracerProvider: tp,
	})
	fn := "fn"
	err := lambda.NewFunctionActiveV2Waiter(c, func(o *lambda.FunctionActiveV2WaiterOptions) {
		o.MinDelay, o.MaxDelay = time.Millisecond, 2*time.Millisecond
	}).Wait(t.Context(), &lambda.GetFunctionInput{FunctionName: &fn}, 10*time.Second)
	var we *waiter.Error
	if !errors.As(err, &we) || we.Reason != waiter.FailureState || we.Attempts != 3 {
		t.Fatalf("Wait = %v; want a *waiter.Error, FailureState after 3 attempts", err)
	}

	spans := tp.Named("Lambda.FunctionActiveV2Waiter")
	if len(spans) != 1 {
		t.Fatalf("spans:\n%s\nwant one Lambda.FunctionActiveV2Waiter", tp.Tree())
	}
	w := spans[0]
	getCalls := tp.Children(w)
	if len(getCalls) != 3 || len(tp.Named("Lambda.GetFunction")) != 3 {
		t.Fatalf("spans:\n%s\nwant the waiter's span over 3 Lambda.GetFunction", tp.Tree())
	}
	for _, s := range getCalls {
		if s.Name() != "Lambda.GetFunction" || s.Status != tracing.SpanStatusOK {
			t.Errorf("child %s, status %v; want Lambda.GetFunction, OK (the calls succeeded)", s.Name(), s.Status)
		}
	}
	want := map[any]any{
		"rpc.service": "Lambda", "waiter.name": "FunctionActiveV2",
		"waiter.attempts": 3, "waiter.outcome": "failure_state",
		"error": true, "error.type": "failure_state", "exception.message": err.Error(),
	}
	for k, v := range want {
		if w.Props[k] != v {
			t.Errorf("waiter span %v = %v; want %v", k, w.Props[k], v)
		}
	}
	if w.Status != tracing.SpanStatusError || !w.Ended {
		t.Errorf("waiter span status %v, ended %v; want error, ended", w.Status, w.Ended)
	}
}
