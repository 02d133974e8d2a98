package restxml

import (
	"bytes"
	"errors"
	"io"
	"net/http"
	"net/url"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/aws/smithy-go"
	smithyhttp "github.com/aws/smithy-go/transport/http"

	"github.com/nimbus-sdk/nimbus/internal/protocol"
)

// S3-like shapes used by the unit tests, benchmarks and fuzz test.

type putObjectInput struct {
	_             struct{}          `shape:"PutObjectRequest"`
	Bucket        *string           `location:"uri" locationName:"Bucket" required:"true"`
	Key           *string           `location:"uri" locationName:"Key" required:"true"`
	Body          io.Reader         `location:"payload" streaming:"true"`
	ContentType   *string           `location:"header" locationName:"Content-Type"`
	ContentLength *int64            `location:"header" locationName:"Content-Length"`
	Expires       *time.Time        `location:"header" locationName:"Expires"`
	Metadata      map[string]string `location:"headers" locationName:"x-amz-meta-"`
	StorageClass  *storageClass     `location:"header" locationName:"x-amz-storage-class"`
	Tagging       *string           `location:"header" locationName:"x-amz-tagging"`
}

type storageClass string

var putObjectOp = &protocol.Operation{Name: "PutObject", Method: "PUT", URI: "/{Bucket}/{Key+}?x-id=PutObject"}

type getObjectOutput struct {
	_            struct{}          `shape:"GetObjectOutput"`
	Body         io.ReadCloser     `location:"payload" streaming:"true"`
	ETag         *string           `location:"header" locationName:"ETag"`
	LastModified *time.Time        `location:"header" locationName:"Last-Modified"`
	Metadata     map[string]string `location:"headers" locationName:"x-amz-meta-"`
}

type listObjectsV2Output struct {
	_                     struct{}       `shape:"ListObjectsV2Output" xmlName:"ListBucketResult"`
	IsTruncated           *bool          `name:"IsTruncated"`
	Contents              []s3Object     `xmlFlattened:"true"`
	Name                  *string        `name:"Name"`
	Prefix                *string        `name:"Prefix"`
	MaxKeys               *int32         `name:"MaxKeys"`
	CommonPrefixes        []commonPrefix `xmlFlattened:"true"`
	KeyCount              *int32
	ContinuationToken     *string
	NextContinuationToken *string
	RequestCharged        *string `location:"header" locationName:"x-amz-request-charged"`
}

type s3Object struct {
	_            struct{} `shape:"Object"`
	Key          *string
	LastModified *time.Time
	ETag         *string
	Size         *int64
	StorageClass *storageClass
	Owner        *owner
}

type owner struct {
	_           struct{} `shape:"Owner"`
	DisplayName *string
	ID          *string
}

type commonPrefix struct {
	_      struct{} `shape:"CommonPrefix"`
	Prefix *string
}

var listObjectsV2Op = &protocol.Operation{Name: "ListObjectsV2", Method: "GET", URI: "/{Bucket}?list-type=2"}

type noSuchKey struct {
	_       struct{} `shape:"NoSuchKey" error:"client"`
	Message *string
}

func (e *noSuchKey) Error() string { return "NoSuchKey" }

type notFound struct {
	_       struct{} `shape:"NotFound" error:"client"`
	Message *string
}

func (e *notFound) Error() string { return "NotFound" }

var headObjectOp = &protocol.Operation{Name: "HeadObject", Method: "HEAD", URI: "/{Bucket}/{Key+}", Errors: map[string]reflect.Type{
	"NoSuchKey": reflect.TypeFor[noSuchKey](),
	"NotFound":  reflect.TypeFor[notFound](),
}}

func ptr[T any](v T) *T { return &v }

func newRequest(t testing.TB, endpoint string) *smithyhttp.Request {
	req := smithyhttp.NewStackRequest().(*smithyhttp.Request)
	u, err := url.Parse(endpoint)
	if err != nil {
		t.Fatal(err)
	}
	req.URL = u
	return req
}

