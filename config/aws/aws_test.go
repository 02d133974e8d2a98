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

// TestMoreHelpers round-trips the v2 helpers beyond the generated
// members' types, and checks that the slice and map helpers copy.
func TestMoreHelpers(t *testing.T) {
	if aws.ToInt(aws.Int(1)) != 1 || aws.ToInt8(aws.Int8(2)) != 2 || aws.ToInt16(aws.Int16(3)) != 3 ||
		aws.ToUint(aws.Uint(4)) != 4 || aws.ToUint8(aws.Uint8(5)) != 5 || aws.ToUint16(aws.Uint16(6)) != 6 ||
		aws.ToUint32(aws.Uint32(7)) != 7 || aws.ToUint64(aws.Uint64(8)) != 8 || aws.ToByte(aws.Byte(9)) != 9 ||
		aws.ToDuration(aws.Duration(time.Second)) != time.Second {
		t.Error("a round trip lost its value")
	}
	if aws.ToInt(nil) != 0 || aws.ToDuration(nil) != 0 || aws.ToUint64(nil) != 0 {
		t.Error("To* of nil are not zero values")
	}
	m := map[string]string{"a": "1", "b": "2"}
	pm := aws.StringMap(m)
	m["a"] = "changed"
	pm["c"] = nil
	if got := fmt.Sprint(aws.ToStringMap(pm)); got != "map[a:1 b:2 c:]" {
		t.Errorf("ToStringMap(StringMap) = %s; want map[a:1 b:2 c:] (copies, nil as empty)", got)
	}
	is := []int64{1, 2}
	ps := aws.Int64Slice(is)
	is[0] = 9
	if got := fmt.Sprint(aws.ToInt64Slice(append(ps, nil))); got != "[1 2 0]" {
		t.Errorf("ToInt64Slice(Int64Slice) = %s; want [1 2 0]", got)
	}
	if got := fmt.Sprint(aws.ToBoolSlice(aws.BoolSlice([]bool{true})), aws.ToInt32Slice(aws.Int32Slice([]int32{3})),
		aws.ToFloat64Slice(aws.Float64Slice([]float64{1.5})), len(aws.ToTimeSlice(aws.TimeSlice([]time.Time{{}})))); got != "[true] [3] [1.5] 1" {
		t.Errorf("slice round trips = %s", got)
	}
}
