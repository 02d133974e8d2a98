package awsjson

import (
	"errors"
	"hash/crc32"
	"io"
	"net/http"
	"net/url"
	"reflect"
	"strconv"
	"testing"

	"github.com/aws/smithy-go"
	smithyhttp "github.com/aws/smithy-go/transport/http"

	"github.com/nimbus-sdk/nimbus/internal/protocol"
)

func newRequest(tb testing.TB) *smithyhttp.Request {
	tb.Helper()
	req := smithyhttp.NewStackRequest().(*smithyhttp.Request)
	var err error
	if req.URL, err = url.Parse("https://dynamodb.us-east-1.amazonaws.com"); err != nil {
		tb.Fatal(err)
	}
	return req
}

func TestDecodeQueryPage(t *testing.T) {
	body := queryBody(3)
	var out queryOutput
	if err := (Codec{Version: "1.0"}).DeserializeResponse(queryOp, newResponse(200, nil, body), &out); err != nil {
		t.Fatal(err)
	}
	if out.Count != 3 || out.ScannedCount != 3 || len(out.Items) != 3 {
		t.Fatalf("Count, ScannedCount, len(Items) = %d, %d, %d; want 3, 3, 3", out.Count, out.ScannedCount, len(out.Items))
	}
	item := out.Items[2]
	checks := []struct {
		name      string
		got, want any
	}{
		{"pk", item["pk"], &avS{Value: "USER#000002"}},
		{"total", item["total"], &avN{Value: "14.02"}},
		{"gift", item["gift"], &avBOOL{Value: true}},
		{"tags", item["tags"], &avL{Value: []attributeValue{&avS{Value: "electronics"}, &avS{Value: "priority"}, &avN{Value: "2"}}}},
		{"address.city", item["address"].(*avM).Value["city"], &avS{Value: "Seattle"}},
		{"note", item["note"], &avS{Value: `Leave at the front door, ring twice "please"`}},
		{"LastEvaluatedKey", out.LastEvaluatedKey["sk"], &avS{Value: "ORDER#2024-01-01#0999"}},
		{"ConsumedCapacity", *out.ConsumedCapacity.CapacityUnits, 128.5},
	}
	for _, c := range checks {
		if !reflect.DeepEqual(c.got, c.want) {
			t.Errorf("%s = %#v; want %#v", c.name, c.got, c.want)
		}
	}
}

func TestCheckCRC32(t *testing.T) {
	body := `{"Count":0,"Items":[],"ScannedCount":0}`
	good := strconv.FormatUint(uint64(crc32.ChecksumIEEE([]byte(body))), 10)
	tests := []struct {
		name    string
		check   bool
		header  string
		wantErr bool
	}{
		{"match", true, good, false},
		{"mismatch", true, "12345", true},
		{"garbage", true, "abc", true},
		{"no header", true, "", false},
		{"check off", false, "12345", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h := http.Header{}
			if tt.header != "" {
				h.Set("X-Amz-Crc32", tt.header)
			}
			var out queryOutput
			err := (Codec{CheckCRC32: tt.check}).DeserializeResponse(queryOp, newResponse(200, h, body), &out)
			var crcErr *CRC32Error
			if got := errors.As(err, &crcErr); got != tt.wantErr {
				t.Fatalf("DeserializeResponse() = %v; want CRC32Error: %v", err, tt.wantErr)
			}
			if tt.wantErr && !crcErr.RetryableError() {
				t.Error("CRC32Error is not retryable")
			}
		})
	}
}

func TestDeserializeErrorQueryCompatible(t *testing.T) {
	h := http.Header{}
	h.Set("X-Amzn-Query-Error", "AWS.SimpleQueueService.NonExistentQueue;Sender")
	h.Set("X-Amzn-Requestid", "req-1")
	body := `{"__type":"com.amazonaws.sqs#ResourceNotFoundException","message":"no queue"}`
	tests := []struct {
		name     string
		codec    Codec
		op       *protocol.Operation
		wantCode string
		wantType any
	}{
		{"modelled keeps override", Codec{QueryCompatible: true}, queryOp, "AWS.SimpleQueueService.NonExistentQueue", &resourceNotFoundException{}},
		{"generic takes query code", Codec{QueryCompatible: true}, &protocol.Operation{Name: "X"}, "AWS.SimpleQueueService.NonExistentQueue", &smithy.GenericAPIError{}},
		{"header ignored when not query compatible", Codec{}, &protocol.Operation{Name: "X"}, "ResourceNotFoundException", &smithy.GenericAPIError{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := tt.codec.DeserializeError(tt.op, newResponse(400, h.Clone(), body))
			var re *protocol.ResponseError
			if !errors.As(err, &re) || re.RequestID != "req-1" || re.HTTPStatusCode() != 400 {
				t.Fatalf("DeserializeError() = %#v; want a ResponseError with request id req-1", err)
			}
			if reflect.TypeOf(re.Err) != reflect.TypeOf(tt.wantType) {
				t.Fatalf("error type = %T; want %T", re.Err, tt.wantType)
			}
			var code string
			switch e := re.Err.(type) {
			case *resourceNotFoundException:
				code = *e.ErrorCodeOverride
				if *e.Message != "no queue" {
					t.Errorf("Message = %q; want %q", *e.Message, "no queue")
				}
			case *smithy.GenericAPIError:
				code = e.Code
			}
			if code != tt.wantCode {
				t.Errorf("code = %q; want %q", code, tt.wantCode)
			}
		})
	}
}

func TestSerializeRequest(t *testing.T) {
	in := &queryInput{TableName: ptr("t"), ExpressionAttributeValues: map[string]attributeValue{":v": &avN{Value: "1"}}}
	req := newRequest(t)
	if err := (Codec{Version: "1.0", QueryCompatible: true}).SerializeRequest(queryOp, in, req); err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(req.GetStream())
	for k, want := range map[string]string{
		"Content-Type": "application/x-amz-json-1.0", "X-Amz-Target": "DynamoDB_20120810.Query", "X-Amzn-Query-Mode": "true",
	} {
		if got := req.Header.Get(k); got != want {
			t.Errorf("header %s = %q; want %q", k, got, want)
		}
	}
	if want := `{"TableName":"t","ExpressionAttributeValues":{":v":{"N":"1"}}}`; string(body) != want {
		t.Errorf("body = %s; want %s", body, want)
	}
	if req.Method != "POST" || req.URL.Path != "/" {
		t.Errorf("method, path = %s %s; want POST /", req.Method, req.URL.Path)
	}
}
