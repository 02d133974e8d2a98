package process

import (
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/nimbus-sdk/nimbus/credentials"
)

// output is the JSON document a credential process prints. Only Version,
// AccessKeyId and SecretAccessKey are required.
type output struct {
	Version         int
	AccessKeyID     string `json:"AccessKeyId"`
	SecretAccessKey string
	SessionToken    string
	Expiration      string
	AccountID       string `json:"AccountId"`
}

// parseOutput decodes a command's standard output. Its errors describe
// what is wrong without quoting the output, which holds secrets.
func parseOutput(b []byte) (credentials.Credentials, error) {
	var out output
	if err := json.Unmarshal(b, &out); err != nil {
		return credentials.Credentials{}, &ProcessError{Kind: KindOutput, Err: redactJSONError(err)}
	}
	var err error
	switch {
	case out.Version == 0:
		err = errors.New("Version is missing")
	case out.Version != 1:
		err = fmt.Errorf("Version %d is not supported (want 1)", out.Version)
	case out.AccessKeyID == "":
		err = errors.New("AccessKeyId is missing")
	case out.SecretAccessKey == "":
		err = errors.New("SecretAccessKey is missing")
	}
	if err != nil {
		return credentials.Credentials{}, &ProcessError{Kind: KindOutput, Err: err}
	}
	creds := credentials.Credentials{
		AccessKeyID:     out.AccessKeyID,
		SecretAccessKey: out.SecretAccessKey,
		SessionToken:    out.SessionToken,
		Source:          Source,
		AccountID:       out.AccountID,
	}
	if out.Expiration != "" {
		t, err := time.Parse(time.RFC3339, out.Expiration)
		if err != nil {
			return credentials.Credentials{}, &ProcessError{Kind: KindOutput,
				Err: errors.New("Expiration is not an RFC 3339 timestamp")}
		}
		creds.CanExpire = true
		creds.Expires = t
	}
	return creds, nil
}

// redactJSONError rewrites a decoding error so that it names the problem
// and its position but none of the input: encoding/json's messages may
// quote a character or a value.
func redactJSONError(err error) error {
	var syntax *json.SyntaxError
	var typ *json.UnmarshalTypeError
	switch {
	case errors.As(err, &syntax):
		return fmt.Errorf("output is not valid JSON (error at byte %d)", syntax.Offset)
	case errors.As(err, &typ):
		if typ.Field == "" {
			return fmt.Errorf("output is not a JSON object")
		}
		return fmt.Errorf("%s must be a JSON %s", typ.Field, jsonKind(typ.Type.Kind().String()))
	default:
		return errors.New("output is not valid JSON")
	}
}

func jsonKind(goKind string) string {
	if goKind == "string" {
		return "string"
	}
	return "number"
}
