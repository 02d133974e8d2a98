// Command coldraw is the floor for coldnimbus and coldv2: the same two
// requests (an S3 GetObject and a DynamoDB GetItem, unsigned) sent with
// plain net/http, so the cold start of a Go process that makes two HTTP
// calls is known and can be subtracted.
package main

import (
	"fmt"
	"io"
	"net/http"
	"os"
	"strings"

	"github.com/nimbus-sdk/nimbus/internal/bench/programs/internal/coldstart"
)

func main() {
	ph := coldstart.Start()
	s3url, ddburl := os.Getenv("AWS_ENDPOINT_URL_S3"), os.Getenv("AWS_ENDPOINT_URL_DYNAMODB")
	ph.Mark("config")
	ph.Mark("clients")
	resp, err := http.Get(s3url + "/" + os.Getenv("COLD_BUCKET") + "/" + os.Getenv("COLD_KEY"))
	if err != nil {
		fail(err)
	}
	n, err := io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
	if err != nil || resp.StatusCode != http.StatusOK {
		fail(fmt.Errorf("GetObject: %v, status %d", err, resp.StatusCode))
	}
	ph.Mark("getobject")
	req, err := http.NewRequest(http.MethodPost, ddburl+"/", strings.NewReader(`{"TableName":"cold","Key":{"pk":{"S":"k"}}}`))
	if err != nil {
		fail(err)
	}
	req.Header.Set("X-Amz-Target", "DynamoDB_20120810.GetItem")
	req.Header.Set("Content-Type", "application/x-amz-json-1.0")
	resp, err = http.DefaultClient.Do(req)
	if err != nil {
		fail(err)
	}
	body, err := io.ReadAll(resp.Body)
	resp.Body.Close()
	if err != nil || !strings.Contains(string(body), `"pk":{"S":"k"}`) {
		fail(fmt.Errorf("GetItem: %v, body %q", err, body))
	}
	ph.Mark("getitem")
	fmt.Println(n, "k")
	ph.Report()
}

func fail(err error) {
	fmt.Fprintln(os.Stderr, "coldraw:", err)
	os.Exit(1)
}
