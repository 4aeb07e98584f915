package schedule

import (
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/robfig/cron/v3"
)

// Spec is a parsed source schedule: a standard five-field cron expression
// ("*/30 * * * *"), a descriptor (@hourly, @daily, @weekly, @monthly,
// @yearly) or an interval ("@every 15m"). Cron fields are read in the
// schedule's time zone: the one given to ParseSpec, unless the expression
// starts with CRON_TZ=Area/City (or TZ=Area/City).
type Spec struct {
	expr  string
	sched cron.Schedule
	every time.Duration // > 0 for @every
}

// ParseSpec parses expr, reading cron fields in loc (UTC when nil).
func ParseSpec(expr string, loc *time.Location) (spec Spec, err error) {
	if loc == nil {
		loc = time.UTC
	}
	s := strings.TrimSpace(expr)
	if s == "" {
		return Spec{}, errors.New("empty schedule (want a cron expression such as \"*/30 * * * *\" or an interval such as \"@every 15m\")")
	}
	// The time zone prefix is handled here: cron's own handling slices out
	// of range on "TZ=UTC" with nothing after it.
	if strings.HasPrefix(s, "TZ=") || strings.HasPrefix(s, "CRON_TZ=") {
		_, rest, _ := strings.Cut(s, "=")
		name, tail, ok := strings.Cut(rest, " ")
		if !ok || strings.TrimSpace(tail) == "" {
			return Spec{}, fmt.Errorf("schedule %q: nothing after the time zone", expr)
		}
		if loc, err = time.LoadLocation(name); err != nil {
			return Spec{}, fmt.Errorf("schedule %q: time zone %q: %w", expr, name, err)
		}
		s = strings.TrimSpace(tail)
	}
	if rest, ok := strings.CutPrefix(s, "@every"); ok {
		d, err := time.ParseDuration(strings.TrimSpace(rest))
		if err != nil {
			return Spec{}, fmt.Errorf("schedule %q: interval: %w", expr, err)
		}
		if d < time.Second {
			return Spec{}, fmt.Errorf("schedule %q: interval must be at least 1s", expr)
		}
		return Spec{expr: expr, sched: cron.Every(d), every: d}, nil
	}
	defer func() {
		// A parser bug must not take the scheduler down with it.
		if r := recover(); r != nil {
			spec, err = Spec{}, fmt.Errorf("schedule %q: cannot parse", expr)
		}
	}()
	p := cron.NewParser(cron.Minute | cron.Hour | cron.Dom | cron.Month | cron.Dow | cron.Descriptor)
	sched, err := p.Parse(s)
	if err != nil {
		return Spec{}, fmt.Errorf("schedule %q: %w", expr, err)
	}
	if ss, ok := sched.(*cron.SpecSchedule); ok {
		ss.Location = loc
	}
	// An expression such as "0 0 31 2 *" parses but never fires; cron's
	// Next then returns the zero time after a five-year search.
	if sched.Next(time.Date(2000, 1, 1, 0, 0, 0, 0, time.UTC)).IsZero() {
		return Spec{}, fmt.Errorf("schedule %q never fires", expr)
	}
	return Spec{expr: expr, sched: sched}, nil
}

// Next returns the first activation strictly after t.
func (s Spec) Next(t time.Time) time.Time {
	if s.sched == nil {
		return time.Time{}
	}
	return s.sched.Next(t)
}

// Interval returns the @every interval, or 0 for a cron expression.
func (s Spec) Interval() time.Duration { return s.every }

// String returns the expression as written.
func (s Spec) String() string { return s.expr }

// IsZero reports whether s holds no schedule (an ad-hoc source of sync).
func (s Spec) IsZero() bool { return s.sched == nil }
