package sign

import (
	"encoding/json"
	"testing"
	"time"
)

// TestMarshalPolicy checks the policy JSON against published vectors:
// the CloudFront Developer Guide's signed-cookie example (its
// CloudFront-Policy value, for a policy that has since expired, so it is
// marshalled here without Validate) and aws-sdk-go-v2's canned policy.
func TestMarshalPolicy(t *testing.T) {
	tests := []struct {
		name   string
		policy *Policy
		want   string // the JSON, or its CloudFront base64 when b64 is set
		b64    bool
	}{
		{
			name: "CloudFront guide cookie example",
			policy: &Policy{Statements: []Statement{{
				Resource: "http://d111111abcdef8.cloudfront.net/game_download.zip",
				Condition: Condition{
					IPAddress:    &IPAddress{SourceIP: "192.0.2.0/24"},
					DateLessThan: NewAWSEpochTime(time.Unix(1426500000, 0)),
				},
			}}},
			want: "eyJTdGF0ZW1lbnQiOlt7IlJlc291cmNlIjoiaHR0cDovL2QxMTExMTFhYmNkZWY4LmNsb3VkZnJvbnQubmV0L2dhbWVfZG93bmxvYWQuemlwIiwiQ29uZGl0aW9uIjp7IklwQWRkcmVzcyI6eyJBV1M6U291cmNlSXAiOiIxOTIuMC4yLjAvMjQifSwiRGF0ZUxlc3NUaGFuIjp7IkFXUzpFcG9jaFRpbWUiOjE0MjY1MDAwMDB9fX1dfQ__",
			b64:  true,
		},
		{
			name:   "v2 canned policy",
			policy: NewCannedPolicy("https://example.com/a", time.Date(2009, time.November, 10, 23, 0, 0, 0, time.UTC)),
			want:   `{"Statement":[{"Resource":"https://example.com/a","Condition":{"DateLessThan":{"AWS:EpochTime":1257894000}}}]}`,
		},
		{
			name:   "v2 canned policy with query",
			policy: NewCannedPolicy("https://example.com/a?b=1&c=2", time.Date(2009, time.November, 10, 23, 0, 0, 0, time.UTC)),
			want:   `{"Statement":[{"Resource":"https://example.com/a?b=1&c=2","Condition":{"DateLessThan":{"AWS:EpochTime":1257894000}}}]}`,
		},
		{
			name:   "no conditions",
			policy: &Policy{Statements: []Statement{{Resource: "r"}}},
			want:   `{"Statement":[{"Resource":"r","Condition":{}}]}`,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			doc, err := tt.policy.marshal()
			if err != nil {
				t.Fatal(err)
			}
			got := string(doc)
			if tt.b64 {
				got = string(encodeURLSafe(doc))
			}
			if got != tt.want {
				t.Errorf("policy =\n%s\nwant\n%s", got, tt.want)
			}
		})
	}
}

func TestAWSEpochTime(t *testing.T) {
	tests := []struct {
		name string
		t    time.Time
		json string
	}{
		{"v2 time", time.Date(2009, time.November, 10, 23, 0, 0, 0, time.UTC), `{"AWS:EpochTime":1257894000}`},
		{"other zone, fraction dropped", time.Date(2009, time.November, 11, 4, 0, 0, 999999999, time.FixedZone("UTC+5", 5*3600)), `{"AWS:EpochTime":1257894000}`},
		{"epoch", time.Unix(0, 0), `{"AWS:EpochTime":0}`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			b, err := json.Marshal(AWSEpochTime{tt.t})
			if err != nil || string(b) != tt.json {
				t.Fatalf("Marshal(%v) = %s, %v; want %s", tt.t, b, err, tt.json)
			}
			var got AWSEpochTime
			if err := json.Unmarshal(b, &got); err != nil {
				t.Fatal(err)
			}
			if want := tt.t.Truncate(time.Second); !got.Equal(want) || got.Location() != time.UTC {
				t.Errorf("Unmarshal(%s) = %v; want %v in UTC", b, got.Time, want)
			}
		})
	}
	var got AWSEpochTime
	if err := json.Unmarshal([]byte(`{"AWS:EpochTime":"soon"}`), &got); err == nil {
		t.Error("Unmarshal of a string epoch time: error = nil")
	}
}

func TestEncodeURLSafe(t *testing.T) {
	tests := []struct {
		in   []byte
		want string
	}{
		{[]byte{0xfb, 0xff}, "-~8_"}, // standard: "+/8="
		{[]byte{0xfa}, "-g__"},       // standard: "+g=="
		{[]byte("abc"), "YWJj"},
		{nil, ""},
	}
	for _, tt := range tests {
		if got := string(encodeURLSafe(tt.in)); got != tt.want {
			t.Errorf("encodeURLSafe(%x) = %q; want %q", tt.in, got, tt.want)
		}
	}
}
