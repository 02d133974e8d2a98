package rules

import (
	"bytes"
	"encoding/json"
	"path/filepath"
	"testing"
)

// loadRuleSet parses the endpointRuleSet of a model, or its endpointBdd.
func loadRuleSet(b *testing.B, svc string, bdd bool) *RuleSet {
	b.Helper()
	rsJSON, bddJSON, _ := loadModelForms(b, filepath.Join(modelsDir(b), svc+".json"))
	if bdd {
		rsJSON = bddJSON
	}
	rs, err := Parse(rsJSON)
	if err != nil {
		b.Fatal(err)
	}
	return rs
}

// BenchmarkResolveS3 resolves a virtual-hosted GetObject endpoint, the most
// common S3 request, with the endpointRuleSet decision tree.
func BenchmarkResolveS3(b *testing.B) { benchmarkResolveS3(b, false) }

// BenchmarkResolveS3BDD is BenchmarkResolveS3 with the model's endpointBdd.
func BenchmarkResolveS3BDD(b *testing.B) { benchmarkResolveS3(b, true) }

func benchmarkResolveS3(b *testing.B, bdd bool) {
	rs := loadRuleSet(b, "s3", bdd)
	p := Params{
		"Region":       "us-west-2",
		"Bucket":       "my-bucket",
		"Key":          "photos/2024/cat.jpg",
		"UseFIPS":      false,
		"UseDualStack": false,
		"Accelerate":   false,
	}
	b.ReportAllocs()
	for b.Loop() {
		ep, err := rs.Resolve(p)
		if err != nil || ep.URL != "https://my-bucket.s3.us-west-2.amazonaws.com" {
			b.Fatalf("Resolve = %q, %v", ep.URL, err)
		}
	}
}

// BenchmarkResolveDynamoDB resolves a regional DynamoDB endpoint.
func BenchmarkResolveDynamoDB(b *testing.B) {
	rs := loadRuleSet(b, "dynamodb", false)
	p := Params{"Region": "eu-west-1", "UseFIPS": false, "UseDualStack": false}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := rs.Resolve(p); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkParseS3 measures compiling the S3 rule set (compact JSON, as a
// generator would embed it), done once per client package.
func BenchmarkParseS3(b *testing.B) { benchmarkParseS3(b, false) }

// BenchmarkParseS3BDD is BenchmarkParseS3 with the model's endpointBdd.
func BenchmarkParseS3BDD(b *testing.B) { benchmarkParseS3(b, true) }

func benchmarkParseS3(b *testing.B, bdd bool) {
	raw, bddRaw, _ := loadModelForms(b, filepath.Join(modelsDir(b), "s3.json"))
	if bdd {
		raw = bddRaw
	}
	var buf bytes.Buffer
	if err := json.Compact(&buf, raw); err != nil {
		b.Fatal(err)
	}
	rsJSON := buf.Bytes()
	b.SetBytes(int64(len(rsJSON)))
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Parse(rsJSON); err != nil {
			b.Fatal(err)
		}
	}
}
