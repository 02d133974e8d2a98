package client

import (
	"context"
	"errors"
	"fmt"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/aws/smithy-go"
)

type waitTable struct {
	Status *string
	Count  int32
	Ready  bool
}

type waitItem struct {
	State string
	Tags  []string
}

type waitOutput struct {
	Table *waitTable
	Items []waitItem
	Name  string `name:"TableName"`
}

type tableState string

func out(status string, states ...string) *waitOutput {
	o := &waitOutput{Table: &waitTable{Status: &status}}
	for _, s := range states {
		o.Items = append(o.Items, waitItem{State: s})
	}
	return o
}

var errNotFound = &smithy.GenericAPIError{Code: "ResourceNotFoundException", Message: "no such table"}

// tableAcceptors are those of a typical TableExists waiter.
var tableAcceptors = []Acceptor{
	{State: WaitSuccess, Matcher: MatchOutput, Path: "Table.Status", Expected: "ACTIVE", Comparator: "stringEquals"},
	{State: WaitFailure, Matcher: MatchOutput, Path: "Table.Status", Expected: "FAILED", Comparator: "stringEquals"},
	{State: WaitRetry, Matcher: MatchErrorType, ErrorType: "ResourceNotFoundException"},
}

type step struct {
	out any
	err error
}

func TestWait(t *testing.T) {
	errBoom := errors.New("boom")
	tests := []struct {
		name       string
		acceptors  []Acceptor
		steps      []step // the call returns these in order, then repeats the last
		maxWait    time.Duration
		wantCalls  int  // exact, or 0 to skip
		wantErr    bool //
		wantReason string
		wantUnwrap error
	}{
		{
			name:      "output success after retries",
			acceptors: tableAcceptors,
			steps:     []step{{err: errNotFound}, {out: out("CREATING")}, {out: out("ACTIVE")}},
			wantCalls: 3,
		},
		{
			name:       "output failure state",
			acceptors:  tableAcceptors,
			steps:      []step{{out: out("CREATING")}, {out: out("FAILED")}},
			wantCalls:  2,
			wantErr:    true,
			wantReason: "reached a failure state",
		},
		{
			name:       "unexpected error",
			acceptors:  tableAcceptors,
			steps:      []step{{err: errBoom}},
			wantCalls:  1,
			wantErr:    true,
			wantReason: "unexpected error",
			wantUnwrap: errBoom,
		},
		{
			name: "errorType success",
			acceptors: []Acceptor{
				{State: WaitSuccess, Matcher: MatchErrorType, ErrorType: "ResourceNotFoundException"},
				{State: WaitRetry, Matcher: MatchSuccess, Success: true},
			},
			steps:     []step{{out: out("DELETING")}, {err: fmt.Errorf("op: %w", errNotFound)}},
			wantCalls: 2,
		},
		{
			name: "success matcher",
			acceptors: []Acceptor{
				{State: WaitSuccess, Matcher: MatchSuccess, Success: true},
				{State: WaitRetry, Matcher: MatchErrorType, ErrorType: "ResourceNotFoundException"},
			},
			steps:     []step{{err: errNotFound}, {err: errNotFound}, {out: out("")}},
			wantCalls: 3,
		},
		{
			name: "failure on error",
			acceptors: []Acceptor{
				{State: WaitFailure, Matcher: MatchSuccess, Success: false},
			},
			steps:      []step{{err: errNotFound}},
			wantCalls:  1,
			wantErr:    true,
			wantReason: "reached a failure state",
			wantUnwrap: errNotFound,
		},
		{
			name: "allStringEquals on a projection",
			acceptors: []Acceptor{
				{State: WaitSuccess, Matcher: MatchOutput, Path: "Items[].State", Expected: "ready", Comparator: "allStringEquals"},
				{State: WaitFailure, Matcher: MatchOutput, Path: "Items[].State", Expected: "broken", Comparator: "anyStringEquals"},
			},
			steps:     []step{{out: out("", "ready", "pending")}, {out: out("")}, {out: out("", "ready", "ready")}},
			wantCalls: 3,
		},
		{
			name: "anyStringEquals failure on a projection",
			acceptors: []Acceptor{
				{State: WaitSuccess, Matcher: MatchOutput, Path: "Items[].State", Expected: "ready", Comparator: "allStringEquals"},
				{State: WaitFailure, Matcher: MatchOutput, Path: "Items[].State", Expected: "broken", Comparator: "anyStringEquals"},
			},
			steps:      []step{{out: out("", "ready", "broken")}},
			wantCalls:  1,
			wantErr:    true,
			wantReason: "reached a failure state",
		},
		{
			name:       "max wait exceeded",
			acceptors:  tableAcceptors,
			steps:      []step{{out: out("CREATING")}},
			maxWait:    30 * time.Millisecond,
			wantErr:    true,
			wantReason: "exceeded the maximum wait time",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			maxWait := tt.maxWait
			if maxWait == 0 {
				maxWait = 10 * time.Second
			}
			spec := WaitSpec{
				Name:      "TableExists",
				MinDelay:  time.Millisecond,
				MaxDelay:  2 * time.Millisecond,
				MaxWait:   maxWait,
				Acceptors: tt.acceptors,
			}
			calls := 0
			_, err := Wait(context.Background(), spec, func(ctx context.Context) (any, error) {
				s := tt.steps[min(calls, len(tt.steps)-1)]
				calls++
				return s.out, s.err
			})
			if tt.wantCalls != 0 && calls != tt.wantCalls {
				t.Errorf("calls = %d; want %d", calls, tt.wantCalls)
			}
			if !tt.wantErr {
				if err != nil {
					t.Fatalf("Wait: %v; want success", err)
				}
				return
			}
			var we *WaiterError
			if !errors.As(err, &we) {
				t.Fatalf("Wait error = %v (%T); want *WaiterError", err, err)
			}
			if we.Name != "TableExists" || we.Reason != tt.wantReason {
				t.Errorf("WaiterError = {%q, %q}; want {%q, %q}", we.Name, we.Reason, "TableExists", tt.wantReason)
			}
			if tt.wantUnwrap != nil && !errors.Is(err, tt.wantUnwrap) {
				t.Errorf("errors.Is(%v, %v) = false; want true", err, tt.wantUnwrap)
			}
		})
	}
}

