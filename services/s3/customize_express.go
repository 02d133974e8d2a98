package s3

import (
	"context"
	"errors"
	"reflect"
	"sync"
	"time"

	"github.com/nimbus-sdk/nimbus/credentials"
	"github.com/nimbus-sdk/nimbus/internal/client"
)

func init() {
	service.EndpointAuth = map[string]client.EndpointAuth{"sigv4-s3express": expressIdentity}
	service.NoContentMD5Schemes = []string{"sigv4-s3express"}
}

// S3 Express One Zone directory buckets authenticate with session
// credentials: CreateSession, signed with the caller's credentials,
// returns keys valid for a few minutes that sign the bucket's requests,
// the session token going in x-amz-s3session-token. Sessions are cached per
// client, bucket and caller access key, refreshed expressRefreshWindow before
// they expire, one CreateSession at a time per cache entry.
const expressRefreshWindow = time.Minute

// expressNow is the clock of the session cache; tests replace it.
var expressNow = time.Now

type expressKey struct {
	bucket    string
	accessKey string
}

// expressSession is one cache entry. mu serializes CreateSession calls
// for it; waiters get the session the first caller fetched.
type expressSession struct {
	mu    sync.Mutex
	creds credentials.Credentials
}

// expressCache is a client's session cache (kept with client.Runtime.Local,
// so it goes away with the client).
type expressCache struct {
	mu sync.Mutex
	m  map[expressKey]*expressSession
}

type expressCacheKey struct{}

// maxExpressSessions bounds a client's cache; expired entries are dropped
// when it is full.
const maxExpressSessions = 1024

func expressIdentity(ctx context.Context, in client.EndpointAuthInput) (client.EndpointIdentity, error) {
	bucket := inputBucket(in.Input)
	if bucket == "" {
		return client.EndpointIdentity{}, errors.New("directory bucket requests need a Bucket")
	}
	cache := in.Runtime.Local(expressCacheKey{}, func() any { return &expressCache{m: map[expressKey]*expressSession{}} }).(*expressCache)
	s := cache.entry(expressKey{bucket: bucket, accessKey: in.Credentials.AccessKeyID})
	creds, err := s.get(ctx, in, bucket)
	if err != nil {
		return client.EndpointIdentity{}, err
	}
	token := creds.SessionToken
	creds.SessionToken = "" // sent as x-amz-s3session-token, not X-Amz-Security-Token
	return client.EndpointIdentity{Credentials: creds, TokenHeader: "X-Amz-S3session-Token", Token: token}, nil
}

func (c *expressCache) entry(k expressKey) *expressSession {
	c.mu.Lock()
	defer c.mu.Unlock()
	if s, ok := c.m[k]; ok {
		return s
	}
	if len(c.m) >= maxExpressSessions {
		now := expressNow()
		for key, s := range c.m {
			if s.mu.TryLock() {
				if s.creds.Expired(now) {
					delete(c.m, key)
				}
				s.mu.Unlock()
			}
		}
	}
	s := &expressSession{}
	c.m[k] = s
	return s
}

// get returns the session's credentials, from CreateSession when there
// are none or they expire within the refresh window.
func (s *expressSession) get(ctx context.Context, in client.EndpointAuthInput, bucket string) (credentials.Credentials, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.creds.HasKeys() && expressNow().Add(expressRefreshWindow).Before(s.creds.Expires) {
		return s.creds, nil
	}
	out, _, err := in.Runtime.Invoke(ctx, &opCreateSession, &CreateSessionInput{Bucket: &bucket}, in.Options)
	if err != nil {
		return credentials.Credentials{}, err
	}
	sc := out.(*CreateSessionOutput).Credentials
	if sc == nil || sc.AccessKeyId == nil || sc.SecretAccessKey == nil || sc.SessionToken == nil || sc.Expiration == nil {
		return credentials.Credentials{}, errors.New("CreateSession returned incomplete credentials")
	}
	s.creds = credentials.Credentials{
		AccessKeyID: *sc.AccessKeyId, SecretAccessKey: *sc.SecretAccessKey, SessionToken: *sc.SessionToken,
		Source: "S3ExpressSession", CanExpire: true, Expires: *sc.Expiration,
	}
	return s.creds, nil
}

// inputBucket returns the Bucket member of an S3 operation input.
func inputBucket(input any) string {
	v := reflect.ValueOf(input)
	if v.Kind() != reflect.Pointer || v.IsNil() || v.Elem().Kind() != reflect.Struct {
		return ""
	}
	f := v.Elem().FieldByName("Bucket")
	if f.Kind() != reflect.Pointer || f.IsNil() {
		return ""
	}
	s, _ := f.Elem().Interface().(string)
	return s
}
