package restxml

import (
	"fmt"
	"strings"
	"testing"
	"time"
)

func listObjectsBody(n int) string {
	var b strings.Builder
	b.WriteString(`<?xml version="1.0" encoding="UTF-8"?>` + "\n")
	b.WriteString(`<ListBucketResult xmlns="http://s3.amazonaws.com/doc/2006-03-01/"><Name>bucket</Name><Prefix>photos/</Prefix>`)
	fmt.Fprintf(&b, "<KeyCount>%d</KeyCount><MaxKeys>1000</MaxKeys><IsTruncated>true</IsTruncated>", n)
	for i := range n {
		fmt.Fprintf(&b, "<Contents><Key>photos/key-%05d.jpg</Key><LastModified>2024-01-02T03:04:05.000Z</LastModified>"+
			"<ETag>&quot;d41d8cd98f00b204e9800998ecf8427e&quot;</ETag><Size>%d</Size>"+
			"<Owner><ID>owner-id</ID><DisplayName>owner</DisplayName></Owner><StorageClass>STANDARD</StorageClass></Contents>", i, i*1024)
	}
	b.WriteString("<CommonPrefixes><Prefix>photos/2024/</Prefix></CommonPrefixes>")
	b.WriteString("<NextContinuationToken>token</NextContinuationToken></ListBucketResult>")
	return b.String()
}

func BenchmarkSerializePutObjectLike(b *testing.B) {
	in := &putObjectInput{
		Bucket:       ptr("my-bucket"),
		Key:          ptr("photos/2024/january/image 0001.jpg"),
		Body:         strings.NewReader("hello"),
		ContentType:  ptr("image/jpeg"),
		Expires:      ptr(time.Date(2024, 1, 2, 3, 4, 5, 0, time.UTC)),
		Metadata:     map[string]string{"color": "red", "camera": "x100"},
		StorageClass: ptr(storageClass("STANDARD_IA")),
		Tagging:      ptr("a=b&c=d"),
	}
	b.ReportAllocs()
	for b.Loop() {
		req := newRequest(b, "https://s3.us-east-1.amazonaws.com")
		if err := (Codec{}).SerializeRequest(putObjectOp, in, req); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkDeserializeListObjectsV2(b *testing.B) {
	body := listObjectsBody(1000)
	b.SetBytes(int64(len(body)))
	b.ReportAllocs()
	for b.Loop() {
		var out listObjectsV2Output
		if err := (Codec{}).DeserializeResponse(listObjectsV2Op, newResponse(200, nil, body), &out); err != nil {
			b.Fatal(err)
		}
	}
}
