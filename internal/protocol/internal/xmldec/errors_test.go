package xmldec

import "testing"

func TestScanErrorShapes(t *testing.T) {
	tests := []struct{ name, body, code, msg string }{
		{"s3 bare", `<Error><Code>NoSuchKey</Code><Message>gone</Message></Error>`, "NoSuchKey", "gone"},
		{"wrapped", `<ErrorResponse><Error><Type>Sender</Type><Code>Throttling</Code><Message>slow</Message></Error><RequestId>r</RequestId></ErrorResponse>`, "Throttling", "slow"},
		{"errors list", `<?xml version="1.0"?><ErrorResponse><Errors><Error><Code>SignatureDoesNotMatch</Code><Message>bad sig</Message><Type>Sender</Type></Error></Errors></ErrorResponse>`, "SignatureDoesNotMatch", "bad sig"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			info := ScanError([]byte(tt.body))
			if info.Code != tt.code || info.Message != tt.msg {
				t.Errorf("ScanError = code %q message %q; want %q %q", info.Code, info.Message, tt.code, tt.msg)
			}
		})
	}
}
