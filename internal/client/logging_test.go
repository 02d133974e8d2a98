package client

import (
	"context"
	"fmt"
	"net/http"
	"reflect"
	"slices"
	"testing"

	"github.com/aws/smithy-go/logging"
	"github.com/aws/smithy-go/middleware"

	"github.com/nimbus-sdk/nimbus/internal/protocol"
	"github.com/nimbus-sdk/nimbus/internal/testenv/logtest"
	awsmw "github.com/nimbus-sdk/nimbus/middleware"
	"github.com/nimbus-sdk/nimbus/middleware/retry"
)

// TestLoggingIsInnermostDeserialize pins where the Logging middleware
// sits: last in the Deserialize step, between the operation deserializer
// and the transport, so that it reads the response body before anything
// consumes it.
func TestLoggingIsInnermostDeserialize(t *testing.T) {
	for _, op := range []*Operation{&opGetItem, &opPutItem} {
		t.Run(op.Protocol.Name, func(t *testing.T) {
			rt := New(&fakeService, Options{Logger: logging.Nop{}, ClientLogMode: awsmw.LogResponseWithBody})
			st, err := rt.Stack(op)
			if err != nil {
				t.Fatal(err)
			}
			ids := st.Deserialize.List()
			if len(ids) == 0 || ids[len(ids)-1] != awsmw.IDRequestResponseLogger {
				t.Errorf("Deserialize step = %v; want %s last", ids, awsmw.IDRequestResponseLogger)
			}
			if i, j := slices.Index(ids, awsmw.IDOperationDeserializer), slices.Index(ids, awsmw.IDRequestResponseLogger); i < 0 || j < i {
				t.Errorf("Deserialize step = %v; want %s after %s", ids, awsmw.IDRequestResponseLogger, awsmw.IDOperationDeserializer)
			}
		})
	}
}

type putSecretInput struct {
	_        struct{} `shape:"PutSecretRequest"`
	Id       *string  `location:"uri" locationName:"Id" required:"true"`
	APIKey   *string  `location:"header" locationName:"X-Api-Key" sensitive:"true"`
	Name     *string
	Password *string `sensitive:"true"`
}

type putSecretOutput struct {
	_       struct{} `shape:"PutSecretOutput"`
	Version *string  `location:"header" locationName:"X-Version"`
	Echo    *string  `location:"header" locationName:"X-Echo" sensitive:"true"`
	Name    *string
	Hash    *string `sensitive:"true"`

	ResultMetadata middleware.Metadata
}

type secretConflict struct {
	_      struct{} `shape:"SecretConflict" error:"client"`
	Holder *string  `location:"header" locationName:"X-Holder" sensitive:"true"`
	Detail *string  `sensitive:"true"`
}

func (*secretConflict) Error() string { return "SecretConflict" }

var opPutSecret = Operation{
	Protocol: &protocol.Operation{
		Name:         "PutSecret",
		Method:       "PUT",
		URI:          "/secrets/{Id}",
		StatusCode:   200,
		InputXMLName: "PutSecretRequest",
		Errors:       map[string]reflect.Type{"SecretConflict": reflect.TypeFor[secretConflict]()},
	},
	NewOutput: func() any { return new(putSecretOutput) },
}

// TestLogRedaction runs calls through the runtime with body logging on and
// checks that the sensitive members of the input, the output and a
// modelled error are masked in headers and bodies, and the others shown.
func TestLogRedaction(t *testing.T) {
	tests := []struct {
		name          string
		respond       func(n int, w http.ResponseWriter, r *http.Request)
		wantErr       bool
		hidden, shown []string
	}{
		{
			name: "success",
			respond: func(_ int, w http.ResponseWriter, _ *http.Request) {
				w.Header().Set("X-Version", "v7")
				w.Header().Set("X-Echo", "ECHO-SECRET")
				fmt.Fprint(w, `<PutSecretOutput><Name>db</Name><Hash>HASH-SECRET</Hash></PutSecretOutput>`)
			},
			hidden: []string{"API-KEY-SECRET", "PASSWORD-SECRET", "ECHO-SECRET", "HASH-SECRET"},
			shown: []string{"X-Api-Key: REDACTED\n", "<Name>db</Name><Password>REDACTED</Password>", "X-Version: v7\n", "X-Echo: REDACTED\n",
				"<PutSecretOutput><Name>db</Name><Hash>REDACTED</Hash></PutSecretOutput>"},
		},
		{
			name: "modelled error",
			respond: func(_ int, w http.ResponseWriter, _ *http.Request) {
				w.Header().Set("X-Holder", "HOLDER-SECRET")
				w.WriteHeader(http.StatusConflict)
				fmt.Fprint(w, `<Error><Code>SecretConflict</Code><Message>in use</Message><Detail>DETAIL-SECRET</Detail></Error>`)
			},
			wantErr: true,
			hidden:  []string{"HOLDER-SECRET", "DETAIL-SECRET"},
			shown:   []string{"X-Holder: REDACTED\n", "<Error><Code>SecretConflict</Code><Message>in use</Message><Detail>REDACTED</Detail></Error>"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv, _ := newServer(t, tt.respond)
			var log logtest.Logger
			rt := newTestRuntime(t, srv, func(o *Options) {
				o.Logger = &log
				o.ClientLogMode = awsmw.LogRequestWithBody | awsmw.LogResponseWithBody
				o.Retryer = retry.NewStandard(func(o *retry.StandardOptions) { o.MaxAttempts = 1 })
			})
			in := &putSecretInput{Id: ptr("s1"), APIKey: ptr("API-KEY-SECRET"), Name: ptr("db"), Password: ptr("PASSWORD-SECRET")}
			_, _, err := rt.Invoke(context.Background(), &opPutSecret, in, nil)
			if (err != nil) != tt.wantErr {
				t.Fatalf("Invoke error = %v; want error %v", err, tt.wantErr)
			}
			logtest.Check(t, log.String(), tt.hidden, tt.shown)
		})
	}
}

// TestLogRedactionNoCall checks that the Redact function gives no rules
// outside a call (a Logging middleware used in a stack of the user's).
func TestLogRedactionNoCall(t *testing.T) {
	if r := logRedaction(context.Background(), nil); r != nil {
		t.Errorf("logRedaction outside a call = %+v; want nil", r)
	}
}
