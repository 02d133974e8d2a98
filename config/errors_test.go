package config

import (
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/pem"
	"errors"
	"io/fs"
	"math/big"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/nimbus-sdk/nimbus/credentials"
	transporthttp "github.com/nimbus-sdk/nimbus/transport/http"
)

func TestProfileNotFoundError(t *testing.T) {
	tests := []struct {
		name string
		env  fakeEnv
		opts func(*LoadOptions)
	}{
		{"AWS_PROFILE", fakeEnv{"AWS_PROFILE": "nope"}, nil},
		{"AWS_DEFAULT_PROFILE", fakeEnv{"AWS_DEFAULT_PROFILE": "nope"}, nil},
		{"LoadOptions.Profile", nil, func(o *LoadOptions) { o.Profile = "nope" }},
		{"invalid profile name is skipped", fakeEnv{"AWS_PROFILE": "nope"}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			home, opt := setup(t, testFiles{config: "[default]\nregion = x\n[profile no pe]\nregion = y\n[nope]\nregion = z\n"}, tt.env)
			opts := []func(*LoadOptions){opt}
			if tt.opts != nil {
				opts = append(opts, tt.opts)
			}
			_, err := Load(context.Background(), opts...)
			var pnf *ProfileNotFoundError
			if !errors.As(err, &pnf) {
				t.Fatalf("Load() error = %v; want *ProfileNotFoundError", err)
			}
			wantFiles := []string{filepath.Join(home, ".aws", "config"), filepath.Join(home, ".aws", "credentials")}
			if pnf.Profile != "nope" || strings.Join(pnf.Files, ",") != strings.Join(wantFiles, ",") {
				t.Errorf("error = %+v; want profile nope in %v", pnf, wantFiles)
			}
			if !strings.Contains(err.Error(), `"nope"`) || !strings.Contains(err.Error(), wantFiles[0]) {
				t.Errorf("error %q does not name the profile and files", err)
			}
		})
	}
}

func TestMissingDefaultProfileIsFine(t *testing.T) {
	_, opt := setup(t, testFiles{config: "[profile dev]\nregion = x\n"}, nil)
	cfg, err := Load(context.Background(), opt)
	if err != nil || cfg.Profile != "" || cfg.Region != "" {
		t.Errorf("Load() = %+v, %v; want empty config, no error", cfg, err)
	}
}

func TestParseError(t *testing.T) {
	for _, tt := range []struct {
		name  string
		files testFiles
		file  string
		line  int
	}{
		{"config", testFiles{config: "[default]\nregion = x\nthis is not a property\n"}, "config", 3},
		{"credentials", testFiles{credentials: "[default\n"}, "credentials", 1},
	} {
		t.Run(tt.name, func(t *testing.T) {
			home, opt := setup(t, tt.files, nil)
			_, err := Load(context.Background(), opt)
			var pe *ParseError
			if !errors.As(err, &pe) {
				t.Fatalf("Load() error = %v; want *ParseError", err)
			}
			if want := filepath.Join(home, ".aws", tt.file); pe.File != want || pe.Line != tt.line {
				t.Errorf("error = %+v; want %s line %d", pe, want, tt.line)
			}
		})
	}
}

func TestUnreadableFile(t *testing.T) {
	home, opt := setup(t, testFiles{}, nil)
	dir := filepath.Join(home, ".aws", "config") // a directory: exists but unreadable as a file
	if err := os.Mkdir(dir, 0o700); err != nil {
		t.Fatal(err)
	}
	_, err := Load(context.Background(), opt)
	if err == nil || !strings.Contains(err.Error(), dir) {
		t.Errorf("Load() error = %v; want an error naming %s", err, dir)
	}
}

