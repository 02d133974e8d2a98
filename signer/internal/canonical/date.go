package canonical

import "time"

// AmzDateLen is the length of the X-Amz-Date form 20060102T150405Z.
const AmzDateLen = len("20060102T150405Z")

// FormatAmzDate renders t (in UTC) as 20060102T150405Z into dst without
// going through time.Format.
func FormatAmzDate(dst *[AmzDateLen]byte, t time.Time) {
	t = t.UTC()
	y, mo, d := t.Date()
	h, mi, s := t.Clock()
	put4 := func(i, v int) {
		dst[i] = byte('0' + v/1000%10)
		dst[i+1] = byte('0' + v/100%10)
		dst[i+2] = byte('0' + v/10%10)
		dst[i+3] = byte('0' + v%10)
	}
	put2 := func(i, v int) {
		dst[i] = byte('0' + v/10%10)
		dst[i+1] = byte('0' + v%10)
	}
	put4(0, y)
	put2(4, int(mo))
	put2(6, d)
	dst[8] = 'T'
	put2(9, h)
	put2(11, mi)
	put2(13, s)
	dst[15] = 'Z'
}
