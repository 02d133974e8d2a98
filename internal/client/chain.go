package client

import (
	"context"

	"github.com/aws/smithy-go/middleware"

	"github.com/nimbus-sdk/nimbus/internal/httpreq"
)

// compile turns a configured middleware.Stack into an immutable handler
// chain. smithy-go's own Stack.HandleMiddleware re-links its step lists on
// every call; compiling once lets one chain serve every call of an
// operation concurrently, with no per-call allocation for the plumbing.
func compile(stack *middleware.Stack, terminal middleware.Handler) middleware.Handler {
	var deser middleware.DeserializeHandler = deserializeTerminal{terminal}
	ids := stack.Deserialize.List()
	for i := len(ids) - 1; i >= 0; i-- {
		m, _ := stack.Deserialize.Get(ids[i])
		deser = &deserializeLink{m: m, next: deser}
	}

	var fin middleware.FinalizeHandler = finalizeToDeserialize{deser}
	ids = stack.Finalize.List()
	for i := len(ids) - 1; i >= 0; i-- {
		m, _ := stack.Finalize.Get(ids[i])
		fin = &finalizeLink{m: m, next: fin}
	}

	var build middleware.BuildHandler = buildToFinalize{fin}
	ids = stack.Build.List()
	for i := len(ids) - 1; i >= 0; i-- {
		m, _ := stack.Build.Get(ids[i])
		build = &buildLink{m: m, next: build}
	}

	var ser middleware.SerializeHandler = serializeToBuild{build}
	ids = stack.Serialize.List()
	for i := len(ids) - 1; i >= 0; i-- {
		m, _ := stack.Serialize.Get(ids[i])
		ser = &serializeLink{m: m, next: ser}
	}

	var init middleware.InitializeHandler = initializeToSerialize{ser}
	ids = stack.Initialize.List()
	for i := len(ids) - 1; i >= 0; i-- {
		m, _ := stack.Initialize.Get(ids[i])
		init = &initializeLink{m: m, next: init}
	}
	return chainHead{init}
}

type chainHead struct{ next middleware.InitializeHandler }

func (h chainHead) Handle(ctx context.Context, in any) (any, middleware.Metadata, error) {
	out, md, err := h.next.HandleInitialize(ctx, middleware.InitializeInput{Parameters: in})
	return out.Result, md, err
}

type initializeLink struct {
	m    middleware.InitializeMiddleware
	next middleware.InitializeHandler
}

func (l *initializeLink) HandleInitialize(ctx context.Context, in middleware.InitializeInput) (middleware.InitializeOutput, middleware.Metadata, error) {
	return l.m.HandleInitialize(ctx, in, l.next)
}

type initializeToSerialize struct{ next middleware.SerializeHandler }

func (h initializeToSerialize) HandleInitialize(ctx context.Context, in middleware.InitializeInput) (middleware.InitializeOutput, middleware.Metadata, error) {
	out, md, err := h.next.HandleSerialize(ctx, middleware.SerializeInput{
		Parameters: in.Parameters,
		Request:    httpreq.New(),
	})
	return middleware.InitializeOutput{Result: out.Result}, md, err
}

type serializeLink struct {
	m    middleware.SerializeMiddleware
	next middleware.SerializeHandler
}

func (l *serializeLink) HandleSerialize(ctx context.Context, in middleware.SerializeInput) (middleware.SerializeOutput, middleware.Metadata, error) {
	return l.m.HandleSerialize(ctx, in, l.next)
}

type serializeToBuild struct{ next middleware.BuildHandler }

func (h serializeToBuild) HandleSerialize(ctx context.Context, in middleware.SerializeInput) (middleware.SerializeOutput, middleware.Metadata, error) {
	out, md, err := h.next.HandleBuild(ctx, middleware.BuildInput{Request: in.Request})
	return middleware.SerializeOutput{Result: out.Result}, md, err
}

type buildLink struct {
	m    middleware.BuildMiddleware
	next middleware.BuildHandler
}

func (l *buildLink) HandleBuild(ctx context.Context, in middleware.BuildInput) (middleware.BuildOutput, middleware.Metadata, error) {
	return l.m.HandleBuild(ctx, in, l.next)
}

type buildToFinalize struct{ next middleware.FinalizeHandler }

func (h buildToFinalize) HandleBuild(ctx context.Context, in middleware.BuildInput) (middleware.BuildOutput, middleware.Metadata, error) {
	out, md, err := h.next.HandleFinalize(ctx, middleware.FinalizeInput{Request: in.Request})
	return middleware.BuildOutput{Result: out.Result}, md, err
}

type finalizeLink struct {
	m    middleware.FinalizeMiddleware
	next middleware.FinalizeHandler
}

func (l *finalizeLink) HandleFinalize(ctx context.Context, in middleware.FinalizeInput) (middleware.FinalizeOutput, middleware.Metadata, error) {
	return l.m.HandleFinalize(ctx, in, l.next)
}

type finalizeToDeserialize struct{ next middleware.DeserializeHandler }

func (h finalizeToDeserialize) HandleFinalize(ctx context.Context, in middleware.FinalizeInput) (middleware.FinalizeOutput, middleware.Metadata, error) {
	out, md, err := h.next.HandleDeserialize(ctx, middleware.DeserializeInput{Request: in.Request})
	return middleware.FinalizeOutput{Result: out.Result}, md, err
}

type deserializeLink struct {
	m    middleware.DeserializeMiddleware
	next middleware.DeserializeHandler
}

func (l *deserializeLink) HandleDeserialize(ctx context.Context, in middleware.DeserializeInput) (middleware.DeserializeOutput, middleware.Metadata, error) {
	return l.m.HandleDeserialize(ctx, in, l.next)
}

type deserializeTerminal struct{ h middleware.Handler }

func (t deserializeTerminal) HandleDeserialize(ctx context.Context, in middleware.DeserializeInput) (middleware.DeserializeOutput, middleware.Metadata, error) {
	resp, md, err := t.h.Handle(ctx, in.Request)
	return middleware.DeserializeOutput{RawResponse: resp}, md, err
}
