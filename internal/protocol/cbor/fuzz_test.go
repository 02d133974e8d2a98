package cbor

import (
	"bytes"
	"testing"
)

// FuzzDecode feeds arbitrary data to the generic reader: what Skip
// rejects Value rejects, an item Value decodes Skip skips to the same
// end (Value also rejects maps with keys that are not text), Diagnose
// must not panic, and a value that decodes must encode and decode to the
// same bytes again.
func FuzzDecode(f *testing.F) {
	for _, s := range []string{
		"a26161016162820203", "bf61610161629f0203ffff", "5f42010243030405ff", "7f657374726561646d696e67ff",
		"c11a514b67b0", "c1fb41d452d9ec200000", "f97e00", "fa47c35000", "9b000000000000000101", "f8ff",
	} {
		f.Add(unhex(f, s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		_ = Diagnose(data)
		d := NewDecoder(data)
		skipErr := d.Skip()
		skipped := d.Offset()
		d.Reset(data)
		v, err := d.Value()
		if err == nil && skipErr != nil {
			t.Fatalf("Value succeeded, Skip failed: %v", skipErr)
		}
		if err != nil {
			return
		}
		if d.Offset() != skipped {
			t.Fatalf("Value read %d bytes, Skip %d", d.Offset(), skipped)
		}
		out, err := AppendValue(nil, v)
		if err != nil {
			t.Fatalf("AppendValue(%#v): %v", v, err)
		}
		again, err := Decode(out)
		if err != nil {
			t.Fatalf("re-decoding %x: %v", out, err)
		}
		out2, _ := AppendValue(nil, again)
		if !bytes.Equal(out, out2) {
			t.Fatalf("not stable: %s then %s", Diagnose(out), Diagnose(out2))
		}
	})
}
