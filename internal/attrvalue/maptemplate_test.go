package attrvalue

import (
	"fmt"
	"testing"
)

type testAV interface{ isTestAV() }

type testS struct{ v string }

func (*testS) isTestAV() {}

func TestMapTemplateActive(t *testing.T) {
	for _, n := range []int{1, 2, 3, 7, 8, 9, 20, 100, 500} {
		names := make([]string, n)
		for i := range names {
			names[i] = fmt.Sprintf("field_%d", i)
		}
		tm := newMapTemplate[testAV](names)
		if tm == nil {
			t.Fatalf("%d keys: no template on this runtime", n)
		}
		vals := make([]testS, n)
		m, base := tm.clone()
		for i := range names {
			vals[i].v = names[i]
			tm.set(base, i, &vals[i])
		}
		delete(m, names[0])
		if len(m) != n-1 {
			t.Fatalf("%d keys: len %d", n, len(m))
		}
		for i, k := range names[1:] {
			if got, ok := m[k]; !ok || got.(*testS) != &vals[i+1] {
				t.Fatalf("%d keys: %s = %v", n, k, got)
			}
		}
		if v := tm.m[names[n-1]]; v != nil {
			t.Fatalf("%d keys: the template changed", n)
		}
	}
}

var mapSink map[string]testAV

func BenchmarkStructMap(b *testing.B) {
	names := make([]string, 20)
	for i := range names {
		names[i] = fmt.Sprintf("field_%d", i)
	}
	vals := make([]testS, len(names))
	b.Run("make", func(b *testing.B) {
		for b.Loop() {
			m := make(map[string]testAV, len(names))
			for i, k := range names {
				m[k] = &vals[i]
			}
			mapSink = m
		}
	})
	b.Run("template", func(b *testing.B) {
		tm := newMapTemplate[testAV](names)
		for b.Loop() {
			m, base := tm.clone()
			for i := range names {
				tm.set(base, i, &vals[i])
			}
			mapSink = m
		}
	})
}
