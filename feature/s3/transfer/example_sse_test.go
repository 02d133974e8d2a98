package transfer_test

import (
	"context"
	"encoding/base64"
	"errors"
	"fmt"
	"io"
	"log"
	"strings"

	"github.com/aws/smithy-go"

	"github.com/nimbus-sdk/nimbus/feature/s3/transfer"
	"github.com/nimbus-sdk/nimbus/feature/s3/transfer/transfertest"
)

func ExampleManager_Upload_customerKey() {
	ctx := context.Background()
	client := transfertest.New() // checks SSE-C keys as S3 does
	client.CreateBucket("bucket")
	m := transfer.New(client)

	// An AES-256 key the caller keeps, base64-encoded; S3 keeps only its
	// MD5. Every upload, download and copy of the object needs it.
	key := base64.StdEncoding.EncodeToString([]byte("an AES-256 key of 32 bytes......"))
	_, err := m.Upload(ctx, &transfer.UploadInput{Bucket: "bucket", Key: "secret.txt", Body: strings.NewReader("attack at dawn"),
		SSECustomerAlgorithm: "AES256", SSECustomerKey: key})
	if err != nil {
		log.Fatal(err)
	}
	rc, err := m.DownloadStream(ctx, &transfer.DownloadInput{Bucket: "bucket", Key: "secret.txt",
		SSECustomerAlgorithm: "AES256", SSECustomerKey: key})
	if err != nil {
		log.Fatal(err)
	}
	data, err := io.ReadAll(rc)
	rc.Close()
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(string(data))

	// Without the key, S3 refuses to read the object.
	_, err = m.DownloadStream(ctx, &transfer.DownloadInput{Bucket: "bucket", Key: "secret.txt"})
	var api smithy.APIError
	if errors.As(err, &api) {
		fmt.Println("without the key:", api.ErrorCode())
	}

	// A key that is not 32 bytes is refused before anything is sent.
	_, err = m.Upload(ctx, &transfer.UploadInput{Bucket: "bucket", Key: "other.txt", Body: strings.NewReader("x"),
		SSECustomerAlgorithm: "AES256", SSECustomerKey: "too short"})
	var bad *transfer.InputError
	if errors.As(err, &bad) {
		fmt.Println("refused:", bad.Field)
	}
	// Output:
	// attack at dawn
	// without the key: InvalidRequest
	// refused: UploadInput.SSECustomerKey
}
