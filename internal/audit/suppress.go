package audit

import (
	"bytes"
	"regexp"
	"strings"
)

// ignoreMarker starts an inline suppression: "# shipshape:ignore SS012 reason".
const ignoreMarker = "shipshape:ignore"

var ruleIDPattern = regexp.MustCompile(`^SS\d{3}$`)

// ignoreSet maps a line to the rules suppressed there and the reasons given.
type ignoreSet map[int]map[string]string

// ignoreComments finds every ignore comment in data. A comment suppresses findings
// on the first line after the run of comment lines it belongs to, so several ignore
// comments may be stacked above one instruction or key. A finding about something
// missing from a service or stage (no user, no healthcheck) is also suppressed by a
// comment anywhere inside that service or stage, where the missing key would go.
func ignoreComments(data []byte) ignoreSet {
	if !bytes.Contains(data, []byte(ignoreMarker)) {
		return nil
	}
	lines := strings.Split(string(data), "\n")
	set := ignoreSet{}
	var pending map[string]string
	for i, line := range lines {
		trimmed := strings.TrimSpace(line)
		if strings.HasPrefix(trimmed, "#") {
			ids, reason := parseIgnore(trimmed)
			for _, id := range ids {
				if pending == nil {
					pending = map[string]string{}
				}
				pending[id] = reason
			}
			continue
		}
		if pending != nil {
			set[i+1] = pending
			pending = nil
		}
	}
	return set
}

// parseIgnore reads the rule IDs and the reason from one comment line.
func parseIgnore(comment string) (ids []string, reason string) {
	_, rest, ok := strings.Cut(comment, ignoreMarker)
	if !ok {
		return nil, ""
	}
	fields := strings.Fields(strings.ReplaceAll(rest, ",", " "))
	i := 0
	for ; i < len(fields) && ruleIDPattern.MatchString(fields[i]); i++ {
		ids = append(ids, fields[i])
	}
	return ids, strings.Join(fields[i:], " ")
}

// match reports whether rule id is suppressed on line, or anywhere up to end for a
// finding that covers a whole service or stage, and the reason given.
func (s ignoreSet) match(id string, line, end int) (string, bool) {
	for l := line; l <= max(line, end); l++ {
		if reason, ok := s[l][id]; ok {
			if reason == "" {
				reason = "no reason given"
			}
			return reason, true
		}
	}
	return "", false
}
