package codegen

import (
	"encoding/json"
	"strings"
	"testing"
)

func TestResolveProtocol(t *testing.T) {
	svc := func(traits ...string) *Shape {
		s := &Shape{ID: "ex#Svc", Traits: Traits{}}
		for _, tr := range traits {
			s.Traits[tr] = json.RawMessage("{}")
		}
		return s
	}
	tests := []struct {
		name    string
		svc     *Shape
		pinned  string
		want    string
		wantErr string
	}{
		{"CloudWatch's three", svc("aws.protocols#awsJson1_0", "aws.protocols#awsQuery", "aws.protocols#awsQueryCompatible", "smithy.protocols#rpcv2Cbor"), "", "rpcv2Cbor", ""},
		{"pinned to another offered", svc("aws.protocols#awsJson1_0", "smithy.protocols#rpcv2Cbor"), "awsJson1_0", "awsJson1_0", ""},
		{"pinned to one not offered", svc("smithy.protocols#rpcv2Cbor"), "awsQuery", "", `pins protocol "awsQuery", which ex#Svc does not offer (it offers rpcv2Cbor)`},
		{"awsJson before restJson1", svc("aws.protocols#restJson1", "aws.protocols#awsJson1_1"), "", "awsJson1_1", ""},
		{"restJson1 before restXml", svc("aws.protocols#restXml", "aws.protocols#restJson1"), "", "restJson1", ""},
		{"awsQuery before ec2Query", svc("aws.protocols#ec2Query", "aws.protocols#awsQuery"), "", "awsQuery", ""},
		{"single", svc("aws.protocols#restXml"), "", "restXml", ""},
		{"none", svc("aws.protocols#awsQueryCompatible"), "", "", "offers no protocol"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := ResolveProtocol(tt.svc, tt.pinned)
			if got != tt.want || (err == nil) != (tt.wantErr == "") || (err != nil && !strings.Contains(err.Error(), tt.wantErr)) {
				t.Errorf("ResolveProtocol(%q) = %q, %v; want %q, error containing %q", tt.pinned, got, err, tt.want, tt.wantErr)
			}
		})
	}
}

// TestGenerateProtocol generates CloudWatch, whose model offers
// rpcv2Cbor, awsJson1_0 and awsQuery: by default on rpcv2Cbor, and on
// awsJson1_0 when services.json pins it; a pin the model does not offer
// fails generation.
func TestGenerateProtocol(t *testing.T) {
	for _, tt := range []struct {
		pinned  string
		want    []string // in api_client.go and api_op_PutMetricData.go
		wantErr string
	}{
		{"", []string{`rpcv2cbor.Codec{QueryCompatible: true}`, `Service: "GraniteServiceVersion20100801",`}, ""},
		{"awsJson1_0", []string{`awsjson.Codec{Version: "1.0", QueryCompatible: true}`, `Target: "GraniteServiceVersion20100801.PutMetricData",`}, ""},
		{"restXml", nil, `pins protocol "restXml"`},
	} {
		t.Run("pinned="+tt.pinned, func(t *testing.T) {
			dir := t.TempDir()
			err := Generate("models", dir, testRoot, ServiceConfig{Model: "cloudwatch.json", Package: "cloudwatch", Protocol: tt.pinned})
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Fatalf("Generate = %v; want an error containing %q", err, tt.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			files := readTree(t, dir)
			// gofmt aligns struct fields: compare with single spaces.
			got := strings.Join(strings.Fields(string(files["api_client.go"])+string(files["api_op_PutMetricData.go"])), " ")
			for _, w := range tt.want {
				if !strings.Contains(got, w) {
					t.Errorf("generated code lacks %q", w)
				}
			}
		})
	}
}
