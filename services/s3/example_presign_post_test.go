package s3_test

import (
	"bytes"
	"context"
	"fmt"
	"log"
	"maps"
	"mime/multipart"
	"net/http"
	"slices"
	"strings"
	"time"

	"github.com/nimbus-sdk/nimbus/credentials"
	"github.com/nimbus-sdk/nimbus/services/s3"
)

// A presigned POST lets a browser (or any HTTP client) upload straight to
// S3 with a multipart/form-data form: the returned fields, then the file.
// Presigning sends nothing; this example builds the form and prints what
// it holds.
func ExamplePresignClient_PresignPostObject() {
	ctx := context.Background()
	client := s3.New(s3.Options{
		Region:      "us-west-2",
		Credentials: credentials.NewStaticProvider("AKIAIOSFODNN7EXAMPLE", "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY", ""),
	})
	post, err := s3.NewPresignClient(client).PresignPostObject(ctx, &s3.PutObjectInput{
		Bucket: str("my-bucket"),
		Key:    str("uploads/${filename}"), // S3 puts the uploaded file's name here
	}, func(o *s3.PresignPostOptions) {
		o.Expires = 10 * time.Minute
		o.Conditions = []any{
			[]any{"content-length-range", 1, 10 << 20}, // 1 byte to 10 MiB
			[]any{"starts-with", "$Content-Type", "image/"},
		}
	})
	if err != nil {
		log.Fatal(err)
	}

	var body bytes.Buffer
	form := multipart.NewWriter(&body)
	names := slices.Sorted(maps.Keys(post.Values))
	for _, name := range names {
		form.WriteField(name, post.Values[name])
	}
	form.WriteField("Content-Type", "image/png") // the condition above asks for it
	file, _ := form.CreateFormFile("file", "cat.png")
	file.Write([]byte("\x89PNG..."))
	form.Close()
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, post.URL, &body)
	if err != nil {
		log.Fatal(err)
	}
	req.Header.Set("Content-Type", form.FormDataContentType())
	// http.DefaultClient.Do(req) would upload uploads/cat.png.

	fmt.Println(req.Method, req.URL)
	fmt.Println(strings.Join(names, " "))
	// Output:
	// POST https://my-bucket.s3.us-west-2.amazonaws.com
	// X-Amz-Algorithm X-Amz-Credential X-Amz-Date X-Amz-Signature key policy
}
