// Package secret is internal to the test workspace.
package secret

// Token is an internal type.
type Token struct{ Value string }
