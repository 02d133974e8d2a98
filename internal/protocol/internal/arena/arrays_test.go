package arena

import "testing"

func TestArraysFullCapacityAndZeroed(t *testing.T) {
	var a Arrays[string]
	x := a.Alloc(3)
	y := a.Alloc(2)
	if len(x) != 3 || cap(x) != 3 || len(y) != 2 || cap(y) != 2 {
		t.Fatalf("len/cap x %d/%d y %d/%d; want 3/3 and 2/2", len(x), cap(x), len(y), cap(y))
	}
	for i := range x {
		if x[i] != "" {
			t.Fatalf("x[%d] = %q; want zero", i, x[i])
		}
	}
	x[0], x[1], x[2] = "a", "b", "c"
	y[0], y[1] = "d", "e"
	// Appending to x must not write into y, its neighbour in the block.
	x = append(x, "f")
	if y[0] != "d" || y[1] != "e" {
		t.Fatalf("append to x changed y: %q", y)
	}
	if x[3] != "f" || x[0] != "a" {
		t.Fatalf("x = %q", x)
	}
}

func TestArraysBigAndBlockEdge(t *testing.T) {
	var a Arrays[int]
	big := a.Alloc(ArrayBlock)
	if len(big) != ArrayBlock {
		t.Fatalf("len = %d", len(big))
	}
	seen := map[*int]bool{}
	for range 2 * ArrayBlock / 8 {
		s := a.Alloc(8)
		for i := range s {
			if s[i] != 0 || seen[&s[i]] {
				t.Fatal("region handed out twice or not zero")
			}
			seen[&s[i]] = true
			s[i] = 1
		}
	}
	a.Reset()
	if s := a.Alloc(1); s[0] != 0 {
		t.Fatal("after Reset: not zero")
	}
}
