package arn_test

import (
	"errors"
	"strings"
	"testing"

	"github.com/nimbus-sdk/nimbus/config/aws/arn"
)

func TestParse(t *testing.T) {
	tests := []struct {
		name    string
		in      string
		want    arn.ARN
		wantErr error // nil, arn.ErrInvalidPrefix or arn.ErrNotEnoughSections
	}{
		// aws-sdk-go-v2's own cases (aws/arn/arn_test.go).
		{name: "v2 not an ARN", in: "invalid", wantErr: arn.ErrInvalidPrefix},
		{name: "v2 two sections", in: "arn:nope", wantErr: arn.ErrNotEnoughSections},
		{name: "v2 ECR repository path", in: "arn:aws:ecr:us-west-2:123456789012:repository/foo/bar",
			want: arn.ARN{Partition: "aws", Service: "ecr", Region: "us-west-2", AccountID: "123456789012", Resource: "repository/foo/bar"}},
		{name: "v2 spaces in resource", in: "arn:aws:elasticbeanstalk:us-east-1:123456789012:environment/My App/MyEnvironment",
			want: arn.ARN{Partition: "aws", Service: "elasticbeanstalk", Region: "us-east-1", AccountID: "123456789012", Resource: "environment/My App/MyEnvironment"}},
		{name: "v2 no region", in: "arn:aws:iam::123456789012:user/David",
			want: arn.ARN{Partition: "aws", Service: "iam", AccountID: "123456789012", Resource: "user/David"}},
		{name: "v2 colon in resource", in: "arn:aws:rds:eu-west-1:123456789012:db:mysql-db",
			want: arn.ARN{Partition: "aws", Service: "rds", Region: "eu-west-1", AccountID: "123456789012", Resource: "db:mysql-db"}},
		{name: "v2 no region or account", in: "arn:aws:s3:::my_corporate_bucket/exampleobject.png",
			want: arn.ARN{Partition: "aws", Service: "s3", Resource: "my_corporate_bucket/exampleobject.png"}},

		// Empty sections are v2's rule: any may be empty.
		{name: "all sections empty", in: "arn:::::", want: arn.ARN{}},
		{name: "empty resource", in: "arn:aws:s3:us-west-2:123456789012:",
			want: arn.ARN{Partition: "aws", Service: "s3", Region: "us-west-2", AccountID: "123456789012"}},
		{name: "empty partition and service", in: "arn:::us-east-1:123456789012:thing",
			want: arn.ARN{Region: "us-east-1", AccountID: "123456789012", Resource: "thing"}},
		{name: "many colons in resource", in: "arn:aws:s3-outposts:us-west-2:123456789012:outpost:op-01234567890123456:accesspoint:reports",
			want: arn.ARN{Partition: "aws", Service: "s3-outposts", Region: "us-west-2", AccountID: "123456789012", Resource: "outpost:op-01234567890123456:accesspoint:reports"}},
		{name: "resource of colons", in: "arn:a:b:c:d:::", want: arn.ARN{Partition: "a", Service: "b", Region: "c", AccountID: "d", Resource: "::"}},
		{name: "other partition", in: "arn:aws-cn:dynamodb:cn-north-1:123456789012:table/Music",
			want: arn.ARN{Partition: "aws-cn", Service: "dynamodb", Region: "cn-north-1", AccountID: "123456789012", Resource: "table/Music"}},

		{name: "empty string", in: "", wantErr: arn.ErrInvalidPrefix},
		{name: "arn alone", in: "arn", wantErr: arn.ErrInvalidPrefix},
		{name: "upper-case prefix", in: "ARN:aws:s3:::bucket", wantErr: arn.ErrInvalidPrefix},
		{name: "leading space", in: " arn:aws:s3:::bucket", wantErr: arn.ErrInvalidPrefix},
		{name: "bucket name", in: "my-bucket", wantErr: arn.ErrInvalidPrefix},
		{name: "prefix only", in: "arn:", wantErr: arn.ErrNotEnoughSections},
		{name: "five sections", in: "arn:aws:service:us-west-2:123456789012", wantErr: arn.ErrNotEnoughSections},
		{name: "four colons", in: "arn::::", wantErr: arn.ErrNotEnoughSections},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := arn.Parse(tt.in)
			if tt.wantErr == nil {
				if err != nil {
					t.Fatalf("Parse(%q) error = %v; want nil", tt.in, err)
				}
				if got != tt.want {
					t.Errorf("Parse(%q) = %+v; want %+v", tt.in, got, tt.want)
				}
				if s := got.String(); s != tt.in {
					t.Errorf("Parse(%q).String() = %q; want the input", tt.in, s)
				}
				return
			}
			if got != (arn.ARN{}) {
				t.Errorf("Parse(%q) = %+v with an error; want the zero ARN", tt.in, got)
			}
			var pe *arn.ParseError
			if !errors.As(err, &pe) {
				t.Fatalf("Parse(%q) error = %v (%T); want a *ParseError", tt.in, err, err)
			}
			if pe.Input != tt.in {
				t.Errorf("Parse(%q) error Input = %q; want the input", tt.in, pe.Input)
			}
			if !errors.Is(err, tt.wantErr) {
				t.Errorf("Parse(%q) error = %v; want errors.Is %v", tt.in, err, tt.wantErr)
			}
			// v2's messages, word for word: ported code compares them.
			if err.Error() != tt.wantErr.Error() {
				t.Errorf("Parse(%q) error message = %q; want %q", tt.in, err.Error(), tt.wantErr.Error())
			}
		})
	}
}

