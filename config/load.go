package config

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"sort"
	"strings"
	"time"

	"github.com/go-viper/mapstructure/v2"
	"github.com/spf13/pflag"
	"github.com/spf13/viper"
	"gopkg.in/yaml.v3"
)

// EnvPrefix prefixes every environment variable that sets a key, except
// Neo4j's own names (NEO4J_URI, NEO4J_USERNAME, NEO4J_PASSWORD,
// NEO4J_DATABASE).
const EnvPrefix = "DIPGRAPH_"

// neo4jEnv maps keys to the environment names Neo4j's own tools use.
var neo4jEnv = map[string]string{
	"neo4j.uri":      "NEO4J_URI",
	"neo4j.username": "NEO4J_USERNAME",
	"neo4j.password": "NEO4J_PASSWORD",
	"neo4j.database": "NEO4J_DATABASE",
}

// LoadOptions says where configuration comes from besides the defaults.
type LoadOptions struct {
	// File is an explicit config file (--config); it must exist. When
	// empty, DIPGRAPH_CONFIG names one.
	File string
	// SearchPaths are tried in order when File is empty; the first that
	// exists is read. See DefaultSearchPaths.
	SearchPaths []string
	// Getenv reads the environment; nil means os.Getenv.
	Getenv func(string) string
	// Environ lists the environment as KEY=VALUE; nil means os.Environ.
	Environ func() []string
	// Flags maps configuration keys to command-line flags; a flag that was
	// set on the command line wins over every other source.
	Flags map[string]*pflag.Flag
}

// Result is a loaded configuration and where it came from.
type Result struct {
	Config Config
	// File is the config file that was read, or "" when none was.
	File string
}

// DefaultSearchPaths lists where a config file is looked for when --config
// is not given: ./dipgraph.yaml, then $XDG_CONFIG_HOME/dipgraph/config.yaml
// (~/.config/dipgraph/config.yaml), then /etc/dipgraph/config.yaml.
func DefaultSearchPaths() []string {
	return []string{
		"dipgraph.yaml",
		filepath.Join(xdgDir("XDG_CONFIG_HOME", ".config"), "dipgraph", "config.yaml"),
		filepath.Join(string(filepath.Separator), "etc", "dipgraph", "config.yaml"),
	}
}

// Keys lists every configuration key in dotted form ("neo4j.uri").
func Keys() []string {
	var keys []string
	walkKeys(reflect.TypeOf(Config{}), "", func(k string) { keys = append(keys, k) })
	sort.Strings(keys)
	return keys
}

func walkKeys(t reflect.Type, prefix string, fn func(string)) {
	for i := 0; i < t.NumField(); i++ {
		f := t.Field(i)
		name := f.Tag.Get("mapstructure")
		key := name
		if prefix != "" {
			key = prefix + "." + name
		}
		if f.Type.Kind() == reflect.Struct && f.Type.PkgPath() == t.PkgPath() {
			walkKeys(f.Type, key, fn)
			continue
		}
		fn(key)
	}
}

// EnvName returns the environment variable that sets key with the
// DIPGRAPH_ prefix: dots and dashes become underscores.
func EnvName(key string) string {
	return EnvPrefix + strings.ToUpper(strings.NewReplacer(".", "_", "-", "_").Replace(key))
}

