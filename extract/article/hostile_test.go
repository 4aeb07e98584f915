package article

import (
	"bufio"
	"context"
	"errors"
	"math/rand"
	"os"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"
)

const memLimit = 2 << 30 // 2 GiB, the bound on peak memory

// hostileParagraph is English prose repeated to build big inputs.
const hostileParagraph = "The foreign ministers met in Geneva on Tuesday and agreed to hold another round of talks next month, a spokesman for the host government said after the meeting.\n\n"

// makeHostileDir writes a good article beside hostile files and returns
// the directory and the good file's path.
func makeHostileDir(t *testing.T, withHuge bool) (dir string, files map[string]string) {
	t.Helper()
	dir = t.TempDir()
	files = map[string]string{}
	put := func(name string, data []byte) string {
		p := filepath.Join(dir, name)
		writeFile(t, p, data)
		files[name] = p
		return p
	}
	put("a-good.txt", []byte(goodArticle))

	rnd := rand.New(rand.NewSource(1))
	bin := make([]byte, 64<<10)
	rnd.Read(bin)
	put("binary.txt", bin)

	put("nul.txt", []byte(strings.Replace(goodArticle, "Envoys from", "Envoys\x00from", 1)))
	put("bomb.rss", []byte(entityBomb))
	put("deep.html", []byte("<html><body>"+strings.Repeat("<div>", 200_000)+"deep"+strings.Repeat("</div>", 200_000)+"</body></html>"))

	// JSON Lines with one 20 MB line between two good ones.
	writeStream(t, filepath.Join(dir, "long-line.jsonl"), func(w *bufio.Writer) {
		w.WriteString(`{"id": "before", "text": "Envoys met in Oslo on Monday."}` + "\n")
		w.WriteString(`{"id": "huge-line", "text": "`)
		para := strings.ReplaceAll(hostileParagraph, "\n", `\n`)
		for n := 0; n < 20<<20; n += len(para) {
			w.WriteString(para)
		}
		w.WriteString("\"}\n")
		w.WriteString(`{"id": "after", "text": "Envoys met in Rome on Friday."}` + "\n")
	})
	files["long-line.jsonl"] = filepath.Join(dir, "long-line.jsonl")

	if withHuge {
		writeStream(t, filepath.Join(dir, "huge.txt"), func(w *bufio.Writer) {
			w.WriteString("url: https://example.org/huge\ndate: 2024-01-02\ntitle: A very long article\n\n")
			for n := 0; n < 100<<20; n += len(hostileParagraph) {
				w.WriteString(hostileParagraph)
			}
		})
		files["huge.txt"] = filepath.Join(dir, "huge.txt")
	}
	return dir, files
}

func writeStream(t *testing.T, path string, fill func(*bufio.Writer)) {
	t.Helper()
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	w := bufio.NewWriterSize(f, 1<<20)
	fill(w)
	if err := w.Flush(); err != nil {
		t.Fatal(err)
	}
	if err := f.Close(); err != nil {
		t.Fatal(err)
	}
}

// memWatch samples the Go runtime's memory from the OS view (Sys) until
// stopped and returns the high-water mark.
func memWatch() (stop func() uint64) {
	var mu sync.Mutex
	var peak uint64
	done := make(chan struct{})
	var wg sync.WaitGroup
	sample := func() {
		var ms runtime.MemStats
		runtime.ReadMemStats(&ms)
		mu.Lock()
		peak = max(peak, ms.Sys)
		mu.Unlock()
	}
	wg.Add(1)
	go func() {
		defer wg.Done()
		tick := time.NewTicker(20 * time.Millisecond)
		defer tick.Stop()
		for {
			select {
			case <-done:
				return
			case <-tick.C:
				sample()
			}
		}
	}()
	return func() uint64 {
		close(done)
		wg.Wait()
		sample()
		return peak
	}
}

// vmHWM returns the process's peak resident memory from /proc, or 0.
func vmHWM() uint64 {
	data, err := os.ReadFile("/proc/self/status")
	if err != nil {
		return 0
	}
	for _, line := range strings.Split(string(data), "\n") {
		if rest, ok := strings.CutPrefix(line, "VmHWM:"); ok {
			kb, err := strconv.ParseUint(strings.TrimSuffix(strings.TrimSpace(rest), " kB"), 10, 64)
			if err == nil {
				return kb << 10
			}
		}
	}
	return 0
}

type hostileResult struct {
	articles map[string]Article // by ID
	errs     map[string][]*InputError
	peakSys  uint64
	hwm      uint64
	took     time.Duration
}

