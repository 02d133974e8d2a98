package config

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/nimbus-sdk/nimbus/credentials"
	"github.com/nimbus-sdk/nimbus/internal/testenv/obstest"
	"github.com/nimbus-sdk/nimbus/middleware/retry"
	v4 "github.com/nimbus-sdk/nimbus/signer/v4"
)

// fakeEnv is an environment for LoadOptions.Getenv and Environ.
type fakeEnv map[string]string

func (e fakeEnv) get(k string) string { return e[k] }

func (e fakeEnv) list() []string {
	var out []string
	for k, v := range e {
		out = append(out, k+"="+v)
	}
	return out
}

// testFiles is the content of the shared files in a fake home directory;
// an empty string means "no such file".
type testFiles struct {
	config, credentials string
}

// setup writes files under a fresh home directory and returns LoadOptions
// functions that make Load see only that home and env.
func setup(t *testing.T, files testFiles, env fakeEnv) (home string, opt func(*LoadOptions)) {
	t.Helper()
	home = t.TempDir()
	if err := os.MkdirAll(filepath.Join(home, ".aws"), 0o700); err != nil {
		t.Fatal(err)
	}
	write := func(name, data string) {
		if data != "" {
			if err := os.WriteFile(filepath.Join(home, ".aws", name), []byte(data), 0o600); err != nil {
				t.Fatal(err)
			}
		}
	}
	write("config", files.config)
	write("credentials", files.credentials)
	return home, func(o *LoadOptions) {
		o.HomeDir = home
		o.Getenv = env.get
		o.Environ = env.list
	}
}

// summary renders the interesting fields of cfg as sorted "Field=value"
// lines, omitting zero values, and retrieves the credentials.
func summary(t *testing.T, cfg Config) string {
	t.Helper()
	var lines []string
	add := func(k string, v any) {
		if s := fmt.Sprint(v); s != "" && s != "0" && s != "false" {
			lines = append(lines, k+"="+s)
		}
	}
	add("Region", cfg.Region)
	add("Profile", cfg.Profile)
	add("BaseEndpoint", cfg.BaseEndpoint)
	for k, v := range cfg.ServiceEndpoints {
		add("ServiceEndpoints."+k, v)
	}
	add("RetryMode", cfg.RetryMode)
	add("RetryMaxAttempts", cfg.RetryMaxAttempts)
	add("RetryPre2026Defaults", cfg.RetryPre2026Defaults)
	add("AppID", cfg.AppID)
	add("RequestChecksumCalculation", cfg.RequestChecksumCalculation)
	add("ResponseChecksumValidation", cfg.ResponseChecksumValidation)
	add("UseFIPSEndpoint", cfg.UseFIPSEndpoint)
	add("UseDualStackEndpoint", cfg.UseDualStackEndpoint)
	add("S3.UsePathStyle", cfg.S3.UsePathStyle)
	add("S3.UseAccelerate", cfg.S3.UseAccelerate)
	add("S3.UseARNRegion", cfg.S3.UseARNRegion)
	add("S3.DisableMultiRegionAccessPoints", cfg.S3.DisableMultiRegionAccessPoints)
	add("S3.CompatibleMode", cfg.S3.CompatibleMode)
	if cfg.AuthSchemePreference != nil {
		add("AuthSchemePreference", strings.Join(cfg.AuthSchemePreference, "|"))
	}
	if cfg.SigV4aSigningRegionSet != nil {
		add("SigV4aSigningRegionSet", strings.Join(cfg.SigV4aSigningRegionSet, "|"))
	}
	if cfg.HTTPClient != nil {
		add("HTTPClient", fmt.Sprintf("%T", cfg.HTTPClient))
	}
	if cfg.Credentials != nil {
		c, err := cfg.Credentials.Retrieve(context.Background())
		var none *credentials.NoCredentialsError
		switch {
		case errors.As(err, &none):
			// No source had credentials: calls fail with this error.
		case err != nil:
			add("Credentials.Error", err)
		default:
			add("Credentials", c.AccessKeyID+"/"+c.SecretAccessKey+"/"+c.SessionToken+" "+c.Source)
		}
	}
	sort.Strings(lines)
	return strings.Join(lines, "\n")
}

