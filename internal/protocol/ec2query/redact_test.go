package ec2query

import (
	"io"
	"reflect"
	"strings"
	"testing"

	"github.com/nimbus-sdk/nimbus/internal/protocol"
)

// redact returns what logging shows of data, a whole RunInstances body of
// Go type typ: a request's, or a response's when status is not 0.
func redact(typ reflect.Type, status int, data string) string {
	return string((Codec{}).Redact(&protocol.LoggedBody{
		Op: runInstancesOp, Type: typ, Response: status != 0, Status: status, Data: []byte(data), Complete: true,
	}))
}

// TestRedactRequest redacts the form of fullInput: every key is followed
// through the plan by its ec2Query name, lists without ".member", so only
// the sensitive members (UserData, a nested KmsKeyId) are masked.
func TestRedactRequest(t *testing.T) {
	req := newRequest(t, "https://ec2.us-east-1.amazonaws.com")
	if err := (Codec{}).SerializeRequest(runInstancesOp, fullInput(), req); err != nil {
		t.Fatal(err)
	}
	body, err := io.ReadAll(req.GetStream())
	if err != nil {
		t.Fatal(err)
	}
	got := redact(reflect.TypeFor[runInstancesInput](), 0, string(body))
	want := strings.Join(fullForm, "&")
	want = strings.Replace(want, "UserData=c2VjcmV0", "UserData=REDACTED", 1)
	want = strings.Replace(want, "KmsKeyId=key-1", "KmsKeyId=REDACTED", 1)
	if got != want {
		t.Errorf("Redact =\n%s\nwant\n%s", strings.ReplaceAll(got, "&", "\n"), strings.ReplaceAll(want, "&", "\n"))
	}
}

func TestRedactRequestUnknownKeys(t *testing.T) {
	tests := []struct{ in, want string }{
		// awsQuery's list form is not ec2Query's: its keys lead nowhere.
		{"Action=RunInstances&InstanceId.member.1=i-1", "Action=RunInstances&InstanceId.member.1=REDACTED"},
		// A member is found by its ec2Query name, not its member name.
		{"InstanceIds.1=i-1&ImageId=ami", "InstanceIds.1=REDACTED&ImageId=ami"},
		{"Address.V4=10.0.0.1&Address.v4=x", "Address.V4=10.0.0.1&Address.v4=REDACTED"},
	}
	for _, tt := range tests {
		if got := redact(reflect.TypeFor[runInstancesInput](), 0, tt.in); got != tt.want {
			t.Errorf("Redact(%q) = %q; want %q", tt.in, got, tt.want)
		}
	}
}

func TestRedactResponse(t *testing.T) {
	tests := []struct {
		name   string
		status int
		in     string
		want   string
	}{
		{
			name: "output under the root", status: 200,
			in: `<RunInstancesResponse xmlns="http://ec2.amazonaws.com/doc/2016-11-15/"><requestId>r-id</requestId>` +
				`<reservationSet><item><instancesSet><item><instanceId>i-1</instanceId><userData>c2VjcmV0</userData></item></instancesSet></item></reservationSet>` +
				`<unknown>x</unknown></RunInstancesResponse>`,
			want: `<RunInstancesResponse xmlns="http://ec2.amazonaws.com/doc/2016-11-15/"><requestId>r-id</requestId>` +
				`<reservationSet><item><instancesSet><item><instanceId>i-1</instanceId><userData>REDACTED</userData></item></instancesSet></item></reservationSet>` +
				`<unknown>REDACTED</unknown></RunInstancesResponse>`,
		},
		{
			name: "error", status: 400,
			in:   `<Response><Errors><Error><Code>InvalidAMIID</Code><Message>m</Message><Detail>d</Detail></Error></Errors><RequestID>r-id</RequestID></Response>`,
			want: `<Response><Errors><Error><Code>InvalidAMIID</Code><Message>m</Message><Detail>REDACTED</Detail></Error></Errors><RequestID>r-id</RequestID></Response>`,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := redact(reflect.TypeFor[runInstancesOutput](), tt.status, tt.in); got != tt.want {
				t.Errorf("Redact =\n%s\nwant\n%s", got, tt.want)
			}
		})
	}
}
