package rules

import (
	"bytes"
	"encoding/json"
	"path/filepath"
	"reflect"
	"testing"
)

// decodeWithStdlib decodes doc with encoding/json as Parse did before it
// had its own decoder, as the reference for jsonDecoder.
func decodeWithStdlib(doc []byte) (any, error) {
	d := json.NewDecoder(bytes.NewReader(doc))
	d.UseNumber()
	var v any
	err := d.Decode(&v)
	return v, err
}

// decodeAny runs jsonDecoder on any JSON value.
func decodeAny(doc []byte) (any, error) {
	d := &jsonDecoder{s: string(doc), strs: map[string]any{}}
	v, err := d.value()
	if err == nil {
		d.space()
		if d.i < len(d.s) {
			err = d.errorf("data after the top-level value")
		}
	}
	return v, err
}

var jsonCorpus = []string{
	`{}`, `[]`, `null`, `true`, `false`, `0`, `-0`, `1.5e-3`, `-12E+2`, `""`,
	`{"a":[1,"x",{"b":null}],"a":2}`,
	`"esc \" \\ \/ \b \f \n \r \t \u00e9 \ud83d\ude00 \ud83d x \udc00 é"`,
	"\"bad utf8 \xff\xfe end\"",
	`[[[[[]]]]]`, ` { "k" : [ true , false ] } `,
	// invalid
	`{`, `[1,]`, `{"a" 1}`, `{"a":1,}`, `01`, `1.`, `-`, `1e`, `tru`, `"\x"`, `"\u12"`, "\"ctl \x01\"",
	`{"a":1} 2`, `[1 2]`, `{1:2}`, `"unterminated`,
}

// TestJSONDecoderMatchesStdlib checks jsonDecoder against encoding/json on
// a corpus of valid and invalid documents and on the endpoint rules of
// the models whose endpoint tests run.
func TestJSONDecoderMatchesStdlib(t *testing.T) {
	docs := jsonCorpus
	for _, svc := range modelServices {
		rs, bdd, _ := loadModelForms(t, filepath.Join(modelsDir(t), svc+".json"))
		docs = append(docs, string(rs), string(bdd))
	}
	for _, doc := range docs {
		if doc == "" {
			continue
		}
		want, wantErr := decodeWithStdlib([]byte(doc))
		if wantErr == nil && !json.Valid([]byte(doc)) {
			wantErr = errTrailing // json.Decoder stops after one value
		}
		got, err := decodeAny([]byte(doc))
		if (err != nil) != (wantErr != nil) {
			t.Errorf("%.60q: error = %v; encoding/json: %v", doc, err, wantErr)
			continue
		}
		if err == nil {
			if !reflect.DeepEqual(want, got) {
				t.Errorf("%.60q: decoded %#v; encoding/json: %#v", doc, got, want)
			}
		}
	}
}

var errTrailing = json.Unmarshal([]byte(`1 2`), new(any))

func FuzzJSONDecoder(f *testing.F) {
	for _, s := range jsonCorpus {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, doc []byte) {
		got, err := decodeAny(doc)
		if valid := json.Valid(doc); valid != (err == nil) {
			t.Fatalf("%q: error = %v; json.Valid = %t", doc, err, valid)
		}
		if err != nil {
			return
		}
		want, _ := decodeWithStdlib(doc)
		if !reflect.DeepEqual(want, got) {
			t.Fatalf("%q: decoded %#v; encoding/json: %#v", doc, got, want)
		}
	})
}
