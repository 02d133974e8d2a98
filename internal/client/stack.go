package client

import (
	"context"
	"fmt"

	"github.com/aws/smithy-go/middleware"
	smithyhttp "github.com/aws/smithy-go/transport/http"

	"github.com/nimbus-sdk/nimbus/internal/httpreq"
	awsmw "github.com/nimbus-sdk/nimbus/middleware"
)

// stack assembles op's middleware stack for opts, with the IDs of
// middleware/ids.go. The order inside Finalize is fixed (DESIGN.md §3):
// retry, resolve auth scheme, get identity, resolve endpoint, checksums,
// payload hash, sign; sending and deserializing follow.
func (r *Runtime) stack(op *Operation, opts *Options) (*middleware.Stack, error) {
	st := middleware.NewStack(op.Protocol.Name, httpreq.New)
	reqChecksum := op.Checksum != nil && op.Checksum.RequestAlgorithmMember != ""
	respChecksum := op.Checksum != nil && op.Checksum.ValidationModeMember != ""

	st.Initialize.Add(idempotencyMiddleware{}, middleware.After)
	st.Initialize.Add(validateMiddleware{}, middleware.After)
	if op.PresignURL != nil {
		st.Initialize.Add(presignURLMiddleware{}, middleware.After)
	}
	if reqChecksum {
		st.Initialize.Add(setupInputChecksum{}, middleware.After)
	}
	if respChecksum {
		st.Initialize.Add(setupOutputChecksum{}, middleware.After)
	}

	st.Serialize.Add(serializeMiddleware{}, middleware.After)
	if len(op.RequestCompression) > 0 {
		st.Serialize.Add(requestCompression{}, middleware.After)
	}
	if respChecksum {
		st.Serialize.Add(responseChecksumMode{}, middleware.After)
	}

	st.Build.Add(&smithyhttp.ComputeContentLength{}, middleware.After)
	if op.Protocol.ChecksumRequired && !reqChecksum {
		st.Build.Add(contentMD5Middleware{}, middleware.After)
	}

	st.Finalize.Add(retryMiddleware{}, middleware.After)
	if opts.observed() {
		st.Finalize.Add(observeAttempt{}, middleware.After)
	}
	st.Finalize.Add(authSchemeMiddleware{}, middleware.After)
	st.Finalize.Add(identityMiddleware{}, middleware.After)
	st.Finalize.Add(endpointMiddleware{}, middleware.After)
	if op.EndpointDiscovery != NoDiscovery && r.svc.EndpointDiscovery != nil {
		st.Finalize.Add(discoverEndpointMiddleware{}, middleware.After)
	}
	if reqChecksum {
		st.Finalize.Add(computeInputChecksum{}, middleware.After)
		st.Finalize.Add(inputChecksumTrailer{}, middleware.After)
	}
	st.Finalize.Add(payloadHashMiddleware{}, middleware.After)
	st.Finalize.Add(signingMiddleware{}, middleware.After)

	st.Deserialize.Add(deserializeMiddleware{}, middleware.After)
	if respChecksum {
		st.Deserialize.Add(validateOutputChecksum{}, middleware.After)
	}
	// After the deserializer, so Logging sits between it and the
	// transport and reads the body before the deserializer consumes it.
	if err := r.addAWSMiddleware(st, opts); err != nil {
		return nil, err
	}
	if reqChecksum {
		// Before UserAgent, which writes the feature codes it adds.
		if err := st.Build.Insert(checksumMetrics{}, awsmw.IDUserAgent, middleware.Before); err != nil {
			return nil, err
		}
	}
	if r.svc.Customize != nil {
		if err := r.svc.Customize(st, op); err != nil {
			return nil, fmt.Errorf("customizing %s: %w", op.Protocol.Name, err)
		}
	}
	for _, fn := range opts.APIOptions {
		if err := fn(st); err != nil {
			return nil, fmt.Errorf("applying APIOptions to %s: %w", op.Protocol.Name, err)
		}
	}
	return st, nil
}

