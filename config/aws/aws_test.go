package aws_test

import (
	"fmt"
	"testing"
	"time"

	"github.com/nimbus-sdk/nimbus/config/aws"
)

func TestRoundTrip(t *testing.T) {
	now := time.Unix(1700000000, 0)
	if got := aws.ToString(aws.String("b")); got != "b" {
		t.Errorf("ToString(String(b)) = %q", got)
	}
	if aws.ToString(nil) != "" || aws.ToInt64(nil) != 0 || aws.ToBool(nil) || !aws.ToTime(nil).IsZero() {
		t.Error("To* of nil are not zero values")
	}
	if aws.ToInt32(aws.Int32(7)) != 7 || aws.ToInt64(aws.Int64(8)) != 8 || !aws.ToBool(aws.Bool(true)) ||
		aws.ToFloat64(aws.Float64(1.5)) != 1.5 || aws.ToFloat32(aws.Float32(2.5)) != 2.5 || !aws.ToTime(aws.Time(now)).Equal(now) {
		t.Error("a round trip lost its value")
	}
	src := []string{"a", "b"}
	ps := aws.StringSlice(src)
	src[0] = "changed"
	if got := aws.ToStringSlice(append(ps, nil)); fmt.Sprint(got) != "[a b ]" {
		t.Errorf("ToStringSlice(StringSlice) = %q; want [a b ] (copies, nil as empty)", got)
	}
	v := 3
	p := aws.Ptr(v)
	v = 4
	if *p != 3 || aws.ToValue[int](nil) != 0 {
		t.Error("Ptr does not copy, or ToValue(nil) is not zero")
	}
}

func Example() {
	bucket := aws.String("my-bucket") // with Go 1.26: new("my-bucket")
	var etag *string                  // an unset output member
	fmt.Println(*bucket, aws.ToString(etag) == "")
	// Output: my-bucket true
}

func TestAccountIDEndpointModeValid(t *testing.T) {
	for _, tt := range []struct {
		mode aws.AccountIDEndpointMode
		want bool
	}{
		{aws.AccountIDEndpointModeUnset, true},
		{aws.AccountIDEndpointModePreferred, true},
		{aws.AccountIDEndpointModeRequired, true},
		{aws.AccountIDEndpointModeDisabled, true},
		{"Preferred", false},
		{"on", false},
	} {
		if got := tt.mode.Valid(); got != tt.want {
			t.Errorf("AccountIDEndpointMode(%q).Valid() = %v; want %v", tt.mode, got, tt.want)
		}
	}
}

func TestAccountIDEndpointModeError(t *testing.T) {
	for _, tt := range []struct {
		mode aws.AccountIDEndpointMode
		want string
	}{
		{"sometimes", `invalid AccountIDEndpointMode "sometimes": must be preferred, required or disabled`},
	} {
		if got := (&aws.AccountIDEndpointModeError{Mode: tt.mode}).Error(); got != tt.want {
			t.Errorf("AccountIDEndpointModeError{%q}.Error() = %q; want %q", tt.mode, got, tt.want)
		}
	}
}
