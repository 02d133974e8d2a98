package retry

// AddWithMaxAttempts returns a Retryer that behaves like r but allows at
// most maxAttempts attempts per operation, as aws-sdk-go-v2's function of
// the same name does. It shares r's state (its retry quota and, in
// adaptive mode, its send rate), so a call that asks for more or fewer
// attempts still draws on the client's budget. Clients use it when a
// call's options change RetryMaxAttempts and keep the client's Retryer.
// A maxAttempts of zero or less returns r.
func AddWithMaxAttempts(r Retryer, maxAttempts int) Retryer {
	if maxAttempts <= 0 {
		return r
	}
	return &withMaxAttempts{Retryer: r, max: maxAttempts}
}

type withMaxAttempts struct {
	Retryer
	max int
}

func (w *withMaxAttempts) MaxAttempts() int { return w.max }
