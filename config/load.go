package config

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"reflect"
	"sort"
	"strings"

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
	// File is an explicit config file (--config); it must exist.
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

	known := map[string]bool{}
	for _, k := range Keys() {
		known[EnvName(k)] = true
		names := []string{EnvName(k)}
		if n, ok := neo4jEnv[k]; ok {
			names = []string{n, EnvName(k)}
		}
		if err := v.BindEnv(append([]string{k}, names...)...); err != nil {
			return Result{}, fmt.Errorf("bind %s: %w", k, err)
		}
		for _, n := range names {
			if val := getenv(n); val != "" {
				if err := checkValue(k, val); err != nil {
					return Result{}, fmt.Errorf("environment variable %s: %w", n, err)
				}
			}
		}
	}
	for _, kv := range environ() {
		name, _, _ := strings.Cut(kv, "=")
		if !strings.HasPrefix(name, EnvPrefix) || known[name] || name == EnvPrefix+"CONFIG" || strings.HasPrefix(name, EnvPrefix+"TEST_") {
			continue
		}
		return Result{}, fmt.Errorf("environment variable %s: unknown configuration key (known keys: %s)", name, strings.Join(Keys(), ", "))
	}

	for k, f := range opts.Flags {
		if f == nil {
			continue
		}
		if err := v.BindPFlag(k, f); err != nil {
			return Result{}, fmt.Errorf("bind flag --%s: %w", f.Name, err)
		}
		if f.Changed {
			if err := checkValue(k, f.Value.String()); err != nil {
				return Result{}, fmt.Errorf("flag --%s: %w", f.Name, err)
			}
		}
	}

	var cfg Config
	if err := v.UnmarshalExact(&cfg, viper.DecodeHook(decodeHook())); err != nil {
		return Result{}, fmt.Errorf("configuration: %w", err)
	}
	if err := cfg.Validate(); err != nil {
		where := "configuration"
		if res.File != "" {
			where = "configuration (file " + res.File + ", environment, flags)"
		}
		return Result{}, fmt.Errorf("%s: %w", where, err)
	}
	res.Config = cfg
	return res, nil
}

func decodeHook() mapstructure.DecodeHookFunc {
	return mapstructure.ComposeDecodeHookFunc(
		mapstructure.StringToTimeDurationHookFunc(),
		mapstructure.TextUnmarshallerHookFunc(),
	)
}

// checkFile decodes the YAML strictly so an unknown key or a value of the
// wrong type is reported with its line.
func checkFile(data []byte) error {
	dec := yaml.NewDecoder(bytes.NewReader(data))
	dec.KnownFields(true)
	var c Config
	if err := dec.Decode(&c); err != nil && !errors.Is(err, io.EOF) { // an empty file is valid
		return err
	}
	return nil
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
