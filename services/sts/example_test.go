package sts_test

import (
	"context"
	"encoding/base64"
	"fmt"
	"log"
	"net/url"
	"strings"
	"time"

	smithyhttp "github.com/aws/smithy-go/transport/http"

	"github.com/nimbus-sdk/nimbus/credentials"
	"github.com/nimbus-sdk/nimbus/services/sts"
)

// An Amazon EKS bearer token, as aws-iam-authenticator and "aws eks
// get-token" make it: a GetCallerIdentity URL presigned with the cluster's
// name in the signed x-k8s-aws-id header, base64url-encoded without
// padding after the prefix "k8s-aws-v1.". kubectl sends it as
// "Authorization: Bearer <token>"; the cluster decodes it, sends the URL
// to STS with the header, and maps the identity STS returns to a
// Kubernetes user.
//
// The example signs offline with a fixed key; a program would build the
// client with NewFromConfig from config.Load. The signing time (X-Amz-Date)
// and the signature change on every run, so only the stable parts of the
// URL are printed.
func ExamplePresignClient_PresignGetCallerIdentity_eksToken() {
	client := sts.New(sts.Options{
		Region:      "us-west-2",
		Credentials: credentials.NewStaticProvider("AKIAIOSFODNN7EXAMPLE", "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY", ""),
	})
	const cluster = "my-cluster"

	presigner := sts.NewPresignClient(client)
	req, err := presigner.PresignGetCallerIdentity(context.Background(), nil, func(o *sts.PresignOptions) {
		o.Expires = 60 * time.Second
		o.ClientOptions = append(o.ClientOptions, func(o *sts.Options) {
			o.APIOptions = append(o.APIOptions, smithyhttp.SetHeaderValue("x-k8s-aws-id", cluster))
		})
	})
	if err != nil {
		log.Fatal(err)
	}
	token := "k8s-aws-v1." + base64.RawURLEncoding.EncodeToString([]byte(req.URL))

	// What the cluster reads from the token.
	raw, err := base64.RawURLEncoding.DecodeString(strings.TrimPrefix(token, "k8s-aws-v1."))
	if err != nil {
		log.Fatal(err)
	}
	u, err := url.Parse(string(raw))
	if err != nil {
		log.Fatal(err)
	}
	q := u.Query()
	fmt.Println(req.Method, u.Scheme+"://"+u.Host+u.Path)
	for _, name := range []string{"Action", "Version", "X-Amz-Expires", "X-Amz-SignedHeaders"} {
		fmt.Printf("%s=%s\n", name, q.Get(name))
	}
	fmt.Println("x-k8s-aws-id:", req.SignedHeader.Get("x-k8s-aws-id"))
	// Output:
	// GET https://sts.us-west-2.amazonaws.com/
	// Action=GetCallerIdentity
	// Version=2011-06-15
	// X-Amz-Expires=60
	// X-Amz-SignedHeaders=host;x-k8s-aws-id
	// x-k8s-aws-id: my-cluster
}