// Load builds the effective configuration: defaults, then the file, then
// the environment, then flags. Unknown keys in the file or unknown
// DIPGRAPH_* variables are errors naming the key and its origin; invalid
// values are reported all at once by Validate.
func Load(opts LoadOptions) (Result, error) {
	getenv, environ := opts.Getenv, opts.Environ
	if getenv == nil {
		getenv = os.Getenv
	}
	if environ == nil {
		environ = os.Environ
	}
	v := viper.New()
	def := Default()
	var defMap map[string]any
	if err := mapstructure.Decode(def, &defMap); err != nil {
		return Result{}, fmt.Errorf("flatten defaults: %w", err)
	}
	for _, k := range Keys() {
		v.SetDefault(k, lookup(defMap, k))
	}

	res := Result{}
	file := opts.File
	if file == "" {
		file = getenv(EnvPrefix + "CONFIG") // like --config, for services
	}
	if file == "" {
		for _, p := range opts.SearchPaths {
			if _, err := os.Stat(p); err == nil {
				file = p
				break
			}
		}
	}
	if file != "" {
		data, err := os.ReadFile(file)
		if err != nil {
			return Result{}, fmt.Errorf("config file %s: %w", file, err)
		}
		if err := checkFile(data); err != nil {
			return Result{}, fmt.Errorf("config file %s: %w", file, err)
		}
		v.SetConfigType("yaml")
		if err := v.ReadConfig(bytes.NewReader(data)); err != nil {
			return Result{}, fmt.Errorf("config file %s: %w", file, err)
		}
		res.File = file
	}

	// Environment and flags are applied here rather than through viper's
	// BindEnv/BindPFlag: viper reads os.Getenv directly (so an injected
	// environment would be ignored), and doing it by hand makes the order
	// explicit: a changed flag, else the first environment name that is
	// set, overrides file and default. origin records where each
	// overridden key came from, for messages.
	origin := map[string]string{}
	if res.File != "" {
		for _, k := range Keys() {
			if v.InConfig(k) {
				origin[k] = "config file " + res.File
			}
		}
	}
	known := map[string]bool{}
	for _, k := range Keys() {
		known[EnvName(k)] = true
		names := []string{EnvName(k)}
		if n, ok := neo4jEnv[k]; ok {
			names = []string{n, EnvName(k)} // Neo4j's own name first
		}
		for _, n := range names {
			val := getenv(n)
			if val == "" { // empty counts as unset, as in viper
				continue
			}
			if err := checkValue(k, val); err != nil {
				return Result{}, fmt.Errorf("environment variable %s: %w", n, err)
			}
			v.Set(k, val)
			origin[k] = "environment variable " + n
			break
		}
	}
	for _, kv := range environ() {
		name, val, _ := strings.Cut(kv, "=")
		if val == "" || !strings.HasPrefix(name, EnvPrefix) || known[name] || name == EnvPrefix+"CONFIG" || strings.HasPrefix(name, EnvPrefix+"TEST_") {
			continue
		}
		return Result{}, fmt.Errorf("environment variable %s: unknown configuration key%s (every DIPGRAPH_ variable must name a key; `dipgraph config show` lists them)", name, suggestEnv(name))
	}

	for k, f := range opts.Flags {
		if f == nil || !f.Changed {
			continue
		}
		if !knownKey(k) {
			return Result{}, fmt.Errorf("flag --%s: bound to unknown configuration key %s", f.Name, k)
		}
		val := f.Value.String()
		if err := checkValue(k, val); err != nil {
			return Result{}, fmt.Errorf("flag --%s: %w", f.Name, err)
		}
		v.Set(k, val)
		origin[k] = "flag --" + f.Name
	}

	var cfg Config
	if err := v.UnmarshalExact(&cfg, viper.DecodeHook(decodeHook())); err != nil {
		return Result{}, fmt.Errorf("configuration: %w", err)
	}
	if err := cfg.Validate(); err != nil {
		return Result{}, fmt.Errorf("invalid configuration:\n%w", withOrigins(err, origin))
	}
	res.Config = cfg
	return res, nil
}

// suggestEnv names the known variable closest to a mistyped one.
func suggestEnv(name string) string {
	best, bestD := "", 4 // suggest only near misses
	for _, k := range Keys() {
		if d := editDistance(name, EnvName(k)); d < bestD {
			best, bestD = k, d
		}
	}
	if best == "" {
		return ""
	}
	return fmt.Sprintf("; did you mean %s (%s)?", EnvName(best), best)
}

func editDistance(a, b string) int {
	prev := make([]int, len(b)+1)
	cur := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return prev[len(b)]
}

func knownKey(k string) bool {
	for _, key := range Keys() {
		if key == k {
			return true
		}
	}
	return false
}

// withOrigins appends to each of Validate's "key: problem" errors where
// the key's value came from (a file, an environment variable, a flag);
// values left at their default get no note.
func withOrigins(err error, origin map[string]string) error {
	joined, ok := err.(interface{ Unwrap() []error })
	if !ok {
		return err
	}
	var out []error
	for _, e := range joined.Unwrap() {
		msg := e.Error()
		best := ""
		for k := range origin {
			if strings.HasPrefix(msg, k) && len(k) > len(best) {
				best = k
			}
		}
		if best != "" {
			e = fmt.Errorf("%w (from %s)", e, origin[best])
		}
		out = append(out, e)
	}
	return errors.Join(out...)
}

func decodeHook() mapstructure.DecodeHookFunc {
	return mapstructure.ComposeDecodeHookFunc(
		mapstructure.StringToTimeDurationHookFunc(),
		mapstructure.TextUnmarshallerHookFunc(),
	)
}

