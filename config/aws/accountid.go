package aws

import "fmt"

// AccountIDEndpointMode says whether the AWS account of a call's
// credentials is used to route its request, for services whose endpoint
// rules route by account (DynamoDB sends
// https://111122223333.ddb.us-east-1.amazonaws.com requests). It is the
// AccountIDEndpointMode option of those clients and of config.Config:
// AWS_ACCOUNT_ID_ENDPOINT_MODE or the profile's account_id_endpoint_mode.
// The names are aws-sdk-go-v2's.
type AccountIDEndpointMode string

const (
	// AccountIDEndpointModeUnset is the zero value: the client behaves as
	// with AccountIDEndpointModePreferred (config.Load sets that mode when
	// nothing configures one).
	AccountIDEndpointModeUnset AccountIDEndpointMode = ""

	// AccountIDEndpointModePreferred routes by the credentials' account
	// when they carry one, and to the regional endpoint otherwise.
	AccountIDEndpointModePreferred AccountIDEndpointMode = "preferred"

	// AccountIDEndpointModeRequired routes by account and fails, before
	// anything is sent, a call for which no account is known: neither its
	// credentials nor the resource ARNs it names carry one (the endpoint
	// rules' error).
	AccountIDEndpointModeRequired AccountIDEndpointMode = "required"

	// AccountIDEndpointModeDisabled never routes by the credentials'
	// account.
	AccountIDEndpointModeDisabled AccountIDEndpointMode = "disabled"
)

// Valid reports whether m is one of the modes above.
func (m AccountIDEndpointMode) Valid() bool {
	switch m {
	case AccountIDEndpointModeUnset, AccountIDEndpointModePreferred, AccountIDEndpointModeRequired, AccountIDEndpointModeDisabled:
		return true
	}
	return false
}

// AccountIDEndpointModeError fails a call, before anything is sent, whose
// AccountIDEndpointMode is not one of the modes above.
//
// The account of a call's credentials is credentials.Credentials.AccountID:
// set from AWS_ACCOUNT_ID or aws_account_id for static keys, and by the
// SSO, assume-role, process, container and instance-metadata sources that
// report it.
type AccountIDEndpointModeError struct {
	// Mode is the call's mode.
	Mode AccountIDEndpointMode
}

func (e *AccountIDEndpointModeError) Error() string {
	return fmt.Sprintf("invalid AccountIDEndpointMode %q: must be preferred, required or disabled", string(e.Mode))
}
