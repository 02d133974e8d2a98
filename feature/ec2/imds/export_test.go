package imds

import "time"

// WithOperationTimeout replaces DefaultOperationTimeout, so that tests of
// the default timeout do not wait 5 s.
func WithOperationTimeout(d time.Duration) func(*Options) {
	return func(o *Options) { o.operationTimeout = d }
}