func TestLoad(t *testing.T) {
	const (
		credsDefault = "[default]\naws_access_key_id = AKIDFILE\naws_secret_access_key = FILESECRET\n"
	)
	tests := []struct {
		name  string
		files testFiles
		env   fakeEnv
		opts  func(*LoadOptions)
		want  []string // summary lines; "~" in values stands for the home directory
	}{
		{name: "nothing configured", want: nil},
		{
			name:  "default profile region",
			files: testFiles{config: "[default]\nregion = us-west-2\n"},
			want:  []string{"Profile=default", "Region=us-west-2"},
		},
		{
			name:  "profile default wins over bare default",
			files: testFiles{config: "[default]\nregion = us-west-2\n[profile default]\nregion = eu-west-1\n"},
			want:  []string{"Profile=default", "Region=eu-west-1"},
		},
		{
			name:  "AWS_PROFILE selects profile",
			files: testFiles{config: "[default]\nregion = us-west-2\n[profile dev]\nregion = eu-west-1\n"},
			env:   fakeEnv{"AWS_PROFILE": "dev"},
			want:  []string{"Profile=dev", "Region=eu-west-1"},
		},
		{
			name:  "AWS_DEFAULT_PROFILE selects profile",
			files: testFiles{config: "[profile dev]\nregion = eu-west-1\n[profile other]\nregion = x\n"},
			env:   fakeEnv{"AWS_DEFAULT_PROFILE": "dev"},
			want:  []string{"Profile=dev", "Region=eu-west-1"},
		},
		{
			name:  "AWS_PROFILE beats AWS_DEFAULT_PROFILE",
			files: testFiles{config: "[profile dev]\nregion = eu-west-1\n[profile other]\nregion = ap-south-1\n"},
			env:   fakeEnv{"AWS_PROFILE": "other", "AWS_DEFAULT_PROFILE": "dev"},
			want:  []string{"Profile=other", "Region=ap-south-1"},
		},
		{
			name:  "LoadOptions.Profile beats AWS_PROFILE",
			files: testFiles{config: "[profile dev]\nregion = eu-west-1\n[profile other]\nregion = ap-south-1\n"},
			env:   fakeEnv{"AWS_PROFILE": "other"},
			opts:  func(o *LoadOptions) { o.Profile = "dev" },
			want:  []string{"Profile=dev", "Region=eu-west-1"},
		},
		{
			name:  "config profile without prefix is ignored",
			files: testFiles{config: "[dev]\nregion = eu-west-1\n[default]\nregion = us-east-2\n"},
			want:  []string{"Profile=default", "Region=us-east-2"},
		},
		{
			name:  "AWS_REGION beats profile",
			files: testFiles{config: "[default]\nregion = us-west-2\n"},
			env:   fakeEnv{"AWS_REGION": "eu-north-1"},
			want:  []string{"Profile=default", "Region=eu-north-1"},
		},
		{
			name: "AWS_REGION beats AWS_DEFAULT_REGION",
			env:  fakeEnv{"AWS_REGION": "eu-north-1", "AWS_DEFAULT_REGION": "us-east-1"},
			want: []string{"Region=eu-north-1"},
		},
		{
			name:  "auth lists from the profile",
			files: testFiles{config: "[default]\nauth_scheme_preference = sigv4a, sigv4\nsigv4a_signing_region_set = us-east-1,\tus-west-2\n"},
			want:  []string{"AuthSchemePreference=sigv4a|sigv4", "Profile=default", "SigV4aSigningRegionSet=us-east-1|us-west-2"},
		},
		{
			name:  "auth lists from the environment beat the profile",
			files: testFiles{config: "[default]\nsigv4a_signing_region_set = us-east-1\n"},
			env:   fakeEnv{"AWS_SIGV4A_SIGNING_REGION_SET": "*", "AWS_AUTH_SCHEME_PREFERENCE": "httpBearerAuth"},
			want:  []string{"AuthSchemePreference=httpBearerAuth", "Profile=default", "SigV4aSigningRegionSet=*"},
		},
		{
			name: "AWS_DEFAULT_REGION alone",
			env:  fakeEnv{"AWS_DEFAULT_REGION": "us-east-1"},
			want: []string{"Region=us-east-1"},
		},
		{
			name: "LoadOptions.Region beats env",
			env:  fakeEnv{"AWS_REGION": "eu-north-1"},
			opts: func(o *LoadOptions) { o.Region = "sa-east-1" },
			want: []string{"Region=sa-east-1"},
		},
		{
			name:  "region from credentials file",
			files: testFiles{credentials: "[default]\nregion = ca-central-1\n"},
			want:  []string{"Profile=default", "Region=ca-central-1"},
		},
		{
			name:  "credentials file wins over config file",
			files: testFiles{config: "[default]\nregion = us-west-2\n", credentials: "[default]\nregion = ca-central-1\n"},
			want:  []string{"Profile=default", "Region=ca-central-1"},
		},
		{
			name:  "AWS_CONFIG_FILE and AWS_SHARED_CREDENTIALS_FILE",
			files: testFiles{config: "[default]\nregion = us-west-2\n", credentials: credsDefault},
			env:   fakeEnv{"AWS_CONFIG_FILE": "~/.aws/credentials", "AWS_SHARED_CREDENTIALS_FILE": "~/.aws/missing"},
			// The credentials file is read as a config file: [default] is
			// still the default profile there.
			want: []string{"Credentials=AKIDFILE/FILESECRET/ SharedConfigCredentials: ~/.aws/credentials", "Profile=default"},
		},
		{
			name:  "retry, app id, checksums from profile",
			files: testFiles{config: "[default]\nretry_mode = Adaptive\nmax_attempts = 5\nsdk_ua_app_id = myapp\nrequest_checksum_calculation = WHEN_REQUIRED\nresponse_checksum_validation = when_supported\n"},
			want:  []string{"AppID=myapp", "Profile=default", "RequestChecksumCalculation=when_required", "ResponseChecksumValidation=when_supported", "RetryMaxAttempts=5", "RetryMode=adaptive"},
		},
		{
			name:  "retry, app id, checksums from env beat profile",
			files: testFiles{config: "[default]\nretry_mode = adaptive\nmax_attempts = 5\nsdk_ua_app_id = myapp\nrequest_checksum_calculation = when_required\nresponse_checksum_validation = when_required\n"},
			env: fakeEnv{"AWS_RETRY_MODE": "standard", "AWS_MAX_ATTEMPTS": "2", "AWS_SDK_UA_APP_ID": "envapp",
				"AWS_REQUEST_CHECKSUM_CALCULATION": "when_supported", "AWS_RESPONSE_CHECKSUM_VALIDATION": "when_supported"},
			want: []string{"AppID=envapp", "Profile=default", "RequestChecksumCalculation=when_supported", "ResponseChecksumValidation=when_supported", "RetryMaxAttempts=2", "RetryMode=standard"},
		},
		{
			name: "retry and app id from LoadOptions beat env",
			env:  fakeEnv{"AWS_RETRY_MODE": "standard", "AWS_MAX_ATTEMPTS": "2", "AWS_SDK_UA_APP_ID": "envapp"},
			opts: func(o *LoadOptions) { o.RetryMode = "adaptive"; o.RetryMaxAttempts = 9; o.AppID = "optapp" },
			want: []string{"AppID=optapp", "RetryMaxAttempts=9", "RetryMode=adaptive"},
		},
		{
			name: "AWS_NEW_RETRIES_2026=false selects the pre-2026 retry defaults",
			env:  fakeEnv{"AWS_NEW_RETRIES_2026": "false"},
			want: []string{"RetryPre2026Defaults=true"},
		},
		{
			name: "AWS_NEW_RETRIES_2026=true keeps retry behaviour 2.1",
			env:  fakeEnv{"AWS_NEW_RETRIES_2026": "TRUE"},
			want: nil,
		},
		{
			name: "legacy retry mode is standard",
			env:  fakeEnv{"AWS_RETRY_MODE": "legacy"},
			want: []string{"RetryMode=standard"},
		},
		{
			name:  "fips and dualstack from profile",
			files: testFiles{config: "[default]\nuse_fips_endpoint = true\nuse_dualstack_endpoint = TRUE\n"},
			want:  []string{"Profile=default", "UseDualStackEndpoint=true", "UseFIPSEndpoint=true"},
		},
		{
			name:  "fips and dualstack env false beats profile true",
			files: testFiles{config: "[default]\nuse_fips_endpoint = true\nuse_dualstack_endpoint = true\n"},
			env:   fakeEnv{"AWS_USE_FIPS_ENDPOINT": "false", "AWS_USE_DUALSTACK_ENDPOINT": "False"},
			want:  []string{"Profile=default"},
		},
		{
			name:  "s3 sub-properties",
			files: testFiles{config: "[default]\ns3 =\n  addressing_style = path\n  use_accelerate_endpoint = true\n  use_arn_region = true\n  disable_multiregion_access_points = true\n"},
			want:  []string{"Profile=default", "S3.DisableMultiRegionAccessPoints=true", "S3.UseARNRegion=true", "S3.UseAccelerate=true", "S3.UsePathStyle=true"},
		},
		{
			name:  "s3 compatible mode from profile",
			files: testFiles{config: "[default]\ns3 =\n  compatible_mode = true\n"},
			want:  []string{"Profile=default", "S3.CompatibleMode=true"},
		},
		{
			name:  "s3 compatible mode env beats profile",
			files: testFiles{config: "[default]\ns3 =\n  compatible_mode = false\n"},
			env:   fakeEnv{"NIMBUS_S3_COMPATIBLE_MODE": "true"},
			want:  []string{"Profile=default", "S3.CompatibleMode=true"},
		},
		{
			name:  "s3 virtual addressing",
			files: testFiles{config: "[default]\ns3 =\n  addressing_style = virtual\n"},
			want:  []string{"Profile=default"},
		},
		{
			name:  "s3 top-level keys beat sub-properties",
			files: testFiles{config: "[default]\ns3_use_arn_region = false\ns3_disable_multiregion_access_points = false\ns3 =\n  use_arn_region = true\n  disable_multiregion_access_points = true\n"},
			want:  []string{"Profile=default"},
		},
		{
			name:  "s3 env beats profile",
			files: testFiles{config: "[default]\ns3_use_arn_region = false\ns3_disable_multiregion_access_points = true\n"},
			env:   fakeEnv{"AWS_S3_USE_ARN_REGION": "true", "AWS_S3_DISABLE_MULTIREGION_ACCESS_POINTS": "false"},
			want:  []string{"Profile=default", "S3.UseARNRegion=true"},
		},
		{
			name:  "endpoints from profile and services section",
			files: testFiles{config: "[default]\nendpoint_url = https://global.example\nservices = local\n[services local]\nS3 =\n  endpoint_url = http://localhost:9000\ncloudwatch_logs =\n  endpoint_url = http://localhost:4566\n"},
			want:  []string{"BaseEndpoint=https://global.example", "Profile=default", "ServiceEndpoints.cloudwatch_logs=http://localhost:4566", "ServiceEndpoints.s3=http://localhost:9000"},
		},
		{
			name: "service endpoint env vars",
			env: fakeEnv{"AWS_ENDPOINT_URL": "https://global.example", "AWS_ENDPOINT_URL_S3": "http://s3.local",
				"AWS_ENDPOINT_URL_DYNAMODB": "http://ddb.local", "AWS_ENDPOINT_URL_CLOUDWATCH_LOGS": "http://logs.local",
				"AWS_ENDPOINT_URL_MY_NEW_SERVICE": "http://new.local"},
			want: []string{"BaseEndpoint=https://global.example", "ServiceEndpoints.cloudwatch_logs=http://logs.local",
				"ServiceEndpoints.dynamodb=http://ddb.local", "ServiceEndpoints.my_new_service=http://new.local", "ServiceEndpoints.s3=http://s3.local"},
		},
		{
			name:  "service env beats services section",
			files: testFiles{config: "[default]\nservices = local\n[services local]\ns3 =\n  endpoint_url = http://profile.local\ndynamodb =\n  endpoint_url = http://ddb.profile\n"},
			env:   fakeEnv{"AWS_ENDPOINT_URL_S3": "http://env.local"},
			want:  []string{"Profile=default", "ServiceEndpoints.dynamodb=http://ddb.profile", "ServiceEndpoints.s3=http://env.local"},
		},
		{
			name:  "global env beats services section",
			files: testFiles{config: "[default]\nendpoint_url = http://profile.global\nservices = local\n[services local]\ns3 =\n  endpoint_url = http://profile.local\n"},
			env:   fakeEnv{"AWS_ENDPOINT_URL": "http://env.global"},
			want:  []string{"BaseEndpoint=http://env.global", "Profile=default"},
		},
		{
			name:  "ignore configured endpoints from profile",
			files: testFiles{config: "[default]\nignore_configured_endpoint_urls = true\nendpoint_url = http://profile.global\n"},
			env:   fakeEnv{"AWS_ENDPOINT_URL_S3": "http://env.local"},
			want:  []string{"Profile=default"},
		},
		{
			name:  "ignore configured endpoints env false beats profile true",
			files: testFiles{config: "[default]\nignore_configured_endpoint_urls = true\nendpoint_url = http://profile.global\n"},
			env:   fakeEnv{"AWS_IGNORE_CONFIGURED_ENDPOINT_URLS": "false"},
			want:  []string{"BaseEndpoint=http://profile.global", "Profile=default"},
		},
		{
			name:  "comments and continuation in real file",
			files: testFiles{config: "# my config\n[profile dev] ; dev account\nregion = eu-west-3 # Paris\n"},
			env:   fakeEnv{"AWS_PROFILE": "dev"},
			want:  []string{"Profile=dev", "Region=eu-west-3"},
		},
		{
			name:  "explicit config files, later wins",
			files: testFiles{config: "[default]\nregion = us-west-2\nmax_attempts = 4\n"},
			opts: func(o *LoadOptions) {
				dir := o.HomeDir
				extra := filepath.Join(dir, "extra")
				os.WriteFile(extra, []byte("[default]\nregion = eu-west-1\n"), 0o600)
				o.ConfigFiles = []string{"~/.aws/config", extra, filepath.Join(dir, "missing")}
			},
			want: []string{"Profile=default", "Region=eu-west-1", "RetryMaxAttempts=4"},
		},
		{
			name:  "empty ConfigFiles reads nothing",
			files: testFiles{config: "[default]\nregion = us-west-2\n"},
			opts:  func(o *LoadOptions) { o.ConfigFiles = []string{} },
			want:  nil,
		},
		{
			name:  "env credentials",
			files: testFiles{credentials: credsDefault},
			env:   fakeEnv{"AWS_ACCESS_KEY_ID": "AKIDENV", "AWS_SECRET_ACCESS_KEY": "ENVSECRET", "AWS_SESSION_TOKEN": "ENVTOKEN"},
			want:  []string{"Credentials=AKIDENV/ENVSECRET/ENVTOKEN EnvProvider", "Profile=default"},
		},
		{
			name:  "credentials file keys",
			files: testFiles{credentials: credsDefault + "aws_session_token = TOK\n"},
			want:  []string{"Credentials=AKIDFILE/FILESECRET/TOK SharedConfigCredentials: ~/.aws/credentials", "Profile=default"},
		},
		{
			name:  "config file keys",
			files: testFiles{config: "[profile dev]\naws_access_key_id = AKIDCONF\naws_secret_access_key = CONFSECRET\n"},
			env:   fakeEnv{"AWS_PROFILE": "dev"},
			want:  []string{"Credentials=AKIDCONF/CONFSECRET/ SharedConfigCredentials: ~/.aws/config", "Profile=dev"},
		},
		{
			name: "credentials file keys beat config file keys",
			files: testFiles{
				config:      "[default]\naws_access_key_id = AKIDCONF\naws_secret_access_key = CONFSECRET\n",
				credentials: credsDefault,
			},
			want: []string{"Credentials=AKIDFILE/FILESECRET/ SharedConfigCredentials: ~/.aws/credentials", "Profile=default"},
		},
		{
			name:  "explicit credentials beat env",
			env:   fakeEnv{"AWS_ACCESS_KEY_ID": "AKIDENV", "AWS_SECRET_ACCESS_KEY": "ENVSECRET"},
			files: testFiles{config: "[default]\nrole_arn = arn:aws:iam::123456789012:role/r\n"},
			opts:  func(o *LoadOptions) { o.Credentials = staticForTest() },
			want:  []string{"Credentials=AKIDOPT/OPTSECRET/ StaticProvider", "Profile=default"},
		},
		{
			name:  "env credentials beat unsupported profile",
			env:   fakeEnv{"AWS_ACCESS_KEY_ID": "AKIDENV", "AWS_SECRET_ACCESS_KEY": "ENVSECRET"},
			files: testFiles{config: "[default]\nrole_arn = arn:aws:iam::123456789012:role/r\n"},
			want:  []string{"Credentials=AKIDENV/ENVSECRET/ EnvProvider", "Profile=default"},
		},
		{
			name: "explicit http client beats ca bundle",
			env:  fakeEnv{"AWS_CA_BUNDLE": "/does/not/exist.pem"},
			opts: func(o *LoadOptions) { o.HTTPClient = fakeHTTPClient{} },
			want: []string{"HTTPClient=config.fakeHTTPClient"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			home, opt := setup(t, tt.files, tt.env)
			opts := []func(*LoadOptions){opt}
			if tt.opts != nil {
				opts = append(opts, tt.opts)
			}
			cfg, err := Load(context.Background(), opts...)
			if err != nil {
				t.Fatalf("Load() error: %v", err)
			}
			got := summary(t, cfg)
			want := strings.ReplaceAll(strings.Join(tt.want, "\n"), "~", home)
			if got != want {
				t.Errorf("Load() =\n%s\nwant\n%s", got, want)
			}
		})
	}
}

