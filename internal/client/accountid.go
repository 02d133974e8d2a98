package client

import (
	"github.com/nimbus-sdk/nimbus/config/aws"
	"github.com/nimbus-sdk/nimbus/credentials"
	"github.com/nimbus-sdk/nimbus/internal/endpoints/rules"
)

// accountIDParams fills the endpoint parameters of the AWS::Auth::AccountId
// and AWS::Auth::AccountIdEndpointMode built-ins, for services whose rules
// route by account, as aws-sdk-go-v2 does: the mode always (an unset mode
// is passed as "", which the rules treat as preferred), and the account
// of the attempt's credentials unless the mode is disabled. An invalid
// mode fails the attempt with an *aws.AccountIDEndpointModeError before
// anything is sent.
//
// The required mode is left to the rules, unlike aws-sdk-go-v2, which
// fails every call whose credentials carry no account: the model's
// endpoint tests route such a call by the account of the resource ARN it
// names (DynamoDB's BatchGetItem with table ARNs), or to a local
// endpoint, and the rules fail the others with their own error.
func (c *call) accountIDParams(p rules.Params) error {
	svc, mode := c.rt.svc, c.opts.AccountIDEndpointMode
	if svc.AccountIDParam == "" && svc.AccountIDEndpointModeParam == "" {
		return nil
	}
	if !mode.Valid() {
		return &aws.AccountIDEndpointModeError{Mode: mode}
	}
	account := c.creds.AccountID
	if id, ok := c.identity.(credentials.Credentials); ok {
		account = id.AccountID // a user auth scheme's identity
	}
	if svc.AccountIDEndpointModeParam != "" {
		p[svc.AccountIDEndpointModeParam] = string(mode)
	}
	if svc.AccountIDParam != "" && account != "" && mode != aws.AccountIDEndpointModeDisabled {
		p[svc.AccountIDParam] = account
	}
	return nil
}
