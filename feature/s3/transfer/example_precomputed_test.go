package transfer_test

import (
	"bytes"
	"context"
	"encoding/base64"
	"encoding/binary"
	"errors"
	"fmt"
	"hash/crc32"
	"log"

	"github.com/aws/smithy-go"
	"github.com/nimbus-sdk/nimbus/feature/s3/transfer"
	"github.com/nimbus-sdk/nimbus/feature/s3/transfer/transfertest"
)

// A checksum the caller computed (say, when the data was produced) goes
// with the upload, and S3 checks the stored object against it: on the
// PutObject of a small body, or on CompleteMultipartUpload, as a
// FULL_OBJECT checksum, when the body takes several parts.
func ExampleUploadInput_precomputedChecksum() {
	ctx := context.Background()
	client := transfertest.New()
	client.CreateBucket("bucket")
	m := transfer.New(client, func(o *transfer.Options) { o.PartSize = 5 << 20 })

	data := bytes.Repeat([]byte("nimbus "), 2<<20) // 14 MiB: 3 parts
	sum := base64.StdEncoding.EncodeToString(binary.BigEndian.AppendUint32(nil, crc32.ChecksumIEEE(data)))

	out, err := m.Upload(ctx, &transfer.UploadInput{Bucket: "bucket", Key: "data.bin",
		Body: bytes.NewReader(data), ChecksumCRC32: sum})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(out.Parts, out.ChecksumAlgorithm, out.ChecksumType, out.Checksum == sum)

	// Data that no longer matches its checksum is refused, and the
	// multipart upload is aborted: nothing is stored.
	data[0] = 'N'
	_, err = m.Upload(ctx, &transfer.UploadInput{Bucket: "bucket", Key: "changed.bin",
		Body: bytes.NewReader(data), ChecksumCRC32: sum})
	var apiErr smithy.APIError
	fmt.Println(errors.As(err, &apiErr) && apiErr.ErrorCode() == "BadDigest")
	// Output:
	// 3 CRC32 FULL_OBJECT true
	// true
}
