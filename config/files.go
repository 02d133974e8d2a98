package config

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"strings"

	"github.com/nimbus-sdk/nimbus/internal/ini"
)

// The path functions below take the GOOS whose rules they follow, so
// that the Windows rules (USERPROFILE, "~\", drive letters, "\"
// separators) are tested on every platform. Load passes runtime.GOOS.

// homeDir returns the user's home directory the way the AWS SDKs find
// it on goos: LoadOptions.HomeDir, then HOME, then on Windows USERPROFILE
// and HOMEDRIVE+HOMEPATH, then the operating system's answer.
func homeDir(goos string, o *LoadOptions, getenv func(string) string) string {
	if o.HomeDir != "" {
		return o.HomeDir
	}
	if h := getenv("HOME"); h != "" {
		return h
	}
	if goos == "windows" {
		if h := getenv("USERPROFILE"); h != "" {
			return h
		}
		if d, p := getenv("HOMEDRIVE"), getenv("HOMEPATH"); d != "" && p != "" {
			return d + p
		}
	}
	h, _ := os.UserHomeDir()
	return h
}

// expandHome replaces a leading "~" path element with home, following
// this platform's rules.
func expandHome(path, home string) string { return expandHomeOn(runtime.GOOS, path, home) }

// expandHomeOn replaces a leading "~" path element with home, following
// goos's rules: "~/" everywhere, and also `~\` on Windows, where `~\x`
// elsewhere is a file name. The separator after "~" is kept, and the
// result cleaned by this platform's filepath.Clean (which on Windows
// turns "/" into `\`).
func expandHomeOn(goos, path, home string) string {
	if home == "" || path == "" || path[0] != '~' {
		return path
	}
	if len(path) == 1 {
		return home
	}
	if path[1] == '/' || (goos == "windows" && path[1] == '\\') {
		return filepath.Clean(trimSeparators(goos, home) + path[1:])
	}
	return path
}

