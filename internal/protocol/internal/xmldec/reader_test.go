package xmldec

import (
	"errors"
	"testing"
)

func TestReaderText(t *testing.T) {
	tests := []struct{ doc, want string }{
		{"<a>plain</a>", "plain"},
		{"<a/>", ""},
		{"<a>x &amp; y &#65;&#x42;</a>", "x & y AB"},
		{"<a><![CDATA[<b>]]> tail</a>", "<b> tail"},
		{"<?xml version=\"1.0\"?><!-- c --><p:a xmlns:p=\"u\">v<skip>no</skip></p:a>", "v"},
		{"<a>line\r\nbreak</a>", "line\nbreak"},
	}
	for _, tt := range tests {
		r := NewReader([]byte(tt.doc))
		if _, ok, err := r.Root(); err != nil || !ok {
			t.Fatalf("Root(%q) = %v, %v", tt.doc, ok, err)
		}
		got, err := r.Text(nil)
		if err != nil || string(got) != tt.want {
			t.Errorf("Text(%q) = %q, %v; want %q", tt.doc, got, err, tt.want)
		}
	}
}

func TestReaderSyntaxErrors(t *testing.T) {
	for _, doc := range []string{"<a>", "<a></b>", "<a>&bogus;</a>", "<a x='1>", "<!-- open"} {
		r := NewReader([]byte(doc))
		_, _, err := r.Root()
		if err == nil {
			_, err = r.Text(nil)
		}
		if !errors.Is(err, ErrSyntax) {
			t.Errorf("reading %q: error = %v; want ErrSyntax", doc, err)
		}
	}
}

func TestScanError(t *testing.T) {
	tests := []struct {
		doc  string
		want ErrorInfo
	}{
		{
			doc:  "<ErrorResponse><Error><Type>Sender</Type><Code> Throttling </Code><Message>slow down</Message></Error><RequestId>r1</RequestId></ErrorResponse>",
			want: ErrorInfo{Code: "Throttling", Message: "slow down", Type: "Sender", RequestID: "r1"},
		},
		{
			doc:  "<Error><Code>NoSuchKey</Code><Message>gone</Message><RequestId>r2</RequestId></Error>",
			want: ErrorInfo{Code: "NoSuchKey", Message: "gone", RequestID: "r2"},
		},
		{
			doc:  "<Response><Errors><Error><Code>InvalidGreeting</Code><Message>Hi</Message></Error></Errors><RequestID>r3</RequestID></Response>",
			want: ErrorInfo{Code: "InvalidGreeting", Message: "Hi", RequestID: "r3"},
		},
		{doc: "not xml", want: ErrorInfo{}},
	}
	for _, tt := range tests {
		got := ScanError([]byte(tt.doc))
		w := tt.want
		if got.Code != w.Code || got.Message != w.Message || got.Type != w.Type || got.RequestID != w.RequestID {
			t.Errorf("ScanError(%q) = %+v; want %+v", tt.doc, got, tt.want)
		}
	}
}
