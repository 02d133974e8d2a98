package ec2query

import (
	"errors"
	"io"
	"net/url"
	"reflect"
	"strings"
	"testing"

	"github.com/aws/smithy-go"
	smithyhttp "github.com/aws/smithy-go/transport/http"

	"github.com/nimbus-sdk/nimbus/internal/protocol"
	"github.com/nimbus-sdk/nimbus/internal/protocol/internal/protocoltest"
)

// A small EC2-like model, with the tags the generator emits for it.

type filter struct {
	_      struct{} `shape:"Filter"`
	Name   *string
	Values []string `name:"Values" memberXmlName:"item" ec2QueryName:"Value"`
}

type blockDevice struct {
	_          struct{} `shape:"BlockDeviceMapping"`
	DeviceName *string  `name:"deviceName" xmlName:"deviceName"`
	Ebs        *ebs     `name:"ebs"`
}

type ebs struct {
	_          struct{} `shape:"EbsBlockDevice"`
	VolumeSize *int32   `name:"volumeSize" xmlName:"volumeSize"`
	KmsKeyId   *string  `sensitive:"true"`
}

// ipAddress is a union, which ec2Query names like a structure member.
type ipAddress interface{ isIPAddress() }

type ipAddressMemberV4 struct {
	_     struct{} `shape:"IpAddress" union:"true"`
	Value string   `name:"v4"`
}

func (ipAddressMemberV4) isIPAddress() {}

func init() {
	protocol.RegisterUnion(reflect.TypeFor[ipAddress](), map[string]reflect.Type{
		"v4": reflect.TypeFor[ipAddressMemberV4](),
	})
}

type runInstancesInput struct {
	_             struct{}          `shape:"RunInstancesRequest"`
	ImageId       *string           //
	DryRun        *bool             `name:"dryRun" xmlName:"dryRun"`
	InstanceIds   []string          `name:"InstanceIds" ec2QueryName:"InstanceId" xmlName:"InstanceId"`
	Filters       []filter          `name:"Filters" ec2QueryName:"Filter" xmlName:"Filter"`
	BlockDevices  []blockDevice     `name:"BlockDeviceMappings" ec2QueryName:"BlockDeviceMapping" xmlName:"BlockDeviceMapping" memberXmlName:"BlockDeviceMapping"`
	Groups        [][]string        `name:"groups"`
	UserData      *string           `name:"userData" sensitive:"true"`
	Address       ipAddress         `name:"address"`
	Labels        map[string]string `name:"labels"`
	ClientToken   *string           `name:"clientToken" location:"header" locationName:"X-Client-Token"`
	Unset         []string          `name:"unset"`
	EmptyInstance []string          `name:"emptyInstance"`
}

type reservation struct {
	_             struct{}   `shape:"Reservation"`
	ReservationId *string    `name:"reservationId" xmlName:"reservationId"`
	Instances     []instance `name:"Instances" xmlName:"instancesSet" memberXmlName:"item"`
}

type instance struct {
	_          struct{} `shape:"Instance"`
	InstanceId *string  `name:"InstanceId" xmlName:"instanceId"`
	UserData   *string  `name:"userData" xmlName:"userData" sensitive:"true"`
}

type runInstancesOutput struct {
	_            struct{}      `shape:"Reservation" xmlName:"IgnoredName"`
	Reservations []reservation `name:"Reservations" xmlName:"reservationSet" memberXmlName:"item"`
	OwnerId      *string       `name:"OwnerId" xmlName:"ownerId"`
}

type invalidAMIID struct {
	_       struct{} `shape:"InvalidAMIID" error:"client" httpError:"400"`
	Message *string
}

func (e *invalidAMIID) Error() string { return "InvalidAMIID" }

var runInstancesOp = &protocol.Operation{
	Name:    "RunInstances",
	Version: "2016-11-15",
	Errors:  map[string]reflect.Type{"InvalidAMIID": reflect.TypeFor[invalidAMIID]()},
}

func ptr[T any](v T) *T { return &v }

func newRequest(t *testing.T, endpoint string) *smithyhttp.Request {
	t.Helper()
	req := smithyhttp.NewStackRequest().(*smithyhttp.Request)
	var err error
	if req.URL, err = url.Parse(endpoint); err != nil {
		t.Fatal(err)
	}
	return req
}

