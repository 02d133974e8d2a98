package s3

import (
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"net/url"
	"strings"
	"time"

	"github.com/nimbus-sdk/nimbus/internal/client"
)

// PresignPostOptions configures one [PresignClient.PresignPostObject].
type PresignPostOptions struct {
	// Expires is how long the policy stays valid: from 1 second to 7
	// days. Zero means the presign client's PresignOptions.Expires, and
	// DefaultPresignExpires if that is zero too. Anything outside the
	// range is a *v4.ExpiresError before anything else runs.
	Expires time.Duration

	// Conditions are added to the policy document after the ones
	// PresignPostObject writes itself (algorithm, bucket, credential,
	// date, security token). Each is what the S3 POST policy grammar
	// allows: an object with one field, such as
	// map[string]string{"acl": "public-read"}, or a three-element array,
	// such as []any{"starts-with", "$Content-Type", "image/"} or
	// []any{"content-length-range", 1, 1 << 20}. Anything else is an
	// *InvalidPostConditionError. A condition on the key ({"key": ...}, or
	// an array whose second element is "$key") replaces the key condition
	// PresignPostObject would add. The form must then carry a field for
	// every condition that names one, which the caller adds to the form.
	Conditions []interface{}

	// BaseURLOverride, when non-nil, is returned as the URL in place of
	// the resolved endpoint's.
	BaseURLOverride *string

	// ClientOptions are applied to the client's options for this presign,
	// after PresignOptions.ClientOptions.
	ClientOptions []func(*Options)
}

// PresignedPostRequest is a presigned S3 POST: an HTML form (or any
// multipart/form-data request) sent to URL with Values as its fields,
// followed by the file in a field named "file", uploads the object.
type PresignedPostRequest struct {
	// URL is where the form is posted: the bucket's virtual-hosted URL,
	// or the endpoint followed by the bucket in path style.
	URL string

	// Values are the form fields to send before the file, unencoded:
	// key, policy (base64 JSON), X-Amz-Algorithm, X-Amz-Credential,
	// X-Amz-Date, X-Amz-Signature, and X-Amz-Security-Token for temporary
	// credentials.
	Values map[string]string
}

// InvalidPostConditionError reports a PresignPostOptions.Conditions
// element that is not a POST policy condition.
type InvalidPostConditionError struct {
	// Index is the condition's position in Conditions.
	Index int
	// Reason says what is wrong with it.
	Reason string
}

// Error returns the message, naming the condition by index.
func (e *InvalidPostConditionError) Error() string {
	return fmt.Sprintf("s3: PresignPostOptions.Conditions[%d]: %s", e.Index, e.Reason)
}

// Field names of a presigned POST form and its policy.
const (
	postAlgorithmField  = "X-Amz-Algorithm"
	postCredentialField = "X-Amz-Credential"
	postDateField       = "X-Amz-Date"
	postTokenField      = "X-Amz-Security-Token"
	postSignatureField  = "X-Amz-Signature"
	postAlgorithm       = "AWS4-HMAC-SHA256"

	// filenameVariable in a key is replaced by S3 with the uploaded
	// file's name, before the policy's conditions are checked.
	filenameVariable = "${filename}"
)

// PresignPostObject presigns an S3 POST upload (a browser form upload):
// a policy document limiting what may be posted, signed with SigV4, and
// the URL and form fields to send it with. Nothing is sent.
//
// Only params.Bucket and params.Key are used, as in aws-sdk-go-v2; other
// PutObjectInput members (ContentType, ACL, Metadata...) are not part of
// the policy or the fields: restrict them with
// PresignPostOptions.Conditions and send them as form fields. The policy
// limits the upload to params.Key exactly, unless Conditions has a key
// condition of its own. A key containing ${filename} (which S3 replaces
// with the uploaded file's name) is limited to keys starting with the
// text before ${filename} instead, since S3 checks the key after the
// replacement; aws-sdk-go-v2 requires the unreplaced key, which MinIO
// refuses (versitygw stores such a key unreplaced).
//
// Bad input is an error before credentials are fetched: nil params or a
// missing Bucket or Key (smithy.InvalidParamsError), Expires out of range
// (*v4.ExpiresError), a malformed condition
// (*InvalidPostConditionError). Anonymous credentials are a
// *credentials.NoCredentialsError.
func (p *PresignClient) PresignPostObject(ctx context.Context, params *PutObjectInput, optFns ...func(*PresignPostOptions)) (*PresignedPostRequest, error) {
	if params == nil {
		params = &PutObjectInput{}
	}
	o := PresignPostOptions{Expires: p.options.Expires}
	o.ClientOptions = append([]func(*Options){}, p.options.ClientOptions...)
	for _, fn := range optFns {
		fn(&o)
	}
	if o.Expires == 0 {
		o.Expires = DefaultPresignExpires
	}
	for i, c := range o.Conditions {
		if err := checkPostCondition(c); err != "" {
			return nil, &InvalidPostConditionError{Index: i, Reason: err}
		}
	}
	in := *params
	in.Body = nil
	out, err := p.client.rt.PresignCustom(ctx, &opPutObject, &in, p.client.callOptions(o.ClientOptions), client.PresignParams{
		Expires: o.Expires,
		Custom: func(st client.PresignState) (any, error) {
			if p.now != nil {
				st.Time = p.now()
			}
			return signPost(st, *in.Bucket, *in.Key, o)
		},
	})
	if err != nil {
		return nil, err
	}
	return out.(*PresignedPostRequest), nil
}

