package config

import (
	"context"
	"testing"
)

// TestLoadRequestCompression checks where the request compression
// settings come from (LoadOptions, then the environment, then the
// profile) and how a minimum of 0, which the clients' zero would take for
// the default, is held.
func TestLoadRequestCompression(t *testing.T) {
	tests := []struct {
		name        string
		config      string
		env         fakeEnv
		opts        func(*LoadOptions)
		wantDisable bool
		wantMin     int64
	}{
		{name: "unset"},
		{name: "env disable", env: fakeEnv{"AWS_DISABLE_REQUEST_COMPRESSION": "true"}, wantDisable: true},
		{name: "profile disable, any case", config: "[default]\ndisable_request_compression = TRUE\n", wantDisable: true},
		{name: "env false beats profile true", config: "[default]\ndisable_request_compression = true\n", env: fakeEnv{"AWS_DISABLE_REQUEST_COMPRESSION": "false"}},
		{name: "option beats env false", env: fakeEnv{"AWS_DISABLE_REQUEST_COMPRESSION": "false"}, opts: func(o *LoadOptions) { o.DisableRequestCompression = true }, wantDisable: true},
		{name: "env minimum", env: fakeEnv{"AWS_REQUEST_MIN_COMPRESSION_SIZE_BYTES": "20000"}, wantMin: 20000},
		{name: "profile minimum", config: "[default]\nrequest_min_compression_size_bytes = 512\n", wantMin: 512},
		{name: "profile minimum of 0 is no minimum", config: "[default]\nrequest_min_compression_size_bytes = 0\n", wantMin: -1},
		{name: "largest minimum", env: fakeEnv{"AWS_REQUEST_MIN_COMPRESSION_SIZE_BYTES": "10485760"}, wantMin: 10485760},
		{name: "env beats profile", config: "[default]\nrequest_min_compression_size_bytes = 512\n", env: fakeEnv{"AWS_REQUEST_MIN_COMPRESSION_SIZE_BYTES": "0"}, wantMin: -1},
		{name: "option beats env", env: fakeEnv{"AWS_REQUEST_MIN_COMPRESSION_SIZE_BYTES": "0"}, opts: func(o *LoadOptions) { o.RequestMinCompressSizeBytes = 4096 }, wantMin: 4096},
		{name: "negative option is no minimum", env: fakeEnv{"AWS_REQUEST_MIN_COMPRESSION_SIZE_BYTES": "4096"}, opts: func(o *LoadOptions) { o.RequestMinCompressSizeBytes = -5 }, wantMin: -1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, opt := setup(t, testFiles{config: tt.config}, tt.env)
			opts := []func(*LoadOptions){opt}
			if tt.opts != nil {
				opts = append(opts, tt.opts)
			}
			cfg, err := Load(context.Background(), opts...)
			if err != nil {
				t.Fatal(err)
			}
			if cfg.DisableRequestCompression != tt.wantDisable || cfg.RequestMinCompressSizeBytes != tt.wantMin {
				t.Errorf("DisableRequestCompression, RequestMinCompressSizeBytes = %v, %d; want %v, %d",
					cfg.DisableRequestCompression, cfg.RequestMinCompressSizeBytes, tt.wantDisable, tt.wantMin)
			}
		})
	}
}