// fullInput sets a member of every kind the encoder treats apart.
func fullInput() *runInstancesInput {
	return &runInstancesInput{
		ImageId:     ptr("ami-12345678"),
		DryRun:      ptr(false),
		InstanceIds: []string{"i-1", "i-2"},
		Filters:     []filter{{Name: ptr("tag:Name"), Values: []string{"web", "db"}}},
		BlockDevices: []blockDevice{
			{DeviceName: ptr("/dev/sda1"), Ebs: &ebs{VolumeSize: ptr(int32(8)), KmsKeyId: ptr("key-1")}},
		},
		Groups:        [][]string{{"a"}, {"b", "c"}},
		UserData:      ptr("c2VjcmV0"),
		Address:       ipAddressMemberV4{Value: "10.0.0.1"},
		Labels:        map[string]string{"env": "prod"},
		ClientToken:   ptr("token-1"),
		EmptyInstance: []string{},
	}
}

// fullForm is the form of fullInput, in field order.
var fullForm = []string{
	"Action=RunInstances",
	"Version=2016-11-15",
	"ImageId=ami-12345678",
	"DryRun=false",
	"InstanceId.1=i-1",
	"InstanceId.2=i-2",
	"Filter.1.Name=tag%3AName",
	"Filter.1.Value.1=web",
	"Filter.1.Value.2=db",
	"BlockDeviceMapping.1.DeviceName=%2Fdev%2Fsda1",
	"BlockDeviceMapping.1.Ebs.VolumeSize=8",
	"BlockDeviceMapping.1.Ebs.KmsKeyId=key-1",
	"Groups.1.1=a",
	"Groups.2.1=b",
	"Groups.2.2=c",
	"UserData=c2VjcmV0",
	"Address.V4=10.0.0.1",
	"Labels.entry.1.key=env",
	"Labels.entry.1.value=prod",
	"ClientToken=token-1",
}

// TestSerializeRequest checks ec2Query's names (ec2QueryName, else the
// xmlName or member name capitalized), its flattened lists (also nested
// and inside structures), that an empty list is not sent, and that an
// HTTP binding is ignored.
func TestSerializeRequest(t *testing.T) {
	req := newRequest(t, "https://ec2.us-east-1.amazonaws.com")
	if err := (Codec{}).SerializeRequest(runInstancesOp, fullInput(), req); err != nil {
		t.Fatalf("SerializeRequest: %v", err)
	}
	body, err := io.ReadAll(req.GetStream())
	if err != nil {
		t.Fatal(err)
	}
	if got, want := string(body), strings.Join(fullForm, "&"); got != want {
		t.Errorf("body =\n%s\nwant\n%s", strings.ReplaceAll(got, "&", "\n"), strings.ReplaceAll(want, "&", "\n"))
	}
	if got := req.Header.Get("X-Client-Token"); got != "" {
		t.Errorf("header X-Client-Token = %q; want none (query protocols ignore HTTP bindings)", got)
	}
	if req.Method != "POST" || req.URL.Path != "/" || req.Header.Get("Content-Type") != "application/x-www-form-urlencoded" {
		t.Errorf("request = %s %s (%s); want POST / (application/x-www-form-urlencoded)", req.Method, req.URL.Path, req.Header.Get("Content-Type"))
	}
}

// TestSerializeQueryRequest checks the presign form: the same parameters
// in the query string of a GET without a body.
func TestSerializeQueryRequest(t *testing.T) {
	req := newRequest(t, "https://ec2.us-east-1.amazonaws.com/base")
	in := &runInstancesInput{ImageId: ptr("ami 1"), InstanceIds: []string{"i-1"}}
	if err := (Codec{}).SerializeQueryRequest(runInstancesOp, in, req); err != nil {
		t.Fatalf("SerializeQueryRequest: %v", err)
	}
	want := "Action=RunInstances&Version=2016-11-15&ImageId=ami%201&InstanceId.1=i-1"
	if req.Method != "GET" || req.URL.RawQuery != want || req.URL.Path != "/base/" || req.GetStream() != nil {
		t.Errorf("request = %s %s?%s (body %v); want GET /base/?%s without a body", req.Method, req.URL.Path, req.URL.RawQuery, req.GetStream() != nil, want)
	}
}

