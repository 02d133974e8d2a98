package rules

import (
	"encoding/json"
	"fmt"
	"net/netip"
	"regexp"
	"regexp/syntax"
	"strings"
	"sync"

	"github.com/nimbus-sdk/nimbus/config/aws/arn"
	"github.com/nimbus-sdk/nimbus/internal/endpoints"
)

// This file holds the AWS rules-engine library: aws.partition,
// aws.parseArn and aws.isVirtualHostableS3Bucket.

// partitionOutputs is the record returned by aws.partition.
type partitionOutputs struct {
	Name                 string `json:"name"`
	DNSSuffix            string `json:"dnsSuffix"`
	DualStackDNSSuffix   string `json:"dualStackDnsSuffix"`
	ImplicitGlobalRegion string `json:"implicitGlobalRegion"`
	SupportsFIPS         bool   `json:"supportsFIPS"`
	SupportsDualStack    bool   `json:"supportsDualStack"`
}

func (p *partitionOutputs) attr(key string) value {
	switch key {
	case "name":
		return strVal(p.Name)
	case "dnsSuffix":
		return strVal(p.DNSSuffix)
	case "dualStackDnsSuffix":
		return strVal(p.DualStackDNSSuffix)
	case "implicitGlobalRegion":
		return strVal(p.ImplicitGlobalRegion)
	case "supportsFIPS":
		return boolVal(p.SupportsFIPS)
	case "supportsDualStack":
		return boolVal(p.SupportsDualStack)
	}
	return none
}

// partition is one compiled entry of partitions.json.
type partition struct {
	id      string
	regex   func() *regexp.Regexp // compiled on first use, see compilePartitions
	outputs *partitionOutputs
}

// partitionTable is the compiled partitions document.
type partitionTable struct {
	list    []partition
	regions map[string]*partitionOutputs // explicit regions, outputs merged
	aws     *partitionOutputs            // the fallback partition
}

var partitions = sync.OnceValue(func() *partitionTable {
	t, err := compilePartitions(endpoints.PartitionsJSON)
	if err != nil {
		panic("rules: embedded partitions.json: " + err.Error())
	}
	return t
})

// regionOverrides is a region entry of partitions.json: the outputs it
// sets over its partition's.
type regionOverrides struct {
	Name                 *string `json:"name"`
	DNSSuffix            *string `json:"dnsSuffix"`
	DualStackDNSSuffix   *string `json:"dualStackDnsSuffix"`
	ImplicitGlobalRegion *string `json:"implicitGlobalRegion"`
	SupportsFIPS         *bool   `json:"supportsFIPS"`
	SupportsDualStack    *bool   `json:"supportsDualStack"`
}

func (r *regionOverrides) apply(o *partitionOutputs) {
	set := func(dst *string, src *string) {
		if src != nil {
			*dst = *src
		}
	}
	set(&o.Name, r.Name)
	set(&o.DNSSuffix, r.DNSSuffix)
	set(&o.DualStackDNSSuffix, r.DualStackDNSSuffix)
	set(&o.ImplicitGlobalRegion, r.ImplicitGlobalRegion)
	if r.SupportsFIPS != nil {
		o.SupportsFIPS = *r.SupportsFIPS
	}
	if r.SupportsDualStack != nil {
		o.SupportsDualStack = *r.SupportsDualStack
	}
}

// compilePartitions decodes partitions.json. The region regexes are
// checked here but compiled on first use: a client's first call runs this,
// and the regexes matter only for regions not listed by name, which most
// calls never see (compiling all of them was a third of this function's
// time on a cold start).
func compilePartitions(data []byte) (*partitionTable, error) {
	var doc struct {
		Partitions []struct {
			ID          string                     `json:"id"`
			RegionRegex string                     `json:"regionRegex"`
			Outputs     partitionOutputs           `json:"outputs"`
			Regions     map[string]regionOverrides `json:"regions"`
		} `json:"partitions"`
	}
	if err := json.Unmarshal(data, &doc); err != nil {
		return nil, err
	}
	t := &partitionTable{regions: make(map[string]*partitionOutputs)}
	for _, p := range doc.Partitions {
		if _, err := syntax.Parse(p.RegionRegex, syntax.Perl); err != nil {
			return nil, fmt.Errorf("partition %s: %w", p.ID, err)
		}
		src := p.RegionRegex
		base := p.Outputs
		t.list = append(t.list, partition{
			id:      p.ID,
			regex:   sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(src) }),
			outputs: &base,
		})
		if p.ID == "aws" {
			t.aws = &base
		}
		for name, over := range p.Regions {
			// A region entry may override outputs of its partition.
			merged := base
			over.apply(&merged)
			if _, dup := t.regions[name]; !dup {
				t.regions[name] = &merged
			}
		}
	}
	if t.aws == nil {
		return nil, fmt.Errorf("no %q partition", "aws")
	}
	return t, nil
}

