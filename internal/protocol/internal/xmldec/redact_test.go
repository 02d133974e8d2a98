package xmldec

import (
	"reflect"
	"strings"
	"testing"

	"github.com/nimbus-sdk/nimbus/internal/protocol"
)

// Shapes for the redaction tests, after STS and S3.

type assumeRoleResult struct {
	_           struct{}          `shape:"AssumeRoleResult"`
	Credentials *credentials      //
	User        *assumedRoleUser  //
	Owner       *string           `xmlAttribute:"true"`
	Secret      *string           `xmlAttribute:"true" xmlName:"secret" sensitive:"true"`
	Keys        []string          `xmlFlattened:"true" xmlName:"Key" sensitive:"true"`
	Names       []string          `memberXmlName:"Name"`
	Tags        map[string]string `keyXmlName:"K" valueXmlName:"V"`
	Env         map[string]string `xmlFlattened:"true" sensitive:"true"`
	Session     *sessionCreds     //
	Choice      choice            //
}

type credentials struct {
	_               struct{} `shape:"Credentials"`
	AccessKeyId     *string
	SecretAccessKey *string `sensitive:"true"`
	SessionToken    *string `sensitive:"true"`
	Expiration      *string
}

type assumedRoleUser struct {
	_   struct{} `shape:"AssumedRoleUser"`
	Arn *string
}

// sessionCreds is a sensitive structure.
type sessionCreds struct {
	_   struct{} `shape:"SessionCredentials" sensitive:"true"`
	Key *string
}

type choice interface{ isChoice() }

type choicePlain struct {
	_     struct{} `shape:"Choice" union:"true"`
	Value string   `name:"Plain"`
}

type choiceSecret struct {
	_     struct{} `shape:"Choice" union:"true"`
	Value string   `name:"Secret" sensitive:"true"`
}

func (*choicePlain) isChoice()  {}
func (*choiceSecret) isChoice() {}

func init() {
	protocol.RegisterUnion(reflect.TypeFor[choice](), map[string]reflect.Type{
		"Plain":  reflect.TypeFor[choicePlain](),
		"Secret": reflect.TypeFor[choiceSecret](),
	})
}

type accessDenied struct {
	_      struct{} `shape:"AccessDenied" error:"client"`
	Detail *string  `sensitive:"true"`
}

var resultPlan = protocol.PlanOf(reflect.TypeFor[assumeRoleResult]())

func rootStruct(string) Place { return Place{Struct: resultPlan} }

