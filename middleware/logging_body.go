package middleware

import "regexp"

// Patterns for secret values inside logged bodies. A field name matches
// when it contains token, secret, signature or password (any case).
var (
	// <SessionToken>value</SessionToken>
	xmlSecret = regexp.MustCompile(`(?i)(<[a-z0-9_:-]*(?:token|secret|signature|password)[a-z0-9_:-]*>)[^<]*`)
	// "secretAccessKey": "value" (the closing quote may have been cut off
	// by the size cap)
	jsonSecret = regexp.MustCompile(`(?i)("[a-z0-9_.-]*(?:token|secret|signature|password)[a-z0-9_.-]*"\s*:\s*)"(?:[^"\\]|\\.)*"?`)
	// WebIdentityToken=value (form-encoded bodies)
	formSecret = regexp.MustCompile(`(?i)((?:^|&)[a-z0-9_.%-]*(?:token|secret|signature|password)[a-z0-9_.%-]*=)[^&\s]*`)
)

// redactBody replaces the values of secret fields in a text body.
func redactBody(s string) string {
	s = xmlSecret.ReplaceAllString(s, "${1}"+redacted)
	s = jsonSecret.ReplaceAllString(s, `${1}"`+redacted+`"`)
	s = formSecret.ReplaceAllString(s, "${1}"+redacted)
	return s
}
