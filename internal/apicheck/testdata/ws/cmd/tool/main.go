// Command tool is a main package: it has no API, so it is not checked.
package main

import "example.com/ws/internal/secret"

// Token would be a leak in a library.
var Token secret.Token

func main() {}
