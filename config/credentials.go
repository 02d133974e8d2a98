package config

import (
	"context"
	"strings"

	"github.com/nimbus-sdk/nimbus/credentials"
	"github.com/nimbus-sdk/nimbus/credentials/process"
)

// unsupportedProfileKeys select credential sources Nimbus does not
// implement yet. A profile with any of them fails to load.
//
// TODO(credentials chain): implement, in the AWS CLI's order, assume role
// (role_arn with source_profile or credential_source), web identity
// (web_identity_token_file, AWS_WEB_IDENTITY_TOKEN_FILE + AWS_ROLE_ARN)
// and IAM Identity Center (sso_session, sso_start_url...) in
// resolveCredentials where the unsupported check is, and the container
// (AWS_CONTAINER_CREDENTIALS_*) and IMDS providers at the end of the
// chain, where it now returns nil.
var unsupportedProfileKeys = []string{
	"role_arn", "credential_source", "web_identity_token_file",
	"sso_session", "sso_start_url", "sso_account_id", "sso_role_name",
}

// resolveCredentials runs the default credential chain, in the order the
// AWS CLI documents:
//
//  1. AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY (and AWS_SESSION_TOKEN);
//  2. assume role, web identity and SSO settings: not supported yet, an
//     [UnsupportedCredentialsError];
//  3. static keys of the profile in the credentials file;
//  4. the profile's credential_process, wrapped in a credentials.Cache;
//  5. static keys of the profile in the config file;
//  6. nothing: Config.Credentials stays nil.
func (s *sources) resolveCredentials(context.Context) (credentials.Provider, error) {
	id, secret := strings.TrimSpace(s.getenv(envAccessKeyID)), strings.TrimSpace(s.getenv(envSecretAccessKey))
	switch {
	case id != "" && secret != "":
		p := credentials.NewStaticProvider(id, secret, strings.TrimSpace(s.getenv(envSessionToken)))
		p.Value.Source = "EnvProvider"
		return p, nil
	case id != "":
		return nil, &PartialCredentialsError{Source: "env", Missing: envSecretAccessKey}
	case secret != "":
		return nil, &PartialCredentialsError{Source: "env", Missing: envAccessKeyID}
	}

	if s.getenv(envWebIdentityToken) != "" && s.getenv(envRoleARN) != "" {
		return nil, &UnsupportedCredentialsError{Source: "env", Key: envWebIdentityToken}
	}
	prof := s.profile
	for _, k := range unsupportedProfileKeys {
		if v, ok := prof.values[k]; ok && strings.TrimSpace(v.Text) != "" {
			return nil, &UnsupportedCredentialsError{Source: v.source, Key: k}
		}
	}

	if p, err := staticProfileKeys(prof.creds); p != nil || err != nil {
		return p, err
	}
	if v, ok := prof.values["credential_process"]; ok && strings.TrimSpace(v.Text) != "" {
		// The AWS CLI splits the command into words, so continuation
		// lines are just more words; joining them with spaces keeps that
		// meaning in a shell, where a newline would end the command.
		cmd := strings.ReplaceAll(strings.TrimSpace(v.Text), "\n", " ")
		return credentials.NewCache(process.NewProvider(cmd)), nil
	}
	if p, err := staticProfileKeys(prof.config); p != nil || err != nil {
		return p, err
	}
	return nil, nil
}

// staticProfileKeys returns a static provider for the keys in values, nil
// if there are none, or a [PartialCredentialsError].
func staticProfileKeys(values map[string]profileValue) (credentials.Provider, error) {
	id, hasID := values["aws_access_key_id"]
	secret, hasSecret := values["aws_secret_access_key"]
	hasID = hasID && strings.TrimSpace(id.Text) != ""
	hasSecret = hasSecret && strings.TrimSpace(secret.Text) != ""
	switch {
	case hasID && hasSecret:
		p := credentials.NewStaticProvider(id.Text, secret.Text, values["aws_session_token"].Text)
		p.Value.Source = "SharedConfigCredentials: " + id.path
		return p, nil
	case hasID:
		return nil, &PartialCredentialsError{Source: id.source, Missing: "aws_secret_access_key"}
	case hasSecret:
		return nil, &PartialCredentialsError{Source: secret.source, Missing: "aws_access_key_id"}
	}
	return nil, nil
}
