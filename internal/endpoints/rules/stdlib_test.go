package rules

import (
	"reflect"
	"strings"
	"testing"
)

func TestSubstring(t *testing.T) {
	tests := []struct {
		in          string
		start, stop int
		reverse     bool
		want        string
		ok          bool
	}{
		{"abcdefg", 0, 4, false, "abcd", true},
		{"abcdefg", 0, 4, true, "defg", true},
		{"abcdefg", 1, 3, true, "ef", true},
		{"abcd", 0, 4, false, "abcd", true},
		{"abc", 0, 4, false, "", false},    // too short
		{"abcdef", 3, 3, false, "", false}, // empty range
		{"abcdef", 4, 2, false, "", false}, // reversed range
		{"abc\u00e9def", 0, 2, false, "", false},
		{"mybucket--x-s3", 0, 6, true, "--x-s3", true},
	}
	for _, tt := range tests {
		got, ok := substring(tt.in, tt.start, tt.stop, tt.reverse)
		if got != tt.want || ok != tt.ok {
			t.Errorf("substring(%q, %d, %d, %t) = %q, %t; want %q, %t", tt.in, tt.start, tt.stop, tt.reverse, got, ok, tt.want, tt.ok)
		}
	}
}

func TestURIEncode(t *testing.T) {
	tests := []struct{ in, want string }{
		{"abc-._~XYZ09", "abc-._~XYZ09"},
		{"a b/c", "a%20b%2Fc"},
		{"key?x=1&y=é", "key%3Fx%3D1%26y%3D%C3%A9"},
		{"", ""},
	}
	for _, tt := range tests {
		if got := uriEncode(tt.in); got != tt.want {
			t.Errorf("uriEncode(%q) = %q; want %q", tt.in, got, tt.want)
		}
	}
}

func TestParseURL(t *testing.T) {
	tests := []struct {
		in   string
		want *urlValue
	}{
		{"https://example.com", &urlValue{"https", "example.com", "", "/", false}},
		{"http://example.com:8080/foo/bar", &urlValue{"http", "example.com:8080", "/foo/bar", "/foo/bar/", false}},
		{"https://example.com/foo/", &urlValue{"https", "example.com", "/foo/", "/foo/", false}},
		{"http://127.0.0.1:9000", &urlValue{"http", "127.0.0.1:9000", "", "/", true}},
		{"https://[::1]:443/p", &urlValue{"https", "[::1]:443", "/p", "/p/", true}},
		{"https://1.2.3.4.example.com", &urlValue{"https", "1.2.3.4.example.com", "", "/", false}},
		{"https://example.com?query=1", nil},
		{"https://example.com/#frag", nil},
		{"ftp://example.com", nil},
		{"example.com", nil},
		{"https://", nil},
		{"https://example.com:port", nil},
		{"https://[::1", nil},
	}
	for _, tt := range tests {
		if got := parseURL(tt.in); !reflect.DeepEqual(got, tt.want) {
			t.Errorf("parseURL(%q) = %+v; want %+v", tt.in, got, tt.want)
		}
	}
}

func TestIsValidHostLabel(t *testing.T) {
	tests := []struct {
		in   string
		sub  bool
		want bool
	}{
		{"us-east-1", false, true},
		{"a", false, true},
		{"", false, false},
		{"-abc", false, false},
		{"a.b", false, false},
		{"a.b", true, true},
		{"a..b", true, false},
		{"a.-b", true, false},
		{"UPPER9", false, true},
		{"under_score", false, false},
		{"a b", false, false},
		{string(make([]byte, 64)), false, false},
	}
	for _, tt := range tests {
		if got := isValidHostLabel(tt.in, tt.sub); got != tt.want {
			t.Errorf("isValidHostLabel(%q, %t) = %t; want %t", tt.in, tt.sub, got, tt.want)
		}
	}
}

func TestIsVirtualHostableS3Bucket(t *testing.T) {
	tests := []struct {
		in   string
		sub  bool
		want bool
	}{
		{"my-bucket", false, true},
		{"ab", false, false},
		{"abc", false, true},
		{"Bucket", false, false},
		{"bucket-", false, false},
		{"-bucket", false, false},
		{"my.bucket", false, false},
		{"my.bucket", true, true},
		{"my..bucket", true, false},
		{"my.-bucket", true, false},
		{"192.168.1.1", true, false},
		{"a-very-long-bucket-name-that-is-exactly-sixty-four-characters-xx", false, false},
	}
	for _, tt := range tests {
		if got := isVirtualHostableS3Bucket(tt.in, tt.sub); got != tt.want {
			t.Errorf("isVirtualHostableS3Bucket(%q, %t) = %t; want %t", tt.in, tt.sub, got, tt.want)
		}
	}
}

func TestParseArn(t *testing.T) {
	tests := []struct {
		in   string
		want *arnValue
	}{
		{"arn:aws:s3:us-west-2:123456789012:accesspoint:myendpoint",
			&arnValue{"aws", "s3", "us-west-2", "123456789012", arrayValue{[]string{"accesspoint", "myendpoint"}}}},
		{"arn:aws:s3:::bucket_name",
			&arnValue{"aws", "s3", "", "", arrayValue{[]string{"bucket_name"}}}},
		{"arn:aws:s3-outposts:us-west-2:123456789012:outpost/op-01234567890123456/accesspoint/reports",
			&arnValue{"aws", "s3-outposts", "us-west-2", "123456789012", arrayValue{[]string{"outpost", "op-01234567890123456", "accesspoint", "reports"}}}},
		{"arn:aws:iam::123456789012:user/a:b", &arnValue{"aws", "iam", "", "123456789012", arrayValue{[]string{"user", "a", "b"}}}},
		{"arn:aws:s3:us-west-2:123456789012:accesspoint:", &arnValue{"aws", "s3", "us-west-2", "123456789012", arrayValue{[]string{"accesspoint", ""}}}},
		{"arn:aws:s3:us-west-2:123456789012:", nil},
		{"arn::s3:us-west-2:123456789012:x", nil},
		{"arn:aws::us-west-2:123456789012:x", nil},
		{"notarn:aws:s3:us-west-2:123456789012:x", nil},
		{"arn:aws:s3:us-west-2", nil},
		{"my-bucket", nil},
	}
	for _, tt := range tests {
		if got := parseArn(tt.in); !reflect.DeepEqual(got, tt.want) {
			t.Errorf("parseArn(%q) = %+v; want %+v", tt.in, got, tt.want)
		}
	}
}

