package middleware

import (
	"context"
	"crypto/rand"

	smithymw "github.com/aws/smithy-go/middleware"
	smithyhttp "github.com/aws/smithy-go/transport/http"

	"github.com/nimbus-sdk/nimbus/internal/callctx"
)

// InvocationIDHeader is the header that carries the invocation ID.
const InvocationIDHeader = "Amz-Sdk-Invocation-Id"

// InvocationID is a Build-step middleware that gives every operation
// invocation a random version 4 UUID and sends it in the
// amz-sdk-invocation-id header.
//
// Build runs once per invocation, before the retry loop in Finalize, so
// every attempt of one invocation carries the same ID: the retry
// middleware copies the built request, header included, for each attempt.
// The ID is also stored as a stack value for later middleware; read it
// with [GetInvocationID].
//
// InvocationID has no fields and is safe for concurrent use.
type InvocationID struct{}

// NewInvocationID returns the invocation ID middleware.
func NewInvocationID() *InvocationID { return &InvocationID{} }

// ID returns [IDClientRequestID].
func (*InvocationID) ID() string { return IDClientRequestID }

type invocationIDKey struct{}

// HandleBuild sets the invocation ID header on the request and stores the ID
// in ctx.
func (*InvocationID) HandleBuild(ctx context.Context, in smithymw.BuildInput, next smithymw.BuildHandler) (
	smithymw.BuildOutput, smithymw.Metadata, error,
) {
	req, ok := in.Request.(*smithyhttp.Request)
	if !ok {
		return next.HandleBuild(ctx, in)
	}
	id := newUUIDv4()
	// Inside an SDK call the ID is kept in the call's own state (no new
	// context value) and the header's value slice is part of it.
	if st := callctx.From(ctx); st != nil {
		st.InvocationHeader[0] = id
		req.Header[InvocationIDHeader] = st.InvocationHeader[:]
		return next.HandleBuild(ctx, in)
	}
	req.Header.Set(InvocationIDHeader, id)
	ctx = smithymw.WithStackValue(ctx, invocationIDKey{}, id)
	return next.HandleBuild(ctx, in)
}

// GetInvocationID returns the invocation ID the [InvocationID] middleware
// stored in ctx, or "" if there is none.
func GetInvocationID(ctx context.Context) string {
	if id, _ := smithymw.GetStackValue(ctx, invocationIDKey{}).(string); id != "" {
		return id
	}
	if st := callctx.From(ctx); st != nil {
		return st.InvocationID()
	}
	return ""
}

// newUUIDv4 returns a random (version 4, RFC 9562) UUID in its canonical
// 36-character text form. crypto/rand does not fail on supported
// platforms, so neither does this.
func newUUIDv4() string {
	var b [16]byte
	_, _ = rand.Read(b[:])
	b[6] = b[6]&0x0f | 0x40 // version 4
	b[8] = b[8]&0x3f | 0x80 // variant 10xx
	return formatUUID(&b)
}

func formatUUID(b *[16]byte) string {
	const hexdigits = "0123456789abcdef"
	var s [36]byte
	j := 0
	for i, c := range b {
		if i == 4 || i == 6 || i == 8 || i == 10 {
			s[j] = '-'
			j++
		}
		s[j] = hexdigits[c>>4]
		s[j+1] = hexdigits[c&0x0f]
		j += 2
	}
	return string(s[:])
}
