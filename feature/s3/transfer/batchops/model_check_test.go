package batchops

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

// TestModelValidator checks that the model-derived validator of the fake
// accepts a valid request and names what is wrong with invalid ones.
func TestModelValidator(t *testing.T) {
	m, err := loadModel()
	if err != nil {
		t.Fatal(err)
	}
	const ns = `xmlns="http://awss3control.amazonaws.com/doc/2018-08-20/"`
	job := func(inner string) string {
		return `<CreateJobRequest ` + ns + `>` + inner + `</CreateJobRequest>`
	}
	const (
		op       = `<Operation><S3PutObjectTagging><TagSet><member><Key>a</Key><Value>b</Value></member></TagSet></S3PutObjectTagging></Operation>`
		report   = `<Report><Bucket>arn:aws:s3:::r</Bucket><Format>Report_CSV_20180820</Format><Enabled>true</Enabled><ReportScope>AllTasks</ReportScope></Report>`
		manifest = `<Manifest><Spec><Format>S3BatchOperations_CSV_20180820</Format><Fields><member>Bucket</member><member>Key</member></Fields></Spec><Location><ObjectArn>arn:aws:s3:::b/m.csv</ObjectArn><ETag>abc</ETag></Location></Manifest>`
		rest     = `<ClientRequestToken>t</ClientRequestToken><Priority>10</Priority><RoleArn>arn:aws:iam::123456789012:role/r</RoleArn>`
	)
	for _, tc := range []struct {
		name, method, target, body string
		header                     bool
		want                       string // a problem's substring; empty: valid
	}{
		{"valid CreateJob", "POST", "/v20180820/jobs", job(op + report + manifest + rest), true, ""},
		{"missing header", "POST", "/v20180820/jobs", job(op + report + manifest + rest), false, "required member AccountId"},
		{"missing RoleArn", "POST", "/v20180820/jobs", job(op + report + manifest + `<ClientRequestToken>t</ClientRequestToken><Priority>1</Priority>`), true, "required member RoleArn"},
		{"unknown element", "POST", "/v20180820/jobs", job(op + report + manifest + rest + `<Color>red</Color>`), true, "unknown element <Color>"},
		{"bad enum", "POST", "/v20180820/jobs", job(op + strings.Replace(report, "Report_CSV_20180820", "JSON", 1) + manifest + rest), true, `"JSON" is not one of`},
		{"empty union", "POST", "/v20180820/jobs", job(op + report + manifest + rest + `<ManifestGenerator></ManifestGenerator>`), true, "exactly one member"},
		{"pattern", "POST", "/v20180820/jobs", job(op + report + manifest + strings.Replace(rest, "iam::123456789012:role", "iam::12:user", 1)), true, "does not match the pattern"},
		{"length", "POST", "/v20180820/jobs", job(op + report + manifest + strings.Replace(rest, "<ClientRequestToken>t<", "<ClientRequestToken>"+strings.Repeat("t", 65)+"<", 1)), true, "length 65"},
		{"range", "POST", "/v20180820/jobs", job(op + report + manifest + strings.Replace(rest, "<Priority>10", "<Priority>-1", 1)), true, "out of range"},
		{"list item name", "POST", "/v20180820/jobs", job(strings.NewReplacer("<member>", "<Tag>", "</member>", "</Tag>").Replace(op) + report + manifest + rest), true, "list item <Tag>"},
		{"wrong namespace", "POST", "/v20180820/jobs", strings.Replace(job(op+report+manifest+rest), "2018-08-20", "2006-03-01", 1), true, "namespace"},
		{"wrong root", "POST", "/v20180820/jobs", `<Job ` + ns + `>` + op + report + manifest + rest + `</Job>`, true, "root element Job"},
		{"DescribeJob", "GET", "/v20180820/jobs/abcdef", "", true, ""},
		{"DescribeJob bad id", "GET", "/v20180820/jobs/a!", "", true, "JobId"},
		{"UpdateJobStatus", "POST", "/v20180820/jobs/abcdef/status?requestedJobStatus=Cancelled", "", true, ""},
		{"UpdateJobStatus no status", "POST", "/v20180820/jobs/abcdef/status", "", true, "required member RequestedJobStatus"},
		{"UpdateJobStatus bad status", "POST", "/v20180820/jobs/abcdef/status?requestedJobStatus=Paused", "", true, `"Paused" is not one of`},
		{"unknown query", "GET", "/v20180820/jobs/abcdef?color=red", "", true, `unknown query parameter "color"`},
		{"no operation", "DELETE", "/v20180820/jobs/abcdef", "", true, "matches no operation"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := httptest.NewRequest(tc.method, tc.target, nil)
			if tc.header {
				r.Header.Set("x-amz-account-id", testAccount)
			}
			_, probs := m.validateRequest(r, []byte(tc.body))
			got := strings.Join(probs, "\n")
			switch {
			case tc.want == "" && len(probs) > 0:
				t.Errorf("problems %q; want none", got)
			case tc.want != "" && !strings.Contains(got, tc.want):
				t.Errorf("problems %q; want one containing %q", got, tc.want)
			}
		})
	}
}

// TestModelValidatorResponses checks the validation of the fake's own
// responses.
func TestModelValidatorResponses(t *testing.T) {
	m, err := loadModel()
	if err != nil {
		t.Fatal(err)
	}
	ok := `<DescribeJobResult><Job><JobId>abcdef</JobId><Status>Active</Status><Priority>1</Priority></Job></DescribeJobResult>`
	if probs := m.validateResponse("DescribeJob", []byte(ok)); len(probs) > 0 {
		t.Errorf("valid response: problems %q", probs)
	}
	bad := strings.Replace(ok, "Active", "Running", 1)
	if probs := m.validateResponse("DescribeJob", []byte(bad)); len(probs) == 0 {
		t.Error("a status outside the enum was accepted")
	}
	var _ http.Handler = (*fakeControl)(nil)
}