func TestValidationError(t *testing.T) {
	tests := []struct {
		name        string
		config      string
		env         fakeEnv
		opts        func(*LoadOptions)
		source, key string
		value       string
	}{
		{name: "env retry mode", env: fakeEnv{"AWS_RETRY_MODE": "turbo"}, source: "env AWS_RETRY_MODE", key: "retry_mode", value: "turbo"},
		{name: "profile retry mode", config: "[default]\nretry_mode = turbo\n", source: "profile default in ~/.aws/config", key: "retry_mode", value: "turbo"},
		{name: "option retry mode", opts: func(o *LoadOptions) { o.RetryMode = "turbo" }, source: "LoadOptions.RetryMode", key: "retry_mode", value: "turbo"},
		{name: "max attempts zero", env: fakeEnv{"AWS_MAX_ATTEMPTS": "0"}, source: "env AWS_MAX_ATTEMPTS", key: "max_attempts", value: "0"},
		{name: "max attempts text", config: "[default]\nmax_attempts = three\n", source: "profile default in ~/.aws/config", key: "max_attempts", value: "three"},
		{name: "max attempts negative option", opts: func(o *LoadOptions) { o.RetryMaxAttempts = -1 }, source: "LoadOptions.RetryMaxAttempts", key: "max_attempts", value: "-1"},
		{name: "new retries bool", env: fakeEnv{"AWS_NEW_RETRIES_2026": "yes"}, source: "env AWS_NEW_RETRIES_2026", key: "AWS_NEW_RETRIES_2026", value: "yes"},
		{name: "request checksum", env: fakeEnv{"AWS_REQUEST_CHECKSUM_CALCULATION": "always"}, source: "env AWS_REQUEST_CHECKSUM_CALCULATION", key: "request_checksum_calculation", value: "always"},
		{name: "response checksum", config: "[default]\nresponse_checksum_validation = never\n", source: "profile default in ~/.aws/config", key: "response_checksum_validation", value: "never"},
		{name: "fips bool", env: fakeEnv{"AWS_USE_FIPS_ENDPOINT": "yes"}, source: "env AWS_USE_FIPS_ENDPOINT", key: "use_fips_endpoint", value: "yes"},
		{name: "dualstack bool", config: "[default]\nuse_dualstack_endpoint = 1\n", source: "profile default in ~/.aws/config", key: "use_dualstack_endpoint", value: "1"},
		{name: "s3 arn region bool", env: fakeEnv{"AWS_S3_USE_ARN_REGION": "on"}, source: "env AWS_S3_USE_ARN_REGION", key: "s3_use_arn_region", value: "on"},
		{name: "s3 mrap bool", env: fakeEnv{"AWS_S3_DISABLE_MULTIREGION_ACCESS_POINTS": "off"}, source: "env AWS_S3_DISABLE_MULTIREGION_ACCESS_POINTS", key: "s3_disable_multiregion_access_points", value: "off"},
		{name: "attempt timeout env", env: fakeEnv{"NIMBUS_ATTEMPT_TIMEOUT": "soon"}, source: "env NIMBUS_ATTEMPT_TIMEOUT", key: "attempt_timeout", value: "soon"},
		{name: "attempt timeout profile", config: "[default]\nattempt_timeout = -3s\n", source: "profile default in ~/.aws/config", key: "attempt_timeout", value: "-3s"},
		{name: "s3 addressing style", config: "[default]\ns3 =\n  addressing_style = sideways\n", source: "profile default in ~/.aws/config", key: "s3.addressing_style", value: "sideways"},
		{name: "s3 accelerate", config: "[default]\ns3 =\n  use_accelerate_endpoint = maybe\n", source: "profile default in ~/.aws/config", key: "s3.use_accelerate_endpoint", value: "maybe"},
		{name: "ignore endpoints bool", env: fakeEnv{"AWS_IGNORE_CONFIGURED_ENDPOINT_URLS": "nah"}, source: "env AWS_IGNORE_CONFIGURED_ENDPOINT_URLS", key: "ignore_configured_endpoint_urls", value: "nah"},
		{name: "endpoint url", env: fakeEnv{"AWS_ENDPOINT_URL": "localhost:9000"}, source: "env AWS_ENDPOINT_URL", key: "endpoint_url"},
		{name: "service endpoint url", config: "[default]\nservices = s\n[services s]\ns3 =\n  endpoint_url = ftp://x\n", source: "services s in ~/.aws/config", key: "s3.endpoint_url"},
		{name: "missing services section", config: "[default]\nservices = gone\n", source: "profile default in ~/.aws/config", key: "services", value: "gone"},
		{name: "disable compression bool", env: fakeEnv{"AWS_DISABLE_REQUEST_COMPRESSION": "yes"}, source: "env AWS_DISABLE_REQUEST_COMPRESSION", key: "disable_request_compression", value: "yes"},
		{name: "min compression size negative", env: fakeEnv{"AWS_REQUEST_MIN_COMPRESSION_SIZE_BYTES": "-1"}, source: "env AWS_REQUEST_MIN_COMPRESSION_SIZE_BYTES", key: "request_min_compression_size_bytes", value: "-1"},
		{name: "min compression size above the maximum", config: "[default]\nrequest_min_compression_size_bytes = 10485761\n", source: "profile default in ~/.aws/config", key: "request_min_compression_size_bytes", value: "10485761"},
		{name: "min compression size text", config: "[default]\nrequest_min_compression_size_bytes = 10k\n", source: "profile default in ~/.aws/config", key: "request_min_compression_size_bytes", value: "10k"},
		{name: "min compression size option", opts: func(o *LoadOptions) { o.RequestMinCompressSizeBytes = 1 << 30 }, source: "LoadOptions.RequestMinCompressSizeBytes", key: "request_min_compression_size_bytes", value: "1073741824"},
		{name: "ca bundle unreadable", env: fakeEnv{"AWS_CA_BUNDLE": "~/none.pem"}, source: "env AWS_CA_BUNDLE", key: "ca_bundle", value: "~/none.pem"},
		{name: "ca bundle without certs", config: "[default]\nca_bundle = ~/.aws/config\n", source: "profile default in ~/.aws/config", key: "ca_bundle", value: "~/.aws/config"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			home, opt := setup(t, testFiles{config: tt.config}, tt.env)
			opts := []func(*LoadOptions){opt}
			if tt.opts != nil {
				opts = append(opts, tt.opts)
			}
			_, err := Load(context.Background(), opts...)
			var ve *ValidationError
			if !errors.As(err, &ve) {
				t.Fatalf("Load() error = %v; want *ValidationError", err)
			}
			want := ValidationError{Source: strings.ReplaceAll(tt.source, "~", home), Key: tt.key, Value: tt.value}
			if ve.Source != want.Source || ve.Key != want.Key || ve.Value != want.Value || ve.Reason == "" {
				t.Errorf("error = %+v; want %+v and a reason", *ve, want)
			}
		})
	}
}

