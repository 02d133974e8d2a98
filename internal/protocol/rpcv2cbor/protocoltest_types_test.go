package rpcv2cbor

import "github.com/nimbus-sdk/nimbus/internal/protocol/internal/protocoltest"

// protocolTestCase is one protocol test case; the tables are generated
// into zz_protocoltest_test.go (botocore's form) and
// zz_protocoltest_smithy_test.go (the Smithy IDL's).
type protocolTestCase = protocoltest.Case
