// Package process provides credentials from an external command, as the
// credential_process setting of an AWS shared config profile does.
//
// # The command
//
// [NewProvider] takes the command line from the profile. Each call to
// [Provider.Retrieve] runs it through the system shell ("sh -c" on Unix,
// "cmd.exe /C" on Windows), with the environment and working directory of
// the current process and no standard input, and reads a JSON document
// from its standard output:
//
//	{
//	  "Version": 1,
//	  "AccessKeyId": "AKIA...",
//	  "SecretAccessKey": "...",
//	  "SessionToken": "...",
//	  "Expiration": "2030-01-02T03:04:05Z",
//	  "AccountId": "123456789012"
//	}
//
// Version must be 1, and AccessKeyId and SecretAccessKey must be set.
// SessionToken and AccountId are optional. Expiration, an RFC 3339
// timestamp, is optional too: without it the credentials never expire.
//
// The command runs for at most [Options.Timeout] (a minute by default).
// If it is killed, something it started in the background and that still
// holds its output open is not waited for beyond a second, but is not
// killed either.
//
// The provider runs the command on every call, so wrap it in a
// [credentials.Cache].
//
// # Errors
//
// Every failure is a *[ProcessError] whose [Kind] says what went wrong: the
// command could not start, exited with a non-zero status, timed out, was
// cancelled, or printed something that is not valid credentials. Errors
// never quote the command's standard output or its command line, which
// may hold secrets; they do quote the start of its standard error, so a
// credential process should keep secrets off its standard error.
package process
