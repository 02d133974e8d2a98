package client

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"reflect"
	"strconv"
	"strings"
	"time"

	"github.com/aws/smithy-go"
)

// WaitState is the state an acceptor moves a waiter to.
type WaitState int

// Waiter states (smithy.waiters#waitable).
const (
	WaitSuccess WaitState = iota + 1
	WaitFailure
	WaitRetry
)

// MatchKind selects what an acceptor inspects.
type MatchKind int

// Matcher kinds.
const (
	MatchSuccess MatchKind = iota + 1
	MatchErrorType
	MatchOutput
	MatchInputOutput
)

// Acceptor is one smithy.waiters acceptor.
type Acceptor struct {
	State      WaitState
	Matcher    MatchKind
	Success    bool   // MatchSuccess: true matches a call without error
	ErrorType  string // MatchErrorType: the error code
	Path       string // MatchOutput / MatchInputOutput: a JMESPath subset
	Expected   string
	Comparator string // stringEquals, booleanEquals, allStringEquals, anyStringEquals
}

// WaitSpec describes one wait.
type WaitSpec struct {
	Name               string
	MinDelay, MaxDelay time.Duration
	MaxWait            time.Duration
	Acceptors          []Acceptor
	Input              any
}

// WaiterError reports why a wait ended without success.
type WaiterError struct {
	Name   string
	Reason string
	Err    error
}

// Error returns the error message.
func (e *WaiterError) Error() string {
	if e.Err != nil {
		return fmt.Sprintf("waiter %s: %s: %v", e.Name, e.Reason, e.Err)
	}
	return fmt.Sprintf("waiter %s: %s", e.Name, e.Reason)
}

// Unwrap returns the last call's error, if any.
func (e *WaiterError) Unwrap() error { return e.Err }

// Wait calls call until an acceptor reaches success or failure, an error
// matches no acceptor, or MaxWait elapses. Delays follow the Smithy waiter
// algorithm: exponential from MinDelay, capped at MaxDelay, with jitter,
// and never past the deadline.
func Wait(ctx context.Context, spec WaitSpec, call func(context.Context) (any, error)) (any, error) {
	if spec.MaxWait <= 0 {
		return nil, &WaiterError{Name: spec.Name, Reason: "maximum wait time must be greater than zero"}
	}
	if spec.MinDelay <= 0 || spec.MaxDelay < spec.MinDelay {
		return nil, &WaiterError{Name: spec.Name, Reason: fmt.Sprintf("invalid delays: min %v, max %v", spec.MinDelay, spec.MaxDelay)}
	}
	ctx, cancel := context.WithTimeout(ctx, spec.MaxWait)
	defer cancel()
	deadline, _ := ctx.Deadline()
	for attempt := 1; ; attempt++ {
		out, err := call(ctx)
		state, matched := evaluate(spec, out, err)
		switch {
		case matched && state == WaitSuccess:
			return out, nil
		case matched && state == WaitFailure:
			return out, &WaiterError{Name: spec.Name, Reason: "reached a failure state", Err: err}
		case !matched && err != nil:
			return out, &WaiterError{Name: spec.Name, Reason: "unexpected error", Err: err}
		}
		delay := waitDelay(attempt, spec.MinDelay, spec.MaxDelay)
		remaining := time.Until(deadline)
		if remaining <= spec.MinDelay || remaining <= 0 {
			return out, &WaiterError{Name: spec.Name, Reason: "exceeded the maximum wait time", Err: err}
		}
		if delay > remaining-spec.MinDelay {
			delay = remaining - spec.MinDelay
		}
		t := time.NewTimer(delay)
		select {
		case <-ctx.Done():
			t.Stop()
			return out, &WaiterError{Name: spec.Name, Reason: "exceeded the maximum wait time", Err: ctx.Err()}
		case <-t.C:
		}
	}
}

func waitDelay(attempt int, minDelay, maxDelay time.Duration) time.Duration {
	ceiling := maxDelay
	if attempt < 32 {
		if d := minDelay << (attempt - 1); d > 0 && d < maxDelay {
			ceiling = d
		}
	}
	if ceiling <= minDelay {
		return minDelay
	}
	return minDelay + rand.N(ceiling-minDelay+1)
}

