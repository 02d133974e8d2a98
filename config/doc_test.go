package config

import (
	"os"
	"strings"
	"testing"
)

// TestDocListsEverySetting keeps doc.go in step with the settings tables.
func TestDocListsEverySetting(t *testing.T) {
	doc, err := os.ReadFile("doc.go")
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, e := range envSettings {
		names = append(names, e.name)
	}
	for _, f := range profileSettings {
		names = append(names, f.key)
	}
	for _, s := range s3SubSettings {
		names = append(names, s.key)
	}
	names = append(names, credentialProfileKeys...)
	names = append(names, envProfile, envDefaultProfile, envConfigFile, envCredentialsFile,
		envAccessKeyID, envSecretAccessKey, envSessionToken, envRoleARN, envWebIdentityToken, envRoleSessionName, envLoginCacheDir,
		"aws_access_key_id", "aws_secret_access_key", "aws_session_token", "credential_process", "services")
	for _, n := range names {
		if !strings.Contains(string(doc), n) {
			t.Errorf("doc.go does not mention %s", n)
		}
	}
}
