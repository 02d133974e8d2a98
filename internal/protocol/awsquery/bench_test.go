package awsquery

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/nimbus-sdk/nimbus/internal/protocol"
)

type topic struct {
	_        struct{} `shape:"Topic"`
	TopicArn *string
}

type listTopicsOutput struct {
	_          struct{} `shape:"ListTopicsResponse"`
	Topics     []topic
	Attributes map[string]string
	Flat       []int32 `xmlFlattened:"true"`
	NextToken  *string
}

var listTopicsOp = &protocol.Operation{Name: "ListTopics", Version: "2010-03-31"}

func listTopicsBody(n int) string {
	var b strings.Builder
	b.WriteString(`<ListTopicsResponse xmlns="http://sns.amazonaws.com/doc/2010-03-31/"><ListTopicsResult><Topics>`)
	for i := range n {
		fmt.Fprintf(&b, "<member><TopicArn>arn:aws:sns:us-east-1:123456789012:topic-%05d</TopicArn></member>", i)
	}
	b.WriteString("</Topics><NextToken>token</NextToken></ListTopicsResult>")
	b.WriteString("<ResponseMetadata><RequestId>3f1478c7-33a9-11df-9540-99d0768312d3</RequestId></ResponseMetadata></ListTopicsResponse>")
	return b.String()
}

func BenchmarkSerializeAssumeRole(b *testing.B) {
	in := &assumeRoleInput{
		RoleArn:         ptr("arn:aws:iam::123456789012:role/demo"),
		RoleSessionName: ptr("session"),
		PolicyArns:      []policyDescriptor{{Arn: ptr("arn:aws:iam::aws:policy/ReadOnlyAccess")}},
		DurationSeconds: ptr[int32](3600),
		Tags:            []tag{{Key: ptr("team"), Value: ptr("infra")}, {Key: ptr("env"), Value: ptr("prod")}},
		Expires:         ptr(time.Date(2024, 1, 2, 3, 4, 5, 0, time.UTC)),
	}
	b.ReportAllocs()
	for b.Loop() {
		req := newRequest(b, "https://sts.amazonaws.com")
		if err := (Codec{}).SerializeRequest(assumeRoleOp, in, req); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkDeserializeListTopics(b *testing.B) {
	body := listTopicsBody(1000)
	b.SetBytes(int64(len(body)))
	b.ReportAllocs()
	for b.Loop() {
		var out listTopicsOutput
		if err := (Codec{}).DeserializeResponse(listTopicsOp, newResponse(200, nil, body), &out); err != nil {
			b.Fatal(err)
		}
	}
}
