package ssocreds

import (
	"crypto/sha1"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"time"
)

// TokenCachePath returns the path of the token cache file for key under
// home: ~/.aws/sso/cache/<SHA-1 of key in hex>.json. key is the
// sso-session name, or the start URL for a legacy profile without one;
// this is where "aws sso login" writes the token.
func TokenCachePath(home, key string) string {
	sum := sha1.Sum([]byte(key))
	return filepath.Join(home, ".aws", "sso", "cache", hex.EncodeToString(sum[:])+".json")
}

// cachedToken is the part of a token cache file Nimbus uses. The file is
// kept as raw fields too, so that writing it back preserves what other
// tools stored there.
type cachedToken struct {
	AccessToken           string    `json:"accessToken"`
	ExpiresAt             time.Time `json:"-"`
	RefreshToken          string    `json:"refreshToken,omitempty"`
	ClientID              string    `json:"clientId,omitempty"`
	ClientSecret          string    `json:"clientSecret,omitempty"`
	RegistrationExpiresAt time.Time `json:"-"`
	Region                string    `json:"region,omitempty"`
	StartURL              string    `json:"startUrl,omitempty"`

	raw map[string]json.RawMessage
}

// timeLayouts are the expiresAt formats found in token caches: RFC 3339,
// and the "UTC" suffix older AWS CLI versions wrote.
var timeLayouts = []string{time.RFC3339Nano, "2006-01-02T15:04:05UTC"}

func parseTime(s string) (time.Time, error) {
	for _, l := range timeLayouts {
		if t, err := time.Parse(l, s); err == nil {
			return t.UTC(), nil
		}
	}
	return time.Time{}, fmt.Errorf("invalid time %q", s)
}

// readToken reads and parses the cache file at path.
func readToken(path string) (*cachedToken, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	var t cachedToken
	if err := json.Unmarshal(data, &t.raw); err != nil {
		return nil, errors.New("token cache is not a JSON object")
	}
	if err := json.Unmarshal(data, &t); err != nil {
		return nil, errors.New("token cache has fields of the wrong type")
	}
	var times struct {
		ExpiresAt             string `json:"expiresAt"`
		RegistrationExpiresAt string `json:"registrationExpiresAt"`
	}
	_ = json.Unmarshal(data, &times) // types already checked above
	if times.ExpiresAt == "" {
		return nil, errors.New("token cache has no expiresAt")
	}
	if t.ExpiresAt, err = parseTime(times.ExpiresAt); err != nil {
		return nil, err
	}
	if times.RegistrationExpiresAt != "" {
		if t.RegistrationExpiresAt, err = parseTime(times.RegistrationExpiresAt); err != nil {
			return nil, err
		}
	}
	return &t, nil
}

// canRefresh reports whether t holds what a refresh needs, with a client
// registration still valid at now.
func (t *cachedToken) canRefresh(now time.Time) bool {
	if t.RefreshToken == "" || t.ClientID == "" || t.ClientSecret == "" {
		return false
	}
	return t.RegistrationExpiresAt.IsZero() || now.Before(t.RegistrationExpiresAt)
}

// writeToken writes t to path atomically: a temporary file with mode 0600
// in the same directory, renamed over the old file.
func writeToken(path string, t *cachedToken) error {
	raw := make(map[string]json.RawMessage, len(t.raw)+4)
	for k, v := range t.raw {
		raw[k] = v
	}
	set := func(k string, v any) {
		b, _ := json.Marshal(v) // strings never fail to marshal
		raw[k] = b
	}
	set("accessToken", t.AccessToken)
	set("expiresAt", t.ExpiresAt.UTC().Format(time.RFC3339))
	if t.RefreshToken != "" {
		set("refreshToken", t.RefreshToken)
	}
	data, err := json.Marshal(raw)
	if err != nil {
		return err
	}

	dir := filepath.Dir(path)
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return err
	}
	f, err := os.CreateTemp(dir, ".nimbus-token-*.tmp") // mode 0600
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
