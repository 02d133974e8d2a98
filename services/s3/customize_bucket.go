package s3

import "strings"

func init() {
	service.CheckEndpointParam = checkBucketParam
}

// checkBucketParam refuses bucket names that the endpoint rules would turn
// into a different path: "." and ".." are path steps, and a "/" splits the
// name into a bucket and a key. ARNs (access points, Outposts, Object
// Lambda) contain "/" and are parsed and checked by the endpoint rules.
// Anything else is left to S3 (and to S3-compatible stores, whose naming
// rules are looser than AWS's).
func checkBucketParam(name, value string) string {
	if name != "Bucket" || strings.HasPrefix(value, "arn:") {
		return ""
	}
	switch {
	case value == "." || value == "..":
		return `must not be "." or ".."`
	case strings.Contains(value, "/"):
		return `must not contain "/" (only an access point or Outposts ARN may)`
	}
	return ""
}
