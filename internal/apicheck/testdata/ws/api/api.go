// Package api exposes an internal type, once.
package api

import "example.com/ws/internal/secret"

// Session leaks secret.Token through a field.
type Session struct {
	Token *secret.Token
	name  secret.Token
}