// checkFile walks the YAML against Config so every unknown key and every
// value of the wrong type is reported with its dotted key and line
// ("line 4: unknown key neo4j.passwrod"), all at once.
func checkFile(data []byte) error {
	var doc yaml.Node
	if err := yaml.Unmarshal(data, &doc); err != nil {
		return err // syntax errors carry their line
	}
	if doc.Kind == 0 { // an empty file is valid
		return nil
	}
	var errs []error
	checkNode(&doc, reflect.TypeOf(Config{}), "", &errs)
	return errors.Join(errs...)
}

func checkNode(n *yaml.Node, t reflect.Type, key string, errs *[]error) {
	if n.Kind == yaml.DocumentNode {
		for _, c := range n.Content {
			checkNode(c, t, key, errs)
		}
		return
	}
	if n.Kind == yaml.AliasNode && n.Alias != nil {
		checkNode(n.Alias, t, key, errs)
		return
	}
	if n.Kind == yaml.ScalarNode && n.Tag == "!!null" {
		return // "key:" with no value keeps the default
	}
	switch {
	case t.Kind() == reflect.Struct && t.PkgPath() == reflect.TypeOf(Config{}).PkgPath():
		if n.Kind != yaml.MappingNode {
			*errs = append(*errs, fmt.Errorf("line %d: %s must be a mapping of keys", n.Line, orRoot(key)))
			return
		}
		fields := map[string]reflect.StructField{}
		var names []string
		for i := 0; i < t.NumField(); i++ {
			f := t.Field(i)
			name, _, _ := strings.Cut(f.Tag.Get("yaml"), ",")
			fields[name] = f
			names = append(names, name)
		}
		for i := 0; i+1 < len(n.Content); i += 2 {
			k, v := n.Content[i], n.Content[i+1]
			sub := k.Value
			if key != "" {
				sub = key + "." + k.Value
			}
			f, ok := fields[k.Value]
			if !ok {
				*errs = append(*errs, fmt.Errorf("line %d: unknown key %s (%s has: %s)", k.Line, sub, orRoot(key), strings.Join(names, ", ")))
				continue
			}
			checkNode(v, f.Type, sub, errs)
		}
	case t.Kind() == reflect.Slice && t.Elem().Kind() == reflect.Struct:
		if n.Kind != yaml.SequenceNode {
			*errs = append(*errs, fmt.Errorf("line %d: %s must be a list", n.Line, key))
			return
		}
		for i, c := range n.Content {
			checkNode(c, t.Elem(), fmt.Sprintf("%s[%d]", key, i), errs)
		}
	default:
		v := reflect.New(t)
		if err := n.Decode(v.Interface()); err != nil {
			*errs = append(*errs, fmt.Errorf("line %d: %s: invalid value %q: want %s", n.Line, key, n.Value, typeName(t)))
		}
	}
}

func orRoot(key string) string {
	if key == "" {
		return "the top level"
	}
	return key
}

// typeName describes a value type in the user's words.
func typeName(t reflect.Type) string {
	switch {
	case t == reflect.TypeOf(time.Duration(0)):
		return "a duration such as 30s or 5m"
	case t.Kind() == reflect.String:
		return "a string"
	case t.Kind() == reflect.Bool:
		return "true or false"
	case t.Kind() >= reflect.Int && t.Kind() <= reflect.Uint64:
		return "an integer"
	case t.Kind() == reflect.Float32 || t.Kind() == reflect.Float64:
		return "a number"
	case t.Kind() == reflect.Slice:
		return "a list"
	}
	return t.String()
}

// checkValue decodes one value of key on its own so a bad value is
// reported against the variable or flag it came from.
func checkValue(key, val string) error {
	parts := strings.Split(key, ".")
	m := map[string]any{parts[len(parts)-1]: val}
	for i := len(parts) - 2; i >= 0; i-- {
		m = map[string]any{parts[i]: m}
	}
	var c Config
	dec, err := mapstructure.NewDecoder(&mapstructure.DecoderConfig{
		DecodeHook:       decodeHook(),
		WeaklyTypedInput: true,
		Result:           &c,
	})
	if err != nil {
		return err
	}
	if err := dec.Decode(m); err != nil {
		return fmt.Errorf("key %s: invalid value %q: %w", key, val, err)
	}
	return nil
}

func lookup(m map[string]any, key string) any {
	var cur any = m
	for _, p := range strings.Split(key, ".") {
		mm, ok := cur.(map[string]any)
		if !ok {
			return nil
		}
		cur = mm[p]
	}
	return cur
}