func newResponse(status int, header http.Header, body string) *smithyhttp.Response {
	if header == nil {
		header = http.Header{}
	}
	return &smithyhttp.Response{Response: &http.Response{
		StatusCode: status, Header: header, Body: io.NopCloser(strings.NewReader(body)), ContentLength: int64(len(body)),
	}}
}

func TestSerializePutObject(t *testing.T) {
	body := strings.NewReader("hello")
	in := &putObjectInput{
		Bucket:       ptr("my-bucket"),
		Key:          ptr("photos/2024/a b+c%.jpg"),
		Body:         body,
		ContentType:  ptr("image/jpeg"),
		Expires:      ptr(time.Date(2024, 1, 2, 3, 4, 5, 0, time.UTC)),
		Metadata:     map[string]string{"Color": "red"},
		StorageClass: ptr(storageClass("STANDARD_IA")),
	}
	req := newRequest(t, "https://s3.us-east-1.amazonaws.com/base")
	if err := (Codec{}).SerializeRequest(putObjectOp, in, req); err != nil {
		t.Fatal(err)
	}
	tests := []struct{ name, got, want string }{
		{"method", req.Method, "PUT"},
		{"path", req.URL.EscapedPath(), "/base/my-bucket/photos/2024/a%20b%2Bc%25.jpg"},
		{"query", req.URL.RawQuery, "x-id=PutObject"},
		{"content-type", req.Header.Get("Content-Type"), "image/jpeg"},
		{"expires", req.Header.Get("Expires"), "Tue, 02 Jan 2024 03:04:05 GMT"},
		{"meta", req.Header.Get("X-Amz-Meta-Color"), "red"},
		{"storage class", req.Header.Get("X-Amz-Storage-Class"), "STANDARD_IA"},
	}
	for _, tt := range tests {
		if tt.got != tt.want {
			t.Errorf("%s = %q; want %q", tt.name, tt.got, tt.want)
		}
	}
	if req.GetStream() != body {
		t.Errorf("stream = %v; want the input reader, unread", req.GetStream())
	}
	if body.Len() != 5 {
		t.Errorf("the codec read the streaming body")
	}
}

func TestDeserializeStreamingOutput(t *testing.T) {
	body := io.NopCloser(strings.NewReader("data"))
	resp := newResponse(200, http.Header{"Etag": {`"abc"`}, "X-Amz-Meta-Color": {"red"}, "Last-Modified": {"Tue, 02 Jan 2024 03:04:05 GMT"}}, "")
	resp.Body = body
	var out getObjectOutput
	if err := (Codec{}).DeserializeResponse(&protocol.Operation{Name: "GetObject"}, resp, &out); err != nil {
		t.Fatal(err)
	}
	if out.Body != body {
		t.Errorf("Body = %v; want resp.Body", out.Body)
	}
	if *out.ETag != `"abc"` || out.Metadata["color"] != "red" || !out.LastModified.Equal(time.Date(2024, 1, 2, 3, 4, 5, 0, time.UTC)) {
		t.Errorf("headers decoded as %+v", out)
	}
}

