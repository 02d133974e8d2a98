// Package logincreds provides the credentials of an AWS console session,
// the way the AWS CLI does for a profile with login_session, the key that
// "aws login" writes after the user signs in through the AWS console (AWS
// Sign-In).
//
// # The token cache
//
// "aws login" caches the session in <dir>/<key>.json, where <dir> is
// AWS_LOGIN_CACHE_DIRECTORY or ~/.aws/login/cache and <key> is the
// SHA-256, in lower-case hex, of the login_session value (see
// [TokenCachePath]). The file is a JSON object:
//
//   - accessToken: the AWS credentials, an object of accessKeyId,
//     secretAccessKey, sessionToken, accountId and expiresAt (RFC 3339);
//   - refreshToken: the OAuth 2.0 refresh token;
//   - clientId: the OAuth 2.0 client, arn:aws:signin:::devtools/same-device
//     or .../cross-device;
//   - dpopKey: the session's EC P-256 private key, PEM-encoded
//     ("EC PRIVATE KEY");
//   - tokenType and idToken, which Nimbus keeps but does not use.
//
// All but the last are required. A [Provider] reads the file on every
// Retrieve.
//
// # Refreshing
//
// The credentials live 15 minutes. When they expire within
// [RefreshWindow], the provider calls AWS Sign-In's CreateOAuth2Token
// (POST /v1/token on https://<region>.signin.aws.amazon.com, a JSON body
// of clientId, grantType "refresh_token" and refreshToken), unsigned but
// with a DPoP header: a proof of possession of the session's key (RFC
// 9449), an ES256-signed JWT whose header holds typ "dpop+jwt", alg
// "ES256" and the public key as a JWK, and whose claims are a random jti,
// htm "POST", htu (the request URI without query and fragment) and iat.
// Each attempt, retries included, gets a new proof. The provider then
// writes the new credentials, their expiry and the new refresh token back
// to the cache file atomically (a temporary file of mode 0600, renamed
// over the old one), keeping the fields it does not use.
//
// # Errors
//
// When the session cannot give credentials any more (no cache file, a
// malformed or incomplete one, or expired credentials Sign-In refuses to
// refresh) Retrieve returns an [*InvalidTokenError], whose message tells
// the user to run "aws login". Other failures (the network, the service,
// a missing permission, a cache that cannot be written) are an [*Error].
// Neither contains a token, a credential or the key, and the provider
// logs nothing.
package logincreds