func TestRedact(t *testing.T) {
	const cut = "[%d more bytes not shown: " + protocol.WhyCut + "]"
	tests := []struct {
		name     string
		in       string
		complete bool
		want     string
	}{
		{
			name: "plain elements", complete: true,
			in:   `<AssumeRoleResult><Credentials><AccessKeyId>ASIA1</AccessKeyId><SecretAccessKey>wJalr</SecretAccessKey><SessionToken>IQoJ</SessionToken></Credentials></AssumeRoleResult>`,
			want: `<AssumeRoleResult><Credentials><AccessKeyId>ASIA1</AccessKeyId><SecretAccessKey>REDACTED</SecretAccessKey><SessionToken>REDACTED</SessionToken></Credentials></AssumeRoleResult>`,
		},
		{
			name: "element with attributes", complete: true,
			in:   `<R xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><Credentials><SecretAccessKey xmlns="" id="1">wJalr</SecretAccessKey><SessionToken a:b='c'>IQoJ</SessionToken></Credentials></R>`,
			want: `<R xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><Credentials><SecretAccessKey xmlns="" id="REDACTED">REDACTED</SecretAccessKey><SessionToken a:b='REDACTED'>REDACTED</SessionToken></Credentials></R>`,
		},
		{
			name: "namespace prefixes", complete: true,
			in:   `<sts:R xmlns:sts="urn:x"><sts:Credentials><sts:SecretAccessKey>wJalr</sts:SecretAccessKey><sts:AccessKeyId>ASIA1</sts:AccessKeyId></sts:Credentials></sts:R>`,
			want: `<sts:R xmlns:sts="urn:x"><sts:Credentials><sts:SecretAccessKey>REDACTED</sts:SecretAccessKey><sts:AccessKeyId>ASIA1</sts:AccessKeyId></sts:Credentials></sts:R>`,
		},
		{
			name: "CDATA", complete: true,
			in:   `<R><Credentials><SecretAccessKey><![CDATA[wJalr<not a tag>]]></SecretAccessKey><AccessKeyId><![CDATA[ASIA1]]></AccessKeyId></Credentials></R>`,
			want: `<R><Credentials><SecretAccessKey>REDACTED</SecretAccessKey><AccessKeyId><![CDATA[ASIA1]]></AccessKeyId></Credentials></R>`,
		},
		{
			name: "comment and child elements inside a secret", complete: true,
			in:   `<R><Credentials><SessionToken>IQ<!-- x --><b>oJ</b></SessionToken></Credentials></R>`,
			want: `<R><Credentials><SessionToken>REDACTED</SessionToken></Credentials></R>`,
		},
		{
			name: "attribute members", complete: true,
			in:   `<R Owner="alice" secret="wJalr" other="x"><User><Arn>arn:aws:sts::1:assumed-role/r</Arn></User></R>`,
			want: `<R Owner="alice" secret="REDACTED" other="REDACTED"><User><Arn>arn:aws:sts::1:assumed-role/r</Arn></User></R>`,
		},
		{
			name: "flattened sensitive list and map, wrapped plain ones", complete: true,
			in:   `<R><Key>k1</Key><Key>k2</Key><Names><Name>n1</Name><Name>n2</Name></Names><Tags><entry><K>team</K><V>blue</V></entry></Tags><Env><key>PW</key><value>wJalr</value></Env></R>`,
			want: `<R><Key>REDACTED</Key><Key>REDACTED</Key><Names><Name>n1</Name><Name>n2</Name></Names><Tags><entry><K>team</K><V>blue</V></entry></Tags><Env>REDACTED</Env></R>`,
		},
		{
			name: "sensitive structure and union variant", complete: true,
			in:   `<R><Session><Key>wJalr</Key></Session><Choice><Secret>IQoJ</Secret></Choice><Choice><Plain>shown</Plain></Choice></R>`,
			want: `<R><Session>REDACTED</Session><Choice><Secret>REDACTED</Secret></Choice><Choice><Plain>shown</Plain></Choice></R>`,
		},
		{
			name: "unknown elements masked, self-closing kept", complete: true,
			in:   "<?xml version=\"1.0\"?>\n<R>\n  <NewField>wJalr</NewField>\n  <Credentials/>\n  <User><Arn>a</Arn><Extra><X>y</X></Extra></User>\n</R>\n",
			want: "<?xml version=\"1.0\"?>\n<R>\n  <NewField>REDACTED</NewField>\n  <Credentials/>\n  <User><Arn>a</Arn><Extra>REDACTED</Extra></User>\n</R>\n",
		},
		{
			name: "text in a structure masked", complete: true,
			in:   `<R>wJalr<User><Arn>a</Arn></User></R>`,
			want: `<R>REDACTED<User><Arn>a</Arn></User></R>`,
		},
		{
			name: "cut inside a secret",
			in:   `<R><Credentials><AccessKeyId>ASIA1</AccessKeyId><SecretAccessKey>wJal`,
			want: `<R><Credentials><AccessKeyId>ASIA1</AccessKeyId><SecretAccessKey>` + strings.Replace(cut, "%d", "4", 1),
		},
		{
			name: "cut inside a secret's start tag",
			in:   `<R><Credentials><SecretAccessKey id="1`,
			want: `<R><Credentials>` + strings.Replace(cut, "%d", "22", 1),
		},
		{
			name: "cut inside a CDATA secret",
			in:   `<R><Credentials><SecretAccessKey><![CDATA[wJal`,
			want: `<R><Credentials><SecretAccessKey>` + strings.Replace(cut, "%d", "13", 1),
		},
		{
			name: "cut inside a plain value shows it",
			in:   `<R><Credentials><AccessKeyId>ASI`,
			want: `<R><Credentials><AccessKeyId>ASI`,
		},
		{
			name: "not XML", complete: true,
			in:   `{"SecretAccessKey":"wJalr"}`,
			want: `{"SecretAccessKey":"wJalr"}`[:0] + `REDACTED`,
		},
		{
			name: "mismatched end tag", complete: true,
			in:   `<R><Credentials><AccessKeyId>ASIA1</Credentials><SecretAccessKey>wJalr</SecretAccessKey></R>`,
			want: `<R><Credentials><AccessKeyId>ASIA1[58 more bytes not shown: ` + protocol.WhyInvalid("XML") + `]`,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := string(Redact([]byte(tt.in), tt.complete, rootStruct))
			if got != tt.want {
				t.Errorf("Redact(%s)\n got %s\nwant %s", tt.in, got, tt.want)
			}
			for _, s := range []string{"wJal", "IQoJ", "k1", "k2", "PW"} {
				if strings.Contains(got, s) {
					t.Errorf("Redact(%s) = %s: contains secret %q", tt.in, got, s)
				}
			}
		})
	}
}