const runInstancesResponse = `<?xml version="1.0" encoding="UTF-8"?>
<RunInstancesResponse xmlns="http://ec2.amazonaws.com/doc/2016-11-15/">
  <requestId>59dbff89-35bd-4eac-99ed-be587EXAMPLE</requestId>
  <reservationSet>
    <item>
      <reservationId>r-1</reservationId>
      <instancesSet>
        <item><instanceId>i-1</instanceId><userData>c2VjcmV0</userData></item>
        <item><instanceId>i-2</instanceId></item>
      </instancesSet>
    </item>
  </reservationSet>
  <ownerId>123456789012</ownerId>
</RunInstancesResponse>`

// TestDeserializeResponse checks that the output members are the root's
// children (no Result wrapper) and that the output's xmlName is not used.
func TestDeserializeResponse(t *testing.T) {
	var out runInstancesOutput
	if err := (Codec{}).DeserializeResponse(runInstancesOp, protocoltest.NewResponse(200, nil, runInstancesResponse), &out); err != nil {
		t.Fatalf("DeserializeResponse: %v", err)
	}
	want := runInstancesOutput{
		OwnerId: ptr("123456789012"),
		Reservations: []reservation{{
			ReservationId: ptr("r-1"),
			Instances:     []instance{{InstanceId: ptr("i-1"), UserData: ptr("c2VjcmV0")}, {InstanceId: ptr("i-2")}},
		}},
	}
	if got, exp := protocoltest.Normalize(reflect.ValueOf(out)), protocoltest.Normalize(reflect.ValueOf(want)); !reflect.DeepEqual(got, exp) {
		t.Errorf("output = %s\nwant     %s", protocoltest.Dump(got), protocoltest.Dump(exp))
	}
}

func TestDeserializeResponseMalformed(t *testing.T) {
	var out runInstancesOutput
	err := (Codec{}).DeserializeResponse(runInstancesOp, protocoltest.NewResponse(200, nil, "<RunInstancesResponse><ownerId>1</RunInstancesResponse>"), &out)
	var de *DeserializationError
	if !errors.As(err, &de) || de.Operation != "RunInstances" || !strings.HasPrefix(err.Error(), "ec2query: RunInstances: ") {
		t.Errorf("DeserializeResponse = %v; want an ec2query *DeserializationError", err)
	}
}

// TestDeserializeError checks EC2's error form: the modelled error or a
// GenericAPIError, and the request id from the header or the body.
func TestDeserializeError(t *testing.T) {
	ec2Error := func(code string) string {
		return "<Response><Errors><Error><Code>" + code + "</Code><Message>no such image</Message></Error></Errors>" +
			"<RequestID>body-id</RequestID></Response>"
	}
	tests := []struct {
		name          string
		status        int
		header        map[string]string
		body          string
		wantRequestID string
		check         func(t *testing.T, err error)
	}{
		{
			name: "modelled", status: 400, body: ec2Error("InvalidAMIID"), wantRequestID: "body-id",
			check: func(t *testing.T, err error) {
				var e *invalidAMIID
				if !errors.As(err, &e) || e.Message == nil || *e.Message != "no such image" {
					t.Errorf("error = %#v; want *invalidAMIID with its message", err)
				}
			},
		},
		{
			name: "unmodelled server error", status: 503, header: map[string]string{"X-Amzn-Requestid": "header-id"},
			body: ec2Error("Unavailable"), wantRequestID: "header-id",
			check: func(t *testing.T, err error) {
				var ae *smithy.GenericAPIError
				if !errors.As(err, &ae) || ae.Code != "Unavailable" || ae.Fault != smithy.FaultServer {
					t.Errorf("error = %#v; want a server-fault GenericAPIError with code Unavailable", err)
				}
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := (Codec{}).DeserializeError(runInstancesOp, protocoltest.NewResponse(tt.status, tt.header, tt.body))
			var re *protocol.ResponseError
			if !errors.As(err, &re) || re.HTTPStatusCode() != tt.status || re.RequestID != tt.wantRequestID {
				t.Fatalf("DeserializeError = %#v; want a *protocol.ResponseError with status %d and request id %q", err, tt.status, tt.wantRequestID)
			}
			tt.check(t, err)
		})
	}
}
