package transfer

import "testing"

// TestLargeObjectLayout checks the part arithmetic of a 5 TiB download
// and upload, whose offsets pass what int and uint32 hold on 32-bit
// platforms (make emulated runs it there): parts tile the object with no
// gap or overlap, and the last one ends on its last byte.
func TestLargeObjectLayout(t *testing.T) {
	ps, err := partSizeFor(MaxObjectSize, 8<<20)
	if err != nil {
		t.Fatal(err)
	}
	d := &downloader{size: MaxObjectSize}
	d.layout(ps)
	if d.count > MaxParts || d.count*ps < d.size || (d.count-1)*ps >= d.size {
		t.Fatalf("%d parts of %d bytes for %d bytes", d.count, ps, d.size)
	}
	var next int64
	for num := int32(1); int64(num) <= d.count; num++ {
		start, end := d.bounds(num)
		if start != next || end < start || end-start+1 > ps {
			t.Fatalf("part %d = [%d, %d]; want it to start at %d, at most %d bytes", num, start, end, next, ps)
		}
		next = end + 1
	}
	if next != d.size {
		t.Errorf("parts end at %d; want %d", next, d.size)
	}
}
