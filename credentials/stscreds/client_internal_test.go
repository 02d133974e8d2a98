package stscreds

import "testing"

func TestAccountIDFromARN(t *testing.T) {
	tests := []struct{ arn, want string }{
		{"arn:aws:sts::123456789012:assumed-role/demo/session", "123456789012"},
		{"arn:aws-cn:sts::210987654321:assumed-role/demo/a:b", "210987654321"},
		{"arn:aws:sts::123456789012", ""},
		{"not-an-arn:aws:sts::1:x", ""},
		{"", ""},
	}
	for _, tt := range tests {
		if got := accountIDFromARN(tt.arn); got != tt.want {
			t.Errorf("accountIDFromARN(%q) = %q; want %q", tt.arn, got, tt.want)
		}
	}
}
