package article

import (
	"fmt"
	"regexp"
	"strings"
	"time"
)

// Warnings given for dates; a missing or bad date is never an error.
const warnNoDate = "no date"

// dateLayouts are tried in order. Go's month and weekday names match
// case-insensitively.
var dateLayouts = []string{
	"2006-01-02",
	time.RFC3339Nano,
	time.RFC3339,
	"2006-01-02T15:04:05",
	"2006-01-02T15:04",
	"2006-01-02T15:04:05Z0700",
	"2006-01-02T15:04:05.000Z0700",
	"2006-01-02 15:04:05Z07:00",
	"2006-01-02 15:04:05 -0700",
	"2006-01-02 15:04:05 -0700 MST",
	"2006-01-02 15:04:05",
	"2006-01-02 15:04",
	"2006/01/02",
	"2006/01/02 15:04:05",
	"2006.01.02",
	"20060102",
	time.RFC1123Z,
	time.RFC1123,
	"Mon, 2 Jan 2006 15:04:05 -0700",
	"Mon, 2 Jan 2006 15:04:05 MST",
	"Mon, 2 Jan 2006 15:04 -0700",
	"Mon, 02 Jan 2006 15:04:05",
	"Mon, 2 Jan 2006",
	"2 Jan 2006 15:04:05 -0700",
	time.RFC822Z,
	time.RFC822,
	time.RFC850,
	time.ANSIC,
	time.UnixDate,
	"January 2, 2006",
	"January 2 2006",
	"Jan 2, 2006",
	"Jan 2 2006",
	"Jan. 2, 2006",
	"Monday, January 2, 2006",
	"Mon, January 2, 2006",
	"Monday, 2 January 2006",
	"Monday 2 January 2006",
	"2 January 2006",
	"2 January, 2006",
	"2 Jan 2006",
	"2 Jan. 2006",
	"02-Jan-2006",
	"January 2, 2006 15:04",
	"January 2, 2006 3:04 PM",
	"January 2, 2006, 3:04 PM",
	"Jan 2, 2006 3:04 PM",
	"2 January 2006 15:04",
}

var (
	// ordinalRe drops English ordinal suffixes: "16th May" → "16 May".
	ordinalRe = regexp.MustCompile(`(?i)\b(\d{1,2})(st|nd|rd|th)\b`)
	// tzWordRe drops a trailing " UTC"/" GMT" or "(…)" time-zone note.
	tzWordRe         = regexp.MustCompile(`(?i)\s*(\((?:[^)]*)\)|\b(?:UTC|GMT)\b)\s*$`)
	dateWordReplacer = strings.NewReplacer("Sept.", "Sep", "Sept ", "Sep ", " at ", " ", "a.m.", "AM", "p.m.", "PM")
	// unknownDates are written by people for "no date".
	unknownDates = map[string]bool{"unknown": true, "n/a": true, "na": true, "none": true, "null": true, "-": true, "?": true, "undated": true, "tbd": true}
)

// parseDate reads a publication date in one of the common formats. It
// returns the zero time and a warning when the date is missing or not
// understood. The result is the calendar date as written (the offset of a
// timestamp is not applied), at midnight UTC.
func parseDate(s string) (time.Time, string) {
	s = strings.TrimSpace(normLine(s))
	if s == "" || unknownDates[strings.ToLower(s)] {
		return time.Time{}, warnNoDate
	}
	cand := []string{s}
	clean := ordinalRe.ReplaceAllString(s, "$1")
	clean = dateWordReplacer.Replace(clean)
	clean = strings.TrimSpace(tzWordRe.ReplaceAllString(clean, ""))
	if clean != s {
		cand = append(cand, clean)
	}
	if i := strings.IndexAny(clean, "."); i > 0 && i < 5 {
		// "Sept. 3, 2024", "Jan. 2" → drop the abbreviation dot.
		cand = append(cand, clean[:i]+clean[i+1:])
	}
	for _, c := range cand {
		for _, layout := range dateLayouts {
			t, err := time.Parse(layout, c)
			if err != nil {
				continue
			}
			if t.Year() < 1800 || t.Year() > 2200 {
				return time.Time{}, fmt.Sprintf("unparseable date %q", s)
			}
			return dateOnly(t), ""
		}
	}
	return time.Time{}, fmt.Sprintf("unparseable date %q", truncateWords(s, 60))
}

// setDate parses s into a.Date, adding a warning when it fails.
func setDate(a *Article, s string) {
	t, warn := parseDate(s)
	a.Date = t
	if warn != "" {
		a.Warnings = append(a.Warnings, warn)
	}
}

// dateOnly keeps the calendar date of t, at midnight UTC.
func dateOnly(t time.Time) time.Time {
	return time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, time.UTC)
}