func TestValidationErrorsJoined(t *testing.T) {
	_, opt := setup(t, testFiles{}, fakeEnv{"AWS_RETRY_MODE": "x", "AWS_MAX_ATTEMPTS": "y"})
	_, err := Load(context.Background(), opt)
	for _, want := range []string{"AWS_RETRY_MODE", "AWS_MAX_ATTEMPTS"} {
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("Load() error = %v; want it to mention %s", err, want)
		}
	}
}

func TestCABundleUnwrap(t *testing.T) {
	_, opt := setup(t, testFiles{}, fakeEnv{"AWS_CA_BUNDLE": "/nonexistent/ca.pem"})
	_, err := Load(context.Background(), opt)
	if !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("Load() error = %v; want it to wrap fs.ErrNotExist", err)
	}
}

func TestPartialCredentialsError(t *testing.T) {
	tests := []struct {
		name            string
		files           testFiles
		env             fakeEnv
		source, missing string
	}{
		{"env id only", testFiles{}, fakeEnv{"AWS_ACCESS_KEY_ID": "AKID"}, "env", "AWS_SECRET_ACCESS_KEY"},
		{"env secret only", testFiles{}, fakeEnv{"AWS_SECRET_ACCESS_KEY": "S3CR3T"}, "env", "AWS_ACCESS_KEY_ID"},
		{"credentials file id only", testFiles{credentials: "[default]\naws_access_key_id = AKID\n"}, nil, "profile default in ~/.aws/credentials", "aws_secret_access_key"},
		{"config file secret only", testFiles{config: "[default]\naws_secret_access_key = S3CR3T\n"}, nil, "profile default in ~/.aws/config", "aws_access_key_id"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			home, opt := setup(t, tt.files, tt.env)
			_, err := Load(context.Background(), opt)
			var pce *PartialCredentialsError
			if !errors.As(err, &pce) {
				t.Fatalf("Load() error = %v; want *PartialCredentialsError", err)
			}
			if want := strings.ReplaceAll(tt.source, "~", home); pce.Source != want || pce.Missing != tt.missing {
				t.Errorf("error = %+v; want source %q, missing %q", pce, want, tt.missing)
			}
		})
	}
}

func TestErrMissingRegion(t *testing.T) {
	// Load does not report a missing region; clients wrap ErrMissingRegion.
	_, opt := setup(t, testFiles{}, nil)
	cfg, err := Load(context.Background(), opt)
	if err != nil || cfg.Region != "" {
		t.Fatalf("Load() = %q, %v; want no region and no error", cfg.Region, err)
	}
	wrapped := errors.Join(errors.New("s3: GetObject"), ErrMissingRegion)
	if !errors.Is(wrapped, ErrMissingRegion) {
		t.Error("errors.Is(wrapped, ErrMissingRegion) = false")
	}
}

func TestLoadCanceledContext(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	_, opt := setup(t, testFiles{}, nil)
	if _, err := Load(ctx, opt); !errors.Is(err, context.Canceled) {
		t.Errorf("Load(canceled) error = %v; want context.Canceled", err)
	}
}