func TestServiceEndpointDiscoveryWithoutEnviron(t *testing.T) {
	env := fakeEnv{"AWS_ENDPOINT_URL_S3": "http://s3.local", "AWS_ENDPOINT_URL_MY_NEW_SERVICE": "http://new.local"}
	cfg, err := Load(context.Background(), func(o *LoadOptions) {
		o.Getenv = env.get // Environ nil: only well-known services are probed
		o.ConfigFiles, o.CredentialsFiles = []string{}, []string{}
	})
	if err != nil {
		t.Fatal(err)
	}
	if got := fmt.Sprint(cfg.ServiceEndpoints); got != "map[s3:http://s3.local]" {
		t.Errorf("ServiceEndpoints = %s; want map[s3:http://s3.local]", got)
	}
}

func TestCredentialProcessContinuation(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("uses a POSIX shell")
	}
	_, opt := setup(t, testFiles{config: "[default]\ncredential_process = printf '%s'\n  '{\"Version\":1,\"AccessKeyId\":\"AKIDCONT\",\"SecretAccessKey\":\"S\"}'\n"}, nil)
	cfg, err := Load(context.Background(), opt)
	if err != nil {
		t.Fatal(err)
	}
	c, err := cfg.Credentials.Retrieve(context.Background())
	if err != nil || c.AccessKeyID != "AKIDCONT" {
		t.Errorf("Retrieve() = %v, %v; want AKIDCONT", c, err)
	}
}