func TestPartition(t *testing.T) {
	tests := []struct{ region, name, dnsSuffix string }{
		{"us-east-1", "aws", "amazonaws.com"},
		{"aws-global", "aws", "amazonaws.com"},
		{"us-west-99", "aws", "amazonaws.com"}, // regex
		{"cn-north-1", "aws-cn", "amazonaws.com.cn"},
		{"cn-east-9", "aws-cn", "amazonaws.com.cn"}, // regex
		{"us-gov-west-1", "aws-us-gov", "amazonaws.com"},
		{"us-gov-east-7", "aws-us-gov", "amazonaws.com"}, // regex; "us-..." alone would match aws
		{"us-iso-east-1", "aws-iso", "c2s.ic.gov"},
		{"us-isob-west-3", "aws-iso-b", "sc2s.sgov.gov"},
		{"eu-isoe-west-1", "aws-iso-e", "cloud.adc-e.uk"},
		{"eusc-de-east-1", "aws-eusc", "amazonaws.eu"},
		{"a b", "aws", "amazonaws.com"}, // unknown: the aws partition
		{"", "aws", "amazonaws.com"},
	}
	for _, tt := range tests {
		p := lookupPartition(tt.region)
		if p.Name != tt.name || p.DNSSuffix != tt.dnsSuffix {
			t.Errorf("aws.partition(%q) = %s/%s; want %s/%s", tt.region, p.Name, p.DNSSuffix, tt.name, tt.dnsSuffix)
		}
	}
	p := lookupPartition("us-east-1")
	for key, want := range map[string]value{
		"name": strVal("aws"), "dualStackDnsSuffix": strVal("api.aws"), "implicitGlobalRegion": strVal("us-east-1"),
		"supportsFIPS": boolVal(true), "supportsDualStack": boolVal(true), "nope": none,
	} {
		if got := p.attr(key); got != want {
			t.Errorf("aws.partition(us-east-1)#%s = %+v; want %+v", key, got, want)
		}
	}
}

func TestParsePath(t *testing.T) {
	tests := []struct {
		in   string
		want []pathStep
		ok   bool
	}{
		{"name", []pathStep{{key: "name"}}, true},
		{"resourceId[2]", []pathStep{{key: "resourceId"}, {index: 2}}, true},
		{"[0]", []pathStep{{index: 0}}, true},
		{"a.b[10]", []pathStep{{key: "a"}, {key: "b"}, {index: 10}}, true},
		{"", nil, false},
		{"a[", nil, false},
		{"a[x]", nil, false},
		{"[-2]", []pathStep{{index: -2}}, true},
		{"[-]", nil, false},
		{"a..b", nil, false},
	}
	for _, tt := range tests {
		got, err := parsePath(tt.in)
		if (err == nil) != tt.ok || !reflect.DeepEqual(got, tt.want) {
			t.Errorf("parsePath(%q) = %v, %v; want %v, ok=%t", tt.in, got, err, tt.want, tt.ok)
		}
	}
}

// TestCompilePartitions checks region overrides, the lazily compiled
// region regexes and that a bad regex is rejected when the document is
// compiled, not on first use.
func TestCompilePartitions(t *testing.T) {
	doc := `{"partitions": [{"id": "aws", "regionRegex": "^(us|eu)-\\w+-\\d+$",
		"outputs": {"name": "aws", "dnsSuffix": "amazonaws.com", "supportsFIPS": true, "supportsDualStack": true},
		"regions": {"us-east-1": {}, "odd-1": {"dnsSuffix": "example.com", "supportsFIPS": false}}}]}`
	pt, err := compilePartitions([]byte(doc))
	if err != nil {
		t.Fatal(err)
	}
	want := partitionOutputs{Name: "aws", DNSSuffix: "example.com", SupportsDualStack: true}
	if got := *pt.regions["odd-1"]; got != want {
		t.Errorf("odd-1 = %+v; want %+v", got, want)
	}
	if got := *pt.regions["us-east-1"]; got != *pt.aws {
		t.Errorf("us-east-1 = %+v; want the partition's outputs %+v", got, *pt.aws)
	}
	if !pt.list[0].regex().MatchString("eu-west-3") || pt.list[0].regex().MatchString("cn-north-1") {
		t.Errorf("regex %v matches wrongly", pt.list[0].regex())
	}
	bad := strings.Replace(doc, `^(us|eu)`, `^(us|eu`, 1)
	if _, err := compilePartitions([]byte(bad)); err == nil || !strings.Contains(err.Error(), "partition aws") {
		t.Errorf("bad regex: error = %v; want one naming partition aws", err)
	}
	for _, p := range partitions().list {
		if p.regex() == nil {
			t.Errorf("partition %s: no regex", p.id)
		}
	}
}
