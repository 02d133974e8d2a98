package timestreamwrite

import "time"

// SetDiscoveryClock makes c's endpoint-discovery cache read the time from
// now, so tests can expire discovered endpoints without waiting.
func SetDiscoveryClock(c *Client, now func() time.Time) { c.rt.SetDiscoveryClock(now) }
