package rpcv2cbor

import "github.com/nimbus-sdk/nimbus/internal/protocol"

// protocolTestCase is one Smithy protocol test case; the tables are
// generated into zz_protocoltest_test.go (botocore's JSON form) and
// zz_idl_protocoltest_test.go (the IDL form).
type protocolTestCase struct {
	ID string
	// Suite is botocore's suite description, or the IDL shape (operation
	// or error) the test trait is on.
	Suite string
	// Request is set for request (input serialization) cases.
	Request bool
	// AppliesTo is the IDL test's appliesTo: "client", "server" or ""
	// (both). Server cases run the codec's encoder and decoder the other
	// way round: a request body is decoded, a response encoded.
	AppliesTo string
	// BotocoreIgnored is set when botocore's ignore list skips the case;
	// such cases still run here unless Skip is set.
	BotocoreIgnored bool
	// Skip, when set, is the reason the case does not run.
	Skip string
	Op   *protocol.Operation
	// QueryCompatible is set for awsQueryCompatible services.
	QueryCompatible bool
	// New returns a pointer to a new input or output value (nil when the
	// operation has none).
	New func() any
	// JSON is the case in botocore's form.
	JSON string
}