// TestClientSettingsCarried: what a client can be given also comes from
// Load: the per-attempt timeout from LoadOptions, the environment or the
// profile, and the Retryer, auth, signer and response settings from
// LoadOptions.
func TestClientSettingsCarried(t *testing.T) {
	tests := []struct {
		name   string
		config string
		env    fakeEnv
		opts   func(*LoadOptions)
		want   time.Duration
	}{
		{name: "profile", config: "[default]\nattempt_timeout = 45s\n", want: 45 * time.Second},
		{name: "env beats profile", config: "[default]\nattempt_timeout = 45s\n", env: fakeEnv{"NIMBUS_ATTEMPT_TIMEOUT": "2m"}, want: 2 * time.Minute},
		{name: "option beats env", env: fakeEnv{"NIMBUS_ATTEMPT_TIMEOUT": "2m"}, opts: func(o *LoadOptions) { o.AttemptTimeout = 5 * time.Second }, want: 5 * time.Second},
		{name: "unset", want: 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, opt := setup(t, testFiles{config: tt.config}, tt.env)
			cfg, err := Load(context.Background(), opt, func(o *LoadOptions) {
				if tt.opts != nil {
					tt.opts(o)
				}
			})
			if err != nil {
				t.Fatal(err)
			}
			if cfg.AttemptTimeout != tt.want {
				t.Errorf("AttemptTimeout = %v; want %v", cfg.AttemptTimeout, tt.want)
			}
		})
	}
	t.Run("options", func(t *testing.T) {
		_, opt := setup(t, testFiles{}, nil)
		built := 0
		cfg, err := Load(context.Background(), opt, func(o *LoadOptions) {
			o.Retryer = func() retry.Retryer { built++; return retry.NewStandard() }
			o.BaseEndpoint = "http://127.0.0.1:9000"
			o.MaxResponseBytes = 1 << 20
			o.DisableUnsafeRetries = true
			o.HTTPSignerV4 = v4.NewSigner()
		})
		if err != nil {
			t.Fatal(err)
		}
		if cfg.Retryer == nil || cfg.Retryer() == nil || built != 1 || cfg.BaseEndpoint != "http://127.0.0.1:9000" ||
			cfg.MaxResponseBytes != 1<<20 || !cfg.DisableUnsafeRetries || cfg.HTTPSignerV4 == nil {
			t.Errorf("Config = %+v; want the LoadOptions' Retryer, BaseEndpoint, MaxResponseBytes, DisableUnsafeRetries and HTTPSignerV4", cfg)
		}
	})
}

func TestLoadTelemetryProviders(t *testing.T) {
	tp, mp := &obstest.TracerProvider{}, &obstest.MeterProvider{}
	cfg, err := Load(context.Background(), func(o *LoadOptions) {
		o.Getenv = fakeEnv{}.get
		o.ConfigFiles, o.CredentialsFiles = []string{}, []string{}
		o.TracerProvider, o.MeterProvider = tp, mp
	})
	if err != nil {
		t.Fatal(err)
	}
	if cfg.TracerProvider != tp || cfg.MeterProvider != mp {
		t.Errorf("Config providers = %v, %v; want the LoadOptions' ones", cfg.TracerProvider, cfg.MeterProvider)
	}
}