// lookupPartition implements aws.partition: an explicitly listed region
// wins, then the first partition whose region regex matches, then the "aws"
// partition.
func lookupPartition(region string) *partitionOutputs {
	t := partitions()
	if o, ok := t.regions[region]; ok {
		return o
	}
	for _, p := range t.list {
		if p.regex().MatchString(region) {
			return p.outputs
		}
	}
	return t.aws
}

// arnValue is the record returned by aws.parseArn.
type arnValue struct {
	partition, service, region, accountID string
	resourceID                            arrayValue
}

func (a *arnValue) attr(key string) value {
	switch key {
	case "partition":
		return strVal(a.partition)
	case "service":
		return strVal(a.service)
	case "region":
		return strVal(a.region)
	case "accountId":
		return strVal(a.accountID)
	case "resourceId":
		return arrayVal(&a.resourceID)
	}
	return none
}

// parseArn reads s as the rules specification's aws.parseArn does: the
// six sections of arn.Parse (config/aws/arn, aws-sdk-go-v2's reading,
// shared so both split an ARN alike), then the rules' own conditions,
// which that package does not have: the partition, service and resource
// must not be empty, and the resource is split on ":" and "/". It returns
// nil for anything else.
func parseArn(s string) *arnValue {
	// Most inputs (S3 bucket names) are not ARNs: answer those before
	// arn.Parse, whose error allocates.
	if !strings.HasPrefix(s, "arn:") {
		return nil
	}
	a, err := arn.Parse(s)
	if err != nil || a.Partition == "" || a.Service == "" || a.Resource == "" {
		return nil
	}
	return &arnValue{
		partition:  a.Partition,
		service:    a.Service,
		region:     a.Region,
		accountID:  a.AccountID,
		resourceID: arrayValue{splitResource(a.Resource)},
	}
}

// splitResource splits an ARN resource on ":" and "/", keeping empty parts.
func splitResource(s string) []string {
	out := make([]string, 0, 4)
	for {
		i := strings.IndexAny(s, ":/")
		if i < 0 {
			return append(out, s)
		}
		out = append(out, s[:i])
		s = s[i+1:]
	}
}

// isVirtualHostableS3Bucket reports whether bucket can be the first label(s)
// of a virtual-hosted S3 host name: 3 to 63 lower-case letters, digits and
// hyphens, starting and ending with a letter or digit; with
// allowSubDomains, also dots between valid labels, and not shaped like an
// IPv4 address.
func isVirtualHostableS3Bucket(bucket string, allowSubDomains bool) bool {
	if len(bucket) < 3 || len(bucket) > 63 {
		return false
	}
	if !allowSubDomains {
		return s3Label(bucket)
	}
	if _, err := netip.ParseAddr(bucket); err == nil {
		return false
	}
	for {
		label, rest, more := strings.Cut(bucket, ".")
		if !s3Label(label) {
			return false
		}
		if !more {
			return true
		}
		bucket = rest
	}
}

// s3Label reports whether s is a non-empty lower-case host label that starts
// and ends with a letter or digit.
func s3Label(s string) bool {
	if s == "" || !lowerAlnum(s[0]) || !lowerAlnum(s[len(s)-1]) {
		return false
	}
	for i := 1; i < len(s)-1; i++ {
		if !lowerAlnum(s[i]) && s[i] != '-' {
			return false
		}
	}
	return true
}

func lowerAlnum(c byte) bool { return 'a' <= c && c <= 'z' || '0' <= c && c <= '9' }