func evaluate(spec WaitSpec, out any, err error) (WaitState, bool) {
	for _, a := range spec.Acceptors {
		switch a.Matcher {
		case MatchSuccess:
			if (err == nil) == a.Success {
				return a.State, true
			}
		case MatchErrorType:
			var ae smithy.APIError
			if err != nil && errors.As(err, &ae) && ae.ErrorCode() == a.ErrorType {
				return a.State, true
			}
		case MatchOutput:
			if err == nil && compare(pathValues(out, a.Path), a.Expected, a.Comparator) {
				return a.State, true
			}
		case MatchInputOutput:
			if err == nil {
				root := map[string]any{"input": spec.Input, "output": out}
				if compare(pathValues(root, a.Path), a.Expected, a.Comparator) {
					return a.State, true
				}
			}
		}
	}
	return 0, false
}

// pathValues evaluates a JMESPath subset — dotted field access with "[]"
// or "[*]" flattening projections, and length(path) — against v,
// returning the leaf values.
func pathValues(v any, path string) []any {
	if inner, ok := strings.CutPrefix(path, "length("); ok && strings.HasSuffix(inner, ")") {
		vals := pathValues(v, strings.TrimSuffix(inner, ")"))
		n := 0
		for _, x := range vals {
			rv := reflect.ValueOf(x)
			if rv.Kind() == reflect.Slice || rv.Kind() == reflect.Map || rv.Kind() == reflect.String {
				n += rv.Len()
			}
		}
		return []any{n}
	}
	cur := []reflect.Value{reflect.ValueOf(v)}
	for _, seg := range strings.Split(path, ".") {
		project := strings.HasSuffix(seg, "[]") || strings.HasSuffix(seg, "[*]")
		seg = strings.TrimSuffix(strings.TrimSuffix(seg, "[]"), "[*]")
		var next []reflect.Value
		for _, c := range cur {
			f := field(c, seg)
			if !f.IsValid() {
				continue
			}
			if project && f.Kind() == reflect.Slice {
				for i := 0; i < f.Len(); i++ {
					next = append(next, f.Index(i))
				}
				continue
			}
			next = append(next, f)
		}
		cur = next
	}
	out := make([]any, 0, len(cur))
	for _, c := range cur {
		for c.Kind() == reflect.Pointer || c.Kind() == reflect.Interface {
			if c.IsNil() {
				c = reflect.Value{}
				break
			}
			c = c.Elem()
		}
		if c.IsValid() {
			out = append(out, c.Interface())
		}
	}
	return out
}

func field(v reflect.Value, name string) reflect.Value {
	for v.Kind() == reflect.Pointer || v.Kind() == reflect.Interface {
		if v.IsNil() {
			return reflect.Value{}
		}
		v = v.Elem()
	}
	switch v.Kind() {
	case reflect.Struct:
		if f := v.FieldByName(name); f.IsValid() {
			return f
		}
		t := v.Type()
		for i := 0; i < t.NumField(); i++ {
			if strings.EqualFold(t.Field(i).Name, name) || t.Field(i).Tag.Get("name") == name {
				return v.Field(i)
			}
		}
	case reflect.Map:
		return v.MapIndex(reflect.ValueOf(name))
	}
	return reflect.Value{}
}

func compare(vals []any, expected, comparator string) bool {
	str := func(x any) string {
		switch t := x.(type) {
		case string:
			return t
		case bool:
			return strconv.FormatBool(t)
		case fmt.Stringer:
			return t.String()
		}
		rv := reflect.ValueOf(x)
		if rv.Kind() == reflect.String {
			return rv.String()
		}
		return fmt.Sprint(x)
	}
	switch comparator {
	case "stringEquals", "booleanEquals":
		return len(vals) == 1 && str(vals[0]) == expected
	case "allStringEquals":
		if len(vals) == 0 {
			return false
		}
		for _, v := range vals {
			if str(v) != expected {
				return false
			}
		}
		return true
	case "anyStringEquals":
		for _, v := range vals {
			if str(v) == expected {
				return true
			}
		}
	}
	return false
}
