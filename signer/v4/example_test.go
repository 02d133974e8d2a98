package v4_test

import (
	"bytes"
	"context"
	"fmt"
	"hash/crc32"
	"io"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/nimbus-sdk/nimbus/credentials"
	v4 "github.com/nimbus-sdk/nimbus/signer/v4"
)

var exampleCreds = credentials.Credentials{
	AccessKeyID:     "AKIAIOSFODNN7EXAMPLE",
	SecretAccessKey: "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
}

func ExampleSigner_SignHTTP() {
	signer := v4.NewSigner(func(o *v4.Options) { o.DisableURIPathEscaping = true }) // S3
	req, _ := http.NewRequest(http.MethodGet, "https://examplebucket.s3.amazonaws.com/test.txt", nil)
	req.Header.Set("Range", "bytes=0-9")

	out, err := signer.SignHTTP(context.Background(), &v4.SignInput{
		Request:     req,
		PayloadHash: v4.EmptyPayloadHash,
		Credentials: exampleCreds,
		Service:     "s3",
		Region:      "us-east-1",
		Time:        time.Date(2013, 5, 24, 0, 0, 0, 0, time.UTC),
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(out.Signature)
	fmt.Println(req.Header.Get("X-Amz-Date"))
	// Output:
	// f0e8bdb87c964420e857bd35b5d6ed310bd44f0170aba48dd91039c6036bdb41
	// 20130524T000000Z
}

func ExampleSigner_PresignHTTP() {
	signer := v4.NewSigner(func(o *v4.Options) { o.DisableURIPathEscaping = true })
	req, _ := http.NewRequest(http.MethodGet, "https://examplebucket.s3.amazonaws.com/test.txt", nil)

	url, headers, err := signer.PresignHTTP(context.Background(), &v4.PresignInput{
		Request:     req,
		Credentials: exampleCreds,
		Service:     "s3",
		Region:      "us-east-1",
		Time:        time.Date(2013, 5, 24, 0, 0, 0, 0, time.UTC),
		Expires:     24 * time.Hour,
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(strings.ReplaceAll(url, "&", "\n&"))
	fmt.Println(headers)
	// Output:
	// https://examplebucket.s3.amazonaws.com/test.txt?X-Amz-Algorithm=AWS4-HMAC-SHA256
	// &X-Amz-Credential=AKIAIOSFODNN7EXAMPLE%2F20130524%2Fus-east-1%2Fs3%2Faws4_request
	// &X-Amz-Date=20130524T000000Z
	// &X-Amz-Expires=86400
	// &X-Amz-SignedHeaders=host
	// &X-Amz-Signature=aeeed9bbccd4d02ee5c0109b86d86835f995330da4c265957d157751f604d404
	// map[Host:[examplebucket.s3.amazonaws.com]]
}

// An S3 upload with unsigned aws-chunked encoding and a trailing CRC32
// checksum computed while the body streams.
func ExampleNewChunkedReader() {
	payload := []byte("Welcome to Amazon S3.")
	chunked := v4.ChunkedInput{
		Payload:  bytes.NewReader(payload),
		Trailers: []v4.Trailer{v4.HashTrailer("x-amz-checksum-crc32", crc32.NewIEEE())},
	}
	body, err := v4.NewChunkedReader(chunked)
	if err != nil {
		fmt.Println(err)
		return
	}
	req, _ := http.NewRequest(http.MethodPut, "https://examplebucket.s3.amazonaws.com/welcome.txt", body)
	req.ContentLength = v4.EncodedContentLength(int64(len(payload)), &chunked)
	req.Header.Set("Content-Encoding", "aws-chunked")
	req.Header.Set("X-Amz-Decoded-Content-Length", strconv.Itoa(len(payload)))
	req.Header.Set("X-Amz-Trailer", "x-amz-checksum-crc32")

	signer := v4.NewSigner(func(o *v4.Options) { o.DisableURIPathEscaping = true })
	if _, err := signer.SignHTTP(context.Background(), &v4.SignInput{
		Request: req, PayloadHash: v4.StreamingUnsignedPayloadTrailer,
		Credentials: exampleCreds, Service: "s3", Region: "us-east-1",
	}); err != nil {
		fmt.Println(err)
		return
	}
	wire, _ := io.ReadAll(req.Body)
	fmt.Printf("%q\n%d bytes, Content-Length %d\n", wire, len(wire), req.ContentLength)
	// Output:
	// "15\r\nWelcome to Amazon S3.\r\n0\r\nx-amz-checksum-crc32:Ox7nCg==\r\n\r\n"
	// 63 bytes, Content-Length 63
}
