package config

import (
	"fmt"
	"strings"
)

// A SourceProfileCycleError reports source_profile settings that lead
// back to a profile already in the chain, as in a -> b -> a. (A profile
// naming itself as source_profile is allowed when it has static keys: the
// keys are then the source of its role.)
type SourceProfileCycleError struct {
	// Profiles is the chain, starting at the loaded profile and ending
	// with the profile named a second time.
	Profiles []string
}

// Error returns the error message.
func (e *SourceProfileCycleError) Error() string {
	return fmt.Sprintf("config: source_profile cycle: %s", strings.Join(e.Profiles, " -> "))
}
