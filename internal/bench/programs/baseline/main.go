// Command baseline is a plain net/http GET: the part of every SDK program
// that is not the SDK, subtracted to compare what each SDK adds.
package main

import (
	"fmt"
	"io"
	"net/http"
)

func main() {
	resp, err := http.Get("https://example.com/")
	if err != nil {
		panic(err)
	}
	n, _ := io.Copy(io.Discard, resp.Body)
	fmt.Println(n)
}
