package transfer

import "strconv"

// String returns the name of the event type, as in the constant
// ("Bytes", "ObjectDone"), or "EventType(N)" for an unknown value.
func (t EventType) String() string {
	switch t {
	case ObjectStarted:
		return "ObjectStarted"
	case Bytes:
		return "Bytes"
	case PartDone:
		return "PartDone"
	case ObjectDone:
		return "ObjectDone"
	case BatchDone:
		return "BatchDone"
	}
	return "EventType(" + strconv.Itoa(int(t)) + ")"
}