var identity = []string{"identity"}

type serializeMiddleware struct{}

func (serializeMiddleware) ID() string { return awsmw.IDOperationSerializer }

func (serializeMiddleware) HandleSerialize(ctx context.Context, in middleware.SerializeInput, next middleware.SerializeHandler) (middleware.SerializeOutput, middleware.Metadata, error) {
	c := callFrom(ctx)
	req, ok := in.Request.(*smithyhttp.Request)
	if !ok {
		return middleware.SerializeOutput{}, middleware.Metadata{}, fmt.Errorf("unexpected request type %T", in.Request)
	}
	var ph phase
	if c.tel != nil {
		_, ph = c.startPhase(ctx, phaseSerialize)
	}
	err := c.rt.svc.Codec.SerializeRequest(c.op.Protocol, in.Parameters, req)
	if c.tel != nil {
		ph.end(ctx, err)
	}
	if err != nil {
		return middleware.SerializeOutput{}, middleware.Metadata{}, err
	}
	if es := c.op.EventStream; es != nil && es.Input != nil {
		if err := c.openInputStream(req); err != nil {
			return middleware.SerializeOutput{}, middleware.Metadata{}, err
		}
	}
	if es := c.op.EventStream; es != nil && es.Output != nil && req.Header.Get("Accept") != "" {
		// A codec that names the body it accepts (rpcv2Cbor) does not
		// know the response is a stream of events.
		req.Header.Set("Accept", eventStreamContentType)
	}
	// Ask for the body as stored: without this, Go's transport requests
	// gzip and silently decompresses, which breaks Content-Length, ranges
	// and checksums of objects stored with Content-Encoding: gzip.
	if _, ok := req.Header["Accept-Encoding"]; !ok {
		req.Header["Accept-Encoding"] = identity
	}
	return next.HandleSerialize(ctx, in)
}

type deserializeMiddleware struct{}

func (deserializeMiddleware) ID() string { return awsmw.IDOperationDeserializer }

func (deserializeMiddleware) HandleDeserialize(ctx context.Context, in middleware.DeserializeInput, next middleware.DeserializeHandler) (middleware.DeserializeOutput, middleware.Metadata, error) {
	out, md, err := next.HandleDeserialize(ctx, in)
	if err != nil {
		return out, md, err
	}
	resp, ok := out.RawResponse.(*smithyhttp.Response)
	if !ok {
		return out, md, fmt.Errorf("unexpected response type %T", out.RawResponse)
	}
	c := callFrom(ctx)
	if c.tel == nil {
		out.Result, err = c.decode(resp, &md)
		return out, md, err
	}
	_, ph := c.startPhase(ctx, phaseDeserialize)
	out.Result, err = c.decode(resp, &md)
	ph.end(ctx, err)
	return out, md, err
}

// decode decodes an attempt's response into the operation's output, or
// its error.
func (c *call) decode(resp *smithyhttp.Response, md *middleware.Metadata) (any, error) {
	codec := c.rt.svc.Codec
	if resp.StatusCode < 200 || resp.StatusCode >= 300 {
		resp.Body = c.limit(resp.Body, maxErrorBody, true)
		return nil, shortenMessage(codec.DeserializeError(c.op.Protocol, resp))
	}
	if c.op.EventStream != nil {
		// The body is the stream of events, read after the call returns
		// and bounded per message by the event-stream decoder.
		output := c.op.NewOutput()
		conn, err := c.openOutputStream(resp, output)
		if err != nil {
			return nil, err
		}
		md.Set(eventConnKey{}, conn)
		return output, nil
	}
	if !c.op.StreamingOutput {
		resp.Body = c.limit(resp.Body, c.opts.maxResponseBytes(), false)
	}
	output := c.op.NewOutput()
	if err := codec.DeserializeResponse(c.op.Protocol, resp, output); err != nil {
		return nil, shortenMessage(err) // S3 sends some errors with status 200
	}
	return output, nil
}
