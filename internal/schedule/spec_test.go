package schedule

import (
	"strings"
	"testing"
	"time"
)

func TestParseSpecNext(t *testing.T) {
	t.Parallel()
	berlin, err := time.LoadLocation("Europe/Berlin")
	if err != nil {
		t.Skipf("no tzdata: %v", err)
	}
	utc := func(s string) time.Time {
		t.Helper()
		v, err := time.Parse(time.RFC3339, s)
		if err != nil {
			t.Fatal(err)
		}
		return v
	}
	tests := []struct {
		name string
		expr string
		loc  *time.Location
		from string
		want string
	}{
		{"every 15m", "@every 15m", nil, "2025-05-16T10:00:00Z", "2025-05-16T10:15:00Z"},
		{"every with spaces", "  @every   90s ", nil, "2025-05-16T10:00:00Z", "2025-05-16T10:01:30Z"},
		{"every ignores zone", "@every 1h", berlin, "2025-05-16T10:00:00Z", "2025-05-16T11:00:00Z"},
		{"half-hourly UTC", "*/30 * * * *", nil, "2025-05-16T10:07:00Z", "2025-05-16T10:30:00Z"},
		{"daily 06:00 UTC by default", "0 6 * * *", nil, "2025-05-16T10:00:00Z", "2025-05-17T06:00:00Z"},
		{"daily 06:00 Berlin (CEST, UTC+2)", "0 6 * * *", berlin, "2025-05-16T10:00:00Z", "2025-05-17T04:00:00Z"},
		{"daily 06:00 Berlin in winter (UTC+1)", "0 6 * * *", berlin, "2025-01-16T10:00:00Z", "2025-01-17T05:00:00Z"},
		{"CRON_TZ prefix wins", "CRON_TZ=Asia/Tokyo 0 9 * * *", berlin, "2025-05-16T10:00:00Z", "2025-05-17T00:00:00Z"},
		{"TZ prefix", "TZ=America/New_York 0 9 * * 1-5", nil, "2025-05-16T10:00:00Z", "2025-05-16T13:00:00Z"},
		{"weekdays only", "0 9 * * MON-FRI", nil, "2025-05-16T10:00:00Z", "2025-05-19T09:00:00Z"},
		{"hourly descriptor", "@hourly", nil, "2025-05-16T10:20:00Z", "2025-05-16T11:00:00Z"},
		{"daily descriptor in zone", "@daily", berlin, "2025-05-16T10:20:00Z", "2025-05-16T22:00:00Z"},
		{"spring forward gap skipped", "30 2 * * *", berlin, "2025-03-29T12:00:00Z", "2025-03-31T00:30:00Z"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			s, err := ParseSpec(tt.expr, tt.loc)
			if err != nil {
				t.Fatalf("ParseSpec(%q): %v", tt.expr, err)
			}
			got := s.Next(utc(tt.from)).UTC()
			if want := utc(tt.want); !got.Equal(want) {
				t.Errorf("ParseSpec(%q).Next(%s) = %s, want %s", tt.expr, tt.from, got.Format(time.RFC3339), tt.want)
			}
		})
	}
}

func TestParseSpecErrors(t *testing.T) {
	t.Parallel()
	tests := []struct {
		expr, want string
	}{
		{"", "empty schedule"},
		{"   ", "empty schedule"},
		{"@every", "interval"},
		{"@every banana", "interval"},
		{"@every 10ms", "at least 1s"},
		{"@every -5m", "at least 1s"},
		{"* * * *", "expected exactly 5 fields"},
		{"0 0 0 * * *", "expected exactly 5 fields"},
		{"61 * * * *", "above maximum"},
		{"@fortnightly", "unrecognized descriptor"},
		{"TZ=UTC", "nothing after the time zone"},
		{"CRON_TZ=Mars/Olympus 0 * * * *", "time zone"},
		{"0 0 31 2 *", "never fires"},
		{"*/0 * * * *", "step"},
	}
	for _, tt := range tests {
		t.Run(tt.expr, func(t *testing.T) {
			t.Parallel()
			_, err := ParseSpec(tt.expr, nil)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("ParseSpec(%q) error = %v, want it to contain %q", tt.expr, err, tt.want)
			}
		})
	}
}

func TestSpecInterval(t *testing.T) {
	t.Parallel()
	s, err := ParseSpec("@every 15m", nil)
	if err != nil {
		t.Fatal(err)
	}
	if s.Interval() != 15*time.Minute || s.String() != "@every 15m" || s.IsZero() {
		t.Errorf("Spec = interval %s, string %q, zero %v", s.Interval(), s.String(), s.IsZero())
	}
	if (Spec{}).Next(time.Now()) != (time.Time{}) || !(Spec{}).IsZero() {
		t.Error("zero Spec should never fire")
	}
}

func FuzzParseSpec(f *testing.F) {
	for _, s := range []string{"@every 15m", "*/30 * * * *", "CRON_TZ=Europe/Berlin 0 6 * * *", "TZ=", "0 0 31 2 *", "@daily", "1-5/2 * * * SUN"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, expr string) {
		s, err := ParseSpec(expr, nil)
		if err != nil {
			return
		}
		from := time.Date(2025, 5, 16, 10, 0, 0, 0, time.UTC)
		if next := s.Next(from); !next.After(from) {
			t.Errorf("ParseSpec(%q).Next(%s) = %s, not after", expr, from, next)
		}
	})
}
