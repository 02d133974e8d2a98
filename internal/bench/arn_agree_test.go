package bench

// Nimbus's config/aws/arn against aws-sdk-go-v2's aws/arn: Parse, IsARN,
// String and the error messages agree on every case of both packages'
// tests and on random strings over an alphabet of ARN characters.

import (
	"math/rand/v2"
	"testing"

	v2arn "github.com/aws/aws-sdk-go-v2/aws/arn"

	"github.com/nimbus-sdk/nimbus/config/aws/arn"
)

func TestARNAgree(t *testing.T) {
	inputs := []string{
		"", "invalid", "arn", "arn:", "arn:nope", "arn::::", "arn:::::", "ARN:aws:s3:::b", " arn:aws:s3:::b",
		"arn:aws:ecr:us-west-2:123456789012:repository/foo/bar",
		"arn:aws:elasticbeanstalk:us-east-1:123456789012:environment/My App/MyEnvironment",
		"arn:aws:iam::123456789012:user/David",
		"arn:aws:rds:eu-west-1:123456789012:db:mysql-db",
		"arn:aws:s3:::my_corporate_bucket/exampleobject.png",
		"arn:aws:service:us-west-2:123456789012",
		"arn:aws:s3-outposts:us-west-2:123456789012:outpost:op-01234567890123456:accesspoint:reports",
	}
	r := rand.New(rand.NewPCG(1, 2))
	alphabet := []string{"arn", ":", "arn:", "aws", "s3", "/", "", "1", "-", "*"}
	for range 5000 {
		s := ""
		for range r.IntN(10) {
			s += alphabet[r.IntN(len(alphabet))]
		}
		inputs = append(inputs, s)
	}
	for _, s := range inputs {
		got, err := arn.Parse(s)
		want, v2err := v2arn.Parse(s)
		if (err == nil) != (v2err == nil) || err != nil && err.Error() != v2err.Error() {
			t.Fatalf("Parse(%q) error: nimbus %v, v2 %v", s, err, v2err)
		}
		if got != (arn.ARN(want)) {
			t.Fatalf("Parse(%q): nimbus %+v, v2 %+v", s, got, want)
		}
		if got.String() != want.String() {
			t.Fatalf("Parse(%q).String(): nimbus %q, v2 %q", s, got.String(), want.String())
		}
		if arn.IsARN(s) != v2arn.IsARN(s) {
			t.Fatalf("IsARN(%q): nimbus %v, v2 %v", s, arn.IsARN(s), v2arn.IsARN(s))
		}
	}
}
