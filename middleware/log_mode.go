package middleware

// ClientLogMode is a bit set selecting what a client logs. config.Config
// and every client's Options carry one; config re-exports the type and its
// values, so most code names them as config.ClientLogMode and
// config.LogRequest.
type ClientLogMode uint64

// The log modes. Secrets (signatures, credentials, session tokens) are
// always redacted from logged requests and responses.
const (
	// LogRequest logs each attempt's request line and headers.
	LogRequest ClientLogMode = 1 << iota
	// LogRequestWithBody also logs the request body (size-capped).
	LogRequestWithBody
	// LogResponse logs each response's status line and headers.
	LogResponse
	// LogResponseWithBody also logs the response body (size-capped).
	LogResponseWithBody
	// LogRetries logs retry decisions.
	LogRetries
	// LogSigning logs signing details (never the secret or signature).
	LogSigning
)

// IsSet reports whether every bit of m is set in l.
func (l ClientLogMode) IsSet(m ClientLogMode) bool { return l&m == m }
