// Package ini parses the AWS shared config and credentials files
// (~/.aws/config and ~/.aws/credentials).
//
// The package knows the file syntax only; which sections are profiles in
// which file, and what the keys mean, is decided by the config package.
//
// # Syntax
//
// The format follows the rules shared by the AWS CLI and SDKs:
//
//   - A line whose first non-blank character is '#' or ';' is a comment,
//     and blank lines are ignored. (The cross-SDK specification treats an
//     indented comment as a continuation line; like the AWS CLI, this
//     parser treats it as a comment.)
//   - A section header is a line starting with '['. A comment may follow
//     the closing ']' with or without whitespace. The text between the
//     brackets is trimmed and split on whitespace: "[profile dev]" has
//     [Section.Kind] "profile" and [Section.Name] "dev"; "[default]" has
//     an empty kind and the name "default". Headers with more than two
//     words, or whose name holds characters outside letters, digits and
//     "-_/.%@:+", are skipped together with their properties, as the CLI
//     does; an empty header is skipped too.
//   - A property is "key = value". Keys are trimmed and folded to lower
//     case; keys with characters outside letters, digits, '-' and '_' are
//     skipped. Values are trimmed. In a property line, '#' or ';' starts a
//     comment only when preceded by whitespace, so "value#1" keeps its '#'.
//   - A line starting with whitespace continues the previous property:
//     its trimmed text is appended to the value after a newline. Comments
//     are not recognised inside continuation lines.
//   - A property with an empty value followed by indented "k = v" lines
//     has sub-properties (for example "s3 =" followed by
//     "  addressing_style = path"); see [Value.Sub].
//   - Sections repeated in one file are merged; a key repeated in a
//     section keeps its last value.
//
// A line that fits none of these rules is a syntax error. Parse reports it
// as a [*ParseError] holding the file name and line number, never the
// line's text, because the line may hold a secret key.
package ini