func TestWaitInvalidSpec(t *testing.T) {
	tests := []struct {
		name string
		spec WaitSpec
		want string
	}{
		{"zero max wait", WaitSpec{Name: "W", MinDelay: time.Millisecond, MaxDelay: time.Millisecond}, "maximum wait time"},
		{"zero min delay", WaitSpec{Name: "W", MaxDelay: time.Millisecond, MaxWait: time.Second}, "invalid delays"},
		{"max below min", WaitSpec{Name: "W", MinDelay: 2 * time.Millisecond, MaxDelay: time.Millisecond, MaxWait: time.Second}, "invalid delays"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			called := false
			_, err := Wait(context.Background(), tt.spec, func(context.Context) (any, error) { called = true; return nil, nil })
			var we *WaiterError
			if !errors.As(err, &we) || !strings.Contains(we.Reason, tt.want) {
				t.Errorf("Wait = %v; want *WaiterError with reason containing %q", err, tt.want)
			}
			if called {
				t.Error("call ran; want no call for an invalid spec")
			}
		})
	}
}

func TestWaitInputOutput(t *testing.T) {
	spec := WaitSpec{
		Name: "W", MinDelay: time.Millisecond, MaxDelay: time.Millisecond, MaxWait: time.Second,
		Input: &struct{ TableName string }{TableName: "t1"},
		Acceptors: []Acceptor{
			{State: WaitSuccess, Matcher: MatchInputOutput, Path: "input.TableName", Expected: "t1", Comparator: "stringEquals"},
		},
	}
	calls := 0
	if _, err := Wait(context.Background(), spec, func(context.Context) (any, error) { calls++; return out("x"), nil }); err != nil {
		t.Fatalf("Wait: %v", err)
	}
	if calls != 1 {
		t.Errorf("calls = %d; want 1", calls)
	}
}

