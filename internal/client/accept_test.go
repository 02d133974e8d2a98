package client

import (
	"context"
	"net/http"
	"net/http/httptest"
	"reflect"
	"testing"

	"github.com/nimbus-sdk/nimbus/credentials"
	"github.com/nimbus-sdk/nimbus/internal/protocol"
	"github.com/nimbus-sdk/nimbus/internal/protocol/rpcv2cbor"
)

type acceptEvents interface{ isAcceptEvents() }

type acceptInput struct {
	_ struct{} `shape:"AcceptInput"`
}

type acceptOutput struct {
	_ struct{} `shape:"AcceptOutput"`
}

// TestEventStreamAccept checks that a codec's Accept header (rpcv2Cbor's
// application/cbor) becomes application/vnd.amazon.eventstream for an
// operation whose response is an event stream, and is left alone for the
// others.
func TestEventStreamAccept(t *testing.T) {
	for _, tt := range []struct {
		name   string
		stream *EventStreamSpec
		want   string
	}{
		{"event stream", &EventStreamSpec{Output: reflect.TypeFor[acceptEvents](), InitialMessages: true}, "application/vnd.amazon.eventstream"},
		{"buffered", nil, "application/cbor"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			var got string
			srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				got = r.Header.Get("Accept")
				w.WriteHeader(http.StatusBadRequest)
			}))
			defer srv.Close()
			svc := fakeService
			svc.Codec = rpcv2cbor.Codec{}
			o := Options{Region: "us-west-2", Credentials: credentials.NewStaticProvider(testAccessKey, testSecretKey, ""), HTTPClient: srv.Client(), BaseEndpoint: srv.URL, Retryer: fastRetryer()}
			ResolveDefaults(&svc, &o)
			rt := New(&svc, o)
			op := &Operation{
				Protocol:    &protocol.Operation{Name: "Watch", Service: "Svc"},
				NewOutput:   func() any { return new(acceptOutput) },
				EventStream: tt.stream,
			}
			if _, _, err := rt.Invoke(context.Background(), op, &acceptInput{}, nil); err == nil {
				t.Fatal("Invoke succeeded against a 400")
			}
			if got != tt.want {
				t.Errorf("Accept = %q; want %q", got, tt.want)
			}
		})
	}
}
