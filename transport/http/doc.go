// Package http is the HTTP transport of Nimbus service clients: the
// default HTTP client, typed send errors, and the terminal smithy handler
// that sends an operation's request.
//
// # The default client
//
// [NewClient] builds a [Client] tuned for AWS traffic: bounded dial and
// TLS handshake times, a connection pool sized for parallel S3 transfers
// (see [DefaultMaxIdleConnsPerHost]), HTTP/1.1 unless
// [ClientOptions].EnableHTTP2 is set, no redirect following, and proxies
// from the environment. Every [ClientOptions] field documents what its
// zero value means. Share one Client between service clients to share its
// connection pool.
//
// # Errors
//
// [Client.Do] reports failures with types that retry logic can branch on:
// [*RequestSendError] when no response arrived and [*ResponseTimeoutError]
// when the response headers took longer than
// [ClientOptions].ResponseHeaderTimeout. [IsRetryableConnError] and
// [IsConnectionReset] classify transport errors by behaviour (error types,
// errno values, Timeout methods), never by message text.
//
// # Sending from a middleware stack
//
// [ClientHandler] is the final [github.com/aws/smithy-go/middleware.Handler]
// of an operation's stack. It builds the net/http request from the
// *smithyhttp.Request, sends it through any [HTTPDoer], and returns a
// *smithyhttp.Response. A canceled context is reported as a
// *smithy.CanceledError, and every other send failure as one of the typed
// errors above.
package http
