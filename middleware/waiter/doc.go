// Package waiter holds what the generated waiters of every service share:
// the [*Error] a wait returns when it ends without success, its [Reason],
// and the [*OptionsError] returned for options that cannot work.
//
// # Waiters
//
// A service package has one waiter for each waiter of its Smithy model
// (the smithy.waiters#waitable trait), for example s3.NewBucketExistsWaiter
// or dynamodb.NewTableExistsWaiter. Its Wait method calls one operation
// until the model's acceptors, checked in order after each call, reach the
// success or failure state:
//
//   - a call that matches a success acceptor ends the wait; Wait returns
//     nil and WaitForOutput that call's output (nil when the acceptor
//     matched an error, as in the NotExists waiters);
//   - a call that matches a failure acceptor ends it with an [*Error]
//     whose Reason is [FailureState];
//   - a call that fails with an error no acceptor matches ends it with
//     Reason [UnmatchedError];
//   - any other call (a retry acceptor, or a success no acceptor names) is
//     repeated after a delay, until the maximum wait time given to Wait
//     passes ([MaxWaitExceeded]) or the caller's context ends ([Canceled]).
//
// Acceptors that look at the output are compiled by the code generator
// into Go that reads the typed output, so a path that does not fit the
// model fails generation rather than never matching. The generated
// documentation of each waiter lists its acceptors.
//
// # Options
//
// Each waiter has an options struct with the fields of aws-sdk-go-v2's
// waiter options: APIOptions and ClientOptions for the calls the waiter
// makes, MinDelay and MaxDelay, LogWaitAttempts, and Retryable, a function
// that replaces the acceptors (and can fall back to them). Options that
// cannot work (a maximum wait time that is not positive, a negative delay,
// MinDelay above MaxDelay) make Wait return an [*OptionsError] before any
// call.
//
// # Delays
//
// Between calls a waiter sleeps as the Smithy waiter specification says:
// a random delay between MinDelay and MinDelay*2^(attempt-1), that upper
// bound capped at MaxDelay. When a delay would leave MinDelay or less of
// the maximum wait time, it is shortened so that one last call has
// MinDelay to run, and the wait never sleeps past its deadline. Calls
// made by a waiter carry the business-metric code "B" in their User-Agent.
//
// # Telemetry
//
// When the calls of a wait are traced (a TracerProvider in the client's
// Options, or set by the waiter's ClientOptions), the wait is one span,
// named after the service and the waiter ("S3.BucketExistsWaiter"), with
// the spans of its calls as children, the number of calls
// (waiter.attempts) and the outcome (waiter.outcome: "success", or the
// [Reason] as "failure_state", "unmatched_error", "max_wait_exceeded" or
// "canceled", with the error status). The middleware package's
// documentation, "Telemetry", has the details.
//
// # Errors
//
// Wait returns an [*Error] (or an [*OptionsError]) for every wait that does
// not succeed. Branch on its Reason; errors.Is and errors.As see through it
// to the error of the last call, such as a service's typed error or a
// smithy.APIError.
package waiter
