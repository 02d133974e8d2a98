package canonical

import (
	"strings"

	"github.com/aws/smithy-go/logging"
)

// Log logs a signature's canonical request and string to sign at the
// Debug classification, in the form AWS's SignatureDoesNotMatch error
// shows them, with the values of secret headers and query parameters
// (session tokens, SSE-C keys) replaced by REDACTED.
func Log(l logging.Logger, canon, sts []byte) {
	l.Logf(logging.Debug, "Request signature:\n---[ CANONICAL REQUEST ]---\n%s\n---[ STRING TO SIGN ]---\n%s\n---",
		redact(canon), sts)
}

// secretNames are lower-case header and query names whose values are
// secrets, redacted in logged canonical requests.
var secretNames = []string{
	"x-amz-security-token",
	"x-amz-server-side-encryption-customer-key",
	"x-amz-copy-source-server-side-encryption-customer-key",
}

// redact returns the canonical request c with the values of secret
// headers ("name:value" lines) and query parameters ("name=value")
// replaced.
func redact(c []byte) string {
	lines := strings.Split(string(c), "\n")
	for i, l := range lines {
		if i == 2 { // the canonical query string
			pairs := strings.Split(l, "&")
			for j, p := range pairs {
				if k, _, ok := strings.Cut(p, "="); ok && isSecretName(k) {
					pairs[j] = k + "=REDACTED"
				}
			}
			lines[i] = strings.Join(pairs, "&")
			continue
		}
		if k, _, ok := strings.Cut(l, ":"); ok && isSecretName(k) {
			lines[i] = k + ":REDACTED"
		}
	}
	return strings.Join(lines, "\n")
}

func isSecretName(k string) bool {
	for _, n := range secretNames {
		if strings.EqualFold(k, n) {
			return true
		}
	}
	return false
}
