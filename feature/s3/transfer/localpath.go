package transfer

import (
	"fmt"
	"path"
	"path/filepath"
	"runtime"
	"strings"
)

// localPath returns the local path, relative to the target directory, of
// key under prefix, or an error wrapping ErrUnsafePath.
func localPath(prefix, key string) (string, error) {
	return localPathOn(runtime.GOOS, prefix, key)
}

// localPathOn is localPath under goos's rules. It is a pure function of
// its arguments (but for a final filepath.IsLocal when goos is the host's)
// so that the Windows rules are tested on every platform. The result uses
// goos's separator and ends with one for a key ending in "/" (a
// directory).
//
// A key is unsafe everywhere when, after the prefix, it is absolute, holds
// a NUL or a `\` (a separator on Windows, which could hide ".." from the
// "/" checks), or climbs out with "..". On Windows it is also unsafe when
// it holds a ':' (a drive letter such as "C:/x" or "C:x", or an alternate
// data stream "file:stream") or names a device such as NUL, CON or COM1
// (with or without an extension), which Windows opens instead of a file.
func localPathOn(goos, prefix, key string) (string, error) {
	unsafe := func() (string, error) { return "", fmt.Errorf("key %q: %w", key, ErrUnsafePath) }
	rel := strings.TrimPrefix(key, prefix)
	if prefix != "" && !strings.HasSuffix(prefix, "/") {
		rel = strings.TrimPrefix(rel, "/")
	}
	// A key ending in "/" is a directory, and one equal to a prefix
	// ending in "/" is the target directory itself.
	dir := strings.HasSuffix(key, "/")
	rel = strings.TrimSuffix(rel, "/")
	if rel == "" && dir {
		return ".", nil
	}
	if rel == "" || strings.ContainsRune(rel, 0) || strings.Contains(rel, `\`) || strings.HasPrefix(rel, "/") {
		return unsafe()
	}
	if goos == "windows" && !windowsSafe(rel) {
		return unsafe()
	}
	rel = path.Clean(rel)
	if rel == ".." || strings.HasPrefix(rel, "../") {
		return unsafe()
	}
	sep := "/"
	if goos == "windows" {
		sep = `\`
	}
	local := strings.ReplaceAll(rel, "/", sep)
	if goos == runtime.GOOS && !filepath.IsLocal(local) { // the host's own rules too
		return unsafe()
	}
	if dir {
		local += sep
	}
	return local, nil
}

// windowsSafe reports whether the slash-separated path rel has no ':' and
// no element that Windows resolves to a device.
func windowsSafe(rel string) bool {
	if strings.ContainsRune(rel, ':') {
		return false
	}
	for elem := range strings.SplitSeq(rel, "/") {
		if windowsDevice(elem) {
			return false
		}
	}
	return true
}

// windowsDevice reports whether a path element names a Windows device:
// CON, PRN, AUX, NUL, CONIN$, CONOUT$, COM0-9 or LPT0-9 (also with the
// superscript digits ¹²³), in any case, whatever follows a '.', and with
// trailing spaces, which Windows ignores.
func windowsDevice(elem string) bool {
	base, _, _ := strings.Cut(elem, ".")
	base = strings.ToUpper(strings.TrimRight(base, " "))
	switch base {
	case "CON", "PRN", "AUX", "NUL", "CONIN$", "CONOUT$":
		return true
	}
	if rest, ok := strings.CutPrefix(base, "COM"); ok {
		return isDeviceDigit(rest)
	}
	if rest, ok := strings.CutPrefix(base, "LPT"); ok {
		return isDeviceDigit(rest)
	}
	return false
}

// isDeviceDigit reports whether s is the number of a COM or LPT device.
func isDeviceDigit(s string) bool {
	switch s {
	case "0", "1", "2", "3", "4", "5", "6", "7", "8", "9", "¹", "²", "³":
		return true
	}
	return false
}
