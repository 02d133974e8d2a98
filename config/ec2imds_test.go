package config

import (
	"context"
	"testing"
)

func TestLoadEC2IMDS(t *testing.T) {
	tests := []struct {
		name   string
		config string
		env    fakeEnv
		want   EC2IMDSConfig
	}{
		{name: "none"},
		{
			name: "profile keys, as written and unchecked",
			config: "[profile dev]\nec2_metadata_service_endpoint = http://127.0.0.1:1338 \n" +
				"ec2_metadata_service_endpoint_mode = IPv5\nec2_metadata_v1_disabled = TRUE\n" +
				"metadata_service_timeout = 2\nmetadata_service_num_attempts = 3\n" +
				"[default]\nec2_metadata_service_endpoint = http://default\n",
			env: fakeEnv{"AWS_PROFILE": "dev"},
			want: EC2IMDSConfig{Endpoint: "http://127.0.0.1:1338", EndpointMode: "IPv5", V1Disabled: "TRUE",
				Timeout: "2", NumAttempts: "3"},
		},
		{
			// The client reads the environment itself, so that it wins.
			name:   "environment not copied",
			config: "[default]\nec2_metadata_service_endpoint = http://profile\n",
			env:    fakeEnv{"AWS_EC2_METADATA_SERVICE_ENDPOINT": "http://env"},
			want:   EC2IMDSConfig{Endpoint: "http://profile"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, opt := setup(t, testFiles{config: tt.config}, tt.env)
			cfg, err := Load(context.Background(), opt)
			if err != nil {
				t.Fatalf("Load: %v", err)
			}
			if cfg.EC2IMDS != tt.want {
				t.Errorf("EC2IMDS = %+v; want %+v", cfg.EC2IMDS, tt.want)
			}
		})
	}
}
