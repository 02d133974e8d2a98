package waiter_test

import (
	"errors"
	"fmt"

	"github.com/nimbus-sdk/nimbus/middleware/waiter"
)

// waitForTable stands for a generated waiter's Wait, for example
// dynamodb.NewTableExistsWaiter(client).Wait(ctx, in, 5*time.Minute).
func waitForTable() error {
	return &waiter.Error{Waiter: "TableExists", Reason: waiter.MaxWaitExceeded, Attempts: 9}
}

// Branch on the Reason of the error a waiter returns.
func ExampleError() {
	err := waitForTable()
	var we *waiter.Error
	switch {
	case err == nil:
		fmt.Println("table is active")
	case errors.As(err, &we) && we.Reason == waiter.MaxWaitExceeded:
		fmt.Printf("still not active after %d attempts; try again later\n", we.Attempts)
	case errors.As(err, &we) && we.Reason == waiter.FailureState:
		fmt.Println("the table will never be active:", we.Err)
	default:
		fmt.Println("wait failed:", err)
	}
	// Output: still not active after 9 attempts; try again later
}
