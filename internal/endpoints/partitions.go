// Package endpoints holds data shared by the endpoint-resolution runtime.
//
// # Partitions
//
// [PartitionsJSON] is a copy of the AWS partitions file (partitions.json) that
// the aws.partition rules function reads. It is embedded so that endpoint
// resolution never touches the file system; refresh it by copying the file
// from the shared models directory.
//
// The rules engine itself lives in the rules subpackage.
package endpoints

import _ "embed" // for go:embed

// PartitionsJSON is the embedded AWS partitions document. Treat it as
// read-only.
//
//go:embed partitions.json
var PartitionsJSON []byte
