package schedule

import (
	"net/http"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"
)

// Metrics holds the scheduler's Prometheus metrics in a registry of its
// own (never the global one), so tests and several runners in one process
// do not collide.
type Metrics struct {
	reg         *prometheus.Registry
	articles    *prometheus.CounterVec
	runs        *prometheus.CounterVec
	duration    *prometheus.HistogramVec
	lastRun     *prometheus.GaugeVec
	lastSuccess *prometheus.GaugeVec
}

// NewMetrics creates the metrics, with Go runtime and process collectors.
func NewMetrics() *Metrics {
	m := &Metrics{
		reg: prometheus.NewRegistry(),
		articles: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "dipgraph_source_articles_total",
			Help: "Articles handled per source, by result: loaded (new), replaced (changed), skipped (unchanged), failed, forgotten.",
		}, []string{"source", "result"}),
		runs: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "dipgraph_source_runs_total",
			Help: "Runs per source, by outcome: ok, partial, failed, busy (lease held elsewhere), interrupted.",
		}, []string{"source", "outcome"}),
		duration: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Name:    "dipgraph_source_run_duration_seconds",
			Help:    "Duration of source runs.",
			Buckets: []float64{0.1, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300, 600, 1800},
		}, []string{"source"}),
		lastRun: prometheus.NewGaugeVec(prometheus.GaugeOpts{
			Name: "dipgraph_source_last_run_timestamp_seconds",
			Help: "Unix time when the source's last run by this process started.",
		}, []string{"source"}),
		lastSuccess: prometheus.NewGaugeVec(prometheus.GaugeOpts{
			Name: "dipgraph_source_last_success_timestamp_seconds",
			Help: "Unix time when the source's last successful (ok or partial) run by this process ended.",
		}, []string{"source"}),
	}
	m.reg.MustRegister(m.articles, m.runs, m.duration, m.lastRun, m.lastSuccess,
		collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	return m
}

// Registry exposes the registry (tests gather from it).
func (m *Metrics) Registry() *prometheus.Registry { return m.reg }

// Handler serves the metrics in the Prometheus exposition format.
func (m *Metrics) Handler() http.Handler {
	return promhttp.HandlerFor(m.reg, promhttp.HandlerOpts{Registry: m.reg})
}

// observe records one run. A nil *Metrics records nothing.
func (m *Metrics) observe(res *Result, now time.Time) {
	if m == nil {
		return
	}
	src := res.Source
	m.runs.WithLabelValues(src, string(res.Outcome)).Inc()
	if res.Outcome == OutcomeBusy {
		return
	}
	for result, n := range map[string]int{"loaded": res.Loaded, "replaced": res.Replaced, "skipped": res.Skipped, "failed": res.Failed, "forgotten": res.Forgotten} {
		c := m.articles.WithLabelValues(src, result) // creates the series at 0 so rates work from the first run
		if n > 0 {
			c.Add(float64(n))
		}
	}
	m.duration.WithLabelValues(src).Observe(res.Duration.Seconds())
	m.lastRun.WithLabelValues(src).Set(float64(res.Started.UnixNano()) / 1e9)
	if res.Outcome == OutcomeOK || res.Outcome == OutcomePartial {
		m.lastSuccess.WithLabelValues(src).Set(float64(now.UnixNano()) / 1e9)
	}
}
