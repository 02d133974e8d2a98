package awsjson

import "github.com/nimbus-sdk/nimbus/internal/protocol"

// protocolTestCase is one botocore protocol test case; the table is
// generated into zz_protocoltest_test.go.
type protocolTestCase struct {
	ID    string
	Suite string
	// Request is set for request (input serialization) cases.
	Request bool
	// BotocoreIgnored is set when botocore's ignore list skips the case;
	// such cases still run here unless Skip is set.
	BotocoreIgnored bool
	// Skip, when set, is the reason the case does not run.
	Skip string
	Op   *protocol.Operation
	// RequestCompression lists the operation's
	// smithy.api#requestCompression encodings, which the runner applies
	// after the codec as the client runtime does.
	RequestCompression []string
	// JSONVersion is the suite's awsJson version; QueryCompatible is set
	// for awsQueryCompatible suites; Endpoint is the client endpoint when
	// the suite sets one.
	JSONVersion     string
	QueryCompatible bool
	Endpoint        string
	// New returns a pointer to a new input or output value (nil when the
	// operation has none).
	New func() any
	// JSON is the botocore case.
	JSON string
}
