package restxml

import "github.com/nimbus-sdk/nimbus/internal/protocol/internal/protocoltest"

// protocolTestCase is one botocore protocol test case; the table is
// generated into zz_protocoltest_test.go.
type protocolTestCase = protocoltest.Case