func TestWaitDelay(t *testing.T) {
	tests := []struct {
		name     string
		attempt  int
		min, max time.Duration
		lo, hi   time.Duration
	}{
		{"first attempt is min", 1, time.Second, 10 * time.Second, time.Second, time.Second},
		{"second attempt", 2, time.Second, 10 * time.Second, time.Second, 2 * time.Second},
		{"capped", 10, time.Second, 10 * time.Second, time.Second, 10 * time.Second},
		{"huge attempt", 100, time.Second, 10 * time.Second, time.Second, 10 * time.Second},
		{"min equals max", 5, time.Second, time.Second, time.Second, time.Second},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			for range 100 {
				if d := waitDelay(tt.attempt, tt.min, tt.max); d < tt.lo || d > tt.hi {
					t.Fatalf("waitDelay(%d, %v, %v) = %v; want in [%v, %v]", tt.attempt, tt.min, tt.max, d, tt.lo, tt.hi)
				}
			}
		})
	}
}

func TestPathValues(t *testing.T) {
	active := "ACTIVE"
	v := &waitOutput{
		Table: &waitTable{Status: &active, Count: 3, Ready: true},
		Items: []waitItem{{State: "a", Tags: []string{"x", "y"}}, {State: "b"}},
		Name:  "t1",
	}
	tests := []struct {
		name string
		v    any
		path string
		want []any
	}{
		{"nested pointer field", v, "Table.Status", []any{"ACTIVE"}},
		{"int field", v, "Table.Count", []any{int32(3)}},
		{"bool field", v, "Table.Ready", []any{true}},
		{"projection", v, "Items[].State", []any{"a", "b"}},
		{"star projection", v, "Items[*].State", []any{"a", "b"}},
		{"nested projection", v, "Items[].Tags[]", []any{"x", "y"}},
		{"length of list", v, "length(Items)", []any{2}},
		{"length of projection", v, "length(Items[].Tags)", []any{2}},
		{"case-insensitive name", v, "table.status", []any{"ACTIVE"}},
		{"name tag", v, "TableName", []any{"t1"}},
		{"missing field", v, "Table.Nope", []any{}},
		{"nil pointer", &waitOutput{}, "Table.Status", []any{}},
		{"nil leaf", &waitOutput{Table: &waitTable{}}, "Table.Status", []any{}},
		{"map", map[string]any{"output": v}, "output.Table.Status", []any{"ACTIVE"}},
		{"nil root", nil, "Table.Status", []any{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := pathValues(tt.v, tt.path)
			if len(got) == 0 && len(tt.want) == 0 {
				return
			}
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("pathValues(%q) = %#v; want %#v", tt.path, got, tt.want)
			}
		})
	}
}

type stringerState int

func (s stringerState) String() string { return [...]string{"off", "on"}[s] }

func TestCompare(t *testing.T) {
	tests := []struct {
		name       string
		vals       []any
		expected   string
		comparator string
		want       bool
	}{
		{"stringEquals match", []any{"ACTIVE"}, "ACTIVE", "stringEquals", true},
		{"stringEquals mismatch", []any{"CREATING"}, "ACTIVE", "stringEquals", false},
		{"stringEquals none", nil, "ACTIVE", "stringEquals", false},
		{"stringEquals two values", []any{"ACTIVE", "ACTIVE"}, "ACTIVE", "stringEquals", false},
		{"stringEquals named string", []any{tableState("ACTIVE")}, "ACTIVE", "stringEquals", true},
		{"stringEquals stringer", []any{stringerState(1)}, "on", "stringEquals", true},
		{"stringEquals int", []any{2}, "2", "stringEquals", true},
		{"booleanEquals true", []any{true}, "true", "booleanEquals", true},
		{"booleanEquals false", []any{false}, "true", "booleanEquals", false},
		{"allStringEquals all", []any{"a", "a"}, "a", "allStringEquals", true},
		{"allStringEquals some", []any{"a", "b"}, "a", "allStringEquals", false},
		{"allStringEquals empty", nil, "a", "allStringEquals", false},
		{"anyStringEquals one", []any{"b", "a"}, "a", "anyStringEquals", true},
		{"anyStringEquals none", []any{"b", "c"}, "a", "anyStringEquals", false},
		{"anyStringEquals empty", nil, "a", "anyStringEquals", false},
		{"unknown comparator", []any{"a"}, "a", "regexMatch", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := compare(tt.vals, tt.expected, tt.comparator); got != tt.want {
				t.Errorf("compare(%v, %q, %q) = %v; want %v", tt.vals, tt.expected, tt.comparator, got, tt.want)
			}
		})
	}
}
