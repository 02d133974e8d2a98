package awsquery_test

import (
	"fmt"
	"io"
	"net/url"

	smithyhttp "github.com/aws/smithy-go/transport/http"

	"github.com/nimbus-sdk/nimbus/internal/protocol"
	"github.com/nimbus-sdk/nimbus/internal/protocol/awsquery"
)

type getSessionTokenInput struct {
	_               struct{} `shape:"GetSessionTokenRequest"`
	DurationSeconds *int32
	SerialNumber    *string
}

func ExampleCodec_SerializeRequest() {
	op := &protocol.Operation{Name: "GetSessionToken", Version: "2011-06-15"}
	d := int32(900)
	in := &getSessionTokenInput{DurationSeconds: &d, SerialNumber: new(string)}
	*in.SerialNumber = "arn:aws:iam::123456789012:mfa/user"

	req := smithyhttp.NewStackRequest().(*smithyhttp.Request)
	req.URL, _ = url.Parse("https://sts.amazonaws.com")
	if err := (awsquery.Codec{}).SerializeRequest(op, in, req); err != nil {
		fmt.Println(err)
		return
	}
	body, _ := io.ReadAll(req.GetStream())
	fmt.Println(req.Method, req.URL.Path, req.Header.Get("Content-Type"))
	fmt.Println(string(body))
	// Output:
	// POST / application/x-www-form-urlencoded
	// Action=GetSessionToken&Version=2011-06-15&DurationSeconds=900&SerialNumber=arn%3Aaws%3Aiam%3A%3A123456789012%3Amfa%2Fuser
}
