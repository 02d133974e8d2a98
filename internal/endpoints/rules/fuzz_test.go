package rules

import (
	"path/filepath"
	"strings"
	"testing"
)

func FuzzParseArn(f *testing.F) {
	for _, s := range []string{
		"arn:aws:s3:us-west-2:123456789012:accesspoint:myendpoint",
		"arn:aws:s3-outposts:us-west-2:123456789012:outpost/op-01234567890123456/accesspoint/reports",
		"arn:aws:s3:::bucket", "arn:aws:s3:us-west-2:123456789012:", "arn::::::", "arn:a:b:c:d:e:f/g",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		a := parseArn(s)
		if a == nil {
			return
		}
		if a.partition == "" || a.service == "" || len(a.resourceID.elems) == 0 {
			t.Fatalf("parseArn(%q) = %+v: empty partition, service or resource", s, a)
		}
		prefix := strings.Join([]string{"arn", a.partition, a.service, a.region, a.accountID}, ":") + ":"
		resource, ok := strings.CutPrefix(s, prefix)
		if !ok {
			t.Fatalf("parseArn(%q) = %+v: fields do not rebuild the prefix %q", s, a, prefix)
		}
		n := len(a.resourceID.elems) - 1 // separators
		for _, e := range a.resourceID.elems {
			n += len(e)
		}
		if n != len(resource) {
			t.Fatalf("parseArn(%q) resource ids %q do not cover %q", s, a.resourceID.elems, resource)
		}
	})
}

func FuzzParseURL(f *testing.F) {
	for _, s := range []string{
		"https://example.com", "http://127.0.0.1:8080/path/", "https://[::1]:443/a/b", "https://a?b", "ftp://x",
		"https://bucket.s3.us-east-1.amazonaws.com/key%20x",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		u := parseURL(s)
		if u == nil {
			return
		}
		if got := u.scheme + "://" + u.authority + u.path; got != s {
			t.Fatalf("parseURL(%q) parts rebuild %q", s, got)
		}
		if !strings.HasPrefix(u.normalizedPath, "/") || !strings.HasSuffix(u.normalizedPath, "/") {
			t.Fatalf("parseURL(%q).normalizedPath = %q", s, u.normalizedPath)
		}
	})
}

func FuzzSubstring(f *testing.F) {
	f.Add("mybucket--x-s3", 0, 6, true)
	f.Add("abc", 1, 2, false)
	f.Fuzz(func(t *testing.T, s string, start, stop int, reverse bool) {
		got, ok := substring(s, start, stop, reverse)
		if ok && len(got) != stop-start {
			t.Fatalf("substring(%q, %d, %d, %t) = %q: wrong length", s, start, stop, reverse, got)
		}
	})
}

// FuzzParse checks that arbitrary documents never make Parse or Resolve
// panic.
func FuzzParse(f *testing.F) {
	f.Add([]byte(exampleDoc))
	f.Add([]byte(`{"version":"1.0","parameters":{},"rules":[{"type":"error","conditions":[],"error":"x"}]}`))
	f.Add([]byte(`{"parameters":{"A":{"type":"stringArray","default":["x"]}},"rules":[{"type":"endpoint","conditions":[{"fn":"getAttr","argv":[{"ref":"A"},"[0]"],"assign":"v"}],"endpoint":{"url":"{v}"}}]}`))
	f.Add([]byte(bddDoc(2, -1, 1, -1, 0, 3, r0+3, 1, r0+1, r0+2)))
	f.Fuzz(func(t *testing.T, doc []byte) {
		rs, err := Parse(doc)
		if err != nil {
			return
		}
		_, _ = rs.Resolve(Params{"Region": "us-east-1", "Endpoint": "https://x"})
	})
}

const exampleDoc = `{"version":"1.0","parameters":{"Region":{"type":"string","required":true},"Endpoint":{"type":"string"}},
"rules":[{"type":"tree","conditions":[{"fn":"isSet","argv":[{"ref":"Endpoint"}]},{"fn":"parseURL","argv":[{"ref":"Endpoint"}],"assign":"u"}],
"rules":[{"type":"endpoint","conditions":[],"endpoint":{"url":"{u#scheme}://{u#authority}{u#path}"}}]},
{"type":"endpoint","conditions":[{"fn":"aws.partition","argv":[{"ref":"Region"}],"assign":"p"}],"endpoint":{"url":"https://x.{Region}.{p#dnsSuffix}"}}]}`

// FuzzResolveS3 feeds arbitrary buckets, keys, regions and endpoints to the
// S3 rule set, the largest one: resolution must return an endpoint or an
// error, never panic.
func FuzzResolveS3(f *testing.F) {
	dir := modelsDir(f)
	rsJSON, _ := loadModel(f, filepath.Join(dir, "s3.json"))
	rs, err := Parse(rsJSON)
	if err != nil {
		f.Fatal(err)
	}
	f.Add("my-bucket", "us-west-2", "", false, false)
	f.Add("arn:aws:s3:us-west-2:123456789012:accesspoint:myendpoint", "us-west-2", "", false, true)
	f.Add("arn:aws:s3-outposts:us-west-2:123456789012:outpost/op-01234567890123456/accesspoint/reports", "us-west-2", "", true, false)
	f.Add("mybucket--usw2-az1--x-s3", "us-west-2", "https://10.0.0.1:9000/p", false, false)
	f.Add("my.bucket", "cn-north-1", "http://localhost", true, false)
	f.Fuzz(func(t *testing.T, bucket, region, endpoint string, pathStyle, dualStack bool) {
		p := Params{"Bucket": bucket, "Region": region, "ForcePathStyle": pathStyle, "UseDualStack": dualStack, "Key": "k"}
		if endpoint != "" {
			p["Endpoint"] = endpoint
		}
		ep, err := rs.Resolve(p)
		if err == nil && ep.URL == "" {
			t.Fatalf("Resolve(%v) returned an empty URL", p)
		}
	})
}
