package imds_test

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"

	smithyhttp "github.com/aws/smithy-go/transport/http"

	"github.com/nimbus-sdk/nimbus/feature/ec2/imds"
)

// exampleIMDS starts a stand-in for IMDS that hands out one session
// token and serves an instance identity document; on EC2 there is no
// need for one, and the zero Options reach the real service.
func exampleIMDS() *httptest.Server {
	return httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch {
		case r.Method == http.MethodPut && r.URL.Path == "/latest/api/token":
			fmt.Fprint(w, "example-token")
		case r.Header.Get("X-Aws-Ec2-Metadata-Token") != "example-token":
			w.WriteHeader(http.StatusUnauthorized)
		case r.URL.Path == "/latest/dynamic/instance-identity/document":
			fmt.Fprint(w, `{"accountId": "123456789012", "region": "eu-west-3",
				"availabilityZone": "eu-west-3a", "instanceId": "i-0123456789abcdef0",
				"instanceType": "t4g.micro", "pendingTime": "2025-06-01T12:00:00Z"}`)
		case r.URL.Path == "/latest/meta-data/instance-id":
			fmt.Fprint(w, "i-0123456789abcdef0")
		default:
			http.NotFound(w, r)
		}
	}))
}

func ExampleClient_GetRegion() {
	srv := exampleIMDS()
	defer srv.Close()

	// On EC2: client := imds.NewFromConfig(cfg), with cfg from config.Load.
	client := imds.New(imds.Options{Endpoint: srv.URL})
	out, err := client.GetRegion(context.Background(), &imds.GetRegionInput{})
	if err != nil {
		fmt.Println("not on EC2?", err)
		return
	}
	fmt.Println(out.Region)
	// Output:
	// eu-west-3
}

func ExampleClient_GetInstanceIdentityDocument() {
	srv := exampleIMDS()
	defer srv.Close()

	client := imds.New(imds.Options{Endpoint: srv.URL})
	out, err := client.GetInstanceIdentityDocument(context.Background(), nil)
	if err != nil {
		fmt.Println(err)
		return
	}
	doc := out.InstanceIdentityDocument
	fmt.Println(doc.InstanceID, doc.InstanceType, doc.AvailabilityZone, doc.AccountID)
	fmt.Println(doc.PendingTime.Format("2006-01-02"))
	// Output:
	// i-0123456789abcdef0 t4g.micro eu-west-3a 123456789012
	// 2025-06-01
}

func ExampleClient_GetMetadata() {
	srv := exampleIMDS()
	defer srv.Close()

	client := imds.New(imds.Options{Endpoint: srv.URL})
	out, err := client.GetMetadata(context.Background(), &imds.GetMetadataInput{Path: "instance-id"})
	if err != nil {
		fmt.Println(err)
		return
	}
	defer out.Content.Close()
	id, err := io.ReadAll(out.Content)
	fmt.Println(string(id), err)

	// A path IMDS does not have is an HTTP 404, as in aws-sdk-go-v2.
	_, err = client.GetMetadata(context.Background(), &imds.GetMetadataInput{Path: "no/such/key"})
	var re *smithyhttp.ResponseError
	if errors.As(err, &re) {
		fmt.Println(re.HTTPStatusCode())
	}
	// Output:
	// i-0123456789abcdef0 <nil>
	// 404
}
