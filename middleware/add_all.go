package middleware

import (
	"fmt"

	smithymw "github.com/aws/smithy-go/middleware"
)

// Options lists the middleware [AddAll] adds to a stack. A nil field is
// skipped. The values are shared by every stack of a client: build them
// once per client (the per-client state, such as the clock skew, lives in
// them), not once per operation.
type Options struct {
	InvocationID       *InvocationID
	UserAgent          *UserAgent
	RecursionDetection *RecursionDetection
	RequestID          *RequestID
	ClockSkew          *ClockSkew
	Logging            *Logging
}

// AddAll adds the middleware in o to stack:
//
//   - Build, at the end, in this order: InvocationID, UserAgent,
//     RecursionDetection;
//   - Deserialize, at the front: RequestID, then ClockSkew, so that they
//     see the operation deserializer's result and error;
//   - Deserialize, at the end: Logging, so that it sees the request as
//     sent and the response before anything reads it.
//
// AddAll fails without changing the stack if a middleware with the same
// ID is already in the step it goes to (smithy-go would otherwise run it
// twice). Call it after the operation's deserializer has been added;
// middleware added later at the end of the Deserialize step would sit
// between Logging and the transport.
func AddAll(stack *smithymw.Stack, o Options) error {
	var build, front, back []ider
	if o.InvocationID != nil {
		build = append(build, o.InvocationID)
	}
	if o.UserAgent != nil {
		build = append(build, o.UserAgent)
	}
	if o.RecursionDetection != nil {
		build = append(build, o.RecursionDetection)
	}
	if o.RequestID != nil {
		front = append(front, o.RequestID)
	}
	if o.ClockSkew != nil {
		front = append(front, o.ClockSkew)
	}
	if o.Logging != nil {
		back = append(back, o.Logging)
	}

	for _, m := range build {
		if _, dup := stack.Build.Get(m.ID()); dup {
			return fmt.Errorf("add %s: already in the Build step", m.ID())
		}
	}
	for _, m := range append(front, back...) {
		if _, dup := stack.Deserialize.Get(m.ID()); dup {
			return fmt.Errorf("add %s: already in the Deserialize step", m.ID())
		}
	}

	for _, m := range build {
		if err := stack.Build.Add(m.(smithymw.BuildMiddleware), smithymw.After); err != nil {
			return fmt.Errorf("add %s: %w", m.ID(), err)
		}
	}
	for i := len(front) - 1; i >= 0; i-- { // so front[0] ends up outermost
		if err := stack.Deserialize.Add(front[i].(smithymw.DeserializeMiddleware), smithymw.Before); err != nil {
			return fmt.Errorf("add %s: %w", front[i].ID(), err)
		}
	}
	for _, m := range back {
		if err := stack.Deserialize.Add(m.(smithymw.DeserializeMiddleware), smithymw.After); err != nil {
			return fmt.Errorf("add %s: %w", m.ID(), err)
		}
	}
	return nil
}

type ider interface{ ID() string }