// pathSeparator returns goos's path separator.
func pathSeparator(goos string) string {
	if goos == "windows" {
		return `\`
	}
	return "/"
}

// trimSeparators removes the separators dir ends with on goos ("/", and
// also `\` on Windows), so that joining "/" or `D:\` with a name does not
// double the separator on platforms whose filepath.Clean would not undo it.
func trimSeparators(goos, dir string) string {
	if goos == "windows" {
		return strings.TrimRight(dir, `/\`)
	}
	return strings.TrimRight(dir, "/")
}

// filePaths returns the shared config and credentials files to read on
// goos.
func filePaths(goos string, o *LoadOptions, getenv func(string) string, home string) (config, creds []string) {
	pick := func(override []string, env, name string) []string {
		var paths []string
		switch {
		case override != nil:
			paths = override
		case getenv(env) != "":
			paths = []string{getenv(env)}
		case home != "":
			sep := pathSeparator(goos)
			paths = []string{filepath.Clean(trimSeparators(goos, home) + sep + ".aws" + sep + name)}
		}
		out := make([]string, 0, len(paths))
		for _, p := range paths {
			if p != "" {
				out = append(out, expandHomeOn(goos, p, home))
			}
		}
		return out
	}
	return pick(o.ConfigFiles, envConfigFile, "config"), pick(o.CredentialsFiles, envCredentialsFile, "credentials")
}

// A sharedFile is one parsed shared file; file is nil if it does not exist.
type sharedFile struct {
	path  string
	creds bool // a credentials file, not a config file
	file  *ini.File
}

// readFiles reads and parses paths. Missing files are skipped silently.
func readFiles(paths []string, creds bool) ([]sharedFile, error) {
	out := make([]sharedFile, 0, len(paths))
	for _, path := range paths {
		data, err := os.ReadFile(path)
		if errors.Is(err, fs.ErrNotExist) {
			out = append(out, sharedFile{path: path, creds: creds})
			continue
		}
		if err != nil {
			return nil, fmt.Errorf("config: reading shared file: %w", err)
		}
		f, err := ini.Parse(path, data)
		if err != nil {
			var pe *ini.ParseError
			if errors.As(err, &pe) {
				return nil, &ParseError{File: pe.File, Line: pe.Line, Reason: pe.Reason}
			}
			return nil, err
		}
		out = append(out, sharedFile{path: path, creds: creds, file: f})
	}
	return out, nil
}

// profileSection returns the section of profile name in f, or nil. In a
// config file profiles are "[profile name]", except that "[default]" is
// the default profile unless the file also has "[profile default]". In a
// credentials file profiles are "[name]".
func (f sharedFile) profileSection(name string) *ini.Section {
	if f.file == nil {
		return nil
	}
	if f.creds {
		return f.file.Section("", name)
	}
	if s := f.file.Section("profile", name); s != nil || name != "default" {
		return s
	}
	return f.file.Section("", "default")
}

// A profileValue is a property of the merged profile and where it is from.
type profileValue struct {
	ini.Value
	source string // "profile dev in /home/u/.aws/config"
	path   string
}

// A profile is one profile merged across all shared files: credentials
// files win over config files, and later files over earlier ones.
type profile struct {
	name   string
	found  bool
	values map[string]profileValue // all files merged
	config map[string]profileValue // config files only
	creds  map[string]profileValue // credentials files only
	// services is the [services name] section the profile's "services"
	// key names, merged across config files.
	services map[string]profileValue
}

// loadProfile merges profile name from files (config files first).
func loadProfile(name string, files []sharedFile) (*profile, error) {
	p := &profile{
		name:   name,
		values: map[string]profileValue{},
		config: map[string]profileValue{},
		creds:  map[string]profileValue{},
	}
	for _, f := range files {
		s := f.profileSection(name)
		if s == nil {
			continue
		}
		p.found = true
		dst := p.config
		if f.creds {
			dst = p.creds
		}
		for _, k := range s.Keys() {
			v, _ := s.Value(k)
			pv := profileValue{Value: v, source: "profile " + name + " in " + f.path, path: f.path}
			dst[k] = pv
			p.values[k] = pv
		}
	}
	// Config files come first in files, but credentials win: overlay again.
	for k, v := range p.creds {
		p.values[k] = v
	}

	svc, ok := p.values["services"]
	if !ok || strings.TrimSpace(svc.Text) == "" {
		return p, nil
	}
	p.services = map[string]profileValue{}
	found := false
	for _, f := range files {
		if f.creds || f.file == nil {
			continue
		}
		s := f.file.Section("services", svc.Text)
		if s == nil {
			continue
		}
		found = true
		for _, k := range s.Keys() {
			v, _ := s.Value(k)
			p.services[k] = profileValue{Value: v, source: "services " + svc.Text + " in " + f.path, path: f.path}
		}
	}
	if !found {
		return nil, &ValidationError{Source: svc.source, Key: "services", Value: svc.Text, Reason: "no [services " + svc.Text + "] section in the config files"}
	}
	return p, nil
}

// settings returns the profile's settings layer.
func (p *profile) settings() settings {
	var s settings
	for _, f := range profileSettings {
		if v, ok := p.values[f.key]; ok && v.Sub == nil && strings.TrimSpace(v.Text) != "" {
			*f.get(&s) = setting{value: v.Text, source: v.source}
		}
	}
	if s3, ok := p.values["s3"]; ok {
		for _, sub := range s3SubSettings {
			dst := sub.field.get(&s)
			if v := strings.TrimSpace(s3.Sub[sub.key]); v != "" && !dst.isSet() {
				*dst = setting{value: v, source: s3.source}
			}
		}
	}
	for svc, v := range p.services {
		if u := strings.TrimSpace(v.Sub["endpoint_url"]); u != "" {
			if s.serviceEndpoints == nil {
				s.serviceEndpoints = map[string]setting{}
			}
			s.serviceEndpoints[strings.ToLower(svc)] = setting{value: u, source: v.source}
		}
	}
	return s
}
