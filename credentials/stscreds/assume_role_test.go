package stscreds_test

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/aws/smithy-go"

	"github.com/nimbus-sdk/nimbus/credentials"
	"github.com/nimbus-sdk/nimbus/credentials/credentialstest"
	"github.com/nimbus-sdk/nimbus/credentials/stscreds"
)

func wantCreds(source string) credentials.Credentials {
	exp, _ := time.Parse(time.RFC3339, fakeExpiry)
	return credentials.Credentials{
		AccessKeyID:     fakeKeyID,
		SecretAccessKey: fakeSecret,
		SessionToken:    fakeToken,
		Source:          source,
		CanExpire:       true,
		Expires:         exp,
		AccountID:       fakeAccount,
	}
}

func sourceCreds() credentials.Provider {
	return credentials.NewStaticProvider(fakeSourceID, "sourceSecret", "")
}

var fixedNow = func() time.Time { return time.Unix(1700000000, 0) }

func TestAssumeRoleProvider(t *testing.T) {
	tests := []struct {
		name     string
		opts     stscreds.AssumeRoleOptions
		wantForm map[string]string // "" means the parameter must be absent
	}{
		{
			name: "defaults",
			opts: stscreds.AssumeRoleOptions{RoleARN: fakeRoleARN, Now: fixedNow},
			wantForm: map[string]string{
				"Action": "AssumeRole", "Version": "2011-06-15", "RoleArn": fakeRoleARN,
				"RoleSessionName": "nimbus-1700000000000000000", "DurationSeconds": "3600",
				"ExternalId": "", "SerialNumber": "", "TokenCode": "", "Policy": "",
			},
		},
		{
			name: "all options",
			opts: stscreds.AssumeRoleOptions{
				RoleARN: fakeRoleARN, RoleSessionName: "me", ExternalID: "ext-1",
				Duration: 15 * time.Minute, Policy: `{"Version":"2012-10-17"}`,
				PolicyARNs:   []string{"arn:aws:iam::aws:policy/ReadOnlyAccess"},
				SerialNumber: "arn:aws:iam::123456789012:mfa/me",
				TokenProvider: func() (string, error) {
					return "123456", nil
				},
				SourceIdentity: "alice",
			},
			wantForm: map[string]string{
				"RoleSessionName": "me", "ExternalId": "ext-1", "DurationSeconds": "900",
				"Policy": `{"Version":"2012-10-17"}`, "PolicyArns.member.1.arn": "arn:aws:iam::aws:policy/ReadOnlyAccess",
				"SerialNumber": "arn:aws:iam::123456789012:mfa/me", "TokenCode": "123456",
				"SourceIdentity": "alice",
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			fake := &fakeSTS{}
			o := tt.opts
			o.BaseEndpoint, o.Region, o.SourceCredentials = startSTS(t, fake), "eu-west-1", sourceCreds()
			got, err := stscreds.NewAssumeRoleProvider(o).Retrieve(context.Background())
			if err != nil {
				t.Fatalf("Retrieve: %v", err)
			}
			if d := credentialstest.Diff(got, wantCreds(stscreds.AssumeRoleSource)); d != "" {
				t.Errorf("Retrieve: %s", d)
			}
			form, auth := fake.last(t)
			for k, want := range tt.wantForm {
				if got := form.Get(k); got != want {
					t.Errorf("form %s = %q; want %q", k, got, want)
				}
			}
			if !strings.Contains(auth, "Credential="+fakeSourceID+"/") || !strings.Contains(auth, "/eu-west-1/sts/") {
				t.Errorf("Authorization = %q; want a SigV4 signature by %s for eu-west-1/sts", auth, fakeSourceID)
			}
		})
	}
}

func TestAssumeRoleProviderErrors(t *testing.T) {
	tokenErr := errors.New("no YubiKey")
	tests := []struct {
		name     string
		opts     stscreds.AssumeRoleOptions
		errCode  string
		wantIs   error  // errors.Is target, if any
		wantCode string // smithy.APIError code, if any
		requests int    // requests that reach STS
	}{
		{name: "no role", opts: stscreds.AssumeRoleOptions{SourceCredentials: sourceCreds()}, wantIs: stscreds.ErrMissingRoleARN},
		{name: "no source", opts: stscreds.AssumeRoleOptions{RoleARN: fakeRoleARN}, wantIs: stscreds.ErrMissingSourceCredentials},
		{
			name:   "MFA without token provider",
			opts:   stscreds.AssumeRoleOptions{RoleARN: fakeRoleARN, SourceCredentials: sourceCreds(), SerialNumber: "GAHT12345678"},
			wantIs: stscreds.ErrMissingTokenProvider,
		},
		{
			name: "token provider fails",
			opts: stscreds.AssumeRoleOptions{
				RoleARN: fakeRoleARN, SourceCredentials: sourceCreds(), SerialNumber: "GAHT12345678",
				TokenProvider: func() (string, error) { return "", tokenErr },
			},
			wantIs: tokenErr,
		},
		{
			name:   "source credentials fail",
			opts:   stscreds.AssumeRoleOptions{RoleARN: fakeRoleARN, SourceCredentials: credentials.StaticProvider{}},
			wantIs: credentials.ErrStaticCredentialsEmpty,
		},
		{
			name:     "access denied",
			opts:     stscreds.AssumeRoleOptions{RoleARN: fakeRoleARN, SourceCredentials: sourceCreds()},
			errCode:  "AccessDenied",
			wantCode: "AccessDenied",
			requests: 1,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			fake := &fakeSTS{errCode: tt.errCode}
			o := tt.opts
			o.BaseEndpoint = startSTS(t, fake)
			_, err := stscreds.NewAssumeRoleProvider(o).Retrieve(context.Background())
			var serr *stscreds.Error
			if !errors.As(err, &serr) || serr.Op != "AssumeRole" || serr.RoleARN != o.RoleARN {
				t.Fatalf("Retrieve error = %v; want *stscreds.Error for AssumeRole %s", err, o.RoleARN)
			}
			if tt.wantIs != nil && !errors.Is(err, tt.wantIs) {
				t.Errorf("Retrieve error = %v; want one wrapping %v", err, tt.wantIs)
			}
			if tt.wantCode != "" {
				var api smithy.APIError
				if !errors.As(err, &api) || api.ErrorCode() != tt.wantCode {
					t.Errorf("Retrieve error = %v; want an APIError with code %s", err, tt.wantCode)
				}
			}
			if got := fake.count(); got != tt.requests {
				t.Errorf("STS got %d requests; want %d", got, tt.requests)
			}
		})
	}
}

func TestAssumeRoleProviderConformance(t *testing.T) {
	credentialstest.RunProviderTests(t, func(t *testing.T) credentials.Provider {
		return stscreds.NewAssumeRoleProvider(stscreds.AssumeRoleOptions{
			RoleARN:           fakeRoleARN,
			SourceCredentials: sourceCreds(),
			BaseEndpoint:      startSTS(t, &fakeSTS{}),
		})
	}, wantCreds(stscreds.AssumeRoleSource))
}
