// Package apicheck finds the places where a public package of a Go
// workspace exposes a type that lives under an internal/ directory.
//
// # Why
//
// A user who receives a value must be able to name its type: to declare a
// variable, write a helper, or build a fake. When a public name (an alias,
// a field, a parameter or result of a function or method, an embedded
// type, a variable or a constant) has a type from an internal package,
// users can hold the value but cannot spell its type, and the internal
// package silently becomes part of the API. The repository's own test
// (apicheck_test.go) runs [Check] over every public package of every module
// in go.work, so a new leak fails `make test`.
//
// # How
//
// [Check] reads go.work, lists the packages of each module with one
// `go list -deps -export` run, and reads the public ones (import paths
// without an internal element, not main) from the compiler's export data
// with go/importer and go/types. For every exported name it walks the
// types the name shows a user: an alias's target; a defined type's
// exported and embedded fields, interface methods and exported methods;
// functions' parameters, results and type constraints; variables' and
// constants' types; and, through them, pointers, slices, maps, channels,
// function types, anonymous structs, type arguments and the unexported
// types of the same package. Named types of other public packages are not
// entered: they are checked where they are declared. It needs nothing
// beyond the standard library and the go command.
//
// A value of an internal type returned behind an interface (an error, an
// any) is not seen: it is a leak only at run time, when a caller wants to
// errors.As it.
//
// # The README's porting table
//
// [CheckPorting] reads the tables of the README's "Porting from
// aws-sdk-go-v2" section (see [PortingHeading]) and reports each Nimbus
// import path that is not a public library package of a go.work module,
// and each name in backticks (`config.Load`, `config.LoadOptions.Region`)
// that the package it is qualified by does not export. The first column,
// v2's, is not read. TestPortingTable runs it on the repository's README,
// so a package or name that is renamed or removed fails `make test` until
// the table follows.
package apicheck
