package v4a_test

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"net/http"
	"strings"
	"time"

	"github.com/nimbus-sdk/nimbus/credentials"
	v4a "github.com/nimbus-sdk/nimbus/signer/v4a"
)

var exampleCreds = credentials.Credentials{
	AccessKeyID:     "AKIAIOSFODNN7EXAMPLE",
	SecretAccessKey: "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
}

// A GetObject through an S3 Multi-Region Access Point, whose endpoint asks
// for sigv4a with signing name "s3" and the region set {"*"}.
func ExampleSigner_SignHTTP() {
	signer := v4a.NewSigner(func(o *v4a.Options) { o.DisableURIPathEscaping = true }) // S3
	req, _ := http.NewRequest(http.MethodGet,
		"https://mfzwi23gnjvgw.mrap.accesspoint.s3-global.amazonaws.com/photos/cat.jpg", nil)
	req.Header.Set("Range", "bytes=0-9")

	out, err := signer.SignHTTP(context.Background(), &v4a.SignInput{
		Request:     req,
		PayloadHash: v4a.EmptyPayloadHash,
		Credentials: exampleCreds,
		Service:     "s3",
		RegionSet:   []string{"*"},
		Time:        time.Date(2024, 5, 24, 0, 0, 0, 0, time.UTC),
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	// ECDSA signatures are randomized: print everything but the signature.
	auth, _ := strings.CutSuffix(req.Header.Get("Authorization"), out.Signature)
	fmt.Println(strings.ReplaceAll(auth, ", ", ",\n  "))
	fmt.Println("X-Amz-Region-Set:", req.Header.Get("X-Amz-Region-Set"))
	fmt.Println("X-Amz-Date:", req.Header.Get("X-Amz-Date"))
	// Output:
	// AWS4-ECDSA-P256-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20240524/s3/aws4_request,
	//   SignedHeaders=host;range;x-amz-content-sha256;x-amz-date;x-amz-region-set,
	//   Signature=
	// X-Amz-Region-Set: *
	// X-Amz-Date: 20240524T000000Z
}

// A PutEvents call to an EventBridge global endpoint: a JSON body whose
// SHA-256 the caller computes, signing name "events".
func ExampleSigner_SignHTTP_eventBridgeGlobalEndpoint() {
	body := `{"Entries":[{"Source":"com.example","DetailType":"ping","Detail":"{}"}]}`
	req, _ := http.NewRequest(http.MethodPost, "https://abcde.veo.endpoints.event.amazonaws.com/", strings.NewReader(body))
	req.Header.Set("Content-Type", "application/x-amz-json-1.1")
	req.Header.Set("X-Amz-Target", "AWSEvents.PutEvents")
	sum := sha256.Sum256([]byte(body))

	signer := v4a.NewSigner()
	if _, err := signer.SignHTTP(context.Background(), &v4a.SignInput{
		Request:     req,
		PayloadHash: hex.EncodeToString(sum[:]),
		Credentials: exampleCreds,
		Service:     "events",
		RegionSet:   []string{"*"},
		Time:        time.Date(2024, 5, 24, 0, 0, 0, 0, time.UTC),
	}); err != nil {
		fmt.Println(err)
		return
	}
	_, signedHeaders, _ := strings.Cut(req.Header.Get("Authorization"), "SignedHeaders=")
	signedHeaders, _, _ = strings.Cut(signedHeaders, ",")
	fmt.Println(signedHeaders)
	// Output:
	// content-length;content-type;host;x-amz-date;x-amz-region-set;x-amz-target
}

func ExampleSigner_PresignHTTP() {
	signer := v4a.NewSigner(func(o *v4a.Options) { o.DisableURIPathEscaping = true })
	req, _ := http.NewRequest(http.MethodGet,
		"https://mfzwi23gnjvgw.mrap.accesspoint.s3-global.amazonaws.com/photos/cat.jpg", nil)

	url, headers, err := signer.PresignHTTP(context.Background(), &v4a.PresignInput{
		Request:     req,
		Credentials: exampleCreds,
		Service:     "s3",
		RegionSet:   []string{"*"},
		Time:        time.Date(2024, 5, 24, 0, 0, 0, 0, time.UTC),
		Expires:     time.Hour,
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	unsigned, sig, _ := strings.Cut(url, "&X-Amz-Signature=")
	fmt.Println(strings.ReplaceAll(unsigned, "&", "\n&"))
	fmt.Println("X-Amz-Signature is", len(sig) > 0 && len(sig) <= 144, "hex DER")
	fmt.Println(headers)
	// Output:
	// https://mfzwi23gnjvgw.mrap.accesspoint.s3-global.amazonaws.com/photos/cat.jpg?X-Amz-Algorithm=AWS4-ECDSA-P256-SHA256
	// &X-Amz-Credential=AKIAIOSFODNN7EXAMPLE%2F20240524%2Fs3%2Faws4_request
	// &X-Amz-Date=20240524T000000Z
	// &X-Amz-Expires=3600
	// &X-Amz-Region-Set=%2A
	// &X-Amz-SignedHeaders=host
	// X-Amz-Signature is true hex DER
	// map[Host:[mfzwi23gnjvgw.mrap.accesspoint.s3-global.amazonaws.com]]
}

// The public key AWS derives from the credentials of the AWS SigV4a test
// suite (its public-key.json), in uncompressed form: 04 || X || Y.
func ExamplePublicKey() {
	pub, err := v4a.PublicKey(credentials.Credentials{
		AccessKeyID:     "AKIDEXAMPLE",
		SecretAccessKey: "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY",
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	k, err := pub.ECDH()
	if err != nil {
		fmt.Println(err)
		return
	}
	q := k.Bytes()
	fmt.Printf("X %x\nY %x\n", q[1:33], q[33:])
	// Output:
	// X b6618f6a65740a99e650b33b6b4b5bd0d43b176d721a3edfea7e7d2d56d936b1
	// Y 865ed22a7eadc9c5cb9d2cbaca1b3699139fedc5043dc6661864218330c8e518
}
