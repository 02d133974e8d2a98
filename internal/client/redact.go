package client

import (
	"context"
	"fmt"
	"reflect"

	smithyhttp "github.com/aws/smithy-go/transport/http"

	"github.com/nimbus-sdk/nimbus/internal/protocol"
	awsmw "github.com/nimbus-sdk/nimbus/middleware"
)

// logRedaction is the Redact function of every client's Logging
// middleware. It masks the sensitive members of the call's operation, as
// the generated types' sensitive tags mark them: in a request, those of
// the input type; in a 2xx response, those of the output type; in any
// other response, those of the operation's error types (the codec finds
// the error's type in the body). Bodies are masked by the service codec,
// which parses them in its protocol's format; a codec that cannot do
// that gets no Body rule, so bodies are not logged.
func logRedaction(ctx context.Context, resp *smithyhttp.Response) *awsmw.Redaction {
	c := callFrom(ctx)
	if c == nil {
		return nil
	}
	op := c.op.Protocol
	codec, _ := c.rt.svc.Codec.(protocol.Redactor)
	if resp == nil {
		t := typeOf(c.input)
		b := protocol.SensitiveBindingsOf(t)
		r := &awsmw.Redaction{Header: b.Header, Query: b.Query, Path: b.Path(), BinaryBody: rendersBinary(codec)}
		if codec != nil {
			r.Body = func(data []byte, complete bool) []byte {
				return redactBody(codec, &protocol.LoggedBody{Op: op, Type: t, Data: data, Complete: complete})
			}
		}
		return r
	}
	lb := protocol.LoggedBody{Op: op, Response: true, Status: resp.StatusCode, Header: resp.Header}
	r := &awsmw.Redaction{BinaryBody: rendersBinary(codec)}
	if lb.IsError() {
		r.Header = func(name string) bool {
			for _, t := range op.Errors {
				if protocol.SensitiveBindingsOf(t).Header(name) {
					return true
				}
			}
			return false
		}
	} else {
		lb.Type = typeOf(c.op.NewOutput())
		r.Header = protocol.SensitiveBindingsOf(lb.Type).Header
		if c.op.EventStream != nil {
			r.Unlogged = "an event stream"
			return r
		}
	}
	if codec != nil {
		r.Body = func(data []byte, complete bool) []byte {
			b := lb
			b.Data, b.Complete = data, complete
			return redactBody(codec, &b)
		}
	}
	return r
}

// redactBody runs the codec's redactor. Logging must never break a call:
// should the redactor panic, the body is not shown.
func redactBody(codec protocol.Redactor, b *protocol.LoggedBody) (out []byte) {
	defer func() {
		if recover() != nil {
			out = fmt.Appendf(nil, "[%d bytes not shown: redaction failed]", len(b.Data))
		}
	}()
	return codec.Redact(b)
}

// rendersBinary reports whether codec renders binary bodies as text (see
// protocol.BinaryRedactor).
func rendersBinary(codec protocol.Redactor) bool {
	b, ok := codec.(protocol.BinaryRedactor)
	return ok && b.RendersBinary()
}

// typeOf returns the dynamic type of a generated input or output value,
// or nil for a nil value.
func typeOf(v any) reflect.Type {
	rv := reflect.ValueOf(v)
	if !rv.IsValid() || rv.Kind() == reflect.Pointer && rv.IsNil() {
		return nil
	}
	return rv.Type()
}
