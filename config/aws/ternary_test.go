package aws_test

import (
	"testing"

	"github.com/nimbus-sdk/nimbus/config/aws"
)

func TestTernary(t *testing.T) {
	tests := []struct {
		t        aws.Ternary
		wantStr  string
		wantBool bool
	}{
		{aws.UnknownTernary, "unknown", false},
		{aws.FalseTernary, "false", false},
		{aws.TrueTernary, "true", true},
		{aws.Ternary(7), "Ternary(7)", false},
	}
	for _, tt := range tests {
		if got := tt.t.String(); got != tt.wantStr {
			t.Errorf("Ternary(%d).String() = %q; want %q", int(tt.t), got, tt.wantStr)
		}
		if got := tt.t.Bool(); got != tt.wantBool {
			t.Errorf("Ternary(%d).Bool() = %v; want %v", int(tt.t), got, tt.wantBool)
		}
	}
	if got := aws.BoolTernary(true); got != aws.TrueTernary {
		t.Errorf("BoolTernary(true) = %v; want true", got)
	}
	if got := aws.BoolTernary(false); got != aws.FalseTernary {
		t.Errorf("BoolTernary(false) = %v; want false", got)
	}
	var zero aws.Ternary
	if zero != aws.UnknownTernary {
		t.Errorf("zero Ternary = %v; want unknown", zero)
	}
}
