// Package callctx carries the per-call state that middleware outside
// internal/client keeps for one operation call, in the context value that
// internal/client already sets for the call, so that such middleware does
// not add context values (two allocations each with smithy-go's stack
// values) of its own.
package callctx

import "context"

// Key is the context key of the current call. internal/client stores its
// call under it; the value implements [Carrier].
type Key struct{}

// Carrier is implemented by the value stored under [Key].
type Carrier interface {
	CallState() *State
}

// Names is implemented by the value stored under [Key]: the service's SDK
// ID ("SQS"), the operation ("ReceiveMessage") and the call's region
// (read by middleware.GetServiceID, GetOperationName and GetRegion).
type Names interface {
	CallNames() (serviceID, operation, region string)
}

// NamesOf returns the names of the call ctx belongs to, all "" outside a
// call.
func NamesOf(ctx context.Context) (serviceID, operation, region string) {
	if c, ok := ctx.Value(Key{}).(Names); ok {
		return c.CallNames()
	}
	return "", "", ""
}

// State is the per-call state of middleware outside internal/client.
// Fields are written by one middleware during the call, before any
// reader of the call's context runs after it, and read by the call's own
// flow only.
type State struct {
	// InvocationHeader[0] is the call's amz-sdk-invocation-id, set by
	// middleware.InvocationID; the array backs the header's value slice,
	// so that setting the header does not allocate one.
	InvocationHeader [1]string
}

// InvocationID returns the call's amz-sdk-invocation-id, "" before it is
// set.
func (s *State) InvocationID() string { return s.InvocationHeader[0] }

// From returns the state of the call ctx belongs to, or nil outside a
// call.
func From(ctx context.Context) *State {
	if c, ok := ctx.Value(Key{}).(Carrier); ok {
		return c.CallState()
	}
	return nil
}