func TestV2ErrorMessages(t *testing.T) {
	for _, tt := range []struct {
		err  error
		want string
	}{
		{arn.ErrInvalidPrefix, "arn: invalid prefix"},
		{arn.ErrNotEnoughSections, "arn: not enough sections"},
	} {
		if got := tt.err.Error(); got != tt.want {
			t.Errorf("message = %q; want v2's %q", got, tt.want)
		}
	}
}

func TestIsARN(t *testing.T) {
	tests := []struct {
		name string
		in   string
		want bool
	}{
		// aws-sdk-go-v2's own cases.
		{"v2 slash resource", "arn:aws:service:us-west-2:123456789012:restype/resvalue", true},
		{"v2 colon resource", "arn:aws:service:us-west-2:123456789012:restype:resvalue", true},
		{"v2 wildcard resource", "arn:aws:service:us-west-2:123456789012:*", true},
		{"v2 empty sections", "arn:::::", true},
		{"v2 random string", "some random string", false},
		{"v2 missing resource", "arn:aws:service:us-west-2:123456789012", false},

		{"empty", "", false},
		{"prefix only", "arn:", false},
		{"upper-case prefix", "ARN:aws:s3:::b", false},
		{"colons without prefix", "urn:a:b:c:d:e", false},
		{"empty resource", "arn:aws:s3:::", true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := arn.IsARN(tt.in); got != tt.want {
				t.Errorf("IsARN(%q) = %v; want %v", tt.in, got, tt.want)
			}
			if _, err := arn.Parse(tt.in); (err == nil) != tt.want {
				t.Errorf("IsARN(%q) = %v, but Parse error = %v", tt.in, tt.want, err)
			}
		})
	}
}

func TestString(t *testing.T) {
	tests := []struct {
		name string
		in   arn.ARN
		want string
	}{
		{"zero", arn.ARN{}, "arn:::::"},
		{"S3 bucket", arn.ARN{Partition: "aws", Service: "s3", Resource: "bucket"}, "arn:aws:s3:::bucket"},
		{"every section", arn.ARN{Partition: "aws", Service: "sqs", Region: "us-east-1", AccountID: "123456789012", Resource: "queue"},
			"arn:aws:sqs:us-east-1:123456789012:queue"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := tt.in.String(); got != tt.want {
				t.Errorf("%+v.String() = %q; want %q", tt.in, got, tt.want)
			}
		})
	}
}

func TestParseAllocs(t *testing.T) {
	const s = "arn:aws:s3-outposts:us-west-2:123456789012:outpost/op-01234567890123456/accesspoint/reports"
	if n := testing.AllocsPerRun(100, func() { _, _ = arn.Parse(s) }); n != 0 {
		t.Errorf("Parse allocates %v times; want 0 (its sections are substrings of the input)", n)
	}
	if n := testing.AllocsPerRun(100, func() { _ = arn.IsARN(s) }); n != 0 {
		t.Errorf("IsARN allocates %v times; want 0", n)
	}
}

// FuzzParse checks, on any string, that Parse does not panic, agrees with
// IsARN, returns a *ParseError keeping the input, and that a parsed ARN
// prints back as the input.
func FuzzParse(f *testing.F) {
	for _, s := range []string{
		"", "invalid", "arn:nope", "arn:::::", "arn::::", "arn:aws:s3:::bucket",
		"arn:aws:rds:eu-west-1:123456789012:db:mysql-db",
		"arn:aws:s3-outposts:us-west-2:123456789012:outpost/op-01234567890123456/accesspoint/reports",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		a, err := arn.Parse(s)
		if is := arn.IsARN(s); is != (err == nil) {
			t.Fatalf("IsARN(%q) = %v, Parse error = %v", s, is, err)
		}
		if err != nil {
			var pe *arn.ParseError
			if !errors.As(err, &pe) || pe.Input != s {
				t.Fatalf("Parse(%q) error = %#v; want a *ParseError with the input", s, err)
			}
			return
		}
		if got := a.String(); got != s {
			t.Fatalf("Parse(%q).String() = %q", s, got)
		}
		for _, sec := range []string{a.Partition, a.Service, a.Region, a.AccountID} {
			if strings.Contains(sec, ":") {
				t.Fatalf("Parse(%q) = %+v: a section before the resource holds a colon", s, a)
			}
		}
	})
}

// FuzzStringParse checks Parse(a.String()) == a for every ARN whose
// sections before the resource hold no colon (the resource may).
func FuzzStringParse(f *testing.F) {
	f.Add("aws", "s3", "", "", "bucket/key")
	f.Add("aws", "rds", "eu-west-1", "123456789012", "db:mysql-db")
	f.Add("", "", "", "", "")
	f.Fuzz(func(t *testing.T, partition, service, region, account, resource string) {
		noColon := func(s string) string { return strings.ReplaceAll(s, ":", "") }
		a := arn.ARN{Partition: noColon(partition), Service: noColon(service), Region: noColon(region), AccountID: noColon(account), Resource: resource}
		got, err := arn.Parse(a.String())
		if err != nil || got != a {
			t.Fatalf("Parse(%q) = %+v, %v; want %+v", a.String(), got, err, a)
		}
	})
}
