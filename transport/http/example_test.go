package http_test

import (
	"errors"
	"fmt"
	nethttp "net/http"
	"net/http/httptest"
	"time"

	nimbushttp "github.com/nimbus-sdk/nimbus/transport/http"
)

func ExampleNewClient() {
	client := nimbushttp.NewClient(func(o *nimbushttp.ClientOptions) {
		o.MaxIdleConnsPerHost = 64
		o.ResponseHeaderTimeout = 30 * time.Second
	})
	defer client.CloseIdleConnections()

	ts := httptest.NewServer(nethttp.HandlerFunc(func(w nethttp.ResponseWriter, r *nethttp.Request) {
		w.WriteHeader(nethttp.StatusNoContent)
	}))
	defer ts.Close()

	req, _ := nethttp.NewRequest("GET", ts.URL, nil)
	resp, err := client.Do(req)
	if err != nil {
		fmt.Println(err)
		return
	}
	resp.Body.Close()
	fmt.Println(resp.StatusCode)
	// Output: 204
}

func ExampleIsRetryableConnError() {
	ts := httptest.NewServer(nil)
	url := ts.URL
	ts.Close() // nothing listens any more: the dial is refused

	req, _ := nethttp.NewRequest("GET", url, nil)
	_, err := nimbushttp.NewClient().Do(req)

	var sendErr *nimbushttp.RequestSendError
	fmt.Println(errors.As(err, &sendErr), nimbushttp.IsRetryableConnError(err))
	// Output: true true
}