func walkHostile(t *testing.T, dir string, opts Options) hostileResult {
	t.Helper()
	// Nothing may hang: the whole walk gets a deadline.
	ctx, cancel := context.WithTimeout(t.Context(), 3*time.Minute)
	defer cancel()
	runtime.GC()
	stop := memWatch()
	start := time.Now()
	r := hostileResult{articles: map[string]Article{}, errs: map[string][]*InputError{}}
	err := Walk(ctx, []string{dir}, opts, func(a Article) error {
		// Keep only a prefix of huge texts, as a streaming consumer would.
		if len(a.Text) > 1<<20 {
			a.Text = a.Text[:64] + "…(" + strconv.Itoa(len(a.Text)) + " bytes)"
		}
		r.articles[a.ID] = a
		return nil
	}, func(err error) {
		var ie *InputError
		if !errors.As(err, &ie) {
			t.Errorf("Walk: error %v is not an *InputError", err)
			return
		}
		r.errs[filepath.Base(ie.Path)] = append(r.errs[filepath.Base(ie.Path)], ie)
	})
	r.took = time.Since(start)
	r.peakSys = stop()
	r.hwm = vmHWM()
	if err != nil {
		t.Fatalf("Walk: %v (after %v)", err, r.took)
	}
	t.Logf("walk took %v; peak Go Sys %d MiB; process VmHWM %d MiB", r.took, r.peakSys>>20, r.hwm>>20)
	if r.peakSys > memLimit || r.hwm > memLimit {
		t.Errorf("peak memory over 2 GiB: Sys %d MiB, VmHWM %d MiB", r.peakSys>>20, r.hwm>>20)
	}
	return r
}

func wantErr(t *testing.T, r hostileResult, file string, line int, reason string) {
	t.Helper()
	errs := r.errs[file]
	if len(errs) != 1 || errs[0].Line != line || !strings.Contains(errs[0].Reason, reason) {
		t.Errorf("%s: errors %v, want one at line %d with reason containing %q", file, errs, line, reason)
	}
}

// TestHostileFiles puts a good article beside hostile inputs and checks
// that, with the default size limit, the good one is read, each bad one is
// reported with its reason, nothing hangs and memory stays bounded.
func TestHostileFiles(t *testing.T) {
	dir, _ := makeHostileDir(t, !testing.Short())
	r := walkHostile(t, dir, Options{})
	if _, ok := r.articles["a-good"]; !ok {
		t.Errorf("good article not read; got %d articles", len(r.articles))
	}
	for _, id := range []string{"before", "after"} {
		if _, ok := r.articles[id]; !ok {
			t.Errorf("JSON Lines record %q beside the 20 MB line not read", id)
		}
	}
	wantErr(t, r, "binary.txt", 0, "binary file")
	wantErr(t, r, "nul.txt", 0, "binary file (NUL byte at byte")
	wantErr(t, r, "bomb.rss", 0, "XML entity declarations are not allowed")
	wantErr(t, r, "deep.html", 1, "HTML nested too deeply")
	wantErr(t, r, "long-line.jsonl", 2, "line is larger than the limit")
	if !testing.Short() {
		wantErr(t, r, "huge.txt", 0, "file is larger than the limit")
	}
	if len(r.articles) != 3 {
		t.Errorf("read %d articles, want 3 (good, before, after)", len(r.articles))
	}
}

// TestHostileFilesRaisedLimit raises the size limit to 200 MB so that the
// 100 MB article and the 20 MB line are read and normalised, and checks
// that memory still stays under 2 GiB.
func TestHostileFilesRaisedLimit(t *testing.T) {
	if testing.Short() {
		t.Skip("writes and reads a 100 MB article")
	}
	dir, _ := makeHostileDir(t, true)
	r := walkHostile(t, dir, Options{MaxBytes: 200 << 20})
	huge, ok := r.articles["huge"]
	if !ok {
		t.Fatalf("100 MB article not read; errors: %v", r.errs["huge.txt"])
	}
	if huge.Title != "A very long article" || huge.DateString() != "2024-01-02" || !strings.Contains(huge.Text, "bytes)") {
		t.Errorf("huge article = %q %q %q", huge.Title, huge.DateString(), huge.Text)
	}
	if _, ok := r.articles["huge-line"]; !ok {
		t.Errorf("20 MB JSON Lines record not read; errors: %v", r.errs["long-line.jsonl"])
	}
	if _, ok := r.articles["a-good"]; !ok {
		t.Error("good article not read")
	}
	wantErr(t, r, "binary.txt", 0, "binary file")
	wantErr(t, r, "bomb.rss", 0, "XML entity declarations are not allowed")
	wantErr(t, r, "deep.html", 1, "HTML nested too deeply")
}