func TestDeserializeError(t *testing.T) {
	tests := []struct {
		name       string
		status     int
		header     http.Header
		body       string
		wantType   any
		wantCode   string
		wantMsg    string
		wantReqID  string
		wantHostID string
	}{
		{
			name:     "S3 unwrapped modelled",
			status:   404,
			header:   http.Header{"X-Amz-Request-Id": {"REQ1"}, "X-Amz-Id-2": {"HOST1"}},
			body:     `<?xml version="1.0" encoding="UTF-8"?><Error><Code>NoSuchKey</Code><Message>The specified key does not exist.</Message><Key>k</Key><RequestId>REQ1</RequestId><HostId>HOST1</HostId></Error>`,
			wantType: &noSuchKey{}, wantCode: "NoSuchKey", wantMsg: "The specified key does not exist.",
			wantReqID: "REQ1", wantHostID: "HOST1",
		},
		{
			name:     "wrapped generic",
			status:   400,
			body:     `<ErrorResponse><Error><Type>Sender</Type><Code>InvalidArgument</Code><Message>bad</Message></Error><RequestId>R2</RequestId></ErrorResponse>`,
			wantType: &smithy.GenericAPIError{}, wantCode: "InvalidArgument", wantMsg: "bad", wantReqID: "R2",
		},
		{
			name:     "HEAD 404 without body",
			status:   404,
			header:   http.Header{"X-Amzn-Requestid": {"R3"}},
			wantType: &notFound{}, wantCode: "NotFound", wantReqID: "R3",
		},
		{
			name:     "HEAD 412 without body",
			status:   412,
			wantType: &smithy.GenericAPIError{}, wantCode: "PreconditionFailed",
		},
		{
			name:     "server error",
			status:   503,
			body:     `<Error><Code>SlowDown</Code><Message>Reduce your request rate.</Message></Error>`,
			wantType: &smithy.GenericAPIError{}, wantCode: "SlowDown", wantMsg: "Reduce your request rate.",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := (Codec{}).DeserializeError(headObjectOp, newResponse(tt.status, tt.header, tt.body))
			var re *protocol.ResponseError
			if !errors.As(err, &re) {
				t.Fatalf("DeserializeError = %T; want *protocol.ResponseError", err)
			}
			if re.HTTPStatusCode() != tt.status || re.ServiceRequestID() != tt.wantReqID || re.HostID != tt.wantHostID {
				t.Errorf("ResponseError = %d %q %q; want %d %q %q", re.HTTPStatusCode(), re.RequestID, re.HostID, tt.status, tt.wantReqID, tt.wantHostID)
			}
			if reflect.TypeOf(re.Err) != reflect.TypeOf(tt.wantType) {
				t.Fatalf("error type = %T; want %T", re.Err, tt.wantType)
			}
			switch e := re.Err.(type) {
			case *smithy.GenericAPIError:
				if e.Code != tt.wantCode || e.Message != tt.wantMsg {
					t.Errorf("GenericAPIError = %+v; want code %q message %q", e, tt.wantCode, tt.wantMsg)
				}
				if want := smithy.FaultClient; tt.status >= 500 {
					if e.Fault != smithy.FaultServer {
						t.Errorf("Fault = %v; want server", e.Fault)
					}
				} else if e.Fault != want {
					t.Errorf("Fault = %v; want client", e.Fault)
				}
			case *noSuchKey:
				if e.Message == nil || *e.Message != tt.wantMsg {
					t.Errorf("Message = %v; want %q", e.Message, tt.wantMsg)
				}
			}
		})
	}
}

func TestRoundTripListObjects(t *testing.T) {
	body := listObjectsBody(3)
	var out listObjectsV2Output
	if err := (Codec{}).DeserializeResponse(listObjectsV2Op, newResponse(200, nil, body), &out); err != nil {
		t.Fatal(err)
	}
	if got := len(out.Contents); got != 3 {
		t.Fatalf("len(Contents) = %d; want 3", got)
	}
	c := out.Contents[2]
	if *c.Key != "photos/key-00002.jpg" || *c.Size != 2*1024 || *c.Owner.ID != "owner-id" || *c.StorageClass != "STANDARD" {
		t.Errorf("Contents[2] = %+v", c)
	}
	if *out.Name != "bucket" || !*out.IsTruncated || *out.KeyCount != 3 || len(out.CommonPrefixes) != 1 {
		t.Errorf("out = %+v", out)
	}
}

func TestEscaping(t *testing.T) {
	got := string(appendEscapedText(nil, "a<b>&\"'\r\n\t\x01\xff", false))
	want := "a&lt;b&gt;&amp;\"'&#xD;&#xA;\t\uFFFD\uFFFD"
	if got != want {
		t.Errorf("appendEscapedText = %q; want %q", got, want)
	}
	var buf bytes.Buffer
	buf.Write(appendEscapedText(nil, "x\"y", true))
	if buf.String() != "x&quot;y" {
		t.Errorf("attribute escaping = %q", buf.String())
	}
}