// TestErrorsHideSecrets checks that no error Load returns contains a
// secret from the files or the environment.
func TestErrorsHideSecrets(t *testing.T) {
	const secret = "wJalrXUtnFEMIK7MDENGbPxRfiCYzEXAMPLEKEY"
	tests := []struct {
		name  string
		files testFiles
		env   fakeEnv
	}{
		{"syntax error on secret line", testFiles{credentials: "[default]\naws_secret_access_key " + secret + "\n"}, nil},
		{"continuation of secret", testFiles{credentials: "[default]\naws_secret_access_key =\n  " + secret + "\n"}, nil},
		{"secret before section", testFiles{credentials: "aws_secret_access_key = " + secret + "\n"}, nil},
		{"partial env", testFiles{}, fakeEnv{"AWS_SECRET_ACCESS_KEY": secret}},
		{"partial file", testFiles{config: "[default]\naws_secret_access_key = " + secret + "\n"}, nil},
		{"token without keys plus bad retry", testFiles{}, fakeEnv{"AWS_SESSION_TOKEN": secret, "AWS_RETRY_MODE": "x"}},
		{"endpoint with password", testFiles{}, fakeEnv{"AWS_ENDPOINT_URL": "://user:" + secret + "@host"}},
		{"unsupported with secret", testFiles{credentials: "[default]\naws_access_key_id = A\naws_secret_access_key = " + secret + "\nrole_arn = r\n"}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, opt := setup(t, tt.files, tt.env)
			_, err := Load(context.Background(), opt)
			if err == nil {
				t.Fatal("Load() succeeded; want an error")
			}
			if strings.Contains(err.Error(), secret) || strings.Contains(err.Error(), "EXAMPLE") {
				t.Errorf("error %q leaks a secret", err)
			}
		})
	}
}

func TestCredentialProcess(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("uses a POSIX shell")
	}
	const out = `{"Version": 1, "AccessKeyId": "AKIDPROC", "SecretAccessKey": "PROCSECRET", "SessionToken": "PROCTOKEN"}`
	tests := []struct {
		name   string
		files  testFiles
		wantID string
	}{
		{"process in config", testFiles{config: "[default]\ncredential_process = echo '" + out + "'\n"}, "AKIDPROC"},
		{"credentials file keys beat process", testFiles{
			config:      "[default]\ncredential_process = echo '" + out + "'\n",
			credentials: "[default]\naws_access_key_id = AKIDFILE\naws_secret_access_key = FILESECRET\n",
		}, "AKIDFILE"},
		{"process beats config file keys", testFiles{
			config: "[default]\naws_access_key_id = AKIDCONF\naws_secret_access_key = CONFSECRET\ncredential_process = echo '" + out + "'\n",
		}, "AKIDPROC"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, opt := setup(t, tt.files, nil)
			cfg, err := Load(context.Background(), opt)
			if err != nil {
				t.Fatal(err)
			}
			c, err := cfg.Credentials.Retrieve(context.Background())
			if err != nil {
				t.Fatal(err)
			}
			if c.AccessKeyID != tt.wantID {
				t.Errorf("AccessKeyID = %q; want %q (source %q)", c.AccessKeyID, tt.wantID, c.Source)
			}
			if tt.wantID == "AKIDPROC" {
				if _, ok := cfg.Credentials.(*credentials.Cache); !ok {
					t.Errorf("Credentials is %T; want *credentials.Cache", cfg.Credentials)
				}
				if c.SessionToken != "PROCTOKEN" {
					t.Errorf("SessionToken = %q; want PROCTOKEN", c.SessionToken)
				}
			}
		})
	}
}

func TestCABundle(t *testing.T) {
	home, opt := setup(t, testFiles{config: "[default]\nca_bundle = ~/ca.pem\n"}, nil)
	if err := os.WriteFile(filepath.Join(home, "ca.pem"), selfSignedPEM(t), 0o600); err != nil {
		t.Fatal(err)
	}
	cfg, err := Load(context.Background(), opt)
	if err != nil {
		t.Fatal(err)
	}
	if _, ok := cfg.HTTPClient.(*transporthttp.Client); !ok {
		t.Errorf("HTTPClient = %T; want *http.Client from transport/http", cfg.HTTPClient)
	}
}

func selfSignedPEM(t *testing.T) []byte {
	t.Helper()
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	tmpl := &x509.Certificate{
		SerialNumber: big.NewInt(1),
		Subject:      pkix.Name{CommonName: "test CA"},
		NotBefore:    time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC),
		NotAfter:     time.Date(2034, 1, 1, 0, 0, 0, 0, time.UTC),
		IsCA:         true,
		KeyUsage:     x509.KeyUsageCertSign,
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		t.Fatal(err)
	}
	return pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der})
}
