package logincreds

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/nimbus-sdk/nimbus/credentials"
)

// TokenCachePath returns the token cache file of login session session
// in directory dir: dir/<SHA-256 of session in lower-case hex>.json, the
// file "aws login" writes. dir is AWS_LOGIN_CACHE_DIRECTORY if set, else
// ~/.aws/login/cache (see [DefaultCacheDir]). Spaces around session are
// ignored, as the shared config file ignores them.
func TokenCachePath(dir, session string) string {
	sum := sha256.Sum256([]byte(strings.TrimSpace(session)))
	return filepath.Join(dir, hex.EncodeToString(sum[:])+".json")
}

// DefaultCacheDir returns the token cache directory "aws login" uses when
// AWS_LOGIN_CACHE_DIRECTORY is not set: home/.aws/login/cache.
func DefaultCacheDir(home string) string {
	return filepath.Join(home, ".aws", "login", "cache")
}

// cachedToken is what a token cache file holds. The file is also kept as
// raw fields, so that writing it back preserves what Nimbus does not use
// (tokenType, idToken, fields added later).
type cachedToken struct {
	AccessToken  *accessToken `json:"accessToken"`
	ClientID     string       `json:"clientId"`
	RefreshToken string       `json:"refreshToken"`
	DPoPKey      string       `json:"dpopKey"`

	raw map[string]json.RawMessage
}

// accessToken is the cached AWS credentials. raw keeps its other fields.
type accessToken struct {
	AccessKeyID     string `json:"accessKeyId"`
	SecretAccessKey string `json:"secretAccessKey"`
	SessionToken    string `json:"sessionToken"`
	AccountID       string `json:"accountId"`
	ExpiresAt       string `json:"expiresAt"`

	expires time.Time
	raw     map[string]json.RawMessage
}

// A cacheFormatError says what is wrong with a token cache file. Its
// message names fields, never their values.
type cacheFormatError struct{ reason string }

func (e *cacheFormatError) Error() string { return e.reason }

// readToken reads and checks the cache file at path. Every field is
// required: the credentials, their account and expiry, the client ID,
// the refresh token and the DPoP key. An error other than one wrapping
// fs.ErrNotExist is a *cacheFormatError or an I/O error.
func readToken(path string) (*cachedToken, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	var t cachedToken
	// Errors of encoding/json are not returned: a syntax error carries
	// an offset, a type error a field name, but to be sure that no part
	// of a token reaches a message, each gets a fixed text.
	if json.Unmarshal(data, &t.raw) != nil {
		return nil, &cacheFormatError{"the token cache is not a JSON object"}
	}
	if json.Unmarshal(data, &t) != nil {
		return nil, &cacheFormatError{"the token cache has fields of the wrong type"}
	}
	if t.AccessToken == nil {
		return nil, &cacheFormatError{"the token cache has no accessToken"}
	}
	_ = json.Unmarshal(t.raw["accessToken"], &t.AccessToken.raw) // an object: checked above
	var missing []string
	for _, f := range []struct {
		name string
		set  bool
	}{
		{"accessToken.accessKeyId", t.AccessToken.AccessKeyID != ""},
		{"accessToken.secretAccessKey", t.AccessToken.SecretAccessKey != ""},
		{"accessToken.sessionToken", t.AccessToken.SessionToken != ""},
		{"accessToken.accountId", t.AccessToken.AccountID != ""},
		{"accessToken.expiresAt", t.AccessToken.ExpiresAt != ""},
		{"clientId", t.ClientID != ""},
		{"refreshToken", t.RefreshToken != ""},
		{"dpopKey", t.DPoPKey != ""},
	} {
		if !f.set {
			missing = append(missing, f.name)
		}
	}
	if len(missing) > 0 {
		return nil, &cacheFormatError{"the token cache has no " + strings.Join(missing, ", ")}
	}
	t.AccessToken.expires, err = time.Parse(time.RFC3339Nano, t.AccessToken.ExpiresAt)
	if err != nil {
		return nil, &cacheFormatError{"accessToken.expiresAt in the token cache is not an RFC 3339 time"}
	}
	return &t, nil
}

// credentials returns the cached credentials.
func (t *cachedToken) credentials() credentials.Credentials {
	a := t.AccessToken
	return credentials.Credentials{
		AccessKeyID:     a.AccessKeyID,
		SecretAccessKey: a.SecretAccessKey,
		SessionToken:    a.SessionToken,
		Source:          Source,
		CanExpire:       true,
		Expires:         a.expires.UTC(),
		AccountID:       a.AccountID,
	}
}

// update replaces t's credentials and refresh token with refreshed ones
// that expire at expires; the account and the other fields stay.
func (t *cachedToken) update(c credentials.Credentials, refreshToken string, expires time.Time) {
	a := t.AccessToken
	a.AccessKeyID, a.SecretAccessKey, a.SessionToken = c.AccessKeyID, c.SecretAccessKey, c.SessionToken
	a.expires = expires.UTC().Truncate(time.Second)
	a.ExpiresAt = a.expires.Format(time.RFC3339)
	t.RefreshToken = refreshToken
}

// marshal returns the cache file content of t: the fields read, with the
// ones Nimbus changes replaced.
func (t *cachedToken) marshal() ([]byte, error) {
	set := func(raw map[string]json.RawMessage, k, v string) {
		b, _ := json.Marshal(v) // a string always marshals
		raw[k] = b
	}
	at := make(map[string]json.RawMessage, len(t.AccessToken.raw)+5)
	for k, v := range t.AccessToken.raw {
		at[k] = v
	}
	a := t.AccessToken
	set(at, "accessKeyId", a.AccessKeyID)
	set(at, "secretAccessKey", a.SecretAccessKey)
	set(at, "sessionToken", a.SessionToken)
	set(at, "accountId", a.AccountID)
	set(at, "expiresAt", a.ExpiresAt)
	atJSON, err := json.Marshal(at)
	if err != nil {
		return nil, errors.New("encoding accessToken")
	}

	raw := make(map[string]json.RawMessage, len(t.raw)+2)
	for k, v := range t.raw {
		raw[k] = v
	}
	raw["accessToken"] = atJSON
	set(raw, "refreshToken", t.RefreshToken)
	data, err := json.Marshal(raw)
	if err != nil {
		return nil, errors.New("encoding the token cache")
	}
	return data, nil
}

// writeToken writes t to path atomically: a temporary file with mode 0600
// in the same directory, synced, then renamed over the old file, so that
// a reader (this process or the AWS CLI) sees the old token or the new
// one, never a part.
func writeToken(path string, t *cachedToken) error {
	data, err := t.marshal()
	if err != nil {
		return err
	}
	dir := filepath.Dir(path)
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return err
	}
	f, err := os.CreateTemp(dir, ".nimbus-login-*.tmp") // mode 0600
	if err != nil {
		return err
	}
	tmp := f.Name()
	_, err = f.Write(data)
	if err == nil {
		err = f.Sync()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(tmp, path)
	}
	if err != nil {
		os.Remove(tmp)
	}
	return err
}