func TestRedactErrorRoot(t *testing.T) {
	sp := protocol.PlanOf(reflect.TypeFor[accessDenied]())
	tests := []struct {
		name string
		sp   *protocol.Struct
		in   string
		want string
	}{
		{
			name: "bare S3 form", sp: sp,
			in:   `<Error><Code>AccessDenied</Code><Message>Access Denied</Message><Detail>wJalr</Detail><Key>k</Key><RequestId>R1</RequestId><HostId>H1</HostId></Error>`,
			want: `<Error><Code>AccessDenied</Code><Message>Access Denied</Message><Detail>REDACTED</Detail><Key>REDACTED</Key><RequestId>R1</RequestId><HostId>H1</HostId></Error>`,
		},
		{
			name: "wrapped query form, unmodelled",
			in:   `<ErrorResponse><Error><Type>Sender</Type><Code>Throttling</Code><Message>Rate exceeded</Message><Detail>wJalr</Detail></Error><RequestId>R1</RequestId><Other>x</Other></ErrorResponse>`,
			want: `<ErrorResponse><Error><Type>Sender</Type><Code>Throttling</Code><Message>Rate exceeded</Message><Detail>REDACTED</Detail></Error><RequestId>R1</RequestId><Other>REDACTED</Other></ErrorResponse>`,
		},
		{
			name: "EC2 form", sp: sp,
			in:   `<Response><Errors><Error><Code>AccessDenied</Code><Detail>wJalr</Detail></Error></Errors><RequestID>R1</RequestID></Response>`,
			want: `<Response><Errors><Error><Code>AccessDenied</Code><Detail>REDACTED</Detail></Error></Errors><RequestID>R1</RequestID></Response>`,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := string(Redact([]byte(tt.in), true, ErrorRoot(tt.sp))); got != tt.want {
				t.Errorf("Redact(%s)\n got %s\nwant %s", tt.in, got, tt.want)
			}
		})
	}
}

// FuzzRedact checks that a value planted in SecretAccessKey never
// survives redaction, wherever the document is cut.
func FuzzRedact(f *testing.F) {
	f.Add(`<R><Credentials><SecretAccessKey>PLANTED</SecretAccessKey></Credentials></R>`, 30)
	f.Add(`<R><Credentials><SecretAccessKey a="b"><![CDATA[PLANTED]]></SecretAccessKey></Credentials></R>`, 60)
	f.Add(`<x:R xmlns:x="u"><x:Credentials><x:SecretAccessKey>PLANT&#69;D</x:SecretAccessKey></x:Credentials></x:R>`, 200)
	f.Fuzz(func(t *testing.T, doc string, cut int) {
		if strings.Count(doc, "PLA") != 1 {
			return
		}
		var v assumeRoleResult
		d := Decoder{R: NewReader([]byte(doc))}
		root, ok, err := d.R.Root()
		if err != nil || !ok || d.Structure(resultPlan, reflect.ValueOf(&v).Elem(), root) != nil {
			return
		}
		if v.Credentials == nil || v.Credentials.SecretAccessKey == nil || !strings.Contains(*v.Credentials.SecretAccessKey, "PLANTED") {
			return
		}
		data := []byte(doc)
		complete := true
		if cut >= 0 && cut < len(data) {
			data, complete = data[:cut], false
		}
		got := string(Redact(data, complete, rootStruct))
		if strings.Contains(got, "PLA") {
			t.Fatalf("Redact(%q, complete=%v) = %q shows the planted secret", data, complete, got)
		}
	})
}