// signPost builds the policy of a POST of key to bucket and signs it.
func signPost(st client.PresignState, bucket, key string, o PresignPostOptions) (*PresignedPostRequest, error) {
	base := o.BaseURLOverride
	if base == nil {
		u, err := postURL(st.Request.URL, key)
		if err != nil {
			return nil, err
		}
		base = &u
	}
	t := st.Time.UTC()
	date := t.Format("20060102")
	credential := st.Credentials.AccessKeyID + "/" + date + "/" + st.Region + "/" + st.Service + "/aws4_request"
	amzDate := t.Format("20060102T150405Z")

	conditions := []any{
		map[string]string{postAlgorithmField: postAlgorithm},
		map[string]string{"bucket": bucket},
		map[string]string{postCredentialField: credential},
		map[string]string{postDateField: amzDate},
	}
	if st.Credentials.SessionToken != "" {
		conditions = append(conditions, map[string]string{postTokenField: st.Credentials.SessionToken})
	}
	conditions = append(conditions, o.Conditions...)
	if !hasKeyCondition(o.Conditions) {
		if prefix, _, ok := strings.Cut(key, filenameVariable); ok {
			conditions = append(conditions, []any{"starts-with", "$key", prefix})
		} else {
			conditions = append(conditions, map[string]string{"key": key})
		}
	}
	// Fields in this order, as aws-sdk-go-v2 writes them (a sorted map).
	doc, err := json.Marshal(struct {
		Conditions []any  `json:"conditions"`
		Expiration string `json:"expiration"`
	}{conditions, t.Add(o.Expires).Format(time.RFC3339)})
	if err != nil {
		return nil, fmt.Errorf("s3: encoding the POST policy: %w", err)
	}
	policy := base64.StdEncoding.EncodeToString(doc)

	k := hmacSHA256([]byte("AWS4"+st.Credentials.SecretAccessKey), date)
	k = hmacSHA256(k, st.Region)
	k = hmacSHA256(k, st.Service)
	k = hmacSHA256(k, "aws4_request")

	values := map[string]string{
		"key":               key,
		"policy":            policy,
		postAlgorithmField:  postAlgorithm,
		postCredentialField: credential,
		postDateField:       amzDate,
		postSignatureField:  hex.EncodeToString(hmacSHA256(k, policy)),
	}
	if st.Credentials.SessionToken != "" {
		values[postTokenField] = st.Credentials.SessionToken
	}
	return &PresignedPostRequest{URL: *base, Values: values}, nil
}

func hmacSHA256(key []byte, msg string) []byte {
	h := hmac.New(sha256.New, key)
	h.Write([]byte(msg))
	return h.Sum(nil)
}

// postURL is the URL a form for key is posted to: the PutObject request's
// URL without the key and query. Unlike aws-sdk-go-v2, which keeps the
// first path segment, it keeps an endpoint's own path.
func postURL(u *url.URL, key string) (string, error) {
	path, ok := strings.CutSuffix(u.Path, "/"+key)
	if !ok {
		return "", fmt.Errorf("s3: presign POST: the request path %q does not end with the key", u.Path)
	}
	b := url.URL{Scheme: u.Scheme, Host: u.Host, Path: path}
	return b.String(), nil
}

// checkPostCondition returns why c is not a POST policy condition, or "".
func checkPostCondition(c any) string {
	switch c := c.(type) {
	case map[string]string:
		if len(c) != 1 {
			return fmt.Sprintf("an object condition has one field, not %d", len(c))
		}
	case map[string]any:
		if len(c) != 1 {
			return fmt.Sprintf("an object condition has one field, not %d", len(c))
		}
	case []string:
		if len(c) != 3 {
			return fmt.Sprintf("an array condition has three elements, not %d", len(c))
		}
	case []any:
		if len(c) != 3 {
			return fmt.Sprintf("an array condition has three elements, not %d", len(c))
		}
		if _, ok := c[0].(string); !ok {
			return fmt.Sprintf("an array condition starts with its operator, not %T", c[0])
		}
	default:
		return fmt.Sprintf("a condition is a one-field map or a three-element slice, not %T", c)
	}
	if _, err := json.Marshal(c); err != nil {
		return err.Error()
	}
	return ""
}

// hasKeyCondition reports whether conditions restrict the key.
func hasKeyCondition(conditions []any) bool {
	for _, c := range conditions {
		switch c := c.(type) {
		case map[string]string:
			if _, ok := c["key"]; ok {
				return true
			}
		case map[string]any:
			if _, ok := c["key"]; ok {
				return true
			}
		case []string:
			if c[1] == "$key" {
				return true
			}
		case []any:
			if c[1] == "$key" {
				return true
			}
		}
	}
	return false
}
