package transfer

import (
	"math"
	"testing"
)

// TestLargeObjectLayout checks the part arithmetic of 5 TiB downloads,
// whole and ranged, and of a 5 TiB upload, whose offsets pass what int
// and uint32 hold on 32-bit platforms (make emulated runs it there):
// parts tile the bytes downloaded with no gap or overlap, and the last
// one ends on their last byte. A part size of math.MaxInt64 (one GET
// whatever the range, as feature/s3/manager asks for ranges) must not
// overflow.
func TestLargeObjectLayout(t *testing.T) {
	ps, err := partSizeFor(MaxObjectSize, 8<<20)
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name      string
		from, to  int64
		ps        int64
		wantParts int64
	}{
		{"whole object", 0, MaxObjectSize - 1, ps, 0},
		{"range near the end", MaxObjectSize - 3*ps - 5, MaxObjectSize - 1, ps, 4},
		{"range of one byte", MaxObjectSize - 1, MaxObjectSize - 1, ps, 1},
		{"one part of MaxInt64", MaxObjectSize - 100, MaxObjectSize - 1, math.MaxInt64, 1},
		{"whole object in one part of MaxInt64", 0, MaxObjectSize - 1, math.MaxInt64, 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d := &downloader{size: MaxObjectSize}
			d.layout(tt.from, tt.to, tt.ps)
			if d.count > MaxParts || (tt.wantParts > 0 && d.count != tt.wantParts) {
				t.Fatalf("%d parts of %d bytes; want %d, at most %d", d.count, tt.ps, tt.wantParts, MaxParts)
			}
			next := tt.from
			for num := int32(1); int64(num) <= d.count; num++ {
				start, end := d.bounds(num)
				if start != next || end < start || end-start+1 > tt.ps {
					t.Fatalf("part %d = [%d, %d]; want it to start at %d, at most %d bytes", num, start, end, next, tt.ps)
				}
				next = end + 1
			}
			if next != tt.to+1 {
				t.Errorf("parts end at %d; want %d", next, tt.to+1)
			}
		})
	}
}
